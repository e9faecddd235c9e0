package org.reluconvex.pathlift;

import org.reluconvex.network.ActivationPattern;
import org.reluconvex.network.AffineMap;
import org.reluconvex.network.Forward;
import org.reluconvex.network.Network;

/**
 * Gains g_nu(a) = d f / d post_nu with the downstream activations frozen to a (docs/math.md section 3),
 * for one pattern at a time: conveniences over {@link GainEvaluator}, which computes them, plus the
 * same sweep in exact arithmetic and a bound on its rounding error.
 */
public final class Gains {
  private Gains() {}

  /**
   * Gains of every node under the pattern a: result[l][i] = g of node i of layer l. Layer 0 gives
   * the gradient of the cell whose pattern is a. Only the entries of a downstream of a node matter
   * for its gain.
   */
  public static double[][] all(Network net, ActivationPattern a) {
    return new GainEvaluator(net).gainsFrom(net.outputLayer(), 0, rows(net, a));
  }

  /** The pattern's rows by layer, as {@link GainEvaluator} reads them. */
  static boolean[][] rows(Network net, ActivationPattern a) {
    boolean[][] rows = new boolean[net.outputLayer()][];
    for (int l = 1; l <= net.hiddenLayers(); l++) rows[l] = a.layer(l);
    return rows;
  }

  /**
   * The gains of every node in exact arithmetic (the same sweep as {@link #all} in BigDecimal; a
   * gain is a sum of products of doubles, so it is exact).
   */
  public static java.math.BigDecimal[][] exactAll(Network net, ActivationPattern a) {
    int out = net.outputLayer();
    java.math.BigDecimal[][] gPost = new java.math.BigDecimal[out + 1][];
    for (int l = 0; l <= out; l++) {
      gPost[l] = new java.math.BigDecimal[net.width(l)];
      java.util.Arrays.fill(gPost[l], java.math.BigDecimal.ZERO);
    }
    java.math.BigDecimal[] g = {java.math.BigDecimal.ONE};
    for (int l = out; l >= 1; l--) {
      if (l < out) {
        boolean[] act = a.layer(l);
        g = new java.math.BigDecimal[net.width(l)];
        for (int i = 0; i < g.length; i++) g[i] = act[i] ? gPost[l][i] : java.math.BigDecimal.ZERO;
      }
      for (int m = 0; m < l; m++) {
        double[] w = net.rawBlock(l, m);
        if (w == null) continue;
        int k = net.width(m);
        for (int i = 0; i < g.length; i++) {
          if (g[i].signum() == 0) continue;
          for (int j = 0; j < k; j++)
            if (w[i * k + j] != 0) gPost[m][j] = gPost[m][j].add(new java.math.BigDecimal(w[i * k + j]).multiply(g[i]));
        }
      }
    }
    return gPost;
  }

  /**
   * A bound, for every hidden node, on the rounding error of its gain under any pattern, as {@link
   * GainEvaluator} sums it (later layers in decreasing order): gamma_n times the gain of |W| with
   * every neuron active (which bounds every partial sum), n counting every term along the deepest
   * path. Another order of summation can need a larger n when hidden layers skip.
   */
  public static double[][] errorBounds(Network net, org.reluconvex.precision.PrecisionPolicy policy) {
    int out = net.outputLayer();
    double[][] abs = GainEvaluator.ofMagnitudes(net).gainsFrom(out, 0, rows(net, ActivationPattern.constant(net, true)));
    int terms = 0;
    for (int l = 0; l <= out; l++) terms += net.width(l) + 1;
    double gamma = policy.gamma(terms);
    for (double[] layer : abs)
      for (int i = 0; i < layer.length; i++) layer[i] = Double.isFinite(layer[i]) ? gamma * layer[i] * (1 + 1e-6) : Double.POSITIVE_INFINITY;
    return abs;
  }

  /** Gain of one hidden neuron under a pattern of (at least) its downstream neurons. */
  public static double gain(Network net, int layer, int index, ActivationPattern a) {
    return new GainEvaluator(net).gain(layer, index, rows(net, a));
  }

  /** The affine map of the cell containing x (zeros counted as inactive; f is continuous). */
  public static AffineMap localAffine(Network net, double[] x) {
    Forward f = new Forward(net);
    double y = f.output(x);
    ActivationPattern a = ActivationPattern.at(net, x);
    double[] grad = all(net, a)[0];
    double off = y;
    for (int i = 0; i < x.length; i++) off -= grad[i] * x[i];
    return new AffineMap(grad, off);
  }

  /** Affine map of the cell with pattern a (the pattern must be realised somewhere for this to be a cell). */
  public static AffineMap affineOf(Network net, ActivationPattern a) {
    double[] grad = all(net, a)[0];
    // offset: f extended from the cell, at the origin
    double y = new Forward(net).outputUnder(a, new double[net.inputDim()]);
    return new AffineMap(grad, y);
  }
}
