package org.reluconvex.network;

import java.math.BigDecimal;

/**
 * The forward pass in exact arithmetic. Weights, biases and input coordinates are doubles, hence
 * exact dyadic rationals, and a ReLU network uses only +, * and comparisons with zero: BigDecimal
 * computes every pre-activation exactly. Rational points x = N / D (D &gt; 0, as a vertex solved by
 * Cramer's rule) are evaluated as D times every pre-activation, which has the same signs.
 */
public final class ExactForward {
  private final Network net;

  public ExactForward(Network net) { this.net = net; }

  /** The exact value of a double. */
  public static BigDecimal exact(double v) { return new BigDecimal(v); }

  public static BigDecimal[] exact(double[] x) {
    BigDecimal[] out = new BigDecimal[x.length];
    for (int i = 0; i < x.length; i++) out[i] = new BigDecimal(x[i]);
    return out;
  }

  /**
   * Whether the form g = lambda f exactly ({a_1..a_d, c} each), for some lambda &gt; 0 when 'positive'
   * (the same half-space; f must not be zero then), for any lambda, 0 included, otherwise.
   */
  public static boolean isMultiple(BigDecimal[] f, BigDecimal[] g, boolean positive) {
    int k = -1;
    for (int i = 0; i < f.length && k < 0; i++) if (f[i].signum() != 0) k = i;
    if (k < 0) { // f is zero: only the zero form is a multiple of it
      if (positive) return false;
      for (BigDecimal v : g) if (v.signum() != 0) return false;
      return true;
    }
    if (positive && g[k].signum() != f[k].signum()) return false;
    // g = (g_k / f_k) f  <=>  g_i f_k = f_i g_k for every i
    for (int i = 0; i < f.length; i++) if (g[i].multiply(f[k]).compareTo(f[i].multiply(g[k])) != 0) return false;
    return true;
  }

  /** f(x) exactly. */
  public static BigDecimal eval(Network net, double[] x) {
    return new ExactForward(net).output(exact(x));
  }

  /** f(x) exactly at an exact point. */
  public BigDecimal output(BigDecimal[] x) {
    BigDecimal[][] pre = scaledPre(x, BigDecimal.ONE);
    return pre[net.outputLayer()][0];
  }

  /**
   * D * pre_l(N / D) for every layer l &ge; 1 (index 0 holds N), D &gt; 0. Relu commutes with the
   * positive factor D, so the layers are computed as if N were the input and D multiplied the biases.
   */
  public BigDecimal[][] scaledPre(BigDecimal[] num, BigDecimal den) {
    if (num.length != net.inputDim())
      throw new IllegalArgumentException("point has " + num.length + " coordinates, the network expects " + net.inputDim());
    if (den.signum() <= 0) throw new IllegalArgumentException("denominator must be positive");
    int out = net.outputLayer();
    BigDecimal[][] pre = new BigDecimal[out + 1][];
    BigDecimal[][] post = new BigDecimal[out + 1][];
    pre[0] = num;
    post[0] = num;
    for (int l = 1; l <= out; l++) {
      int n = net.width(l);
      double[] b = net.rawBias(l);
      BigDecimal[] z = new BigDecimal[n];
      for (int i = 0; i < n; i++) z[i] = b[i] == 0 ? BigDecimal.ZERO : exact(b[i]).multiply(den);
      for (int m = 0; m < l; m++) {
        double[] w = net.rawBlock(l, m);
        if (w == null) continue;
        BigDecimal[] src = post[m];
        int k = src.length;
        for (int i = 0; i < n; i++) {
          BigDecimal s = z[i];
          for (int j = 0; j < k; j++) {
            double wij = w[i * k + j];
            if (wij != 0 && src[j].signum() != 0) s = s.add(exact(wij).multiply(src[j]));
          }
          z[i] = s;
        }
      }
      pre[l] = z;
      if (l < out) {
        BigDecimal[] p = new BigDecimal[n];
        for (int i = 0; i < n; i++) p[i] = z[i].signum() > 0 ? z[i] : BigDecimal.ZERO;
        post[l] = p;
      }
    }
    return pre;
  }

