package org.reluconvex.complex;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Data-parallel loops that stay sequential when the work is small: on a shared, loaded machine a
 * fork-join task that a preempted worker has stolen can hold up a tiny loop for milliseconds. Every
 * index is handled by exactly one task and tasks write disjoint data, so results never depend on
 * the number of threads.
 */
final class Parallel {
  /** Below this many elementary operations a loop runs on the calling thread. */
  static final long MIN_WORK = 1L << 18;

  private Parallel() {}

  static void forEach(int n, long work, IntConsumer body) {
    IntStream range = IntStream.range(0, n);
    (n > 1 && work >= MIN_WORK ? range.parallel() : range).forEach(body);
  }

  /** The task's result, with its own exception (not wrapped) when it threw one. */
  static <T> T join(Future<T> task) {
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while building pieces", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      if (e.getCause() instanceof Error err) throw err;
      throw new IllegalStateException(e.getCause());
    }
  }
}
