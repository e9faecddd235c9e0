package org.reluconvex.convexity;

import org.reluconvex.network.Network;

/**
 * A certificate of non-convexity: two points a, b with f((a+b)/2) - (f(a)+f(b))/2 = excess &gt; 0.
 * Anyone can check it with three forward passes.
 */
public record Witness(double[] a, double[] b, double excess) {

  /** Midpoint (a+b)/2. */
  public double[] midpoint() {
    double[] m = new double[a.length];
    for (int i = 0; i < a.length; i++) m[i] = 0.5 * (a[i] + b[i]);
    return m;
  }

  /** f((a+b)/2) - (f(a)+f(b))/2 by forward evaluation. */
  public static double excess(Network net, double[] a, double[] b) {
    return values(net, a, b)[3];
  }

  /** f(a), f(b), f(m) and the excess, from three forward passes. */
  private static double[] values(Network net, double[] a, double[] b) {
    double[] m = new double[a.length];
    for (int i = 0; i < a.length; i++) m[i] = 0.5 * (a[i] + b[i]);
    double fa = net.eval(a), fb = net.eval(b), fm = net.eval(m);
    return new double[] {fa, fb, fm, fm - 0.5 * (fa + fb)};
  }

  /**
   * The tolerance below which an excess is not trusted: rounding in the forward pass grows with the
   * magnitude of the outputs involved.
   */
  private static double tolerance(double[] v) {
    return 1e-10 * (Math.abs(v[0]) + Math.abs(v[1]) + Math.abs(v[2])) + 1e-12;
  }

  /** A witness for (a, b) if forward evaluation confirms it beyond rounding, else null. */
  public static Witness verified(Network net, double[] a, double[] b) {
    double[] v = values(net, a, b);
    if (v[3] > tolerance(v)) return new Witness(a.clone(), b.clone(), v[3]);
    return null;
  }

  /** Re-checks this witness on a network. */
  public boolean verifies(Network net) {
    double[] v = values(net, a, b);
    return v[3] > tolerance(v);
  }
}
