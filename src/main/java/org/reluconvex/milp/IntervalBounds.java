package org.reluconvex.milp;

import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;
import org.reluconvex.precision.PrecisionPolicy;

/**
 * Interval propagation of pre-activation bounds through the network over a box, rounded outward by
 * the precision policy's error bound, so the result encloses every pre-activation rigorously.
 * Exact for the first hidden layer (an affine function's range over a box) up to that rounding.
 */
public final class IntervalBounds {
  private IntervalBounds() {}

  public static PreBounds of(Network net, Domain box, PrecisionPolicy policy) {
    return of(net, box, policy, (b, l) -> {});
  }

  /** A step run on each hidden layer's bounds before the next layer uses them (may tighten them in place). */
  @FunctionalInterface
  interface LayerStep {
    void apply(PreBounds partial, int layer);
  }

  /** Interval propagation with 'step' applied to every hidden layer in turn. */
  static PreBounds of(Network net, Domain box, PrecisionPolicy policy, LayerStep step) {
    int out = net.outputLayer();
    double[][] lo = new double[out][], hi = new double[out][];
    double[][] postLo = new double[out][], postHi = new double[out][];
    postLo[0] = box.lo();
    postHi[0] = box.hi();
    for (int l = 1; l < out; l++) {
      int n = net.width(l);
      lo[l] = new double[n];
      hi[l] = new double[n];
      postLo[l] = new double[n];
      postHi[l] = new double[n];
      for (int i = 0; i < n; i++) {
        double[] r = range(net, l, i, postLo, postHi, policy);
        lo[l][i] = r[0];
        hi[l][i] = r[1];
      }
      step.apply(new PreBounds(lo, hi), l);
      for (int i = 0; i < n; i++) {
        postLo[l][i] = Math.max(0, lo[l][i]);
        postHi[l][i] = Math.max(0, hi[l][i]);
      }
    }
    return new PreBounds(lo, hi);
  }

  /**
   * The enclosure [lo, hi] of b + sum_j w_j post_j for post_j in [postLo_j, postHi_j] (layers below l),
   * widened by the rounding-error bound of the sums.
   */
  static double[] range(Network net, int l, int i, double[][] postLo, double[][] postHi, PrecisionPolicy policy) {
    double b = net.bias(l, i);
    double sLo = b, sHi = b, mag = Math.abs(b);
    int terms = 1;
    // signs of products of doubles are exact: when every term is >= 0 (or <= 0) so is the sum
    boolean nonNegative = b >= 0, nonPositive = b <= 0;
    for (int m = 0; m < l; m++) {
      double[] w = net.rawBlock(l, m);
      if (w == null) continue;
      int k = net.width(m);
      int off = i * k;
      double[] pl = postLo[m], ph = postHi[m];
      for (int j = 0; j < k; j++) {
        double wij = w[off + j];
        if (wij == 0) continue;
        double a = wij * pl[j], c = wij * ph[j];
        sLo += Math.min(a, c);
        sHi += Math.max(a, c);
        nonNegative &= Math.min(a, c) >= 0;
        nonPositive &= Math.max(a, c) <= 0;
        mag += Math.max(Math.abs(a), Math.abs(c));
        terms++;
      }
    }
    double err = policy.gamma(terms) * mag + Double.MIN_NORMAL;
    double lo = sLo - err, hi = sHi + err;
    if (nonNegative) lo = Math.max(lo, 0);
    if (nonPositive) hi = Math.min(hi, 0);
    return new double[] {lo, hi};
  }
}
