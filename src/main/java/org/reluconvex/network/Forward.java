package org.reluconvex.network;

/**
 * Forward pass with reusable buffers (one instance per thread). After {@link #run(double[])},
 * {@link #pre(int)} and {@link #post(int)} hold every layer's pre- and post-activations.
 */
public final class Forward {
  private final Network net;
  private final double[][] pre;
  private final double[][] post;
  /** Per source layer: the indices of its nonzero values, gathered for a sum. */
  private final int[][] nonzero;

  public Forward(Network net) {
    this.net = net;
    int layers = net.outputLayer() + 1;
    pre = new double[layers][];
    post = new double[layers][];
    nonzero = new int[layers][];
    for (int l = 0; l < layers; l++) {
      nonzero[l] = new int[net.width(l)];
      if (l == 0) continue;
      pre[l] = new double[net.width(l)];
      post[l] = new double[net.width(l)];
    }
  }

  public static double eval(Network net, double[] x) {
    return new Forward(net).output(x);
  }

  /** Runs the network on x (length d) and returns f(x). */
  public double output(double[] x) {
    run(x);
    return pre[net.outputLayer()][0];
  }

  /** Runs the network on x; results stay in the buffers. */
  public void run(double[] x) {
    runBelow(x, net.outputLayer() + 1);
  }

  /**
   * Runs layers 1 .. layer - 1 on x (layers from {@code layer} on keep stale values): enough for
   * {@link #preOf}, {@link #magnitude} and {@link #tangent} at layer.
   */
  public void runBelow(double[] x, int layer) {
    start(x);
    runFrom(1, layer - 1, null);
  }

  /**
   * f extended from the cell of pattern a: the forward pass of x with every hidden neuron's
   * activation frozen to a (an inactive neuron outputs 0, an active one its pre-activation even when
   * negative), so the result is affine in x.
   */
  public double outputUnder(ActivationPattern a, double[] x) {
    start(x);
    runFrom(1, net.outputLayer(), a);
    return pre[net.outputLayer()][0];
  }

  private void start(double[] x) {
    if (x.length != net.inputDim())
      throw new IllegalArgumentException("point has " + x.length + " coordinates, the network expects " + net.inputDim());
    post[0] = x;
    pre[0] = x;
  }

  /** Recomputes layers from..to assuming earlier layers are current; frozen null means ReLU. */
  private void runFrom(int from, int to, ActivationPattern frozen) {
    for (int l = from; l <= to; l++) {
      int n = net.width(l);
      double[] z = pre[l];
      System.arraycopy(net.rawBias(l), 0, z, 0, n);
      addIncoming(l, post, z);
      if (l < net.outputLayer()) {
        double[] p = post[l];
        if (frozen == null) for (int i = 0; i < n; i++) p[i] = z[i] > 0 ? z[i] : 0.0;
        else {
          boolean[] act = frozen.layer(l);
          for (int i = 0; i < n; i++) p[i] = act[i] ? z[i] : 0.0;
        }
      }
    }
  }

  /**
   * Pre-activation of neuron i of layer l from the post-activations below it (after
   * {@link #runBelow}(x, l) or a full run). Zero inputs are skipped, as ReLU makes many: this is
   * the complex construction's inner loop, one neuron at a time.
   */
  public double preOf(int l, int i) {
    double s = net.rawBias(l)[i];
    for (int m = 0; m < l; m++) {
      double[] w = net.rawBlock(l, m);
      if (w == null) continue;
      double[] src = post[m];
      int k = src.length;
      int off = i * k;
      for (int j = 0; j < k; j++) {
        double p = src[j];
        if (p != 0) s += w[off + j] * p;
      }
    }
    return s;
  }

