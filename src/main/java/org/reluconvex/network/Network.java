package org.reluconvex.network;

import java.util.Arrays;
import java.util.Objects;

/**
 * A ReLU network with one scalar output, stored as a DAG whose nodes are grouped into layers.
 *
 * <p>Layer 0 is the input (width d), layers 1..k are hidden ReLU layers, layer k+1 is the scalar
 * output. A node of layer l may receive edges from any node of any earlier layer m &lt; l; the
 * edges from layer m into layer l form one dense block {@code W[l][m]} (row-major, rows = nodes of
 * l), or {@code null} when there are none. Every DAG ReLU network has this form (layer = longest
 * path from the inputs) and an absent edge is a zero entry, which changes neither the function
 * nor any path product. An MLP has only the blocks {@code W[l][l-1]}; a SkipMLP adds
 * {@code W[l][0]} for l &ge; 2.
 *
 * <p>A node may be declared without a bias term (a PyTorch layer with {@code bias=False}); its bias
 * is then 0 and is not a parameter of the model, which matters only for {@link #parameterCount()}.
 *
 * <p>Instances are immutable. The {@code raw*} accessors expose internal arrays for hot loops;
 * callers must not modify them.
 */
public final class Network {
  private final int inputDim;
  private final int[] widths; // widths[0] = d, widths[1..k] hidden, widths[k+1] = 1
  private final double[][][] blocks; // blocks[l][m], m < l, row-major widths[l] x widths[m], or null
  private final double[][] biases; // biases[l], l >= 1
  private final boolean[][] noBias; // noBias[l][i]: declared without a bias term; a null row: none is

  Network(int[] widths, double[][][] blocks, double[][] biases, boolean[][] noBias) {
    this.widths = widths.clone();
    this.inputDim = widths[0];
    this.blocks = blocks;
    this.biases = biases;
    this.noBias = noBias;
    validate();
  }

  private void validate() {
    int last = widths.length - 1;
    if (widths.length < 2) throw new IllegalArgumentException("a network needs an input and an output layer");
    if (inputDim < 1) throw new IllegalArgumentException("input dimension must be at least 1, got " + inputDim);
    if (widths[last] != 1)
      throw new IllegalArgumentException("only scalar-output networks are supported; this one has "
          + widths[last] + " outputs");
    for (int l = 1; l <= last; l++) {
      if (widths[l] < 1) throw new IllegalArgumentException("layer " + l + " has width " + widths[l]);
      Objects.requireNonNull(biases[l], "bias of layer " + l);
      if (biases[l].length != widths[l])
        throw new IllegalArgumentException("bias of layer " + l + " has length " + biases[l].length
            + ", expected " + widths[l]);
      checkFinite(biases[l], "bias of layer " + l);
      if (noBias[l] != null && noBias[l].length != widths[l])
        throw new IllegalArgumentException("bias-free marks of layer " + l + " have length " + noBias[l].length);
      boolean any = false;
      for (int m = 0; m < l; m++) {
        double[] w = blocks[l][m];
        if (w == null) continue;
        any = true;
        if (w.length != widths[l] * widths[m])
          throw new IllegalArgumentException("weights from layer " + m + " to layer " + l + " have "
              + w.length + " entries, expected " + widths[l] + "x" + widths[m]);
        checkFinite(w, "weights from layer " + m + " to layer " + l);
      }
      if (!any) throw new IllegalArgumentException("layer " + l + " has no incoming weights");
    }
  }

  private static void checkFinite(double[] a, String what) {
    for (int i = 0; i < a.length; i++)
      if (!Double.isFinite(a[i]))
        throw new IllegalArgumentException(what + " has a non-finite value (" + a[i] + ") at index " + i);
  }

  /** Input dimension d. */
  public int inputDim() { return inputDim; }

  /** Number of hidden layers k. */
  public int hiddenLayers() { return widths.length - 2; }

  /** Index of the output layer, k + 1. */
  public int outputLayer() { return widths.length - 1; }

  /** Width of layer l (0 = input, k+1 = output). */
  public int width(int l) { return widths[l]; }

  /** Hidden widths (n_1, ..., n_k). */
  public int[] hiddenWidths() { return Arrays.copyOfRange(widths, 1, widths.length - 1); }

  /** All layer widths including input and output. */
  public int[] layerWidths() { return widths.clone(); }

  /** Total number of hidden neurons. */
  public int hiddenCount() {
    int s = 0;
    for (int l = 1; l < widths.length - 1; l++) s += widths[l];
    return s;
  }

  /** Whether there are edges from layer m into layer l. */
  public boolean hasBlock(int l, int m) { return m < l && blocks[l][m] != null; }

  /** Weight from node j of layer m to node i of layer l (0 when there is no such edge). */
  public double weight(int l, int m, int i, int j) {
    double[] w = blocks[l][m];
    return w == null ? 0.0 : w[i * widths[m] + j];
  }

  /** Bias of node i of layer l. */
  public double bias(int l, int i) { return biases[l][i]; }

