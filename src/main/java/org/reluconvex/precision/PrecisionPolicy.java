package org.reluconvex.precision;

/**
 * How reluconvex decides "is this zero?", in one place (as JTS keeps its PrecisionModel).
 *
 * <p>A floating-point value decides a sign only when it is farther from zero than a rigorous bound on
 * the rounding error of the computation that produced it ({@link #sign}); otherwise the question is
 * re-asked in exact arithmetic (every weight, bias and box bound is a double, hence an exact dyadic
 * rational, and a ReLU network needs only +, -, * and comparisons) or the answer is {@code unknown}.
 * Error bounds follow the standard model fl(a op b) = (a op b)(1 + e), |e| &le; u, with
 * gamma_n = n u / (1 - n u) for n-term sums and products, multiplied by {@link #safety()} to cover
 * the rounding of the bound's own computation and second-order terms.
 *
 * <p>{@link #snapRelative()} is not a correctness tolerance: it is the band within which the
 * geometry snaps a vertex onto a zero set while building (so that exact degeneracies of hand-built
 * networks are recognised). Whatever it snaps is re-checked exactly before a verdict rests on it.
 *
 * @param name           short name recorded in verdicts
 * @param safety         factor applied to every rounding-error bound (at least 1)
 * @param snapRelative   relative band of the geometry's snapping (see above)
 * @param exactVertexBudget how many vertices of one complex may be re-checked in exact arithmetic
 *                          before the answer becomes unknown (exact checks of large networks are slow)
 * @param solverMargin   the integer-programming check ({@code milp}) trusts a solver's bound on a
 *                       gain only beyond this fraction of the gain's magnitude: a dual bound at least
 *                       this far above zero certifies, a solution at least this far below zero is a
 *                       candidate witness (then verified by forward evaluation), anything between is
 *                       {@code unknown}. Floating-point solvers work to tolerances of 1e-6 and below.
 */
public record PrecisionPolicy(String name, double safety, double snapRelative, int exactVertexBudget, double solverMargin) {
  /** Unit roundoff of IEEE binary64 (round to nearest). */
  public static final double UNIT_ROUNDOFF = 0x1p-53;

  /** Error bounds doubled; exact re-checks for up to 20,000 vertices of a complex. */
  public static final PrecisionPolicy DEFAULT = new PrecisionPolicy("double+exact", 2.0, 1e-13, 20_000, 1e-6);

  /** A policy with the default solver margin. */
  public PrecisionPolicy(String name, double safety, double snapRelative, int exactVertexBudget) {
    this(name, safety, snapRelative, exactVertexBudget, 1e-6);
  }

  public PrecisionPolicy {
    if (!(safety >= 1)) throw new IllegalArgumentException("safety factor must be at least 1, got " + safety);
    if (!(snapRelative >= 0 && snapRelative < 1e-3)) throw new IllegalArgumentException("snap band must be in [0, 1e-3), got " + snapRelative);
    if (exactVertexBudget < 0) throw new IllegalArgumentException("exact vertex budget must be non-negative");
    if (!(solverMargin > 0 && solverMargin < 1)) throw new IllegalArgumentException("solver margin must be in (0, 1), got " + solverMargin);
  }

  /** safety * gamma_n: the relative error bound of an n-term floating-point sum of products. */
  public double gamma(int n) {
    double nu = (n + 1) * UNIT_ROUNDOFF; // one more for the product inside each term
    return safety * nu / (1 - nu);
  }

  /**
   * safety * n * the smallest subnormal: the absolute error that gradual underflow adds to n
   * roundings, which gamma's relative model does not cover (a product below 2^-1022 loses bits
   * whatever its relative size).
   */
  public double underflow(int n) { return safety * (n + 1) * Double.MIN_VALUE; }

  /** +1 or -1 when |value| exceeds errorBound (a rigorous bound on its error), 0 when undecided. */
  public int sign(double value, double errorBound) {
    if (!Double.isFinite(value) || !Double.isFinite(errorBound)) return 0;
    if (value > errorBound) return 1;
    if (value < -errorBound) return -1;
    return 0;
  }

  /** Whether value is proven positive given a rigorous bound on its error. */
  public boolean certainlyPositive(double value, double errorBound) { return sign(value, errorBound) > 0; }

  /** One line for reports: {@code double+exact (error bounds x2, exact fallback)}. */
  public String describe() {
    return name + " (rounding-error bounds x" + fmt(safety) + ", exact rational fallback, snap band " + snapRelative + ")";
  }

  private static String fmt(double v) { return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v); }
}
