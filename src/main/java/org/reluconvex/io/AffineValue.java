package org.reluconvex.io;

import java.util.Map;
import java.util.TreeMap;

/**
 * A batch of n-vectors that is an affine function of the network's sources: the input x (source
 * 0) and the outputs of the hidden ReLU groups created so far (sources 1, 2, ...):
 * value = offset + sum over sources s of B_s post_s, with B_s an n x width(s) row-major block.
 *
 * <p>The layout and rank say which axis holds the batch and which the n features; every other axis
 * has length 1: {@link Layout#ROW} is {@code [batch, n]} (or {@code [batch, 1, ..., n]} or, without
 * a batch, {@code [n]} when rank is 1), {@link Layout#COLUMN} is {@code [n, batch]} (what Gemm produces
 * from a transposed operand), {@link Layout#CHANNELS} is {@code [batch, n, 1, ...]} (the features as
 * the channels BatchNorm sees), {@link Layout#SCALARS} is {@code [batch]}. Immutable by convention:
 * operations return new values.
 */
final class AffineValue implements SymbolicValue {
  enum Layout {
    /** [batch, 1, ..., 1, n] (rank &ge; 2), or [n] when rank is 1 (and a scalar [] when rank is 0). */
    ROW,
    /** [n, batch]. */
    COLUMN,
    /** [batch, n, 1, ..., 1] (rank &ge; 3): features on axis 1. */
    CHANNELS,
    /** [batch]: one scalar per input, the feature axis squeezed away (n = 1). */
    SCALARS
  }

  /** Largest coefficient block held (n x width entries); beyond it a model is refused as too large. */
  static final long MAX_BLOCK = 1L << 25;

  final int n;
  final Layout layout;
  final int rank;
  final double[] offset;
  /**
   * Whether entry k's offset holds a bias term of the model: a constant the graph adds (a Linear's
   * bias, a BatchNorm shift), not only the constants inside an activation (Clip bounds, a Max operand).
   * A hidden neuron or output without one was exported from a layer with {@code bias=False}.
   */
  final boolean[] bias;
  /** When &ge; 0, this value is exactly the post-activations of that source and blocks are built on demand. */
  private final int identityOf;
  private TreeMap<Integer, double[]> blocks;

  AffineValue(int n, Layout layout, int rank, double[] offset, boolean[] bias, TreeMap<Integer, double[]> blocks) {
    this(n, layout, rank, offset, bias, blocks, -1);
  }

  private AffineValue(int n, Layout layout, int rank, double[] offset, boolean[] bias, TreeMap<Integer, double[]> blocks,
      int identityOf) {
    this.n = n;
    this.layout = layout;
    this.rank = rank;
    this.offset = offset;
    this.bias = bias;
    this.blocks = blocks;
    this.identityOf = identityOf;
  }

  /** The identity on one source of the given width: its own post-activations. */
  static AffineValue source(int source, int width, Layout layout, int rank) {
    return new AffineValue(width, layout, rank, new double[width], new boolean[width], null, source);
  }

  /** Allocates a coefficient block, refusing sizes no exact check could handle. */
  static double[] newBlock(long rows, long cols) {
    if (rows * cols > MAX_BLOCK)
      throw new BadInputException("the network is too large for reluconvex: a block of " + rows + " x " + cols + " weights");
    return new double[(int) (rows * cols)];
  }

  /** The axis of the batch, or -1 when there is none (a single vector). */
  int batchAxis() {
    switch (layout) {
      case ROW: return rank <= 1 ? -1 : 0;
      case COLUMN: return 1;
      default: return 0;
    }
  }

  /** The axis of the features, or -1 when there is none (SCALARS, or ROW of rank 0; n = 1). */
  int featureAxis() {
    switch (layout) {
      case ROW: return rank - 1;
      case COLUMN: return 0;
      case CHANNELS: return 1;
      default: return -1;
    }
  }

