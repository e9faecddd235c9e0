package org.reluconvex.pathlift;

import java.util.Arrays;
import org.reluconvex.network.Network;

/**
 * The one evaluator of gains (docs/math.md section 3): g_nu(a) = sum over the paths p from nu to the
 * output of the products of their weights, each path counted when every neuron on it after nu is
 * active in a. Computed by a backward sweep, g_l = sum over later layers t of W[t][l]^T (a_t ⊙ g_t),
 * over the layers after nu only; the same sweep started at a hidden neuron instead of the output
 * gives the gradient of that neuron's pre-activation (the kink code's normals).
 *
 * <p>Weights are read from blocks W[t][m] held in primitive arrays at an offset: the network's own
 * blocks ({@link #GainEvaluator(Network)}), or the chain blocks of a flat parameter vector
 * ({@link #ofChain}; input skips never lie on a path from a hidden neuron), rebound to new values by
 * {@link #weights}. Buffers are reused: one instance per thread.
 *
 * <p>Patterns are {@code boolean[][] active} indexed [layer][neuron] (layer 1..k; rows of layers at
 * or below the neuron are not read). Contributions of several later layers are added in decreasing
 * layer order, so {@link #gain} and {@link #gainsFrom} give bit-identical values.
 */
public final class GainEvaluator {
  private final int[] widths; // widths[0] = d, ..., widths[out] = 1
  private final int out;
  private final double[][][] w; // w[t][m]: the array holding block (t, m), or null
  private final int[][] off; // where block (t, m) starts in its array
  /** After {@link #gain}: a_l ⊙ g_l, the gains of the pre-activations of the layers above the neuron. */
  private final double[][] pre;
  /** Global index (hidden neurons numbered layer by layer from 0) of the first neuron of the last hidden layer. */
  private final int lastStart;
  /** Fast path: per neuron i of layer k-1, W_k[j][i] w_{k+1}[j] over j (filled on first use). */
  private final double[][] lastCoef;
  private boolean coefStale;
  /** For an evaluator over a flat parameter vector: which blocks (t, m) live in it. */
  private boolean[][] bound;

  /** An evaluator over the weights of net. */
  public GainEvaluator(Network net) {
    this(net.layerWidths());
    for (int t = 1; t <= out; t++)
      for (int m = 0; m < t; m++) w[t][m] = net.rawBlock(t, m);
  }

  /**
   * An evaluator over |W|: its gain of nu is the sum of |path products| from nu under the pattern,
   * what bounds the rounding error of nu's gain.
   */
  public static GainEvaluator ofMagnitudes(Network net) {
    GainEvaluator e = new GainEvaluator(net.layerWidths());
    for (int t = 1; t <= e.out; t++)
      for (int m = 0; m < t; m++) {
        double[] a = net.rawBlock(t, m);
        if (a == null) continue;
        double[] abs = new double[a.length];
        for (int i = 0; i < a.length; i++) abs[i] = Math.abs(a[i]);
        e.w[t][m] = abs;
      }
    return e;
  }

  /**
   * Roundings that one path product from a neuron of this layer can meet in {@link #gain}: along a
   * path, one product and the terms of one sum (over the later layers' neurons) per layer. With
   * gamma of this count, gamma * (the gain over |W|) bounds the rounding error of the gain.
   */
  public int roundings(int layer) {
    int ops = 0;
    for (int l = layer; l < out; l++) {
      for (int t = l + 1; t <= out; t++) if (w[t][l] != null) ops += widths[t];
      ops++;
    }
    return ops;
  }

  private GainEvaluator(int[] widths) {
    this.widths = widths.clone();
    out = widths.length - 1;
    w = new double[out + 1][][];
    off = new int[out + 1][];
    for (int t = 1; t <= out; t++) {
      w[t] = new double[t][];
      off[t] = new int[t];
    }
    pre = new double[out + 1][];
    for (int l = 1; l <= out; l++) pre[l] = new double[widths[l]];
    pre[out][0] = 1.0;
    int s = 0;
    for (int l = 1; l < out - 1; l++) s += widths[l];
    lastStart = s;
    lastCoef = out >= 3 ? new double[widths[out - 2]][] : null;
  }

  /**
   * An evaluator for an MLP or SkipMLP whose chain block W_l (rows = layer l, row-major) starts at
   * chainOffset[l] of a flat parameter vector, l = 1 .. k+1; bind the vector with {@link #weights}.
   */
  public static GainEvaluator ofChain(int[] widths, int[] chainOffset) {
    return ofChain(widths, chainOffset, null);
  }

  /**
   * As {@link #ofChain(int[], int[])}, with the input skip blocks V_t (rows = layer t, columns = the
   * inputs) at skipOffset[t] where it is not negative: they lie only on paths from an input node, so
   * they are needed only for the gains of input nodes (layer 0: df/dx_i on the pattern's cell).
   */
  public static GainEvaluator ofChain(int[] widths, int[] chainOffset, int[] skipOffset) {
    GainEvaluator e = new GainEvaluator(widths);
    e.bound = new boolean[e.out + 1][];
    for (int t = 1; t <= e.out; t++) {
      e.bound[t] = new boolean[t];
      e.off[t][t - 1] = chainOffset[t];
      e.bound[t][t - 1] = true;
      if (skipOffset != null && t >= 2 && skipOffset[t] >= 0) {
        e.off[t][0] = skipOffset[t];
        e.bound[t][0] = true;
      }
    }
    return e;
  }

