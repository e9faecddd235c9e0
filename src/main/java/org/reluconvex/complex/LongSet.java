package org.reluconvex.complex;

/** Open-addressing set of non-zero long keys (pairs of vertex ids), without boxing. */
final class LongSet {
  private long[] keys;
  private int size;

  LongSet(int expected) {
    keys = new long[Integer.highestOneBit(Math.max(16, 2 * expected - 1)) << 1];
  }

  /** Adds key (non-zero); returns whether it was absent. */
  boolean add(long key) {
    if (2 * (size + 1) > keys.length) grow();
    int m = keys.length - 1;
    int i = slot(key, m);
    while (keys[i] != 0) {
      if (keys[i] == key) return false;
      i = (i + 1) & m;
    }
    keys[i] = key;
    size++;
    return true;
  }

  boolean contains(long key) {
    int m = keys.length - 1;
    for (int i = slot(key, m); keys[i] != 0; i = (i + 1) & m) if (keys[i] == key) return true;
    return false;
  }

  private static int slot(long key, int mask) {
    long z = key * 0x9E3779B97F4A7C15L;
    return (int) (z ^ (z >>> 32)) & mask;
  }

  private void grow() {
    long[] old = keys;
    keys = new long[old.length * 2];
    size = 0;
    for (long k : old) if (k != 0) add(k);
  }
}
