package org.reluconvex.plot;

/**
 * A piece of a frontier of the complex (an edge lying on a neuron's zero set) in a 2-D plot, or a
 * kink point in a 1-D plot (then y1 = y2 = NaN and x1 = x2), with the kink of f across it:
 * positive convex, negative concave, zero when the neuron switches without bending f.
 */
public record Frontier(double x1, double y1, double x2, double y2, double kink) {
  /** A kink point of a 1-D function. */
  public static Frontier point(double x, double kink) { return new Frontier(x, Double.NaN, x, Double.NaN, kink); }
}
