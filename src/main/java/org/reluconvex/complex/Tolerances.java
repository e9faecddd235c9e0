package org.reluconvex.complex;

/**
 * The precision model of the geometry, in one place (as JTS keeps its PrecisionModel).
 *
 * <p>A vertex lies on a neuron's zero set when |pre(v)| &le; {@link #ZERO_RELATIVE} times the largest
 * |pre| of that neuron over the current vertices. Hand-built networks with small integer weights put
 * vertices exactly on zero sets, and interpolated vertices carry rounding of order 1e-16 relative
 * per step; random float networks put a vertex within 1e-10 relative of a foreign zero set with
 * probability about 2e-10 per pair, which is negligible at the sizes we handle.
 */
public final class Tolerances {
  private Tolerances() {}

  /** Relative threshold below which a pre-activation at a vertex counts as zero. */
  public static final double ZERO_RELATIVE = 1e-10;

  /** Largest number of constraints through one edge for which degenerate faces are enumerated. */
  public static final int MAX_DEGENERATE_TIGHT = 9;
}
