package org.reluconvex.network;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/**
 * f restricted to a segment, exactly: phi(t) = f(p + t (q - p)) for t in [0, 1], p and q points of
 * doubles. phi is continuous and piecewise affine; its breakpoints are where neurons switch along the
 * segment, and the jump of its slope at a breakpoint is the kink seen along the segment (docs/math.md
 * sections 2 and 10: D(x, v) along v = q - p). A jump below zero anywhere inside the segment proves
 * that f is not convex; no tolerance is involved, ties included (neurons switching at the same t add
 * their effects), however thin the region between two breakpoints.
 *
 * <p>How: between two consecutive breakpoints the activation pattern is constant, so every
 * pre-activation is alpha + beta t with alpha and beta exact dyadic rationals (products and sums of
 * doubles: BigDecimal). The walk starts at t = 0, takes the pattern just right of the current t (a
 * neuron at zero is active when its slope along the segment is positive), and moves to the smallest
 * crossing -alpha / beta beyond t. Breakpoints are rationals t = num / den, compared by
 * cross-multiplication.
 */
public final class ExactLine {
  /**
   * A breakpoint of phi at t = num / den (den &gt; 0) where the slope changes by jump (exact, in units
   * of f per unit of t).
   */
  public record Breakpoint(BigDecimal num, BigDecimal den, BigDecimal jump) {
    /** t to {@link #T_PRECISION}. */
    public BigDecimal t() { return num.divide(den, T_PRECISION); }
  }

  /** The breakpoints of phi in (0, 1), in order; null when there are more than maxBreakpoints events. */
  public static List<Breakpoint> breakpoints(Network net, double[] p, double[] q, int maxEvents) {
    return new ExactLine(net, p, q).walk(maxEvents);
  }

  /** p + t (q - p), each coordinate rounded to the nearest double (t given to 80 digits or exactly). */
  public static double[] pointAt(double[] p, double[] q, BigDecimal t) {
    double[] x = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      BigDecimal pi = new BigDecimal(p[i]), ui = new BigDecimal(q[i]).subtract(pi);
      x[i] = pi.add(ui.multiply(t)).doubleValue();
    }
    return x;
  }

  /** Precision of the t values handed to {@link #pointAt}: far below a double's. */
  public static final MathContext T_PRECISION = new MathContext(80);

  private final Network net;
  private final BigDecimal[] p, u;

  private ExactLine(Network net, double[] p, double[] q) {
    if (p.length != net.inputDim() || q.length != net.inputDim())
      throw new IllegalArgumentException("segment end points have " + p.length + " and " + q.length + " coordinates, the network expects " + net.inputDim());
    for (int i = 0; i < p.length; i++)
      if (!Double.isFinite(p[i]) || !Double.isFinite(q[i])) throw new IllegalArgumentException("segment end points must be finite");
    this.net = net;
    this.p = new BigDecimal[p.length];
    this.u = new BigDecimal[p.length];
    for (int i = 0; i < p.length; i++) {
      this.p[i] = new BigDecimal(p[i]);
      this.u[i] = new BigDecimal(q[i]).subtract(this.p[i]);
    }
  }

  private List<Breakpoint> walk(int maxEvents) {
    int out = net.outputLayer();
    BigDecimal[][] alpha = new BigDecimal[out + 1][], beta = new BigDecimal[out + 1][];
    BigDecimal tn = BigDecimal.ZERO, td = BigDecimal.ONE;
    List<Breakpoint> found = new ArrayList<>();
    BigDecimal slope = null;
    for (int events = 0; ; events++) {
      if (events > maxEvents) return null;
      pieceAfter(tn, td, alpha, beta);
      BigDecimal s = beta[out][0];
      if (slope != null && s.compareTo(slope) != 0) found.add(new Breakpoint(tn, td, s.subtract(slope)));
      slope = s;
      // the next crossing: the smallest -alpha / beta beyond t
      BigDecimal bn = null, bd = null;
      for (int l = 1; l < out; l++)
        for (int i = 0; i < net.width(l); i++) {
          BigDecimal a = alpha[l][i], b = beta[l][i];
          if (b.signum() == 0) continue;
          BigDecimal cn = b.signum() > 0 ? a.negate() : a, cd = b.abs(); // -a / b with a positive denominator
          if (cn.multiply(td).compareTo(tn.multiply(cd)) <= 0) continue; // not beyond t
          if (bn == null || cn.multiply(bd).compareTo(bn.multiply(cd)) < 0) {
            bn = cn;
            bd = cd;
          }
        }
      if (bn == null || bn.compareTo(bd) >= 0) return found; // no crossing before t = 1
      tn = bn;
      td = bd;
    }
  }

  /**
   * alpha and beta of every pre-activation on the piece just right of t = tn / td: the pattern of
   * each neuron is its sign there, layer after layer.
   */
  private void pieceAfter(BigDecimal tn, BigDecimal td, BigDecimal[][] alpha, BigDecimal[][] beta) {
    int out = net.outputLayer();
    BigDecimal[][] postA = new BigDecimal[out + 1][], postB = new BigDecimal[out + 1][];
    postA[0] = p;
    postB[0] = u;
    for (int l = 1; l <= out; l++) {
      int n = net.width(l);
      double[] bias = net.rawBias(l);
      BigDecimal[] a = new BigDecimal[n], b = new BigDecimal[n];
      for (int i = 0; i < n; i++) {
        a[i] = bias[i] == 0 ? BigDecimal.ZERO : new BigDecimal(bias[i]);
        b[i] = BigDecimal.ZERO;
      }
      for (int m = 0; m < l; m++) {
        double[] w = net.rawBlock(l, m);
        if (w == null) continue;
        BigDecimal[] sa = postA[m], sb = postB[m];
        int k = sa.length;
        for (int i = 0; i < n; i++) {
          BigDecimal ai = a[i], bi = b[i];
          for (int j = 0; j < k; j++) {
            double wij = w[i * k + j];
            if (wij == 0) continue;
            BigDecimal ww = null;
            if (sa[j].signum() != 0) ai = ai.add((ww = new BigDecimal(wij)).multiply(sa[j]));
            if (sb[j].signum() != 0) bi = bi.add((ww == null ? new BigDecimal(wij) : ww).multiply(sb[j]));
          }
          a[i] = ai;
          b[i] = bi;
        }
      }
      alpha[l] = a;
      beta[l] = b;
      if (l == out) break;
      BigDecimal[] pa = new BigDecimal[n], pb = new BigDecimal[n];
      for (int i = 0; i < n; i++) {
        int sign = a[i].multiply(td).add(b[i].multiply(tn)).signum(); // td * pre(t), td > 0
        boolean on = sign > 0 || (sign == 0 && b[i].signum() > 0);
        pa[i] = on ? a[i] : BigDecimal.ZERO;
        pb[i] = on ? b[i] : BigDecimal.ZERO;
      }
      postA[l] = pa;
      postB[l] = pb;
    }
  }
}