  /**
   * This value as a tensor of rank r with the batch on axis b and the features on axis f (-1: none),
   * every other axis of length 1, or null when no layout is that tensor. With one feature, any axis
   * of length 1 may be taken as the feature axis.
   */
  AffineValue withAxes(int r, int b, int f) {
    Layout l = layoutOf(r, b, f);
    for (int k = -1; l == null && n == 1 && k < r; k++) if (k != b) l = layoutOf(r, b, k);
    return l == null || (f < 0 && n != 1) ? null : withShape(l, r);
  }

  private static Layout layoutOf(int r, int b, int f) {
    if (b < 0) return r <= 1 && f == r - 1 ? Layout.ROW : null;
    if (b == 0 && r >= 2 && f == r - 1) return Layout.ROW;
    if (b == 0 && r >= 3 && f == 1) return Layout.CHANNELS;
    if (b == 1 && r == 2 && f == 0) return Layout.COLUMN;
    if (b == 0 && r == 1 && f < 0) return Layout.SCALARS;
    return null;
  }

  /** The shape for messages, such as [batch, 5, 1]. */
  static String shapeText(int r, int b, int f, int n) {
    StringBuilder sb = new StringBuilder("[");
    for (int k = 0; k < r; k++) sb.append(k > 0 ? ", " : "").append(k == b ? "batch" : k == f ? Integer.toString(n) : "1");
    return sb.append(']').toString();
  }

  String shapeText() { return shapeText(rank, batchAxis(), featureAxis(), n); }

  /** Coefficient blocks by source (the identity block is built on first use). */
  TreeMap<Integer, double[]> blocks() {
    if (blocks == null) {
      double[] eye = newBlock(n, n);
      for (int i = 0; i < n; i++) eye[i * n + i] = 1.0;
      TreeMap<Integer, double[]> b = new TreeMap<>();
      b.put(identityOf, eye);
      blocks = b;
    }
    return blocks;
  }

  boolean isConstant() { return identityOf < 0 && blocks.isEmpty(); }

  AffineValue withShape(Layout l, int r) { return new AffineValue(n, l, r, offset, bias, blocks, identityOf); }

  /** y = L v, with L an m x n row-major matrix. Zero entries are skipped, so selections are exact. */
  AffineValue linear(double[] l, int m, Layout outLayout, int outRank) {
    boolean[] outBias = new boolean[m]; // an entry has a bias term when it mixes in one that has
    for (int i = 0; i < n; i++)
      if (bias[i]) for (int j = 0; j < m; j++) outBias[j] |= l[j * n + i] != 0;
    if (identityOf >= 0) { // L times the identity is L (the offset, if a constant was added, is mapped too)
      TreeMap<Integer, double[]> out = new TreeMap<>();
      out.put(identityOf, l.clone());
      double[] off = new double[m];
      for (int i = 0; i < n; i++)
        if (offset[i] != 0) for (int j = 0; j < m; j++) off[j] += l[j * n + i] * offset[i];
      return new AffineValue(m, outLayout, outRank, off, outBias, out);
    }
    TreeMap<Integer, double[]> out = new TreeMap<>();
    for (Map.Entry<Integer, double[]> e : blocks.entrySet()) {
      double[] b = e.getValue();
      int w = b.length / n;
      double[] r = newBlock(m, w);
      for (int i = 0; i < n; i++) {
        int bi = i * w;
        for (int k = 0; k < w; k++) {
          double v = b[bi + k];
          if (v == 0) continue;
          for (int j = 0; j < m; j++) {
            double c = l[j * n + i];
            if (c != 0) r[j * w + k] += c * v;
          }
        }
      }
      out.put(e.getKey(), r);
    }
    double[] off = new double[m];
    for (int i = 0; i < n; i++) {
      double v = offset[i];
      if (v == 0) continue;
      for (int j = 0; j < m; j++) {
        double c = l[j * n + i];
        if (c != 0) off[j] += c * v;
      }
    }
    return new AffineValue(m, outLayout, outRank, off, outBias, out);
  }

