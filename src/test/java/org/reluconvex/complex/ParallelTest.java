package org.reluconvex.complex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTest {
  /** Every index is handled exactly once, whether the loop runs on one thread or on many. */
  @Test
  void everyIndexRunsExactlyOnce() {
    for (long work : new long[] {0, Parallel.MIN_WORK - 1, Parallel.MIN_WORK, 1L << 40})
      for (int n : new int[] {0, 1, 2, 1000, 100_003}) {
        AtomicIntegerArray hits = new AtomicIntegerArray(n);
        Parallel.forEach(n, work, hits::incrementAndGet);
        for (int i = 0; i < n; i++) assertThat(hits.get(i)).as("n %d, work %d, index %d", n, work, i).isEqualTo(1);
      }
  }

  /** Small loops stay on the calling thread (no fork-join task to wait for). */
  @Test
  void smallLoopsRunOnTheCallingThread() {
    Thread caller = Thread.currentThread();
    boolean[] elsewhere = {false};
    Parallel.forEach(10_000, Parallel.MIN_WORK - 1, i -> { if (Thread.currentThread() != caller) elsewhere[0] = true; });
    assertThat(elsewhere[0]).isFalse();
  }
}
