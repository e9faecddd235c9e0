package org.reluconvex.spark;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.reluconvex.network.Domain;
import org.reluconvex.convexity.ConvexityChecker;
import org.reluconvex.experiment.CheckerNames;
import org.reluconvex.experiment.DrawEngine;
import org.reluconvex.experiment.DrawRunner;
import org.reluconvex.experiment.DrawRunners;
import org.reluconvex.experiment.DrawSpec;
import org.reluconvex.experiment.Outcomes;
import org.reluconvex.experiment.Progress;

/**
 * The draws of {@code experiment count} as Spark tasks: each task is a range of draw indices of one
 * architecture, checked by {@link DrawEngine#checkRange} (draw i seeded from (seed, architecture, i)
 * as on one machine), so a retried or speculative task gives the same outcomes. One Spark job per
 * architecture, a few in flight at once; each architecture's outcomes are handed over in sweep order
 * as soon as it and every earlier one are done, so {@code counts.csv} grows row by row and
 * {@code --resume} continues an interrupted run as on one machine.
 */
final class SparkDraws implements DrawRunner {
  /** Makes the runner for {@code count}; the Spark context starts when the draws do. */
  record Factory(SparkMain main) implements DrawRunners {
    @Override
    public DrawRunner make(String checker, int witnessSearch, Supplier<ConvexityChecker> checkers, int threads) {
      CheckerNames.of(checker, witnessSearch); // an unknown name fails here, before Spark starts
      return new SparkDraws(main, checker, witnessSearch);
    }
  }

  /** A task: draws from..to-1 of one architecture on a box. */
  record Range(DrawSpec spec, double[] lo, double[] hi, long seed, int from, int to) implements Serializable {}

  private final SparkMain main;
  private final String checker;
  private final int witnessSearch;

  SparkDraws(SparkMain main, String checker, int witnessSearch) {
    this.main = main;
    this.checker = checker;
    this.witnessSearch = witnessSearch;
  }

  @Override
  public void run(List<DrawSpec> specs, int draws, long runSeed, Function<DrawSpec, Domain> domains, Progress progress,
      Consumer<Outcomes> done) {
    if (specs.isEmpty()) return;
    JavaSparkContext sc = main.context();
    int cores = Math.max(1, sc.defaultParallelism());
    // a few tasks per core and architecture: small enough to balance, large enough that scheduling is noise
    int chunk = Math.max(1, Math.min(2000, (draws + 2 * cores - 1) / (2 * cores)));
    int tasks = (draws + chunk - 1) / chunk;
    int window = cores + 1; // architectures in flight
    Jobs.announce(main, "count: " + specs.size() + " architectures x " + draws + " draws, " + tasks + " tasks each");
    String name = checker;
    int tries = witnessSearch;
    Deque<JavaFutureAction<List<Outcomes>>> inFlight = new ArrayDeque<>();
    int next = 0;
    for (DrawSpec spec : specs) {
      while (next < specs.size() && inFlight.size() < window) {
        DrawSpec s = specs.get(next++);
        Domain box = domains.apply(s);
        List<Range> ranges = new ArrayList<>(tasks);
        for (int from = 0; from < draws; from += chunk) ranges.add(new Range(s, box.lo(), box.hi(), runSeed, from, Math.min(draws, from + chunk)));
        sc.setJobDescription("count " + s.key() + " (" + draws + " draws)");
        inFlight.add(sc.parallelize(ranges, ranges.size()).map(r -> check(r, name, tries)).collectAsync());
      }
      List<Outcomes> parts;
      try {
        parts = inFlight.removeFirst().get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted");
      } catch (ExecutionException e) {
        for (JavaFutureAction<?> f : inFlight) f.cancel(true);
        throw Jobs.failure("the draws of " + spec, e);
      }
      // collect keeps the order of the ranges: parts are added in index order, and must cover every draw
      Outcomes whole = new Outcomes(spec, draws);
      int held = 0;
      for (Outcomes p : parts) {
        whole.add(p);
        held += p.draws();
      }
      if (held != draws) throw new IllegalStateException("the tasks of " + spec + " returned " + held + " of " + draws + " draws");
      progress.advance(draws);
      done.accept(whole);
    }
  }

  /** One checker per executor thread and checker settings (checkers may keep buffers between calls). */
  private static final Map<String, ThreadLocal<ConvexityChecker>> CHECKERS = new ConcurrentHashMap<>();

  /** The task: on an executor. */
  static Outcomes check(Range r, String checker, int witnessSearch) {
    ThreadLocal<ConvexityChecker> local = CHECKERS.computeIfAbsent(checker + "/" + witnessSearch,
        k -> ThreadLocal.withInitial(CheckerNames.of(checker, witnessSearch)));
    Outcomes part = Outcomes.part(r.spec(), r.from(), r.to());
    DrawEngine.checkRange(local.get(), r.spec(), Domain.box(r.lo(), r.hi()), r.seed(), r.from(), r.to(), part);
    return part;
  }
}
