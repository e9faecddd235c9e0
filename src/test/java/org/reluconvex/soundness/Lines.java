package org.reluconvex.soundness;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.reluconvex.soundness.ExactOracle.Restriction;

/**
 * Exact searches for a concave kink of f inside an open box: restrictions of f to many rational
 * lines (random points and directions, axis-parallel lines, lines through breakpoints found on
 * earlier lines, and lines along a neuron's zero set, whose own breakpoints lie where two zero sets
 * meet; lines through those points follow). In dimension 1 one line covers the box and the search
 * is complete.
 */
final class Lines {
  private Lines() {}

  /** What a search saw: how many lines, and the restrictions that showed a concave kink (at most a few). */
  record Search(int lines, List<Restriction> concave) {
    boolean foundConcave() { return !concave.isEmpty(); }
  }

  /** A random point of the open box: lo + u (hi - lo) with u = k / 2^12, 0 &lt; k &lt; 2^12, per coordinate. */
  static Rational[] point(SplittableRandom r, Rational[] lo, Rational[] hi) {
    Rational[] p = new Rational[lo.length];
    for (int i = 0; i < lo.length; i++) {
      Rational u = Rational.of(1 + r.nextInt(4095), 4096);
      p[i] = lo[i].add(u.multiply(hi[i].subtract(lo[i])));
    }
    return p;
  }

  /** A non-zero direction with small integer (sometimes half-integer) entries. */
  static Rational[] direction(SplittableRandom r, int d) {
    while (true) {
      Rational[] q = new Rational[d];
      boolean nz = false;
      for (int i = 0; i < d; i++) {
        int k = r.nextInt(7) - 3;
        q[i] = r.nextInt(4) == 0 ? Rational.of(k, 2) : Rational.of(k);
        nz |= k != 0;
      }
      if (nz) return q;
    }
  }

  static Rational[] axis(int d, int i) {
    Rational[] q = new Rational[d];
    for (int j = 0; j < d; j++) q[j] = j == i ? Rational.ONE : Rational.ZERO;
    return q;
  }

  private static final class State {
    final ExactOracle o;
    final Rational[] lo, hi;
    final SplittableRandom r;
    int lines;
    final List<Restriction> concave = new ArrayList<>();
    final List<Restriction> seen = new ArrayList<>();

    State(ExactOracle o, Rational[] lo, Rational[] hi, SplittableRandom r) {
      this.o = o;
      this.lo = lo;
      this.hi = hi;
      this.r = r;
    }

    Restriction line(Rational[] p, Rational[] q) {
      Restriction res = o.restrict(p, q, lo, hi);
      if (res == null) return null;
      lines++;
      seen.add(res);
      if (!res.convex() && concave.size() < 3) concave.add(res);
      return res;
    }
  }

  /**
   * Searches the open box [lo, hi] with about {@code budget} random lines plus the derived ones.
   * Stops early once {@code stopAfter} concave lines are found (0: never).
   */
  static Search search(ExactOracle o, double[] lo, double[] hi, SplittableRandom r, int budget, int stopAfter) {
    Rational[] l = Rational.of(lo), h = Rational.of(hi);
    State s = new State(o, l, h, r);
    int d = lo.length;
    if (d == 1) {
      s.line(point(r, l, h), axis(1, 0));
      return new Search(s.lines, s.concave);
    }
    for (int k = 0; k < budget && !(stopAfter > 0 && s.concave.size() >= stopAfter); k++) {
      Rational[] p = point(r, l, h);
      Rational[] q = k < d ? axis(d, k) : direction(r, d);
      Restriction res = s.line(p, q);
      if (res == null || res.breakpoints().isEmpty() || k % 2 == 1) continue;
      // through a breakpoint, in another direction; and along the zero set crossed there
      int bi = r.nextInt(res.breakpoints().size());
      Rational[] x = res.point(res.breakpoints().get(bi));
      s.line(x, direction(r, d));
      int[] nu = res.switching().get(bi);
      Rational[] g = o.preGradient(x, nu[0], nu[1]);
      Rational[] u = tangent(g, direction(r, d));
      if (u == null) continue;
      Restriction along = s.line(x, u);
      if (along == null) continue;
      // breakpoints next to x on the zero set: where a second neuron meets it
      List<Rational> bps = along.breakpoints();
      Rational before = null, after = null;
      for (Rational t : bps) {
        if (t.signum() < 0) before = t;
        else if (t.signum() > 0 && after == null) after = t;
      }
      for (Rational t : new Rational[] {before, after}) {
        if (t == null) continue;
        Rational[] y = along.point(t);
        s.line(y, direction(r, d));
        s.line(y, axis(d, r.nextInt(d)));
      }
    }
    return new Search(s.lines, s.concave);
  }

  /** A direction v orthogonal to g: v = w (g.g) - g (g.w), or null when g or v is zero. */
  static Rational[] tangent(Rational[] g, Rational[] w) {
    Rational gg = Rational.ZERO, gw = Rational.ZERO;
    for (int i = 0; i < g.length; i++) {
      gg = gg.add(g[i].multiply(g[i]));
      gw = gw.add(g[i].multiply(w[i]));
    }
    if (gg.signum() == 0) return null;
    Rational[] v = new Rational[g.length];
    boolean nz = false;
    for (int i = 0; i < g.length; i++) {
      v[i] = w[i].multiply(gg).subtract(g[i].multiply(gw));
      nz |= v[i].signum() != 0;
    }
    return nz ? v : null;
  }

  /** The line p + t q mapped by x -&gt; 2^s x + c (p' = 2^s p + c, q' = 2^s q) and restricted to a new network and box. */
  static Restriction mapped(ExactOracle o, Restriction line, int s, Rational[] c) {
    int d = line.p().length;
    Rational[] p = new Rational[d], q = new Rational[d];
    Rational f = Rational.pow2(s);
    for (int i = 0; i < d; i++) {
      p[i] = line.p()[i].multiply(f).add(c == null ? Rational.ZERO : c[i]);
      q[i] = line.q()[i].multiply(f);
    }
    // the same segment of the line: t in the original interval (inside the new box by construction)
    return o.restrict(p, q, line.tlo(), line.thi());
  }
}
