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
    double[] m = new double[a.length];
    for (int i = 0; i < a.length; i++) m[i] = 0.5 * (a[i] + b[i]);
    return net.eval(m) - 0.5 * (net.eval(a) + net.eval(b));
  }

  /**
   * The tolerance below which an excess is not trusted: rounding in the forward pass grows with the
   * magnitude of the outputs involved.
   */
  public static double tolerance(Network net, double[] a, double[] b) {
    double[] m = new double[a.length];
    for (int i = 0; i < a.length; i++) m[i] = 0.5 * (a[i] + b[i]);
    double scale = Math.abs(net.eval(a)) + Math.abs(net.eval(b)) + Math.abs(net.eval(m)) + 1e-300;
    return 1e-10 * scale + 1e-12;
  }

  /** A witness for (a, b) if forward evaluation confirms it beyond rounding, else null. */
  public static Witness verified(Network net, double[] a, double[] b) {
    double e = excess(net, a, b);
    if (e > tolerance(net, a, b)) return new Witness(a.clone(), b.clone(), e);
    return null;
  }

  /** Re-checks this witness on a network. */
  public boolean verifies(Network net) {
    double e = excess(net, a, b);
    return e > tolerance(net, a, b);
  }
}
