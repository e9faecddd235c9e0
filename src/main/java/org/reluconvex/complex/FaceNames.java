package org.reluconvex.complex;

import java.util.SplittableRandom;

/**
 * Names of the 2-faces of a skeleton being built, which is never stored: a face is named by the
 * Zobrist hash (XOR of one random word per constraint and sign) of its sign vector over the
 * constraints processed so far. An edge's hash is computed when needed from its ends' activity bits
 * and tight sets (with byte tables); relaxing one tight constraint c of the edge to + or - names a
 * face around it ({@link #relaxed}).
 *
 * <p>Constraints are numbered as in {@link PolyhedralComplex}: 2d box facets, then the hidden neurons.
 * A facet's sign is + (inside the box) or 0; a neuron's +, - or 0.
 */
final class FaceNames {
  private final int d;
  private final long[] zobrist;
  /** activeTable[k * 256 + b]: XOR of (Z(g,+) ^ Z(g,-)) over the bits g set in byte b at byte position k. */
  private final long[] activeTable;
  /** negPrefix[g]: XOR of Z(facet,+) over facets and Z(g',-) over neurons g' &lt; g. */
  private final long[] negPrefix;

  FaceNames(int d, int hidden, int words) {
    this.d = d;
    int constraints = 2 * d + hidden;
    zobrist = new long[3 * constraints];
    SplittableRandom rnd = new SplittableRandom(0x5eed_c0fe_e123L);
    for (int i = 0; i < zobrist.length; i++) zobrist[i] = rnd.nextLong();
    activeTable = new long[words * 8 * 256];
    for (int bytePos = 0; bytePos < words * 8; bytePos++)
      for (int b = 1; b < 256; b++) {
        long h = 0;
        for (int i = 0; i < 8; i++) {
          int g = 8 * bytePos + i;
          if (((b >> i) & 1) != 0 && g < hidden) h ^= z(2 * d + g, 1) ^ z(2 * d + g, -1);
        }
        activeTable[bytePos * 256 + b] = h;
      }
    negPrefix = new long[hidden + 1];
    long base = 0;
    for (int f = 0; f < 2 * d; f++) base ^= z(f, 1);
    for (int g = 0; g <= hidden; g++) {
      negPrefix[g] = base;
      if (g < hidden) base ^= z(2 * d + g, -1);
    }
  }

  /** The random word of constraint c with sign s (-1, 0, +1). */
  private long z(int c, int s) { return zobrist[3 * c + s + 1]; }

  /** Whether constraint c is a box facet (no - side inside the box). */
  boolean isFacet(int c) { return c < 2 * d; }

  /** The name of the face next to 'h' with tight constraint c relaxed to sign s (+1 or -1). */
  long relaxed(long h, int c, int s) { return h ^ z(c, 0) ^ z(c, s); }

  /**
   * Hash of the sign vector of the edge u-w over the constraints before neuron g: facets +, or 0
   * where tight (t[0..tn), the edge's tight constraints); neurons +, -, or 0 where tight. Activity
   * comes from the ends' bits for neurons before the current block, and from the block's own sign
   * words 'blockPlus' for its first 'blockDone' neurons (g is neuron blockDone of the block). With
   * g equal to the number of hidden neurons (not a multiple of 64), the hash of a finished edge.
   */
  long edgeHash(VertexView vertices, int u, int w, int[] t, int tn, int g, long[] blockPlus, int blockDone) {
    long h = negPrefix[g];
    for (int k = 0; k < tn; k++) {
      int c = t[k];
      h ^= c < 2 * d ? z(c, 0) ^ z(c, 1) : z(c, 0) ^ z(c, -1);
    }
    int lastWord = g >>> 6;
    for (int q = 0; q <= lastWord; q++) {
      long word = vertices.bitWord(u, q) | vertices.bitWord(w, q);
      if (q == lastWord) word &= (1L << (g & 63)) - 1;
      int k = q * 8;
      while (word != 0) {
        int b = Long.numberOfTrailingZeros(word) >>> 3;
        h ^= activeTable[(k + b) * 256 + (int) ((word >>> (8 * b)) & 0xff)];
        word &= ~(0xffL << (8 * b));
      }
    }
    if (blockDone > 0) {
      long plus = (blockPlus[u] | blockPlus[w]) & ((1L << blockDone) - 1);
      while (plus != 0) {
        int gk = g - blockDone + Long.numberOfTrailingZeros(plus);
        h ^= z(2 * d + gk, 1) ^ z(2 * d + gk, -1);
        plus &= plus - 1;
      }
    }
    return h;
  }
}
