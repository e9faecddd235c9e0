package org.reluconvex.complex;

/**
 * The snapping band of edge subdivision (the precision policy's {@code snapRelative}).
 *
 * <p>While building, a vertex is put on a neuron's zero set when |pre(v)| &le; {@link #ZERO_RELATIVE}
 * times the largest |pre| of that neuron over the current vertices: hand-built networks with small
 * integer weights put vertices exactly on zero sets, and interpolated vertices carry rounding of
 * order 1e-16 relative per step. This is a construction heuristic, not a correctness tolerance: a
 * verdict that rests on the complex needs {@link ComplexAudit} to prove every decision exact. The band
 * is relative to the largest value, so on a huge box it spans features of the network; 1e-13 keeps
 * features down to 1e-13 of the box resolved, while staying far above the rounding of interpolation.
 */
public final class Tolerances {
  private Tolerances() {}

  /** Relative threshold below which a pre-activation at a vertex counts as zero. */
  public static final double ZERO_RELATIVE = org.reluconvex.precision.PrecisionPolicy.DEFAULT.snapRelative();

  /** Largest number of constraints through one edge for which degenerate faces are enumerated. */
  public static final int MAX_DEGENERATE_TIGHT = 9;
}
