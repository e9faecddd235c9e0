package org.reluconvex.complex;

/**
 * The arrays a block of neurons needs for every vertex or edge, handed from one block to the next
 * instead of allocated again for each (that would add half again to what a build allocates). A block
 * takes them when it starts, writes every entry before reading it, and gives them back, grown or not,
 * when it ends ({@link NeuronBlock#finish}).
 */
final class BlockScratch {
  /** A block's signs per vertex ({@link NeuronBlock}). */
  long[] plus = new long[64], minus = new long[64];
  /** Next piece per edge ({@link NeuronBlock}). */
  int[] nextPiece = new int[64];
  /** Per vertex created in the layer: which values are known, and their row ({@link BlockValues}). */
  long[] known = new long[64];
  int[] rowOf = new int[64];
  /** Rows of values at vertices created in the layer ({@link BlockValues}). */
  double[] created = new double[0];
}
