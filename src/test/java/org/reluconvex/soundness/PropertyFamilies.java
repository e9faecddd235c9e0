package org.reluconvex.soundness;

import java.util.SplittableRandom;
import org.reluconvex.network.Network;
import org.reluconvex.network.NetworkBuilder;

/**
 * Networks whose properties are known by construction, in any input dimension, for the tests of the
 * properties beyond convexity (each with a twin that breaks the property by 2^-8).
 */
final class PropertyFamilies {
  private PropertyFamilies() {}

  static final double TWIN = 0x1p-8;

  private static double dyadic(SplittableRandom rnd, double lo, double hi) {
    return Math.scalb(Math.rint(Math.scalb(lo + (hi - lo) * rnd.nextDouble(), 10)), -10);
  }

  /**
   * Partially input-convex in the first k inputs (x), any function of the others (y): layer 1 holds m
   * neurons of y alone; layer 2 relu(a . x + V h(y) + b); the output adds the layer-2 neurons with
   * positive weights and the layer-1 ones with any. The twin subtracts 2^-8 relu(c . x + e), a concave
   * kink along x.
   */
  static Network partiallyConvex(int d, int k, int m, int n, long seed, boolean twin) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int y = d - k;
    int w2 = n + (twin ? 1 : 0);
    NetworkBuilder b = NetworkBuilder.of(d, m, w2);
    double[][] u = new double[m][d];
    double[] c1 = new double[m];
    for (int j = 0; j < m; j++) {
      for (int i = k; i < d; i++) u[j][i] = dyadic(rnd, -1, 1);
      c1[j] = dyadic(rnd, -0.5, 0.5);
    }
    if (y == 0) for (int j = 0; j < m; j++) u[j][0] = 0; // no y: layer 1 constant (dead or active)
    b.weights(1, 0, u).bias(1, c1);
    double[][] a = new double[w2][d];
    double[][] v = new double[w2][m];
    double[] c2 = new double[w2];
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < k; i++) a[j][i] = dyadic(rnd, -1, 1);
      for (int i = 0; i < m; i++) v[j][i] = dyadic(rnd, -1, 1);
      c2[j] = dyadic(rnd, -0.5, 0.5);
    }
    if (twin) {
      for (int i = 0; i < k; i++) a[n][i] = dyadic(rnd, 0.25, 1);
      c2[n] = dyadic(rnd, -0.25, 0.25);
    }
    b.weights(2, 0, a).weights(2, 1, v).bias(2, c2);
    double[] out2 = new double[w2];
    for (int j = 0; j < n; j++) out2[j] = dyadic(rnd, 0.125, 1);
    if (twin) out2[n] = -TWIN;
    double[] out1 = new double[m];
    for (int j = 0; j < m; j++) out1[j] = dyadic(rnd, -1, 1);
    b.block(3, 2, out2).block(3, 1, out1).bias(3, new double[] {0});
    return b.build();
  }

  /**
   * Non-decreasing in every input: non-negative weights on every path; the first layer's biases keep
   * every neuron dead near the lower corner of [-1, 1]^d, where the twin's -2^-8 relu(x_0 + 0.875)
   * (an edge from the input straight to the output's layer) makes f decrease in x_0.
   */
  static Network monotone(int d, int[] widths, long seed, boolean twin) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] w = widths.clone();
    if (twin) w[0]++;
    NetworkBuilder b = NetworkBuilder.of(d, w);
    double[][] first = new double[w[0]][d];
    double[] c = new double[w[0]];
    for (int j = 0; j < widths[0]; j++) {
      double sum = 0;
      for (int i = 0; i < d; i++) sum += first[j][i] = dyadic(rnd, 0, 1);
      c[j] = -dyadic(rnd, -0.75, 0.75) * sum;
    }
    if (twin) {
      first[widths[0]][0] = 1;
      c[widths[0]] = 0.875;
    }
    b.weights(1, 0, first).bias(1, c);
    for (int l = 2; l <= w.length; l++) {
      double[][] x = new double[w[l - 1]][w[l - 2]];
      double[] bias = new double[w[l - 1]];
      for (int j = 0; j < widths[l - 1]; j++) {
        for (int i = 0; i < widths[l - 2]; i++) x[j][i] = dyadic(rnd, 0, 1);
        bias[j] = dyadic(rnd, -0.5, 0.25);
      }
      b.weights(l, l - 1, x).bias(l, bias);
    }
    double[] out = new double[w[w.length - 1]];
    for (int j = 0; j < widths[widths.length - 1]; j++) out[j] = dyadic(rnd, 0.125, 1);
    int outLayer = w.length + 1;
    if (twin && w.length == 1) out[widths[0]] = -TWIN;
    b.block(outLayer, w.length, out).bias(outLayer, new double[] {0});
    if (twin && w.length > 1) {
      // the twin neuron of layer 1 reaches the output directly, weighted -2^-8
      double[] skip = new double[w[0]];
      skip[widths[0]] = -TWIN;
      b.block(outLayer, 1, skip);
    }
    return b.build();
  }

  /**
   * Non-decreasing in every input with paths of both signs: pairs a relu(u) - (a/2) relu(u - t), u =
   * w . x + b with w &ge; 0, whose slope along any x_i is a w_i or a w_i / 2, never negative, though the
   * second path's product is. The twin adds -2^-8 relu(x_0 + 0.875), where every pair is inactive
   * near the lower corner of [-1, 1]^d.
   */
  static Network monotoneWithNegativePaths(int d, int pairs, long seed, boolean twin) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int n = 2 * pairs + (twin ? 1 : 0);
    double[][] w = new double[n][d];
    double[] c = new double[n], out = new double[n];
    for (int j = 0; j < pairs; j++) {
      double sum = 0;
      for (int i = 0; i < d; i++) sum += w[2 * j][i] = w[2 * j + 1][i] = dyadic(rnd, 0, 1);
      c[2 * j] = -dyadic(rnd, -0.75, 0.75) * sum;
      c[2 * j + 1] = c[2 * j] - dyadic(rnd, 0.125, 1);
      out[2 * j] = dyadic(rnd, 0.25, 1);
      out[2 * j + 1] = -0.5 * out[2 * j];
    }
    if (twin) {
      w[n - 1][0] = 1;
      c[n - 1] = 0.875;
      out[n - 1] = -TWIN;
    }
    return NetworkBuilder.of(d, n).weights(1, 0, w).bias(1, c).block(2, 1, out).bias(2, new double[] {0}).build();
  }

  /**
   * f(x) = sum_i g_i(x_i), each g_i = s_i1 relu(x_i - t_i1) + s_i2 relu(t_i2 - x_i) + s_i3 relu(x_i - t_i3): its
   * gradients are the products of the slopes of the g_i, so the Lipschitz constants and the range on
   * [-1, 1]^d are sums and maxima over the coordinates.
   */
  static Network separable(int d, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[][] w = new double[3 * d][d];
    double[] c = new double[3 * d];
    double[] out = new double[3 * d];
    for (int i = 0; i < d; i++) {
      w[3 * i][i] = 1;
      c[3 * i] = -dyadic(rnd, -0.75, 0.75);
      w[3 * i + 1][i] = -1;
      c[3 * i + 1] = dyadic(rnd, -0.75, 0.75);
      w[3 * i + 2][i] = 1;
      c[3 * i + 2] = -dyadic(rnd, -0.75, 0.75);
      for (int k = 0; k < 3; k++) out[3 * i + k] = dyadic(rnd, -2, 2);
    }
    return NetworkBuilder.of(d, 3 * d).weights(1, 0, w).bias(1, c).block(2, 1, out).bias(2, new double[] {0}).build();
  }

  /** The slopes of g_i on the pieces of [-1, 1] between its breakpoints, and its values at the breakpoints and ends. */
  static double[][] separableSlopesAndValues(Network net, int i) {
    double[] ts = new double[5];
    ts[0] = -1;
    ts[4] = 1;
    for (int k = 0; k < 3; k++) ts[1 + k] = Math.max(-1, Math.min(1, -net.bias(1, 3 * i + k) / net.weight(1, 0, 3 * i + k, i)));
    java.util.Arrays.sort(ts);
    double[] slopes = new double[4], values = new double[5];
    for (int p = 0; p < 5; p++) values[p] = g(net, i, ts[p]);
    for (int p = 0; p < 4; p++) {
      double mid = 0.5 * (ts[p] + ts[p + 1]);
      slopes[p] = ts[p + 1] > ts[p] ? slope(net, i, mid) : 0;
    }
    return new double[][] {slopes, values};
  }

  private static double g(Network net, int i, double t) {
    double s = 0;
    for (int k = 0; k < 3; k++) s += net.weight(2, 1, 0, 3 * i + k) * Math.max(0, net.weight(1, 0, 3 * i + k, i) * t + net.bias(1, 3 * i + k));
    return s;
  }

  private static double slope(Network net, int i, double t) {
    double s = 0;
    for (int k = 0; k < 3; k++) {
      double wk = net.weight(1, 0, 3 * i + k, i);
      if (wk * t + net.bias(1, 3 * i + k) > 0) s += net.weight(2, 1, 0, 3 * i + k) * wk;
    }
    return s;
  }
}