  /**
   * Whether node i of layer l has a bias term: false only for a node declared without one whose
   * bias is 0 (a nonzero bias, as after a translation of the input, is a term whatever the declaration).
   */
  public boolean hasBias(int l, int i) {
    return noBias[l] == null || !noBias[l][i] || biases[l][i] != 0;
  }

  /** Row-major block widths[l] x widths[m] or null. Shared: do not modify. */
  public double[] rawBlock(int l, int m) { return blocks[l][m]; }

  /** Bias vector of layer l. Shared: do not modify. */
  public double[] rawBias(int l) { return biases[l]; }

  /**
   * Number of parameters: every weight of a block and every bias term (see {@link #hasBias}), what
   * PyTorch counts for a stack of Linear layers, with or without bias.
   */
  public long parameterCount() {
    long n = 0;
    for (int l = 1; l < widths.length; l++) {
      for (int i = 0; i < widths[l]; i++) if (hasBias(l, i)) n++;
      for (int m = 0; m < l; m++) if (blocks[l][m] != null) n += blocks[l][m].length;
    }
    return n;
  }

  /** The shape of this network: MLP, SkipMLP, or general DAG. */
  public Architecture architecture() {
    int out = outputLayer();
    boolean mlp = true, skip = true;
    for (int l = 1; l <= out; l++) {
      for (int m = 0; m < l; m++) {
        boolean present = blocks[l][m] != null;
        boolean chain = m == l - 1;
        boolean fromInput = m == 0;
        if (present && !chain) mlp = false;
        if (present && !chain && !fromInput) skip = false;
        if (!present && chain) { mlp = false; skip = false; }
      }
    }
    if (mlp) return Architecture.MLP;
    if (skip) return Architecture.SKIP_MLP;
    return Architecture.DAG;
  }

  /**
   * ICNN: every weight from a hidden node to a hidden node or to the output is non-negative
   * (weights leaving the input are free).
   */
  public boolean isIcnn() {
    for (int l = 2; l <= outputLayer(); l++)
      for (int m = 1; m < l; m++) {
        double[] w = blocks[l][m];
        if (w == null) continue;
        for (double v : w) if (v < 0) return false;
      }
    return true;
  }

  /** Output f(x). */
  public double eval(double[] x) {
    return Forward.eval(this, x);
  }

  /** Outputs for a batch of points. */
  public double[] eval(double[][] xs) {
    double[] y = new double[xs.length];
    Forward f = new Forward(this);
    for (int i = 0; i < xs.length; i++) y[i] = f.output(xs[i]);
    return y;
  }

  /** A new builder-equivalent copy with blocks, biases and bias-free declarations (deep copies), for transformations. */
  public NetworkBuilder toBuilder() {
    NetworkBuilder b = NetworkBuilder.withWidths(widths);
    for (int l = 1; l < widths.length; l++) {
      b.bias(l, biases[l].clone());
      for (int m = 0; m < l; m++) if (blocks[l][m] != null) b.block(l, m, blocks[l][m].clone());
      if (noBias[l] != null) for (int i = 0; i < widths[l]; i++) if (noBias[l][i]) b.withoutBias(l, i);
    }
    return b;
  }

  /**
   * The network of -f: every weight into the output and its bias negated, exactly (f concave iff -f
   * convex; a witness of one is a witness of the other).
   */
  public Network negated() {
    NetworkBuilder b = toBuilder();
    int out = widths.length - 1;
    double[] bias = biases[out].clone();
    for (int i = 0; i < bias.length; i++) bias[i] = -bias[i];
    b.bias(out, bias);
    for (int m = 0; m < out; m++) {
      if (blocks[out][m] == null) continue;
      double[] w = blocks[out][m].clone();
      for (int i = 0; i < w.length; i++) w[i] = -w[i];
      b.block(out, m, w);
    }
    if (noBias[out] != null) for (int i = 0; i < widths[out]; i++) if (noBias[out][i]) b.withoutBias(out, i);
    return b.build();
  }

  /** Short description such as {@code MLP 2 -> 4x8 -> 1}. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append(architecture().label()).append(' ').append(inputDim).append(" -> ");
    if (hiddenLayers() == 0) sb.append("(no hidden layer)");
    for (int l = 1; l <= hiddenLayers(); l++) sb.append(l > 1 ? "x" : "").append(widths[l]);
    return sb.append(" -> 1").toString();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Network)) return false;
    Network n = (Network) o;
    if (!Arrays.equals(widths, n.widths)) return false;
    for (int l = 1; l < widths.length; l++) {
      if (!Arrays.equals(biases[l], n.biases[l])) return false;
      for (int m = 0; m < l; m++) if (!Arrays.equals(blocks[l][m], n.blocks[l][m])) return false;
      for (int i = 0; i < widths[l]; i++) if (hasBias(l, i) != n.hasBias(l, i)) return false;
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = Arrays.hashCode(widths);
    for (int l = 1; l < widths.length; l++) h = 31 * h + Arrays.hashCode(biases[l]);
    return h;
  }

  @Override
  public String toString() { return describe(); }
}
