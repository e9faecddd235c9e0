package org.reluconvex.experiment;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.reluconvex.network.Domain;
import org.reluconvex.convexity.ConvexityChecker;
import org.reluconvex.network.Constructions;
import org.reluconvex.network.Examples;
import org.reluconvex.network.Forward;
import org.reluconvex.network.Network;

/**
 * A convex function to fit in the regularization experiment, with the box it is sampled on and the
 * architecture of the models that fit it.
 *
 * @param kind which family it was drawn from
 * @param description one line: what it is and why it is there
 * @param function the target (not thread-safe: one experiment thread samples it)
 * @param network the target as a network when it is one (written as target.onnx), else null
 * @param box where it is sampled, and where the models are checked
 * @param widths hidden widths of the models
 * @param skip SkipMLP models
 */
public record TrainingTarget(Kind kind, String description, ToDoubleFunction<double[]> function, Network network, Domain box,
    int[] widths, boolean skip) {

  public TrainingTarget {
    widths = widths.clone();
  }

  @Override
  public int[] widths() { return widths.clone(); }

  /** The families of targets. */
  public enum Kind {
    /**
     * The paper's follow-up: a random (4, 8) network with ICNN-like weights and one or two
     * hidden-to-hidden entries flipped negative, convex on the box (nearly an ICNN).
     */
    PAPER("paper"),
    /**
     * f_EX = example:beyond-icnn (docs/math.md section 6, docs/beyond-icnn.md), a SkipMLP_2((2, 2)) that no
     * ICNN of that architecture equals near the origin; sampled on [-2, 2]^2.
     */
    BEYOND_ICNN("beyond-icnn"),
    /**
     * g of docs/math.md section 6, a SkipMLP_2((2, 2)) that no ICNN of that architecture equals on any
     * open set containing its five branching points; sampled on [-3, 2] x [-2, 2], which contains them.
     */
    BRANCHING("branching"),
    /** The maximum of 12 random affine functions (a convex CPWL function with many pieces). */
    MAX_AFFINE("max-affine"),
    /** log sum_i exp(a_i . x + b_i) over 8 random affine maps (smooth, convex). */
    LOGSUMEXP("logsumexp"),
    /** x^T A x / 2 + c . x with A = M^T M + I/10, M random (smooth, strongly convex). */
    QUADRATIC("quadratic");

    private final String label;

    Kind(String label) { this.label = label; }

    public String label() { return label; }

    public static Kind parse(String s) {
      for (Kind k : values()) if (k.label.equalsIgnoreCase(s.trim())) return k;
      throw new IllegalArgumentException("unknown target '" + s + "' (known: paper, beyond-icnn, branching, max-affine, logsumexp, quadratic)");
    }

    /** The box a target of this kind is sampled on unless one is given. */
    public Domain defaultBox() {
      return switch (this) {
        case PAPER -> Domain.cube(2, -10, 10);
        case BRANCHING -> Domain.box(new double[] {-3, -2}, new double[] {2, 2});
        default -> Domain.cube(2, -2, 2);
      };
    }
  }

  /**
   * Draws a target of the given kind in the plane.
   *
   * @param box where to sample (null: the kind's default box)
   * @param widths hidden widths of the models (and of the paper's target); the beyond-ICNN target
   *     fixes them to (2, 2) with skips
   * @param checker decides the paper target's convexity on the box
   */
  public static TrainingTarget draw(Kind kind, Domain box, int[] widths, boolean skip, ConvexityChecker checker, SplittableRandom rnd) {
    Domain b = box != null ? box : kind.defaultBox();
    if (b.dim() != 2 || !b.isBox()) throw new IllegalArgumentException("training targets are drawn on a bounded box in the plane");
    switch (kind) {
      case PAPER: {
        ConvexTargets.Draw d = ConvexTargets.convexNonIcnn(2, widths, skip, b, checker, rnd, 10_000);
        return ofNetwork(kind, RegularizationExperiment.describe(d, b), d.network(), b, widths, skip);
      }
      case BEYOND_ICNN:
        return ofNetwork(kind, "target: f_EX = example:beyond-icnn, SkipMLP 2 -> 2x2 -> 1, convex, and no ICNN of that architecture"
            + " equals it near the origin (docs/beyond-icnn.md), on " + b, Examples.beyondIcnn(), b, new int[] {2, 2}, true);
      case BRANCHING: {
        Network g = Constructions.piece(Constructions.Piece.BRANCHING);
        return ofNetwork(kind, "target: g(x) = relu(1 - |x|_1) + relu(2 + 2 x1 + 3 x2 + |x|_1), SkipMLP 2 -> 2x2 -> 1, convex,"
            + " and no ICNN of that architecture equals it on " + b, g, b, new int[] {2, 2}, true);
      }
      case MAX_AFFINE: {
        double[][] a = gaussian(rnd, 12, 3);
        return new TrainingTarget(kind, "target: max of 12 random affine functions on " + b, x -> maxAffine(a, x), null, b, widths, skip);
      }
      case LOGSUMEXP: {
        double[][] a = gaussian(rnd, 8, 3);
        return new TrainingTarget(kind, "target: log sum exp of 8 random affine functions on " + b, x -> logSumExp(a, x), null, b, widths,
            skip);
      }
      case QUADRATIC: {
        double[][] m = gaussian(rnd, 2, 2);
        double[] c = gaussian(rnd, 1, 2)[0];
        double[][] q = new double[2][2];
        for (int i = 0; i < 2; i++)
          for (int j = 0; j < 2; j++) q[i][j] = m[0][i] * m[0][j] + m[1][i] * m[1][j] + (i == j ? 0.1 : 0);
        return new TrainingTarget(kind, String.format(Locale.ROOT, "target: x^T A x / 2 + c.x, A = %s, on %s", Arrays.deepToString(round(q)), b),
            x -> 0.5 * (q[0][0] * x[0] * x[0] + 2 * q[0][1] * x[0] * x[1] + q[1][1] * x[1] * x[1]) + c[0] * x[0] + c[1] * x[1],
            null, b, widths, skip);
      }
      default:
        throw new AssertionError(kind);
    }
  }

  private static TrainingTarget ofNetwork(Kind kind, String description, Network net, Domain box, int[] widths, boolean skip) {
    Forward f = new Forward(net);
    return new TrainingTarget(kind, description, f::output, net, box, widths, skip);
  }

  /** rows x cols standard normal draws (Box-Muller, seeded). */
  private static double[][] gaussian(SplittableRandom rnd, int rows, int cols) {
    double[][] out = new double[rows][cols];
    for (double[] row : out)
      for (int j = 0; j < cols; j++) {
        double u = 1 - rnd.nextDouble(), v = rnd.nextDouble();
        row[j] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
      }
    return out;
  }

  /** max_i a_i0 x1 + a_i1 x2 + a_i2. */
  static double maxAffine(double[][] a, double[] x) {
    double m = Double.NEGATIVE_INFINITY;
    for (double[] r : a) m = Math.max(m, r[0] * x[0] + r[1] * x[1] + r[2]);
    return m;
  }

  /** log sum_i exp(a_i0 x1 + a_i1 x2 + a_i2), shifted by the maximum so that it cannot overflow. */
  static double logSumExp(double[][] a, double[] x) {
    double m = maxAffine(a, x), s = 0;
    for (double[] r : a) s += Math.exp(r[0] * x[0] + r[1] * x[1] + r[2] - m);
    return m + Math.log(s);
  }

  private static double[][] round(double[][] q) {
    double[][] r = new double[q.length][];
    for (int i = 0; i < q.length; i++) {
      r[i] = new double[q[i].length];
      for (int j = 0; j < q[i].length; j++) r[i][j] = Math.round(q[i][j] * 1000) / 1000.0;
    }
    return r;
  }
}
