package org.reluconvex.network;

import org.reluconvex.precision.PrecisionPolicy;

/**
 * The forward pass in double with a rigorous bound on the rounding error of every pre-activation
 * (and, for gated passes, of its gradient), so that a sign can be decided by
 * {@link PrecisionPolicy#sign}. For z = b + sum_j w_j s_j over k terms, computed from computed
 * inputs s^ with error bounds e_j: |z^ - z| &le; gamma_{k+1} (|b| + sum |w_j| |s^_j|) + sum |w_j| e_j
 * + (2k + 2) eta, the last term for gradual underflow (eta the smallest subnormal).
 * Relu is 1-Lipschitz, so a post-activation inherits its pre-activation's bound. A non-finite value
 * gets an infinite bound (undecided), never a sign.
 *
 * <p>One instance per thread; results stay in the buffers until the next run.
 */
public final class BoundedForward {
  private final Network net;
  private final PrecisionPolicy policy;
  private final int d;
  private final double[][] val, err; // per layer
  private final double[][] grad, gradErr; // per layer, row-major width x d (gated passes)
  private final double[] gamma; // per layer: safety * gamma for its fan-in
  private final double[] underflow; // per layer: the absolute error of underflowing roundings

  public BoundedForward(Network net, PrecisionPolicy policy) {
    this.net = net;
    this.policy = policy;
    this.d = net.inputDim();
    int layers = net.outputLayer() + 1;
    val = new double[layers][];
    err = new double[layers][];
    grad = new double[layers][];
    gradErr = new double[layers][];
    gamma = new double[layers];
    underflow = new double[layers];
    for (int l = 1; l < layers; l++) {
      val[l] = new double[net.width(l)];
      err[l] = new double[net.width(l)];
      int fanIn = 1;
      for (int m = 0; m < l; m++) if (net.rawBlock(l, m) != null) fanIn += net.width(m) + 1;
      gamma[l] = policy.gamma(fanIn);
      underflow[l] = policy.underflow(2 * fanIn);
    }
  }

  public Network network() { return net; }

  public PrecisionPolicy policy() { return policy; }

  /** f(x) with relu activations; returns the computed output (bound in {@link #outputError()}). */
  public double output(double[] x) {
    run(x, null, false);
    return val[net.outputLayer()][0];
  }

  public double outputError() { return err[net.outputLayer()][0]; }

  /**
   * Runs the network at x. With gate == null the activations are relu; otherwise hidden neuron
   * (l, i) passes its pre-activation when gate[l][i] and zero when not (a fixed affine piece). With
   * tangents, the gradient of every gated pre-activation is computed too (d forward-mode passes).
   */
  public void run(double[] x, boolean[][] gate, boolean tangents) {
    if (x.length != d) throw new IllegalArgumentException("point has " + x.length + " coordinates, the network expects " + d);
    if (tangents && gate == null) throw new IllegalStateException("gradients need a gated pass");
    int out = net.outputLayer();
    double[][] post = new double[out + 1][];
    double[][] postErr = new double[out + 1][];
    double[][] dpost = tangents ? new double[out + 1][] : null;
    double[][] dpostErr = tangents ? new double[out + 1][] : null;
    post[0] = x;
    postErr[0] = new double[d];
    if (tangents) {
      double[] eye = new double[d * d];
      for (int i = 0; i < d; i++) eye[i * d + i] = 1;
      dpost[0] = eye;
      dpostErr[0] = new double[d * d];
    }
    for (int l = 1; l <= out; l++) {
      int n = net.width(l);
      double[] z = val[l], e = err[l];
      double[] b = net.rawBias(l);
      double[] mag = new double[n];
      double[] dz = null, dze = null, dmag = null;
      if (tangents) {
        if (grad[l] == null) {
          grad[l] = new double[n * d];
          gradErr[l] = new double[n * d];
        }
        dz = grad[l];
        dze = gradErr[l];
        java.util.Arrays.fill(dz, 0);
        java.util.Arrays.fill(dze, 0);
        dmag = new double[n * d];
      }
      for (int i = 0; i < n; i++) {
        z[i] = b[i];
        mag[i] = Math.abs(b[i]);
        e[i] = 0;
      }
      for (int m = 0; m < l; m++) {
        double[] w = net.rawBlock(l, m);
        if (w == null) continue;
        double[] src = post[m], srcErr = postErr[m];
        int k = src.length;
        for (int i = 0; i < n; i++) {
          double s = 0, mg = 0, pe = 0;
          int off = i * k;
          for (int j = 0; j < k; j++) {
            double wij = w[off + j];
            s += wij * src[j];
            double aw = Math.abs(wij);
            mg += aw * Math.abs(src[j]);
            pe += aw * srcErr[j];
          }
          z[i] += s;
          mag[i] += mg;
          e[i] += pe;
          if (tangents) {
            double[] ds = dpost[m], dse = dpostErr[m];
            for (int j = 0; j < k; j++) {
              double wij = w[off + j];
              if (wij == 0) continue;
              double aw = Math.abs(wij);
              for (int c = 0; c < d; c++) {
                double t = ds[j * d + c];
                dz[i * d + c] += wij * t;
                dmag[i * d + c] += aw * Math.abs(t);
                dze[i * d + c] += aw * dse[j * d + c];
              }
            }
          }
        }
      }
      double g = gamma[l], under = underflow[l];
      for (int i = 0; i < n; i++) {
        e[i] += g * mag[i] + under;
        if (!Double.isFinite(z[i]) || !Double.isFinite(e[i])) e[i] = Double.POSITIVE_INFINITY;
      }
      if (tangents)
        for (int q = 0; q < n * d; q++) {
          dze[q] += g * dmag[q] + under;
          if (!Double.isFinite(dz[q]) || !Double.isFinite(dze[q])) dze[q] = Double.POSITIVE_INFINITY;
        }
      if (l == out) break;
      double[] p = new double[n], pe = new double[n];
      for (int i = 0; i < n; i++) {
        boolean on = gate == null ? z[i] > 0 : gate[l][i];
        if (gate == null) {
          p[i] = on ? z[i] : 0;
          // relu is 1-Lipschitz: the error survives the clip unless the pre-activation is surely negative
          pe[i] = z[i] < -e[i] ? 0 : e[i];
        } else {
          p[i] = on ? z[i] : 0;
          pe[i] = on ? e[i] : 0;
        }
      }
      post[l] = p;
      postErr[l] = pe;
      if (tangents) {
        double[] dp = new double[n * d], dpe = new double[n * d];
        for (int i = 0; i < n; i++)
          if (gate[l][i]) {
            System.arraycopy(dz, i * d, dp, i * d, d);
            System.arraycopy(dze, i * d, dpe, i * d, d);
          }
        dpost[l] = dp;
        dpostErr[l] = dpe;
      }
    }
  }

  /** Computed pre-activation of neuron i of layer l in the last run. */
  public double value(int l, int i) { return val[l][i]; }

  /** Rigorous bound on its rounding error (infinite when not finite). */
  public double error(int l, int i) { return err[l][i]; }

  /** d(pre)/dx_c of neuron i of layer l in the last gated run with gradients. */
  public double gradient(int l, int i, int c) { return grad[l][i * d + c]; }

  public double gradientError(int l, int i, int c) { return gradErr[l][i * d + c]; }
}
