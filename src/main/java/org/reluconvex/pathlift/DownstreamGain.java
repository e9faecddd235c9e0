package org.reluconvex.pathlift;

import org.reluconvex.network.Network;

/**
 * Gain of one neuron under a downstream pattern, touching only the layers after the neuron's layer:
 * for the last hidden layer it is the output weight, for the one before a dot product of length
 * n_{L-1}, and a backward sweep over the later layers otherwise. One instance per thread.
 */
public final class DownstreamGain {
  private final Network net;
  private final double[][] gPre;

  public DownstreamGain(Network net) {
    this.net = net;
    int out = net.outputLayer();
    gPre = new double[out + 1][];
    for (int l = 1; l <= out; l++) gPre[l] = new double[net.width(l)];
    gPre[out][0] = 1.0;
  }

  /**
   * g for neuron (layer, index), where active[l][i] gives the pattern of every layer l &gt; layer
   * (entries of other layers are ignored).
   */
  public double gain(int layer, int index, boolean[][] active) {
    int out = net.outputLayer();
    for (int l = out - 1; l > layer; l--) {
      double[] g = gPre[l];
      java.util.Arrays.fill(g, 0);
      int n = g.length;
      for (int t = l + 1; t <= out; t++) {
        double[] w = net.rawBlock(t, l);
        if (w == null) continue;
        double[] gt = gPre[t];
        int rows = gt.length;
        for (int i = 0; i < rows; i++) {
          double gi = gt[i];
          if (gi == 0) continue;
          int off = i * n;
          for (int j = 0; j < n; j++) g[j] += w[off + j] * gi;
        }
      }
      boolean[] a = active[l];
      for (int j = 0; j < n; j++) if (!a[j]) g[j] = 0;
    }
    double s = 0;
    int k = net.width(layer);
    for (int t = layer + 1; t <= out; t++) {
      double[] w = net.rawBlock(t, layer);
      if (w == null) continue;
      double[] gt = gPre[t];
      for (int i = 0; i < gt.length; i++) if (gt[i] != 0) s += w[i * k + index] * gt[i];
    }
    return s;
  }
}
