package org.reluconvex.convexity;

import java.util.SplittableRandom;
import org.reluconvex.complex.Domain;
import org.reluconvex.complex.PolyhedralComplex;
import org.reluconvex.network.Network;
import org.reluconvex.network.NeuronId;

/**
 * Turns a negative gain into a verified witness (MATH.md section 2): a point x0 on the neuron's zero
 * set near a skeleton element, the normal n there, the kink kappa = f'(x0; n) + f'(x0; -n), and if
 * kappa &lt; 0 the points x0 &plusmn; t n for decreasing t until forward evaluation confirms
 * f(x0) &gt; (f(x0 - t n) + f(x0 + t n)) / 2.
 */
final class WitnessSearch {
  private final Network net;
  private final Domain box;
  private final PolyhedralComplex cx;
  private final double scale;
  private final org.reluconvex.precision.PrecisionPolicy policy;
  private final SplittableRandom rnd = new SplittableRandom(0x3117_ce55L);

  /** Per coordinate, a power of two every witness coordinate must be a multiple of (0: none). */
  private final double[] grid;

  WitnessSearch(PolyhedralComplex cx, org.reluconvex.precision.PrecisionPolicy policy, double[] grid) {
    this(cx, cx.network(), cx.domain(), policy, grid);
  }

  /** A search without a complex: {@link #at} and {@link #nearZeroSet} only. */
  WitnessSearch(Network net, Domain box, org.reluconvex.precision.PrecisionPolicy policy) {
    this(null, net, box, policy, null);
  }

  private WitnessSearch(PolyhedralComplex cx, Network net, Domain box, org.reluconvex.precision.PrecisionPolicy policy, double[] grid) {
    this.grid = grid;
    this.cx = cx;
    this.policy = policy;
    this.net = net;
    this.box = box;
    this.scale = Math.max(1e-300, box.scale());
  }

  /**
   * A verified witness at one of a few random points of the zero set of 'id' near x0 (one
   * projection step from x0 moved by up to 'radius' times the box scale), or null.
   */
  Witness nearZeroSet(double[] x0, NeuronId id, int tries, double radius) {
    for (int k = 0; k < tries; k++) {
      double[] y = perturbOnZeroSet(x0, id, radius * (k + 1) / tries);
      if (y == null) continue;
      Witness w = at(y, null, id);
      if (w != null) return w;
    }
    return null;
  }

  /** A verified witness near element el (an edge, or a vertex when d = 1) for neuron g, or null. */
  Witness near(int el, int g) {
    int d = cx.dim();
    NeuronId id = cx.neuron(g);
    double[] a, b;
    if (d == 1) {
      a = b = cx.vertex(el);
    } else {
      a = cx.vertex(cx.edgeStart(el));
      b = cx.vertex(cx.edgeEnd(el));
    }
    double[] fractions = {0.5, 0.3, 0.7, 0.1, 0.9};
    for (double f : fractions) {
      double[] x0 = lerp(a, b, f);
      double[] n = d == 2 ? perpendicular(a, b) : null;
      Witness w = at(x0, n, id);
      if (w != null) return w;
      if (d >= 3) {
        // the edge is a corner of the zero set: move into the faces around it
        for (int k = 0; k < 8; k++) {
          double[] y = perturbOnZeroSet(x0, id);
          if (y == null) continue;
          w = at(y, null, id);
          if (w != null) return w;
        }
      }
      if (d == 1) break;
    }
    return null;
  }

  /** Witness across the zero set of 'id' at x0 with normal n (the pre-activation gradient if null). */
  Witness at(double[] x0, double[] n, NeuronId id) {
    if (!box.containsStrictly(x0, 0)) return null;
    if (n == null) n = Kink.preGradient(net, id.layer(), id.index(), x0);
    if (norm(n) == 0) return null;
    double kappa = Kink.across(net, x0, n);
    if (!(kappa < 0)) return null;
    return witnessAlong(x0, n);
  }

