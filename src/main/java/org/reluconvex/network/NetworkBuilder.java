package org.reluconvex.network;

/**
 * Assembles a {@link Network} layer by layer. Layer 0 is the input, the last layer the scalar
 * output. Matrices are given as {@code double[rows = target][cols = source]} or row-major.
 */
public final class NetworkBuilder {
  private final int[] widths;
  private final double[][][] blocks;
  private final double[][] biases;
  private final boolean[][] noBias;

  private NetworkBuilder(int[] widths) {
    this.widths = widths.clone();
    this.blocks = new double[widths.length][][];
    for (int l = 0; l < widths.length; l++) blocks[l] = new double[l][];
    this.biases = new double[widths.length][];
    for (int l = 1; l < widths.length; l++) biases[l] = new double[widths[l]];
    this.noBias = new boolean[widths.length][];
  }

  /** Widths of all layers, input first, output (1) last. */
  public static NetworkBuilder withWidths(int... widths) {
    if (widths.length < 2) throw new IllegalArgumentException("need at least input and output layers");
    for (int w : widths) if (w < 1) throw new IllegalArgumentException("layer widths must be positive");
    return new NetworkBuilder(widths);
  }

  /** Input dimension d, hidden widths, and a scalar output. */
  public static NetworkBuilder of(int inputDim, int... hidden) {
    int[] w = new int[hidden.length + 2];
    w[0] = inputDim;
    System.arraycopy(hidden, 0, w, 1, hidden.length);
    w[w.length - 1] = 1;
    return withWidths(w);
  }

  public int layers() { return widths.length; }

  public int width(int l) { return widths[l]; }

  /** Sets the block of weights from layer m into layer l, given as [target][source]. */
  public NetworkBuilder weights(int l, int m, double[][] w) {
    if (w.length != widths[l])
      throw new IllegalArgumentException("weights into layer " + l + " need " + widths[l] + " rows, got " + w.length);
    double[] flat = new double[widths[l] * widths[m]];
    for (int i = 0; i < w.length; i++) {
      if (w[i].length != widths[m])
        throw new IllegalArgumentException("weights from layer " + m + " need " + widths[m] + " columns, got " + w[i].length);
      System.arraycopy(w[i], 0, flat, i * widths[m], widths[m]);
    }
    return block(l, m, flat);
  }

  /** Sets the block from layer m into layer l, row-major (taken over, not copied). */
  public NetworkBuilder block(int l, int m, double[] rowMajor) {
    if (m >= l || l >= widths.length || m < 0) throw new IllegalArgumentException("no edges from layer " + m + " into layer " + l);
    if (rowMajor != null && rowMajor.length != widths[l] * widths[m])
      throw new IllegalArgumentException("block " + m + "->" + l + " needs " + widths[l] * widths[m] + " entries, got " + rowMajor.length);
    blocks[l][m] = rowMajor;
    return this;
  }

  /** Adds w to the weight from node j of layer m to node i of layer l, creating the block. */
  public NetworkBuilder addWeight(int l, int m, int i, int j, double w) {
    if (blocks[l][m] == null) blocks[l][m] = new double[widths[l] * widths[m]];
    blocks[l][m][i * widths[m] + j] += w;
    return this;
  }

  public NetworkBuilder bias(int l, double[] b) {
    if (b.length != widths[l]) throw new IllegalArgumentException("bias of layer " + l + " needs " + widths[l] + " entries, got " + b.length);
    biases[l] = b.clone();
    return this;
  }

  public NetworkBuilder bias(int l, int i, double b) {
    biases[l][i] = b;
    return this;
  }

  /**
   * Declares node i of layer l without a bias term, as a PyTorch layer with {@code bias=False}: it
   * then counts no bias parameter as long as its bias is 0 (see {@link Network#hasBias}).
   */
  public NetworkBuilder withoutBias(int l, int i) {
    if (noBias[l] == null) noBias[l] = new boolean[widths[l]];
    noBias[l][i] = true;
    return this;
  }

  /** Current block (live), or null. */
  public double[] block(int l, int m) { return blocks[l][m]; }

  public double[] bias(int l) { return biases[l]; }

  public Network build() {
    double[][][] b = new double[widths.length][][];
    double[][] bs = new double[widths.length][];
    for (int l = 0; l < widths.length; l++) {
      b[l] = new double[l][];
      for (int m = 0; m < l; m++) b[l][m] = blocks[l][m] == null ? null : blocks[l][m].clone();
      if (l > 0) bs[l] = biases[l].clone();
    }
    boolean[][] nb = new boolean[widths.length][];
    for (int l = 1; l < widths.length; l++) nb[l] = noBias[l] == null ? null : noBias[l].clone();
    return new Network(widths, b, bs, nb);
  }
}
