package org.reluconvex.convexity;

import java.util.List;
import java.util.SplittableRandom;
import org.reluconvex.network.Domain;

/**
 * Builds the three-point witness of docs/math.md section 2 across one hyperplane H of a one-hidden-layer
 * network: a = x0 - eps n, b = x0 + eps n with x0 on H inside the domain, eps small enough that the
 * segment crosses no other hyperplane and stays in the domain. Then f(x0) - (f(a) + f(b))/2 =
 * -eps c_H / 2, which forward evaluation must confirm ({@link Witness#verified}).
 */
final class HyperplaneWitness {
  private static final int POINT_TRIES = 8;
  private static final int SHRINK_STEPS = 30;

  private HyperplaneWitness() {}

  /** A verified witness across h, or null if none could be confirmed. */
  static Witness across(OneLayer ol, Hyperplane h, Domain domain, org.reluconvex.precision.PrecisionPolicy policy) {
    int d = ol.inputDim();
    double[] n = h.normal();
    SplittableRandom rnd = new SplittableRandom(h.representative() * 7919L + 17);
    double[] base = h.pointInside(domain);
    for (int attempt = 0; attempt < POINT_TRIES; attempt++) {
      double[] x0 = attempt == 0 ? base : wiggle(base, n, domain, rnd);
      double eps = room(ol.hyperplanes(), h, x0, domain);
      if (!(eps > 0)) continue;
      for (int s = 0; s < SHRINK_STEPS; s++, eps *= 0.5) {
        double[] a = new double[d], b = new double[d];
        for (int i = 0; i < d; i++) {
          a[i] = x0[i] - eps * n[i];
          b[i] = x0[i] + eps * n[i];
        }
        if (!domain.contains(a) || !domain.contains(b)) continue;
        Witness w = Witness.verified(ol.network(), a, b, policy);
        if (w != null) return w;
      }
    }
    return null;
  }

  /**
   * Half the largest eps for which x0 +- eps n crosses no other hyperplane and stays in the domain.
   * Distance along n to hyperplane K: |value_K(x0)| / |n_K . n|.
   */
  static double room(List<Hyperplane> all, Hyperplane h, double[] x0, Domain domain) {
    double[] n = h.normal();
    double scale = 1 + Math.abs(h.offset());
    for (int i = 0; i < x0.length; i++) scale = Math.max(scale, Math.abs(x0[i]));
    double best = scale;
    for (Hyperplane k : all) {
      if (k == h) continue;
      double cos = 0;
      double[] m = k.normal();
      for (int i = 0; i < n.length; i++) cos += m[i] * n[i];
      if (cos == 0) continue;
      best = Math.min(best, Math.abs(k.value(x0)) / Math.abs(cos));
    }
    if (domain.isBox()) {
      for (int i = 0; i < n.length; i++) {
        if (n[i] == 0) continue;
        double room = Math.min(x0[i] - domain.lo(i), domain.hi(i) - x0[i]) / Math.abs(n[i]);
        best = Math.min(best, room);
      }
    }
    return 0.5 * best;
  }

  /** A random point of H near x0, still inside the domain. */
  private static double[] wiggle(double[] x0, double[] n, Domain domain, SplittableRandom rnd) {
    int d = x0.length;
    double[] v = new double[d];
    double dot = 0;
    for (int i = 0; i < d; i++) {
      v[i] = rnd.nextGaussian();
      dot += v[i] * n[i];
    }
    double len = 0;
    for (int i = 0; i < d; i++) {
      v[i] -= dot * n[i];
      len += v[i] * v[i];
    }
    len = Math.sqrt(len);
    if (len == 0) return x0.clone();
    double step;
    if (domain.isWhole()) {
      double scale = 1;
      for (double c : x0) scale = Math.max(scale, Math.abs(c));
      step = scale * rnd.nextDouble() / len;
    } else {
      double max = Double.POSITIVE_INFINITY;
      for (int i = 0; i < d; i++) {
        if (v[i] > 0) max = Math.min(max, (domain.hi(i) - x0[i]) / v[i]);
        else if (v[i] < 0) max = Math.min(max, (domain.lo(i) - x0[i]) / v[i]);
      }
      step = 0.9 * max * rnd.nextDouble();
    }
    double[] x = new double[d];
    for (int i = 0; i < d; i++) x[i] = x0[i] + step * v[i];
    return x;
  }
}
