package org.reluconvex.convexity;

import org.reluconvex.network.Domain;

/**
 * The common zero set H = {x : normal . x + offset = 0} of a group of neurons of a one-hidden-layer
 * network (docs/math.md section 5), with its kink c_H.
 *
 * <p>{@code weights} and {@code bias} are the representative's raw (w_r, b_r), which define H exactly;
 * the normal is w_r / ||w_r||, a unit vector oriented like the representative (the lowest-index member, whose
 * orientation is +1); {@code orientations[k]} is +1 when member k points the same way, -1 when it
 * points the opposite way. Every member is (w_j, b_j) = lambda_j (w_r, b_r), and by
 * relu(-t) = relu(t) - t the group is c_H relu(normal . x + offset) plus an affine term, with
 * c_H = ||w_r|| sum_j a_j |lambda_j|.
 *
 * <p>{@code kinkSign} is the exact sign of c_H (computed from the doubles as exact rationals, see
 * {@link OneLayer}): it alone decides convexity. The doubles are c_H, c_H relative to
 * ||w_r|| sum_j |a_j lambda_j| (in [-1, 1]: how far the kink is from cancelling) and
 * {@code representativeWeight} = sum_j a_j |lambda_j| = c_H / ||w_r||, each rounded (c_H may round to an
 * infinity when the weights are huge; its sign is still kinkSign).
 */
public record Hyperplane(
    double[] weights,
    double bias,
    double[] normal,
    double offset,
    int[] members,
    int[] orientations,
    int kinkSign,
    double kink,
    double relativeKink,
    double representativeWeight) {

  /** Where H lies relative to an open domain. */
  public enum Position {
    /** H cuts the open domain. */
    MEETS,
    /** H misses the open domain (it may touch the boundary of a box). */
    MISSES
  }

  /** The representative neuron (lowest index, orientation +1). */
  public int representative() { return members[0]; }

  /** Signed distance normal . x + offset. */
  public double value(double[] x) {
    double s = offset;
    for (int i = 0; i < normal.length; i++) s += normal[i] * x[i];
    return s;
  }

  /**
   * Whether H meets the open domain. On a box, exact: H cuts the open box iff the minimum of
   * w_r . x + b_r over the box, b_r + sum_i min(w_i lo_i, w_i hi_i), is negative and the maximum is
   * positive. Evaluated in doubles with a rounding bound, and in exact decimal arithmetic (every double
   * is a finite decimal) when the double result is within that bound of zero, e.g. a hyperplane
   * through a face of the box.
   */
  public Position position(Domain domain) {
    if (domain.isWhole()) return Position.MEETS;
    int d = weights.length;
    double min = bias, max = bias, size = Math.abs(bias);
    for (int i = 0; i < d; i++) {
      double p = weights[i] * domain.lo(i), q = weights[i] * domain.hi(i);
      min += Math.min(p, q);
      max += Math.max(p, q);
      size += Math.max(Math.abs(p), Math.abs(q));
    }
    double roundoff = 4.0 * (d + 2) * Math.ulp(1.0) * size;
    int minSign = Math.abs(min) > roundoff ? (int) Math.signum(min) : exactExtreme(domain, false);
    int maxSign = Math.abs(max) > roundoff ? (int) Math.signum(max) : exactExtreme(domain, true);
    return minSign < 0 && maxSign > 0 ? Position.MEETS : Position.MISSES;
  }

  /** Sign of the exact maximum (or minimum) of w_r . x + b_r over the box. */
  private int exactExtreme(Domain domain, boolean max) {
    java.math.BigDecimal s = new java.math.BigDecimal(bias);
    for (int i = 0; i < weights.length; i++) {
      if (weights[i] == 0) continue;
      boolean high = (weights[i] > 0) == max;
      double bound = high ? domain.hi(i) : domain.lo(i);
      s = s.add(new java.math.BigDecimal(weights[i]).multiply(new java.math.BigDecimal(bound)));
    }
    return s.signum();
  }

  /**
   * A point of H inside the open domain (call only when {@link #position} is MEETS). R^d: the foot of
   * the perpendicular from the origin. Box: the foot of the perpendicular from the box centre if it
   * lies at least a tenth of the half-widths inside; otherwise the deepest point of H in the box.
   */
  public double[] pointInside(Domain domain) {
    int d = normal.length;
    double[] x = new double[d];
    if (domain.isWhole()) {
      for (int i = 0; i < d; i++) x[i] = -offset * normal[i];
      return x;
    }
    double[] c = new double[d];
    for (int i = 0; i < d; i++) c[i] = 0.5 * (domain.lo(i) + domain.hi(i));
    double vc = value(c);
    if (vc == 0) return c;
    boolean inside = true;
    for (int i = 0; i < d; i++) {
      x[i] = c[i] - vc * normal[i];
      double margin = 0.1 * (domain.hi(i) - c[i]);
      if (x[i] <= domain.lo(i) + margin || x[i] >= domain.hi(i) - margin) inside = false;
    }
    if (inside) return x;
    return deepestPoint(domain);
  }

  /**
   * The point of H that lies deepest inside the box, up to a factor 2: shrinking the box by t on every
   * side moves the extremes of normal . x + offset over it by t sum |n_i| towards each other, so H meets
   * the box shrunk by t* = min(-min, max) / sum |n_i| (capped by the half-widths); the point is taken
   * in the box shrunk by t* / 2, on the segment between the corners where the value is smallest and
   * largest (coordinates with n_i = 0 at the centre).
   */
  private double[] deepestPoint(Domain domain) {
    int d = normal.length;
    double min = offset, max = offset, l1 = 0, half = Double.POSITIVE_INFINITY;
    for (int i = 0; i < d; i++) {
      double p = normal[i] * domain.lo(i), q = normal[i] * domain.hi(i);
      min += Math.min(p, q);
      max += Math.max(p, q);
      l1 += Math.abs(normal[i]);
      half = Math.min(half, 0.5 * (domain.hi(i) - domain.lo(i)));
    }
    double t = 0.5 * Math.min(half, Math.min(-min, max) / l1);
    double[] low = new double[d], high = new double[d];
    for (int i = 0; i < d; i++) {
      double lo = domain.lo(i) + t, hi = domain.hi(i) - t;
      if (normal[i] > 0) {
        low[i] = lo;
        high[i] = hi;
      } else if (normal[i] < 0) {
        low[i] = hi;
        high[i] = lo;
      } else {
        low[i] = high[i] = 0.5 * (domain.lo(i) + domain.hi(i));
      }
    }
    double vl = value(low), vh = value(high);
    double s = vh > vl ? -vl / (vh - vl) : 0.5;
    double[] x = new double[d];
    for (int i = 0; i < d; i++) x[i] = low[i] + s * (high[i] - low[i]);
    return x;
  }
}
