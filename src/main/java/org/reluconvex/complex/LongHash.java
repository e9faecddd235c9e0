package org.reluconvex.complex;

/**
 * The one 64-bit mixer of the hash tables over long keys (sign vectors, patterns, constraint sets):
 * MurmurHash3's finaliser, so that keys differing in a few bits land in unrelated slots.
 */
public final class LongHash {
  private LongHash() {}

  /** MurmurHash3's fmix64 of z. */
  public static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }
}
