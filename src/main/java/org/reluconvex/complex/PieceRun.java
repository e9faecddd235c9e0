package org.reluconvex.complex;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import org.reluconvex.network.Network;

/**
 * Pieces built a few at a time, each handed to the caller's work and then let go: how a complex too
 * large to hold at once is counted and checked in one process, in the memory of its largest pieces.
 * A piece whose build passes its share of the limit is halved ({@link Piece#halves}) and its halves
 * are built instead.
 *
 * <p>The share is a fixed part of the limit, whatever the number of threads, so the tiling, the
 * results and their order (the pieces' order, each halved piece replaced by its halves in place) are
 * the same on any machine.
 */
public final class PieceRun {
  /** Pieces built at the same time, at most. */
  public static final int TOGETHER = 2;
  /** Halvings of one piece before the run gives up: 2^16 pieces of one piece do not fit either. */
  static final int MAX_DEPTH = 16;

  private PieceRun() {}

  /** What the work made of one piece. */
  public record Done<R>(Piece piece, R result) {}

  /** Told of each piece done, from the thread that did it: what a long run shows people. */
  public interface Listener {
    /** 'finished' pieces of 'planned' (which grows when a piece is halved) are done, the last one with this many vertices. */
    void done(int finished, int planned, Piece piece, int vertices);
  }

  /**
   * The memory one piece's build may take: the builds running together take half the limit, leaving
   * the other half to what reads their complexes (the criterion scan's tables are about the size of
   * a complex).
   */
  public static long share(long limit) { return limit / (2 * TOGETHER); }

  /**
   * Each piece built within {@link #share} of the memory limit (halved until it fits), handed with its
   * complex to 'work', and dropped; the results in order, and each piece done told to the settings'
   * listener. Throws {@link ResourceLimitException} when a piece halved {@value #MAX_DEPTH} times
   * still does not fit.
   */
  public static <R> List<Done<R>> run(Network net, List<Piece> pieces, BuildSettings build, BiFunction<Piece, PolyhedralComplex, R> work) {
    long limit = build.memoryBytes(), share = Math.max(1, share(limit)); // a share of 0 bytes fits nothing: refused as a resource limit
    int threads = Math.min(Math.min(TOGETHER, pieces.size()), Runtime.getRuntime().availableProcessors());
    Counter counter = new Counter(pieces.size(), build.progress());
    List<Done<R>> out = new ArrayList<>();
    if (threads <= 1) {
      for (Piece p : pieces) tree(net, p, build.withMemory(share), limit, 0, work, out, counter);
      return out;
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "reluconvex-piece");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<List<Done<R>>>> futures = new ArrayList<>();
      for (Piece p : pieces)
        futures.add(pool.submit(() -> {
          List<Done<R>> part = new ArrayList<>();
          tree(net, p, build.withMemory(share), limit, 0, work, part, counter);
          return part;
        }));
      for (Future<List<Done<R>>> f : futures) out.addAll(Parallel.join(f));
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Pieces done and planned, for the listener. */
  private static final class Counter {
    private int finished, planned;
    private final Listener to;

    Counter(int planned, Listener to) {
      this.planned = planned;
      this.to = to;
    }

    synchronized void halved() { planned++; }

    synchronized void done(Piece p, int vertices) {
      if (to == null) return;
      try {
        to.done(++finished, planned, p, vertices); // counted and told under one lock: in order
      } catch (RuntimeException e) {
        // what shows progress is not part of the build
      }
    }
  }

  private static <R> void tree(Network net, Piece p, BuildSettings share, long limit, int depth, BiFunction<Piece, PolyhedralComplex, R> work,
      List<Done<R>> out, Counter counter) {
    PolyhedralComplex cx;
    try {
      cx = EdgeSubdivision.buildWhole(net, p.box(), share);
    } catch (ResourceLimitException e) {
      if (depth >= MAX_DEPTH)
        throw new ResourceLimitException(e.neededBytes(), limit, String.format(Locale.ROOT,
            "%s, halved %d times, still needs more than its share of %s; %s", p, depth, ResourceLimitException.bytes(share.memoryBytes()), e.reached()));
      counter.halved();
      for (Piece h : p.halves()) tree(net, h, share, limit, depth + 1, work, out, counter);
      return;
    }
    int vertices = cx.vertexCount();
    out.add(new Done<>(p, work.apply(p, cx)));
    counter.done(p, vertices);
  }
}