  /** Binds the blocks to the parameter vector theta (an evaluator made by {@link #ofChain}). */
  public void weights(double[] theta) {
    for (int t = 1; t <= out; t++)
      for (int m = 0; m < t; m++) if (bound[t][m]) w[t][m] = theta;
    coefStale = true; // the fast path's products are of the old weights (theta may be updated in place)
  }

  /** g of neuron (layer, index) under the pattern active of the layers after it. */
  public double gain(int layer, int index, boolean[][] active) {
    sweep(out, layer + 1, active, pre, pre);
    double s = 0;
    int k = widths[layer];
    for (int t = out; t > layer; t--) {
      double[] a = w[t][layer];
      if (a == null) continue;
      int o = off[t][layer] + index;
      double[] gt = pre[t];
      for (int i = 0; i < gt.length; i++) if (gt[i] != 0) s += a[o + i * k] * gt[i];
    }
    return s;
  }

  /**
   * After {@link #gain} of a neuron of layer m: for l &gt; m, a_l ⊙ g_l, the derivative of f with
   * respect to the pre-activations of layer l (l = k+1: {1}). Shared; overwritten by the next call.
   */
  public double[] preGain(int l) { return pre[l]; }

  /**
   * The gains of every node below a root node under the pattern: result[m][j] = d pre_root / d
   * post_(m, j) with the activations of the layers between frozen to active. Root (k+1, 0) gives
   * every g_nu, and result[0] the gradient of f on the cell; a hidden root gives its pre-activation's
   * gradient in result[0]. result[root] is the unit vector of the root. Fresh arrays.
   */
  public double[][] gainsFrom(int rootLayer, int rootIndex, boolean[][] active) {
    double[][] post = new double[rootLayer + 1][];
    double[][] masked = new double[rootLayer + 1][];
    for (int l = 0; l <= rootLayer; l++) {
      post[l] = new double[widths[l]];
      masked[l] = l == rootLayer ? post[l] : new double[widths[l]];
    }
    post[rootLayer][rootIndex] = 1.0;
    sweep(rootLayer, 0, active, post, masked);
    return post;
  }

  /**
   * post[l] = sum over t from root down to l+1 of W[t][l]^T pre[t], and pre[l] = a_l ⊙ post[l], for
   * l from root-1 down to stop (post[l] and pre[l] may be one array: masked in place).
   */
  private void sweep(int root, int stop, boolean[][] active, double[][] post, double[][] pre) {
    for (int l = root - 1; l >= stop; l--) {
      double[] g = post[l];
      Arrays.fill(g, 0);
      int n = g.length;
      for (int t = root; t > l; t--) {
        double[] a = w[t][l];
        if (a == null) continue;
        int o = off[t][l];
        double[] gt = pre[t];
        for (int i = 0; i < gt.length; i++) {
          double gi = gt[i];
          if (gi == 0) continue;
          int row = o + i * n;
          for (int j = 0; j < n; j++) g[j] += a[row + j] * gi;
        }
      }
      if (l == 0) continue;
      double[] p = pre[l];
      boolean[] act = active[l];
      for (int j = 0; j < n; j++) p[j] = act[j] ? g[j] : 0;
    }
  }

  /** Whether {@link #minGainLastLayers} applies to neurons of this layer: the last two hidden layers. */
  public boolean lastLayers(int layer) { return layer >= 1 && layer >= out - 2; }

  /**
   * The smallest gain of neuron (layer, index) of the last two hidden layers over the patterns of the
   * last hidden layer given as bits (bit g of bits[g / 64] for the neuron of global index g, hidden
   * neurons numbered layer by layer from 0), where each neuron listed in zeros (global indices, their
   * bits clear: a neuron at zero is not active) may be on or off. No sweep: a neuron of the last hidden layer has its output weight; one of the layer
   * before has its output weight plus W_k[j][nu] w_{k+1}[j] over the active j, and each zero adds its
   * term only when negative.
   */
  public double minGainLastLayers(int layer, int index, long[] bits, int[] zeros) {
    double direct = weight(out, layer, 0, index);
    int last = out - 1;
    if (layer == last) return direct;
    if (coefStale) {
      Arrays.fill(lastCoef, null);
      coefStale = false;
    }
    double[] c = lastCoef[index];
    if (c == null) {
      int n = widths[last];
      c = new double[n];
      for (int j = 0; j < n; j++) c[j] = weight(last, layer, j, index) * weight(out, last, 0, j);
      lastCoef[index] = c;
    }
    int from = lastStart, to = lastStart + widths[last];
    double g = direct;
    for (int q = from >>> 6; q <= (to - 1) >>> 6; q++) {
      long word = bits[q];
      if (q == from >>> 6) word &= -1L << (from & 63);
      if (q == (to - 1) >>> 6 && (to & 63) != 0) word &= (1L << (to & 63)) - 1;
      while (word != 0) {
        g += c[64 * q + Long.numberOfTrailingZeros(word) - from];
        word &= word - 1;
      }
    }
    double min = g;
    for (int z : zeros) min += Math.min(0, c[z - from]);
    return min;
  }

  /** Weight from node j of layer m to node i of layer t (0 without such an edge). */
  private double weight(int t, int m, int i, int j) {
    double[] a = w[t][m];
    return a == null ? 0.0 : a[off[t][m] + i * widths[m] + j];
  }
}
