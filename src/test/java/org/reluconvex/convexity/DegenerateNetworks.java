package org.reluconvex.convexity;

import java.util.SplittableRandom;
import org.reluconvex.network.Network;
import org.reluconvex.network.NetworkBuilder;

/**
 * Networks far from general position: weights in {-2, ..., 2}, biases in {-1, 0, 1}. Their zero sets
 * coincide, meet three at a time, and neurons are often identically zero on whole cells.
 */
final class DegenerateNetworks {
  private DegenerateNetworks() {}

  /** skips: input-to-layer edges with weights in {-1, 0, 1}; nearlyIcnn: later weights mostly >= 0. */
  static Network draw(int d, int[] widths, boolean skips, boolean nearlyIcnn, SplittableRandom r) {
    NetworkBuilder b = NetworkBuilder.of(d, widths);
    int out = b.layers() - 1;
    for (int l = 1; l <= out; l++) {
      int n = b.width(l), k = b.width(l - 1);
      double[] w = new double[n * k];
      for (int i = 0; i < w.length; i++) {
        w[i] = r.nextInt(5) - 2;
        if (nearlyIcnn && l >= 2) w[i] = Math.abs(w[i]) * (r.nextInt(6) == 0 ? -1 : 1);
      }
      b.block(l, l - 1, w);
      if (skips && l >= 2) {
        double[] v = new double[n * d];
        for (int i = 0; i < v.length; i++) v[i] = r.nextInt(3) - 1;
        b.block(l, 0, v);
      }
      double[] bias = new double[n];
      for (int i = 0; i < n; i++) bias[i] = r.nextInt(3) - 1;
      b.bias(l, bias);
    }
    return b.build();
  }
}