  /**
   * |b_i| + sum over inputs |w_ij post_j| for neuron i of layer l at the last run: the size of the
   * terms whose sum is the pre-activation, the scale of its rounding error and of zero tests.
   */
  public double magnitude(int l, int i) {
    double s = Math.abs(net.rawBias(l)[i]);
    for (int m = 0; m < l; m++) {
      double[] w = net.rawBlock(l, m);
      if (w == null) continue;
      double[] src = post[m];
      int k = src.length, off = i * k;
      double sc = 0;
      for (int j = 0; j < k; j++) sc += Math.abs(w[off + j] * src[j]);
      s += sc;
    }
    return s;
  }

  /**
   * One-sided directional derivatives along u of the pre-activations of layer {@code to} at the
   * point x of the last run (which must have reached layer to - 1), in forward mode:
   * relu'(z; v) = v when z &gt; tol, 0 when z &lt; -tol, and max(v, 0) when |z| &le; tol (the
   * point is on that neuron's zero set), tol = zeroRelative * {@link #magnitude}.
   */
  public double[] tangent(double[] u, int to, double zeroRelative) {
    if (u.length != net.inputDim()) throw new IllegalArgumentException("direction has " + u.length + " coordinates, the network expects " + net.inputDim());
    double[][] dpost = new double[to][];
    dpost[0] = u;
    for (int l = 1; ; l++) {
      int n = net.width(l);
      double[] dp = new double[n];
      addIncoming(l, dpost, dp);
      if (l == to) return dp;
      double[] z = pre[l];
      for (int i = 0; i < n; i++) {
        double tol = zeroRelative * magnitude(l, i);
        if (z[i] > tol) continue;
        dp[i] = z[i] < -tol ? 0 : Math.max(dp[i], 0);
      }
      dpost[l] = dp;
    }
  }

  /**
   * into[i] += (W_{l,m} src[m])_i for every block m &lt; l into layer l, each block's row sum added as
   * one term (the order every forward sum here uses).
   */
  private void addIncoming(int l, double[][] src, double[] into) {
    int n = into.length;
    for (int m = 0; m < l; m++) {
      double[] w = net.rawBlock(l, m);
      if (w == null) continue;
      double[] v = src[m];
      int k = v.length;
      // terms with a zero source (inactive neurons: about half) are skipped: a sum started at +0 is
      // unchanged, bit for bit, by adding +0 or -0, so the values are those of the dense sum
      int[] nz = nonzero[m];
      int c = 0;
      for (int j = 0; j < k; j++) if (v[j] != 0) nz[c++] = j;
      if (4 * c > 3 * k) {
        for (int i = 0; i < n; i++) {
          double s = 0;
          int off = i * k;
          for (int j = 0; j < k; j++) s += w[off + j] * v[j];
          into[i] += s;
        }
      } else {
        for (int i = 0; i < n; i++) {
          double s = 0;
          int off = i * k;
          for (int q = 0; q < c; q++) s += w[off + nz[q]] * v[nz[q]];
          into[i] += s;
        }
      }
    }
  }

  /**
   * The values of {@link #runBelow} + {@link #preOf} at many points, bit for bit, in columns (one
   * array per neuron over a batch of points) so that the inner loops run over points and the JIT
   * compiler vectorises them: the complex construction evaluates every vertex this way.
   *
   * <p>Why the bits are the same: every sum runs over the sources in the same order, and the terms
   * that the single-point pass skips (a zero source) add +0 or -0. A sum that is not -0 is unchanged
   * by that, and only a sum started at a bias of -0 can be -0 (two nonzero terms never sum to -0):
   * the hidden layers' sums start at +0, and a block of the last layer whose bias has a -0 is
   * evaluated point by point ({@link #covers}).
   */
  public static final class Batch {
    /** Points per batch: the columns of a 32-wide layer then stay within the first-level cache. */
    public static final int SIZE = 128;
    private final Network net;
    private final Forward single;
    /**
     * [layer][neuron][point]; layer 0 holds the coordinates. One array per neuron: the loops over
     * points then index every array alike, which the JIT compiler vectorises.
     */
    private final double[][][] post;
    /** [layer][neuron]: whether the neuron's column has a nonzero value (a column of zeros adds nothing). */
    private final boolean[][] live;
    private final double[] acc = new double[SIZE];

