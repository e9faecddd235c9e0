package org.reluconvex.convexity;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Locale;
import org.reluconvex.network.BoundedForward;
import org.reluconvex.network.ExactForward;
import org.reluconvex.network.Network;
import org.reluconvex.precision.PrecisionPolicy;

/**
 * A certificate of non-convexity: two points a, b with f((a+b)/2) - (f(a)+f(b))/2 = excess &gt; 0.
 * Anyone can check it with three forward passes: the midpoint (a+b)/2 is exactly representable (a
 * double), so {@code eval} at a, b and the midpoint sees the same three points.
 *
 * <p>The excess is proven positive, never estimated: in double when it exceeds a rigorous bound on
 * the rounding error of the three passes, else in exact arithmetic ({@link ExactForward}). The
 * stored excess is the exact value rounded to a double (infinite when it overflows).
 *
 * <p>{@code foundBy} says how the points were found (the early search before any complex, or the
 * method that decided); it is a description for the user and plays no part in the proof. Null
 * until the check that found the witness names itself.
 */
public record Witness(double[] a, double[] b, double excess, String foundBy) {

  /** A witness whose provenance is not named yet. */
  public Witness(double[] a, double[] b, double excess) {
    this(a, b, excess, null);
  }

  /** The same points, described as found by {@code how}. */
  public Witness withFoundBy(String how) {
    return new Witness(a, b, excess, how);
  }

  /** Midpoint (a+b)/2, exact. */
  public double[] midpoint() {
    double[] m = new double[a.length];
    for (int i = 0; i < a.length; i++) m[i] = 0.5 * (a[i] + b[i]);
    return m;
  }

  /** f((a+b)/2) - (f(a)+f(b))/2, exactly. */
  public static BigDecimal exactExcess(Network net, double[] a, double[] b) {
    ExactForward ex = new ExactForward(net);
    BigDecimal[] ea = ExactForward.exact(a), eb = ExactForward.exact(b), em = new BigDecimal[a.length];
    BigDecimal half = new BigDecimal("0.5");
    for (int i = 0; i < a.length; i++) em[i] = ea[i].add(eb[i]).multiply(half);
    return ex.output(em).subtract(ex.output(ea).add(ex.output(eb)).multiply(half));
  }

  /** A witness for (a, b) under the default precision policy, or null. */
  public static Witness verified(Network net, double[] a, double[] b) {
    return verified(net, a, b, PrecisionPolicy.DEFAULT);
  }

  /**
   * A witness for (a, b) if f((a+b)/2) &gt; (f(a)+f(b))/2 is proven, else null. When the midpoint of
   * a and b is not a double, b is moved to 2m - a for the double m nearest the midpoint (when that is
   * exact), so that the three points stay representable.
   */
  public static Witness verified(Network net, double[] a, double[] b, PrecisionPolicy policy) {
    return verified(net, a, b, policy, true);
  }

  /**
   * As {@link #verified(Network, double[], double[], PrecisionPolicy)}, but when exact is false only
   * a witness that double evaluation proves (so that {@code eval} in double shows it too).
   */
  public static Witness verified(Network net, double[] a, double[] b, PrecisionPolicy policy, boolean allowExact) {
    int d = a.length;
    if (b.length != d) throw new IllegalStateException("witness points have different dimensions");
    double[] bb = b.clone();
    double[] m = new double[d];
    for (int i = 0; i < d; i++) {
      if (!Double.isFinite(a[i]) || !Double.isFinite(b[i])) return null;
      m[i] = 0.5 * (a[i] + b[i]);
      if (!exactMidpoint(a[i], bb[i], m[i])) {
        double moved = 2 * m[i] - a[i];
        if (!exactMidpoint(a[i], moved, m[i])) return null;
        bb[i] = moved;
      }
    }
    BoundedForward bf = new BoundedForward(net, policy);
    double fa = bf.output(a), ea = bf.outputError();
    double fb = bf.output(bb), eb = bf.outputError();
    double fm = bf.output(m), em = bf.outputError();
    double excess = fm - 0.5 * (fa + fb);
    double bound = em + 0.5 * (ea + eb) + policy.gamma(3) * (Math.abs(fm) + 0.5 * (Math.abs(fa) + Math.abs(fb)))
        + policy.underflow(3);
    if (policy.certainlyPositive(excess, bound)) return new Witness(a.clone(), bb, excess);
    if (!allowExact || policy.sign(excess, bound) < 0) return null; // surely not positive: no need for exact arithmetic
    BigDecimal exact = exactExcess(net, a, bb);
    return exact.signum() > 0 ? new Witness(a.clone(), bb, exact.doubleValue()) : null;
  }

  /** Whether (a + b) / 2 == m exactly. */
  private static boolean exactMidpoint(double a, double b, double m) {
    if (!Double.isFinite(b)) return false;
    double s = a + b;
    double bv = s - a;
    double err = (a - (s - bv)) + (b - bv); // two-sum: the rounding error of a + b
    return err == 0 && Double.isFinite(s) && 0.5 * s == m && 2 * m == s;
  }

  /** Re-checks this witness on a network, exactly. */
  public boolean verifies(Network net) {
    double[] m = midpoint();
    for (int i = 0; i < a.length; i++) if (!exactMidpoint(a[i], b[i], m[i])) return false;
    return exactExcess(net, a, b).signum() > 0;
  }

  /** The points and the excess, readable (a record would print the arrays as {@code [D@...}). */
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "a = %s, b = %s, excess %.6g%s", Arrays.toString(a), Arrays.toString(b), excess,
        foundBy == null ? "" : " (found by " + foundBy + ")");
  }
}