  /**
   * x0 +- t n for t from 1e-2 of the box scale down to a few ulps of x0: the first pair that double
   * evaluation proves, else the first that exact arithmetic proves.
   */
  Witness witnessAlong(double[] x0, double[] n) {
    double nn = norm(n);
    double[] u = new double[n.length];
    for (int i = 0; i < n.length; i++) u[i] = n[i] / nn;
    Witness exactOnly = null;
    // down to a few ulps of x0: a feature near the origin of a huge box is far below the box's scale
    double reach = 0;
    for (double v : x0) reach = Math.max(reach, Math.abs(v));
    double tMin = Math.max(8 * Math.ulp(reach), Double.MIN_NORMAL);
    for (double t = 1e-2 * scale; t > tMin; t *= 0.25) {
      double[] lo = new double[u.length], hi = new double[u.length];
      for (int i = 0; i < u.length; i++) {
        lo[i] = onGrid(x0[i] - t * u[i], i);
        hi[i] = onGrid(x0[i] + t * u[i], i);
      }
      if (java.util.Arrays.equals(lo, hi)) continue;
      if (!box.contains(lo) || !box.contains(hi)) continue;
      Witness w = Witness.verified(net, lo, hi, policy, false);
      if (w != null) return w;
      if (exactOnly == null) exactOnly = Witness.verified(net, lo, hi, policy, true);
    }
    return exactOnly;
  }

  /** x rounded to the grid of coordinate i (exact: the grid is a power of two). */
  private double onGrid(double x, int i) {
    if (grid == null || grid[i] == 0) return x;
    return Math.rint(x / grid[i]) * grid[i];
  }

  /** A random point of the zero set of 'id' near x0, by one projection step; null if it leaves the box. */
  private double[] perturbOnZeroSet(double[] x0, NeuronId id) {
    return perturbOnZeroSet(x0, id, 1e-5); // eta between 1e-6 and 1e-5 of the box scale
  }

  private double[] perturbOnZeroSet(double[] x0, NeuronId id, double radius) {
    int d = x0.length;
    double eta = radius * scale * (1 + 9 * rnd.nextDouble()) / 10;
    double[] y = x0.clone();
    for (int i = 0; i < d; i++) y[i] += eta * rnd.nextGaussian();
    for (int it = 0; it < 3; it++) {
      double[] grad = Kink.preGradient(net, id.layer(), id.index(), y);
      double g2 = 0;
      for (double v : grad) g2 += v * v;
      if (g2 == 0) return null;
      double p = Kink.pre(net, id.layer(), id.index(), y);
      for (int i = 0; i < d; i++) y[i] -= p * grad[i] / g2;
    }
    return box.containsStrictly(y, 0) ? y : null;
  }

  /**
   * Newton steps from x onto the zero set of 'id' (the pre-activation is affine on each cell, so a
   * step that stays in one cell lands exactly); null when the steps leave the box or do not settle.
   */
  double[] projectToZeroSet(double[] x, NeuronId id, int steps) {
    double[] y = x.clone();
    int d = y.length;
    for (int it = 0; it < steps; it++) {
      double p = Kink.pre(net, id.layer(), id.index(), y);
      double[] grad = Kink.preGradient(net, id.layer(), id.index(), y);
      double g2 = 0, reach = 0;
      for (int i = 0; i < d; i++) {
        g2 += grad[i] * grad[i];
        reach += Math.abs(grad[i] * y[i]);
      }
      if (g2 == 0) return null;
      if (Math.abs(p) <= 1e-12 * reach) return box.containsStrictly(y, 0) ? y : null;
      for (int i = 0; i < d; i++) y[i] -= p * grad[i] / g2;
      if (!box.contains(y)) return null;
    }
    return null;
  }

  private static double[] lerp(double[] a, double[] b, double f) {
    double[] x = new double[a.length];
    for (int i = 0; i < a.length; i++) x[i] = a[i] + f * (b[i] - a[i]);
    return x;
  }

  private static double[] perpendicular(double[] a, double[] b) {
    return new double[] {-(b[1] - a[1]), b[0] - a[0]};
  }

  private static double norm(double[] v) {
    double s = 0;
    for (double x : v) s += x * x;
    return Math.sqrt(s);
  }
}