  /**
   * The one-sided directional derivative f'(x; u) at x = N / D, exactly: relu'(t; v) is v for t &gt; 0,
   * 0 for t &lt; 0 and max(v, 0) for t = 0 (docs/math.md section 2).
   */
  public BigDecimal directional(BigDecimal[] num, BigDecimal den, BigDecimal[] u) {
    BigDecimal[][] pre = scaledPre(num, den);
    int out = net.outputLayer();
    BigDecimal[][] dpost = new BigDecimal[out + 1][];
    dpost[0] = u;
    for (int l = 1; l <= out; l++) {
      int n = net.width(l);
      BigDecimal[] dz = new BigDecimal[n];
      java.util.Arrays.fill(dz, BigDecimal.ZERO);
      for (int m = 0; m < l; m++) {
        double[] w = net.rawBlock(l, m);
        if (w == null) continue;
        BigDecimal[] src = dpost[m];
        int k = src.length;
        for (int i = 0; i < n; i++) {
          BigDecimal s = dz[i];
          for (int j = 0; j < k; j++) {
            double wij = w[i * k + j];
            if (wij != 0 && src[j].signum() != 0) s = s.add(exact(wij).multiply(src[j]));
          }
          dz[i] = s;
        }
      }
      if (l == out) return dz[0];
      BigDecimal[] dp = new BigDecimal[n];
      for (int i = 0; i < n; i++) {
        int s = pre[l][i].signum();
        dp[i] = s > 0 ? dz[i] : s < 0 ? BigDecimal.ZERO : dz[i].max(BigDecimal.ZERO);
      }
      dpost[l] = dp;
    }
    throw new AssertionError("unreachable");
  }

  /**
   * The affine maps x -&gt; grad . x + c of every pre-activation when each hidden neuron's relu is
   * replaced by the gate given (true: identity, false: zero): forms[l][i] = {grad_1..grad_d, c}.
   */
  public BigDecimal[][][] gatedForms(boolean[][] gate) {
    int d = net.inputDim(), out = net.outputLayer();
    BigDecimal[][][] forms = new BigDecimal[out + 1][][];
    forms[0] = new BigDecimal[d][];
    for (int i = 0; i < d; i++) {
      BigDecimal[] f = new BigDecimal[d + 1];
      java.util.Arrays.fill(f, BigDecimal.ZERO);
      f[i] = BigDecimal.ONE;
      forms[0][i] = f;
    }
    BigDecimal[][][] post = new BigDecimal[out + 1][][];
    post[0] = forms[0];
    for (int l = 1; l <= out; l++) {
      int n = net.width(l);
      double[] b = net.rawBias(l);
      BigDecimal[][] z = new BigDecimal[n][d + 1];
      for (int i = 0; i < n; i++) {
        java.util.Arrays.fill(z[i], BigDecimal.ZERO);
        z[i][d] = exact(b[i]);
      }
      for (int m = 0; m < l; m++) {
        double[] w = net.rawBlock(l, m);
        if (w == null) continue;
        BigDecimal[][] src = post[m];
        int k = src.length;
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < k; j++) {
            double wij = w[i * k + j];
            if (wij == 0 || src[j] == null) continue;
            BigDecimal we = exact(wij);
            for (int c = 0; c <= d; c++) if (src[j][c].signum() != 0) z[i][c] = z[i][c].add(we.multiply(src[j][c]));
          }
        }
      }
      forms[l] = z;
      if (l < out) {
        BigDecimal[][] p = new BigDecimal[n][];
        for (int i = 0; i < n; i++) p[i] = gate[l][i] ? z[i] : null;
        post[l] = p;
      }
    }
    return forms;
  }
}
