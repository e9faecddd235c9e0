package org.reluconvex.complex;

/**
 * Read-only access to the vertices of a skeleton: position, tight constraints (sorted), activity
 * bits. What {@link LineWalk} and {@link FaceNames} read from a skeleton, being built ({@link
 * SkeletonStore}) or finished ({@link PolyhedralComplex}), without its arrays.
 */
interface VertexView {
  int dim();

  int vertexCount();

  /** Coordinate i of vertex v. */
  double coord(int v, int i);

  /** Number of constraints vertex v lies on. */
  int tightCount(int v);

  /** The k-th smallest constraint vertex v lies on. */
  int tightAt(int v, int k);

  /** Words of activity bits per vertex. */
  int bitWords();

  /** Activity bits word q of vertex v (bit g: hidden neuron g active, pre &gt; 0). */
  long bitWord(int v, int q);
}
