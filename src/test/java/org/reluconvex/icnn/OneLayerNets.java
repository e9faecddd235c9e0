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
   * n distinct random hyperplanes in R^d, each repeated by copies scaled with random factors of both
   * signs; output weights drawn so that each hyperplane's kink is kinks[h] (exactly in real
   * arithmetic).
   */
  public static Network withCopies(int d, double[] kinks, int copies, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int n = kinks.length * copies;
    double[][] w = new double[n][d];
    double[] b = new double[n], a = new double[n], v = new double[d];
    for (int i = 0; i < d; i++) v[i] = r.nextDouble(-1, 1);
    for (int h = 0; h < kinks.length; h++) {
      double[] base = new double[d];
      double norm = 0;
      for (int i = 0; i < d; i++) {
        base[i] = r.nextGaussian();
        norm += base[i] * base[i];
      }
      norm = Math.sqrt(norm);
      double off = r.nextDouble(-1, 1) * norm;
      double rest = kinks[h];
      for (int k = 0; k < copies; k++) {
        int j = h * copies + k;
        double lambda = k == 0 ? 1 : (r.nextBoolean() ? 1 : -1) * r.nextDouble(0.25, 4);
        for (int i = 0; i < d; i++) w[j][i] = lambda * base[i];
        b[j] = lambda * off;
        double contribution = k == copies - 1 ? rest : r.nextDouble(-2, 2);
        rest -= contribution;
        a[j] = contribution / (Math.abs(lambda) * norm); // a_j ||w_j|| = contribution
      }
    }
    return of(w, b, a, v, r.nextDouble(-1, 1));
  }
}