    public Batch(Network net) {
      this.net = net;
      single = new Forward(net);
      int layers = net.outputLayer() + 1;
      post = new double[layers][][];
      live = new boolean[layers][];
      for (int l = 0; l < layers; l++) {
        post[l] = new double[net.width(l)][SIZE];
        live[l] = new boolean[net.width(l)];
      }
      java.util.Arrays.fill(live[0], true);
    }

    /** Whether neurons j0..j1-1 of layer l are evaluated in columns (no bias of -0). */
    public boolean covers(int l, int j0, int j1) {
      double[] b = net.rawBias(l);
      for (int j = j0; j < j1; j++) if (Double.doubleToRawLongBits(b[j]) == Long.MIN_VALUE) return false;
      return true;
    }

    /**
     * Pre-activations of neurons j0..j1-1 of layer l at the points p = 0..count-1 (count &le;
     * {@link #SIZE}) whose coordinates the source gives, into rows[(first + p) * cols + j - j0].
     */
    public void preOf(int l, int j0, int j1, int count, Coordinates at, int first, double[] rows, int cols) {
      int d = net.inputDim();
      if (!covers(l, j0, j1)) {
        double[] x = new double[d];
        for (int p = 0; p < count; p++) {
          for (int i = 0; i < d; i++) x[i] = at.coord(first + p, i);
          single.runBelow(x, l);
          for (int j = j0; j < j1; j++) rows[(first + p) * cols + j - j0] = single.preOf(l, j);
        }
        return;
      }
      for (int i = 0; i < d; i++) {
        double[] xi = post[0][i];
        for (int p = 0; p < count; p++) xi[p] = at.coord(first + p, i);
      }
      double[] acc = this.acc;
      for (int m = 1; m < l; m++) {
        double[][] z = post[m];
        double[] bias = net.rawBias(m);
        for (int i = 0; i < z.length; i++) {
          double[] zi = z[i];
          java.util.Arrays.fill(zi, 0, count, bias[i]);
          for (int src = 0; src < m; src++) {
            double[] w = net.rawBlock(m, src);
            if (w == null) continue;
            java.util.Arrays.fill(acc, 0, count, 0.0);
            sum(w, i * post[src].length, post[src], live[src], count, acc);
            for (int p = 0; p < count; p++) zi[p] += acc[p];
          }
          boolean any = false;
          for (int p = 0; p < count; p++) {
            double v = zi[p] > 0 ? zi[p] : 0.0;
            zi[p] = v;
            any |= v != 0;
          }
          live[m][i] = any;
        }
      }
      double[] bias = net.rawBias(l);
      for (int j = j0; j < j1; j++) {
        java.util.Arrays.fill(acc, 0, count, bias[j]);
        for (int src = 0; src < l; src++) {
          double[] w = net.rawBlock(l, src);
          if (w != null) sum(w, j * post[src].length, post[src], live[src], count, acc);
        }
        for (int p = 0; p < count; p++) rows[(first + p) * cols + j - j0] = acc[p];
      }
    }

    /**
     * acc[p] += w[off + q] * src[q][p] for q in order: one row of a block at every point. Columns of
     * zeros are skipped, as the single-point pass skips zero sources.
     */
    private static void sum(double[] w, int off, double[][] src, boolean[] live, int count, double[] acc) {
      for (int q = 0; q < src.length; q++) {
        if (!live[q]) continue;
        double c = w[off + q];
        double[] s = src[q];
        for (int p = 0; p < count; p++) acc[p] += c * s[p];
      }
    }
  }

  /** Coordinates of numbered points, read by {@link Batch}. */
  @FunctionalInterface
  public interface Coordinates {
    double coord(int point, int i);
  }

  /** Pre-activations of layer l from the last run (live buffer). */
  public double[] pre(int l) { return pre[l]; }

  /** Post-activations of layer l from the last run (live buffer; layer 0 is the input). */
  public double[] post(int l) { return post[l]; }

  public Network network() { return net; }
}
