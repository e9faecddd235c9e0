package org.reluconvex.network;

/**
 * Restrictions of a network to an affine 2-D plane of input space spanned by two coordinate axes:
 * g(u, v) = f(p + u e_i + v e_j), where p supplies the other coordinates. g is again a ReLU network
 * (the weights leaving the input keep columns i and j, the rest moves into the biases), so every
 * tool for d = 2 applies to it.
 */
public final class Slices {
  private Slices() {}

  /**
   * The network of u, v -> f(x) with x_i = u, x_j = v and x_k = point[k] otherwise.
   *
   * @param i first free coordinate (0-based)
   * @param j second free coordinate (0-based), different from i
   */
  public static Network plane(Network net, double[] point, int i, int j) {
    int d = net.inputDim();
    if (point.length != d)
      throw new IllegalArgumentException("the slice point has " + point.length + " coordinates, the network has input dimension " + d);
    if (i < 0 || j < 0 || i >= d || j >= d || i == j)
      throw new IllegalArgumentException("slice axes must be two different coordinates in 1.." + d + ", got " + (i + 1) + "," + (j + 1));
    int[] widths = net.layerWidths();
    int[] w2 = widths.clone();
    w2[0] = 2;
    NetworkBuilder b = NetworkBuilder.withWidths(w2);
    for (int l = 1; l < widths.length; l++) {
      double[] bias = net.rawBias(l).clone();
      for (int m = 0; m < l; m++) {
        double[] w = net.rawBlock(l, m);
        if (w == null) continue;
        if (m > 0) {
          b.block(l, m, w.clone());
          continue;
        }
        int n = widths[l];
        double[] cols = new double[n * 2];
        for (int r = 0; r < n; r++) {
          cols[2 * r] = w[r * d + i];
          cols[2 * r + 1] = w[r * d + j];
          for (int k = 0; k < d; k++) if (k != i && k != j) bias[r] += w[r * d + k] * point[k];
        }
        b.block(l, 0, cols);
      }
      b.bias(l, bias);
    }
    return b.build();
  }
}
