package org.reluconvex.io;

import java.util.Map;
import java.util.TreeMap;

/**
 * A batch of n-vectors that is an affine function of the network's sources: the input x (source
 * 0) and the outputs of the hidden ReLU groups created so far (sources 1, 2, ...):
 * value = offset + sum over sources s of B_s post_s, with B_s an n x width(s) row-major block.
 *
 * <p>The layout records where the feature axis is: {@link Layout#ROW} is {@code [batch, n]} (or
 * {@code [n]} when rank is 1), {@link Layout#COLUMN} is {@code [n, batch]} (what Gemm produces from a
 * transposed operand), {@link Layout#SCALARS} is {@code [batch]}. Immutable by convention: operations return new values.
 */
final class AffineValue implements SymbolicValue {
  enum Layout {
    /** [batch, n], or [n] when rank is 1. */
    ROW,
    /** [n, batch]. */
    COLUMN,
    /** [batch]: one scalar per input, the feature axis squeezed away (n = 1). */
    SCALARS
  }

  /** Largest coefficient block held (n x width entries); beyond it a model is refused as too large. */
  static final long MAX_BLOCK = 1L << 25;

  final int n;
  final Layout layout;
  final int rank;
  final double[] offset;
  /** When &ge; 0, this value is exactly the post-activations of that source and blocks are built on demand. */
  private final int identityOf;
  private TreeMap<Integer, double[]> blocks;

  AffineValue(int n, Layout layout, int rank, double[] offset, TreeMap<Integer, double[]> blocks) {
    this(n, layout, rank, offset, blocks, -1);
  }

  private AffineValue(int n, Layout layout, int rank, double[] offset, TreeMap<Integer, double[]> blocks, int identityOf) {
    this.n = n;
    this.layout = layout;
    this.rank = rank;
    this.offset = offset;
    this.blocks = blocks;
    this.identityOf = identityOf;
  }

  /** The identity on one source of the given width: its own post-activations. */
  static AffineValue source(int source, int width, Layout layout, int rank) {
    return new AffineValue(width, layout, rank, new double[width], null, source);
  }

  /** Allocates a coefficient block, refusing sizes no exact check could handle. */
  static double[] newBlock(long rows, long cols) {
    if (rows * cols > MAX_BLOCK)
      throw new BadInputException("the network is too large for reluconvex: a block of " + rows + " x " + cols + " weights");
    return new double[(int) (rows * cols)];
  }

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

  AffineValue withShape(Layout l, int r) { return new AffineValue(n, l, r, offset, blocks, identityOf); }

  /** y = L v, with L an m x n row-major matrix. Zero entries are skipped, so selections are exact. */
  AffineValue linear(double[] l, int m, Layout outLayout, int outRank) {
    if (identityOf >= 0) { // L times the identity is L (the offset, if a constant was added, is mapped too)
      TreeMap<Integer, double[]> out = new TreeMap<>();
      out.put(identityOf, l.clone());
      double[] off = new double[m];
      for (int i = 0; i < n; i++)
        if (offset[i] != 0) for (int j = 0; j < m; j++) off[j] += l[j * n + i] * offset[i];
      return new AffineValue(m, outLayout, outRank, off, out);
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
    return new AffineValue(m, outLayout, outRank, off, out);
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
    return new AffineValue(n, layout, rank, off, out);
  }

  /** This plus c (length n, or length 1 broadcast). */
  AffineValue plusConstant(double[] c) {
    double[] off = offset.clone();
    for (int k = 0; k < n; k++) off[k] += c.length == 1 ? c[0] : c[k];
    return new AffineValue(n, layout, rank, off, blocks, identityOf);
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
    for (int k = 0; k < n; k++) off[k] += o.offset[k];
    return new AffineValue(n, layout, rank, off, out);
  }

  /** Rows of the parts stacked in order (concatenation along the feature axis). */
  static AffineValue concat(java.util.List<AffineValue> parts, java.util.function.IntUnaryOperator sourceWidth) {
    long sum = 0;
    for (AffineValue p : parts) sum += p.n;
    if (sum > MAX_BLOCK) throw new BadInputException("the network is too large for reluconvex: a layer of " + sum + " values");
    int total = (int) sum;
    TreeMap<Integer, double[]> out = new TreeMap<>();
    double[] off = new double[total];
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
      row += p.n;
    }
    AffineValue first = parts.get(0);
    return new AffineValue(total, first.layout, first.rank, off, out);
  }
}
