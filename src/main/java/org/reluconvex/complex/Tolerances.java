package org.reluconvex.complex;

/**
 * The one limit of edge subdivision that is not the precision policy's. The snapping band is the
 * policy's ({@link org.reluconvex.precision.PrecisionPolicy#snapRelative}), handed to the build in its
 * {@link BuildSettings}: while building, a vertex is put on a neuron's zero set when |pre(v)| is
 * within the band times the largest |pre| of that neuron over the current vertices. Hand-built
 * networks with small integer weights put vertices exactly on zero sets, and interpolated vertices
 * carry rounding of order 1e-16 relative per step. This is a construction heuristic, not a
 * correctness tolerance: a verdict that rests on the complex needs {@link ComplexAudit} to prove every
 * decision exact.
 */
public final class Tolerances {
  private Tolerances() {}

  /** Largest number of constraints through one edge for which degenerate faces are enumerated. */
  public static final int MAX_DEGENERATE_TIGHT = 9;
}
