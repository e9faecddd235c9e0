package org.reluconvex.soundness;

import java.math.BigDecimal;
import org.reluconvex.network.Network;

/**
 * Exact rewrites of a network and its box whose effect on convexity is known. Every method returns
 * null when some new number would not be exactly representable as a double (the draw is then
 * discarded), so that the rewritten problem is exactly the original one.
 */
final class Transforms {
  private Transforms() {}

  /** v * 2^k when exact and finite (and not losing bits to underflow), else NaN. */
  static double scalbExact(double v, int k) {
    if (v == 0) return 0;
    double s = Math.scalb(v, k);
    return Double.isFinite(s) && s != 0 && Math.scalb(s, -k) == v ? s : Double.NaN;
  }

  /** The double equal to x, or NaN when x is not one. */
  static double exact(BigDecimal x) {
    double v = x.doubleValue();
    return Double.isFinite(v) && new BigDecimal(v).compareTo(x) == 0 ? v : Double.NaN;
  }

  /**
   * g(x) = f(x - c): every bias of a layer receiving the input becomes b - W[l][0] c (the input may
   * feed any later layer, not only the first). Box [lo + c, hi + c].
   */
  static Network translate(Network net, double[] c) {
    Editable e = Editable.of(net);
    for (int l = 1; l <= net.outputLayer(); l++) {
      if (!net.hasBlock(l, 0)) continue;
      for (int i = 0; i < net.width(l); i++) {
        BigDecimal s = new BigDecimal(net.bias(l, i));
        for (int j = 0; j < net.inputDim(); j++)
          s = s.subtract(new BigDecimal(net.weight(l, 0, i, j)).multiply(new BigDecimal(c[j])));
        double v = exact(s);
        if (Double.isNaN(v)) return null;
        e.setBias(l, i, v);
      }
    }
    return e.build();
  }

  /** lo + c, or null when not exact. */
  static double[] shift(double[] x, double[] c) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = exact(new BigDecimal(x[i]).add(new BigDecimal(c[i])));
      if (Double.isNaN(y[i])) return null;
    }
    return y;
  }

  /** x * 2^k coordinate-wise, or null when not exact. */
  static double[] scale(double[] x, int k) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = scalbExact(x[i], k);
      if (Double.isNaN(y[i])) return null;
    }
    return y;
  }

  /** g(x) = 2^out * f(2^-s x): weights leaving the input times 2^-s, the output's weights and bias times 2^out. Box times 2^s. */
  static Network scaleInputAndOutput(Network net, int s, int out) {
    Editable e = Editable.of(net);
    int o = net.outputLayer();
    for (int l = 1; l <= o; l++)
      for (int i = 0; i < net.width(l); i++)
        for (int m = 0; m < l; m++) {
          if (!net.hasBlock(l, m)) continue;
          for (int j = 0; j < net.width(m); j++) {
            int k = (m == 0 ? -s : 0) + (l == o ? out : 0);
            if (k == 0) continue;
            double v = scalbExact(net.weight(l, m, i, j), k);
            if (Double.isNaN(v)) return null;
            e.setWeight(l, i, m, j, v);
          }
        }
    double b = scalbExact(net.bias(o, 0), out);
    if (Double.isNaN(b)) return null;
    e.setBias(o, 0, b);
    return e.build();
  }

  /**
   * Neuron (l, i) rescaled by 2^k: incoming weights and bias times 2^k, outgoing weights times
   * 2^-k. relu(2^k h) = 2^k relu(h), so the function is unchanged.
   */
  static Network rescale(Network net, int l, int i, int k) {
    Editable e = Editable.of(net);
    for (int m = 0; m < l; m++) {
      if (!net.hasBlock(l, m)) continue;
      for (int j = 0; j < net.width(m); j++) {
        double v = scalbExact(net.weight(l, m, i, j), k);
        if (Double.isNaN(v)) return null;
        e.setWeight(l, i, m, j, v);
      }
    }
    double b = scalbExact(net.bias(l, i), k);
    if (Double.isNaN(b)) return null;
    e.setBias(l, i, b);
    for (int big = l + 1; big <= net.outputLayer(); big++) {
      if (!net.hasBlock(big, l)) continue;
      for (int mu = 0; mu < net.width(big); mu++) {
        double v = scalbExact(net.weight(big, l, mu, i), -k);
        if (Double.isNaN(v)) return null;
        e.setWeight(big, mu, l, i, v);
      }
    }
    return e.build();
  }
}