  /** Every coefficient and the offset multiplied by a. */
  AffineValue scaled(double a) {
    if (a == 1.0) return this;
    TreeMap<Integer, double[]> out = new TreeMap<>();
    for (Map.Entry<Integer, double[]> e : blocks().entrySet()) {
      double[] b = e.getValue().clone();
      for (int k = 0; k < b.length; k++) b[k] *= a;
      out.put(e.getKey(), b);
    }
    double[] off = offset.clone();
    for (int k = 0; k < off.length; k++) off[k] *= a;
    return new AffineValue(n, layout, rank, off, bias, out);
  }

  /** This plus c (length n, or length 1 broadcast), a constant inside an activation: no bias term. */
  AffineValue plusConstant(double[] c) {
    double[] off = offset.clone();
    for (int k = 0; k < n; k++) off[k] += c.length == 1 ? c[0] : c[k];
    return new AffineValue(n, layout, rank, off, bias, blocks, identityOf);
  }

  /** This plus c (length n, or length 1 broadcast), a bias term of the model. */
  AffineValue plusBias(double[] c) {
    boolean[] all = new boolean[n];
    java.util.Arrays.fill(all, true);
    return new AffineValue(n, layout, rank, plusConstant(c).offset, all, blocks, identityOf);
  }

  /** This n-vector repeated to length m (this has n = 1). */
  AffineValue broadcastTo(int m) {
    if (m == n) return this;
    double[] ones = new double[m];
    java.util.Arrays.fill(ones, 1.0);
    return linear(ones, m, layout, rank);
  }

  /** Sum of two values of the same length. */
  AffineValue plus(AffineValue o) {
    TreeMap<Integer, double[]> out = new TreeMap<>();
    for (Map.Entry<Integer, double[]> e : blocks().entrySet()) out.put(e.getKey(), e.getValue().clone());
    for (Map.Entry<Integer, double[]> e : o.blocks().entrySet()) {
      double[] mine = out.get(e.getKey());
      if (mine == null) out.put(e.getKey(), e.getValue().clone());
      else for (int k = 0; k < mine.length; k++) mine[k] += e.getValue()[k];
    }
    double[] off = offset.clone();
    boolean[] b = bias.clone();
    for (int k = 0; k < n; k++) {
      off[k] += o.offset[k];
      b[k] |= o.bias[k];
    }
    return new AffineValue(n, layout, rank, off, b, out);
  }

  /** Rows of the parts stacked in order (concatenation along the feature axis). */
  static AffineValue concat(java.util.List<AffineValue> parts, java.util.function.IntUnaryOperator sourceWidth) {
    long sum = 0;
    for (AffineValue p : parts) sum += p.n;
    if (sum > MAX_BLOCK) throw new BadInputException("the network is too large for reluconvex: a layer of " + sum + " values");
    int total = (int) sum;
    TreeMap<Integer, double[]> out = new TreeMap<>();
    double[] off = new double[total];
    boolean[] bias = new boolean[total];
    int row = 0;
    for (AffineValue p : parts) {
      for (Map.Entry<Integer, double[]> e : p.blocks().entrySet()) {
        int w = sourceWidth.applyAsInt(e.getKey());
        double[] dst = out.get(e.getKey());
        if (dst == null) {
          dst = newBlock(total, w);
          out.put(e.getKey(), dst);
        }
        System.arraycopy(e.getValue(), 0, dst, row * w, p.n * w);
      }
      System.arraycopy(p.offset, 0, off, row, p.n);
      System.arraycopy(p.bias, 0, bias, row, p.n);
      row += p.n;
    }
    AffineValue first = parts.get(0);
    return new AffineValue(total, first.layout, first.rank, off, bias, out);
  }
}
