package org.reluconvex.testing;

import java.util.SplittableRandom;
import org.reluconvex.network.Network;
import org.reluconvex.network.NetworkBuilder;
import org.reluconvex.network.RandomNetworks;

/** Random networks for property tests: near-ICNN draws and small-integer (degenerate) draws. */
public final class Draws {
  private Draws() {}

  /**
   * An ICNN-like draw (absolute hidden-to-hidden and output weights) with 'flips' entries made
   * negative: convex or not depending on where neurons switch, like the corpus's mixed family.
   */
  public static Network mixed(int d, int[] widths, boolean skip, int flips, long seed) {
    Network icnn = RandomNetworks.draw(d, widths, skip, true, new SplittableRandom(seed));
    NetworkBuilder b = icnn.toBuilder();
    SplittableRandom r = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
    int out = icnn.outputLayer();
    for (int k = 0; k < flips; k++) {
      int l = 2 + r.nextInt(out - 1);
      double[] w = b.block(l, l - 1);
      int i = r.nextInt(w.length);
      w[i] = -w[i];
    }
    return b.build();
  }

  /** Every weight and bias an integer in [-range, range]: many coincidences, duplicated neurons, zero sets through vertices. */
  public static Network integers(int d, int[] widths, boolean skip, int range, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    NetworkBuilder b = NetworkBuilder.of(d, widths);
    int out = b.layers() - 1;
    for (int l = 1; l <= out; l++) {
      int n = b.width(l);
      double[] w = new double[n * b.width(l - 1)];
      for (int i = 0; i < w.length; i++) w[i] = r.nextInt(2 * range + 1) - range;
      b.block(l, l - 1, w);
      if (skip && l >= 2) {
        double[] v = new double[n * d];
        for (int i = 0; i < v.length; i++) v[i] = r.nextInt(2 * range + 1) - range;
        b.block(l, 0, v);
      }
      double[] bias = new double[n];
      for (int i = 0; i < n; i++) bias[i] = r.nextInt(2 * range + 1) - range;
      b.bias(l, bias);
    }
    return b.build();
  }
}
