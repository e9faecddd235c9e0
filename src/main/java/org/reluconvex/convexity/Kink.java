package org.reluconvex.convexity;

import org.reluconvex.network.Forward;
import org.reluconvex.network.Network;
import org.reluconvex.pathlift.GainEvaluator;

/**
 * Kinks of f across frontiers, from one-sided directional derivatives computed in forward mode:
 * f'(x; u) = lim_{t -> 0+} (f(x + t u) - f(x)) / t, with relu'(0; v) = max(v, 0). For a point x in
 * the relative interior of a frontier with unit normal n, the kink is
 * kappa = f'(x; n) + f'(x; -n) (docs/math.md section 2): the slope change of f along the line x + t n.
 */
public final class Kink {
  private Kink() {}

  /**
   * A pre-activation whose magnitude is at most this fraction of the sum of the magnitudes of the
   * terms that make it counts as zero (the point lies on that neuron's zero set).
   */
  public static final double ZERO_RELATIVE = 1e-9;

  /**
   * kappa = f'(x; n) + f'(x; -n) with n normalised; NaN (undecided) when the normal is zero or not
   * finite (a gradient that overflowed), so that no decision rests on it.
   */
  public static double across(Network net, double[] x, double[] normal) {
    double[] n = normal.clone();
    // scaled by the largest entry first: the sum of squares of a tiny normal underflows to 0
    double max = 0;
    for (double v : n) max = Math.max(max, Math.abs(v));
    if (!(max > 0) || !Double.isFinite(max)) return Double.NaN;
    double norm = 0;
    for (int i = 0; i < n.length; i++) {
      n[i] /= max;
      norm += n[i] * n[i];
    }
    norm = Math.sqrt(norm);
    for (int i = 0; i < n.length; i++) n[i] /= norm;
    double plus = directional(net, x, n);
    for (int i = 0; i < n.length; i++) n[i] = -n[i];
    return plus + directional(net, x, n);
  }

  /** One-sided directional derivative f'(x; u). */
  public static double directional(Network net, double[] x, double[] u) {
    return directional(net, x, u, -1, -1);
  }

  /**
   * One-sided directional derivative of f, or of the pre-activation of neuron (layer, index) when
   * layer &ge; 1.
   */
  public static double directional(Network net, double[] x, double[] u, int layer, int index) {
    int stop = layer >= 1 ? layer : net.outputLayer();
    Forward f = new Forward(net);
    f.runBelow(x, stop);
    return f.tangent(u, stop, ZERO_RELATIVE)[layer >= 1 ? index : 0];
  }

  /** Gradient of the pre-activation of a hidden neuron at a generic point x (one-sided along axes). */
  public static double[] preGradient(Network net, int layer, int index, double[] x) {
    double[] fast = reverseGradient(net, layer, index, x);
    return fast != null ? fast : axisGradient(net, layer, index, x);
  }

  /**
   * The gradient by one reverse sweep, when no neuron below the layer is within {@link #ZERO_RELATIVE}
   * of zero at x (then the pattern is locally constant and one-sided derivatives are the gradient);
   * null otherwise.
   */
  private static double[] reverseGradient(Network net, int layer, int index, double[] x) {
    Forward f = new Forward(net);
    f.run(x);
    boolean[][] active = new boolean[layer][];
    for (int l = 1; l < layer; l++) {
      double[] p = f.pre(l);
      active[l] = new boolean[p.length];
      for (int i = 0; i < p.length; i++) {
        if (Math.abs(p[i]) <= ZERO_RELATIVE * f.magnitude(l, i)) return null;
        active[l][i] = p[i] > 0;
      }
    }
    // the pre-activation's gradient is its gain to the inputs under the pattern of x
    return new GainEvaluator(net).gainsFrom(layer, index, active)[0];
  }

  private static double[] axisGradient(Network net, int layer, int index, double[] x) {
    int d = x.length;
    double[] g = new double[d];
    double[] e = new double[d];
    for (int i = 0; i < d; i++) {
      e[i] = 1;
      g[i] = directional(net, x, e, layer, index);
      e[i] = 0;
    }
    return g;
  }

  /** Pre-activation of a hidden neuron at x. */
  public static double pre(Network net, int layer, int index, double[] x) {
    Forward f = new Forward(net);
    f.run(x);
    return f.pre(layer)[index];
  }
}
