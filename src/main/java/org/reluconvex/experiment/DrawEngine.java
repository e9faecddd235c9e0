package org.reluconvex.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.reluconvex.network.Domain;
import org.reluconvex.convexity.ConvexityChecker;
import org.reluconvex.convexity.Verdict;
import org.reluconvex.network.Network;

/**
 * Draws networks and checks them on a pool of threads. The draws of each architecture are cut into
 * chunks (the unit of work of a thread, each with its own checker instance); a few architectures
 * are in flight at once so that no core idles at the end of one, and finished architectures are
 * handed over in the order given, on the calling thread. Draw i of an architecture is seeded by
 * {@link DrawSeeds}, so the outcomes do not depend on the number of threads.
 */
public final class DrawEngine {
  private final Supplier<? extends ConvexityChecker> checkers;
  private final int threads;
  private final Progress progress;

  /**
   * @param checkers makes one checker per worker thread (checkers may keep buffers between calls)
   * @param threads worker threads, at least 1
   */
  public DrawEngine(Supplier<? extends ConvexityChecker> checkers, int threads, Progress progress) {
    if (threads < 1) throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
    this.checkers = checkers;
    this.threads = threads;
    this.progress = progress;
  }

  /**
   * Runs {@code draws} draws of every architecture of {@code specs} and passes the outcomes of each
   * architecture to {@code done}, in the order of {@code specs}, as soon as it and every earlier one
   * are finished.
   */
  public void run(List<DrawSpec> specs, int draws, long runSeed, Function<DrawSpec, Domain> domains, Consumer<Outcomes> done) {
    if (draws < 1) throw new IllegalArgumentException("--draws must be at least 1, got " + draws);
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "reluconvex-draws");
      t.setDaemon(true);
      return t;
    });
    ThreadLocal<ConvexityChecker> local = ThreadLocal.withInitial(checkers::get);
    int chunk = Math.max(1, Math.min(200, draws / (4 * threads)));
    int window = threads + 1; // architectures in flight
    List<CompletableFuture<Outcomes>> futures = new ArrayList<>();
    try {
      for (int i = 0; i < specs.size(); i++) {
        while (futures.size() < specs.size() && futures.size() <= i + window) {
          DrawSpec spec = specs.get(futures.size());
          futures.add(submit(pool, local, spec, domains.apply(spec), draws, runSeed, chunk));
        }
        Outcomes o;
        try {
          o = futures.get(i).get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted");
        } catch (ExecutionException e) {
          Throwable c = e.getCause();
          if (c instanceof RuntimeException r) throw r;
          if (c instanceof Error err) throw err;
          throw new IllegalStateException(c);
        }
        futures.set(i, null); // let the arrays go
        done.accept(o);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private CompletableFuture<Outcomes> submit(ExecutorService pool, ThreadLocal<ConvexityChecker> local, DrawSpec spec,
      Domain domain, int draws, long runSeed, int chunk) {
    Outcomes out = new Outcomes(spec, draws);
    CompletableFuture<Outcomes> f = new CompletableFuture<>();
    AtomicInteger remaining = new AtomicInteger(draws);
    for (int from = 0; from < draws; from += chunk) {
      int a = from, b = Math.min(draws, from + chunk);
      pool.execute(() -> {
        try {
          checkRange(local.get(), spec, domain, runSeed, a, b, out);
          progress.advance(b - a);
          if (remaining.addAndGet(a - b) == 0) f.complete(out);
        } catch (Throwable t) {
          f.completeExceptionally(t);
        }
      });
    }
    return f;
  }

  /**
   * Draws {@code from..to-1} of an architecture, each checked and stored in {@code out} under its
   * index, with the CPU time they took: the unit of work of a thread here and of a cluster task.
   */
  public static void checkRange(ConvexityChecker checker, DrawSpec spec, Domain domain, long runSeed, int from, int to, Outcomes out) {
    long cpu0 = cpuTime();
    for (int i = from; i < to; i++) checkOne(checker, spec, domain, runSeed, i, out);
    out.addCpuNanos(cpuTime() - cpu0);
  }

  private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

  /** CPU time of the current thread (0 when the JVM cannot measure it). */
  private static long cpuTime() {
    return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : 0;
  }

  private static void checkOne(ConvexityChecker checker, DrawSpec spec, Domain domain, long runSeed, int i, Outcomes out) {
    Network net = spec.draw(runSeed, i);
    boolean icnn = net.isIcnn();
    out.set(i, org.reluconvex.convexity.VerdictKind.UNKNOWN, icnn, -1, -1, 0);
    long t0 = System.nanoTime();
    Verdict v;
    try {
      v = checker.check(net, domain);
    } catch (RuntimeException e) {
      out.fail(i, DrawSeeds.seed(runSeed, spec, i), e);
      return;
    }
    long ns = System.nanoTime() - t0;
    out.set(i, v.kind(), icnn, v.vertices(), v.edges(), ns);
  }
}
