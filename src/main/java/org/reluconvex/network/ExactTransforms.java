package org.reluconvex.network;

import java.math.BigDecimal;

/**
 * Function-preserving rewrites of a network that are exact in floating point, used to keep the
 * numbers a check computes with well scaled:
 * <ul>
 *   <li>neuron rescaling: relu(2^k t) = 2^k relu(t), so multiplying a neuron's incoming weights and
 *       bias by 2^k and its outgoing weights by 2^-k changes nothing; the output may be scaled by
 *       2^k too, a positive factor that leaves convexity unchanged. Multiplying by a power of two is
 *       exact unless it overflows or underflows, which is checked;</li>
 *   <li>translation of the input, f(y + c): the biases of the blocks fed by the input become
 *       b + W c, computed exactly and accepted only when the result is a double.</li>
 * </ul>
 */
public final class ExactTransforms {
  private ExactTransforms() {}

  /** A rescaled network computing 2^outputExponent times the original. */
  public record Rescaled(Network network, int outputExponent) {}

  /**
   * Rescales every hidden neuron (in topological order) and the output so that the largest
   * magnitude among its incoming weights and bias lies in [1, 2). A neuron whose rescaling would not
   * be exact keeps its scale.
   */
  public static Rescaled balanced(Network net) {
    NetworkBuilder b = net.toBuilder();
    int out = net.outputLayer();
    int outputExponent = 0;
    // a neuron's rescaling may overflow its outgoing weights until later neurons are rescaled:
    // alternate top-down and bottom-up passes until nothing changes
    for (int pass = 0; pass < 6; pass++) {
      boolean changed = false;
      for (int q = 1; q <= out; q++) {
        int l = pass % 2 == 0 ? out + 1 - q : q;
        for (int i = 0; i < net.width(l); i++) {
          int e = balancingExponent(b, net, l, i);
          if (e == 0 || !rescales(b, net, l, i, e)) continue;
          apply(b, net, l, i, e);
          changed = true;
          if (l == out) outputExponent += e;
        }
      }
      if (!changed) break;
    }
    return new Rescaled(b.build(), outputExponent);
  }

  /** -exponent of the largest |incoming weight or bias| of neuron (l, i); 0 when all are zero. */
  private static int balancingExponent(NetworkBuilder b, Network net, int l, int i) {
    double max = Math.abs(b.bias(l)[i]);
    for (int m = 0; m < l; m++) {
      double[] w = b.block(l, m);
      if (w == null) continue;
      int k = net.width(m);
      for (int j = 0; j < k; j++) max = Math.max(max, Math.abs(w[i * k + j]));
    }
    return max == 0 ? 0 : -Math.getExponent(max);
  }

  private static boolean exactScalb(double x, int e) {
    double y = Math.scalb(x, e);
    return Double.isFinite(y) && Math.scalb(y, -e) == x;
  }

  private static boolean rescales(NetworkBuilder b, Network net, int l, int i, int e) {
    if (!exactScalb(b.bias(l)[i], e)) return false;
    for (int m = 0; m < l; m++) {
      double[] w = b.block(l, m);
      if (w == null) continue;
      int k = net.width(m);
      for (int j = 0; j < k; j++) if (!exactScalb(w[i * k + j], e)) return false;
    }
    for (int q = l + 1; q <= net.outputLayer(); q++) {
      double[] w = b.block(q, l);
      if (w == null) continue;
      int k = net.width(l);
      for (int r = 0; r < net.width(q); r++) if (!exactScalb(w[r * k + i], -e)) return false;
    }
    return true;
  }

  private static void apply(NetworkBuilder b, Network net, int l, int i, int e) {
    b.bias(l)[i] = Math.scalb(b.bias(l)[i], e);
    for (int m = 0; m < l; m++) {
      double[] w = b.block(l, m);
      if (w == null) continue;
      int k = net.width(m);
      for (int j = 0; j < k; j++) w[i * k + j] = Math.scalb(w[i * k + j], e);
    }
    for (int q = l + 1; q <= net.outputLayer(); q++) {
      double[] w = b.block(q, l);
      if (w == null) continue;
      int k = net.width(l);
      for (int r = 0; r < net.width(q); r++) w[r * k + i] = Math.scalb(w[r * k + i], -e);
    }
  }

  /** y -&gt; f(y + c), or null when some new bias is not exactly a double. */
  public static Network translated(Network net, double[] c) {
    if (c.length != net.inputDim()) throw new IllegalArgumentException("shift has " + c.length + " coordinates, the network expects " + net.inputDim());
    NetworkBuilder b = net.toBuilder();
    int d = net.inputDim();
    for (int l = 1; l <= net.outputLayer(); l++) {
      double[] w = net.rawBlock(l, 0);
      if (w == null) continue;
      double[] bias = b.bias(l);
      for (int i = 0; i < net.width(l); i++) {
        BigDecimal s = new BigDecimal(bias[i]);
        for (int j = 0; j < d; j++) s = s.add(new BigDecimal(w[i * d + j]).multiply(new BigDecimal(c[j])));
        double v = s.doubleValue();
        if (!Double.isFinite(v) || new BigDecimal(v).compareTo(s) != 0) return null;
        bias[i] = v;
      }
    }
    return b.build();
  }
}
