package org.reluconvex.testing;

import java.util.SplittableRandom;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;

/** Dense random midpoint tests: an oracle for convexity that needs no geometry. */
public final class Sampling {
  private Sampling() {}

  /**
   * Largest f((a+b)/2) - (f(a)+f(b))/2 over random pairs in the box (long and short segments),
   * relative to the magnitude of the values involved.
   */
  public static double maxRelativeExcess(Network net, Domain box, int pairs, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int d = box.dim();
    double worst = Double.NEGATIVE_INFINITY;
    double[] a = new double[d], b = new double[d];
    for (int k = 0; k < pairs; k++) {
      double reach = k % 2 == 0 ? 1.0 : 0.05;
      for (int i = 0; i < d; i++) {
        double lo = box.lo(i), hi = box.hi(i);
        a[i] = r.nextDouble(lo, hi);
        double span = (hi - lo) * reach;
        b[i] = Math.max(lo, Math.min(hi, a[i] + r.nextDouble(-span, span)));
      }
      double[] m = new double[d];
      for (int i = 0; i < d; i++) m[i] = 0.5 * (a[i] + b[i]);
      double e = net.eval(m) - 0.5 * (net.eval(a) + net.eval(b));
      double scale = Math.abs(net.eval(a)) + Math.abs(net.eval(b)) + 1e-12;
      worst = Math.max(worst, e / scale);
    }
    return worst;
  }

  /** True when no sampled pair violates convexity beyond rounding. */
  public static boolean looksConvex(Network net, Domain box, int pairs, long seed) {
    return maxRelativeExcess(net, box, pairs, seed) <= 1e-9;
  }
}
