package org.reluconvex.experiment;

import java.nio.charset.StandardCharsets;

/**
 * The seed of every random draw, a pure function of (run seed, architecture, draw index), so that
 * results do not depend on the number of threads or on the order in which draws are made:
 *
 * <pre>
 *   a    = FNV-1a-64(UTF-8 bytes of spec.canonical())        e.g. "d=2;w=3x5;skip=0"
 *   seed = mix64(mix64(runSeed ^ a) + (index + 1) * 0x9E3779B97F4A7C15)
 * </pre>
 *
 * where mix64 is the SplitMix64 / MurmurHash3 finaliser (xor-shift 30, 27, 31 with the constants
 * 0xBF58476D1CE4E5B9 and 0x94D049BB133111EB). The seed starts a {@link java.util.SplittableRandom}
 * that draws the network as PyTorch does.
 */
public final class DrawSeeds {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private DrawSeeds() {}

  public static long seed(long runSeed, DrawSpec spec, long index) {
    return seed(runSeed, fnv1a(spec.canonical()), index);
  }

  static long seed(long runSeed, long archHash, long index) {
    return mix64(mix64(runSeed ^ archHash) + (index + 1) * GOLDEN);
  }

  /** SplitMix64 finaliser: a bijection of 64-bit words with good avalanche. */
  public static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** 64-bit FNV-1a of the UTF-8 bytes of s. */
  public static long fnv1a(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= (b & 0xff);
      h *= 0x100000001b3L;
    }
    return h;
  }
}
