package org.reluconvex.icnn;

import java.util.SplittableRandom;
import org.reluconvex.network.Network;
import org.reluconvex.network.NetworkBuilder;

/** Hand-built one-hidden-layer networks for the tests: f(x) = sum_j a_j relu(w_j.x + b_j) + v.x + c. */
public final class OneLayerNets {
  private OneLayerNets() {}

  public static Network of(double[][] w, double[] b, double[] a, double[] v, double c) {
    int d = w[0].length;
    NetworkBuilder nb = NetworkBuilder.of(d, w.length).weights(1, 0, w).bias(1, b).weights(2, 1, new double[][] {a}).bias(2, new double[] {c});
    if (v != null) nb.weights(2, 0, new double[][] {v});
    return nb.build();
  }

  /**
   * n distinct random hyperplanes in R^d, each repeated by copies scaled with factors of both signs;
   * output weights drawn so that each hyperplane's kink has the sign of kinks[h] (it is
   * kinks[h] ||w_h|| up to one rounding, and exactly zero when kinks[h] is). The copies are exactly
   * proportional: bases have at most 30 fraction bits, factors are +-(1, 3 or 5) 2^k, so every product
   * is a double without rounding; the last copy of each hyperplane has a power-of-two factor so that
   * its output weight can make the sum exact.
   */
  public static Network withCopies(int d, double[] kinks, int copies, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int n = kinks.length * copies;
    double[][] w = new double[n][d];
    double[] b = new double[n], a = new double[n], v = new double[d];
    for (int i = 0; i < d; i++) v[i] = r.nextDouble(-1, 1);
    double[] odd = {1, 3, 5};
    for (int h = 0; h < kinks.length; h++) {
      double[] base = new double[d];
      double norm = 0;
      for (int i = 0; i < d; i++) {
        base[i] = short30(r.nextGaussian());
        norm += base[i] * base[i];
      }
      norm = Math.sqrt(norm);
      double off = short30(r.nextDouble(-1, 1) * norm);
      double rest = kinks[h]; // sum_j a_j |lambda_j| still to place
      for (int k = 0; k < copies; k++) {
        int j = h * copies + k;
        boolean last = k == copies - 1;
        double lambda = k == 0 ? 1 : (r.nextBoolean() ? 1 : -1) * Math.scalb(last ? 1 : odd[r.nextInt(3)], r.nextInt(-2, 2));
        for (int i = 0; i < d; i++) w[j][i] = lambda * base[i];
        b[j] = lambda * off;
        if (last) {
          a[j] = rest / Math.abs(lambda); // a power of two: exact
        } else {
          double c = r.nextInt(-64, 65) / 32.0; // a_j, with a_j |lambda_j| a short dyadic: exact
          a[j] = c;
          rest -= c * Math.abs(lambda);
        }
      }
    }
    return of(w, b, a, v, r.nextDouble(-1, 1));
  }

  /** x rounded to a multiple of 2^-30: a short mantissa, so small multiples stay exact. */
  private static double short30(double x) { return Math.scalb(Math.rint(Math.scalb(x, 30)), -30); }
}
