package org.reluconvex.soundness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntSupplier;
import org.reluconvex.io.JsonModel;
import org.reluconvex.network.Network;
import org.reluconvex.soundness.ExactOracle.Restriction;
import org.reluconvex.soundness.Gen.Family;

/**
 * The kinds of cases of the harness. Each draws a base network on a small box from a seed, lets the
 * oracle search that box for concave kinks, applies a transformation whose effect is known exactly
 * (the function g(2^s x + c) = 2^o f(x) on the box mapped the same way, or a larger box), checks that
 * the rewrite really preserved the function (exactly, at random points), and hands the case to
 * {@link Harness#run}.
 */
final class Kinds {
  private Kinds() {}

  /** A drawn base network on a small box, with the oracle's search of that box. */
  record Base(Gen.Drawn drawn, double[] lo, double[] hi, Lines.Search search) {
    List<Restriction> concave() { return search.concave(); }

    Network net() { return drawn.net(); }

    int dim() { return lo.length; }
  }

  static Base base(SplittableRandom r, Family family) { return base(r, family, 1 + r.nextInt(4)); }

  static Base base(SplittableRandom r, Family family, int d) {
    double[] lo = new double[d], hi = new double[d];
    int radius = 1 + r.nextInt(3);
    boolean cube = r.nextBoolean();
    for (int i = 0; i < d; i++) {
      if (cube) {
        lo[i] = -radius;
        hi[i] = radius;
      } else {
        int a = r.nextInt(-6, 6), b = r.nextInt(a + 1, 7); // half-integers in [-3, 3]
        lo[i] = a / 2.0;
        hi[i] = b / 2.0;
      }
    }
    Gen.Drawn drawn = Gen.draw(r, family, d, 3);
    Lines.Search s = Lines.search(new ExactOracle(drawn.net()), lo, hi, new SplittableRandom(r.nextLong()), 14, 2);
    return new Base(drawn, lo, hi, s);
  }

  static Base base(SplittableRandom r) { return base(r, Gen.family(r)); }

  /** The families where non-convexity is common (for superset boxes, which need a concave kink to be telling). */
  static Base nonConvexProne(SplittableRandom r) {
    Family[] often = {Family.MLP, Family.SKIP_MLP, Family.DAG, Family.CONCAVE, Family.DUPLICATES, Family.CONSTANTS, Family.WIDE, Family.FLOAT};
    return base(r, often[r.nextInt(often.length)]);
  }

  /**
   * A transformed problem: network g and box with g(2^s x + c) = 2^o f(x) for the base f (the base
   * box maps into the box).
   */
  record Transformed(String what, Network net, double[] lo, double[] hi, int s, Rational[] c, int o) {}

  static Transformed identity(Base b) {
    Rational[] c = new Rational[b.dim()];
    Arrays.fill(c, Rational.ZERO);
    return new Transformed("none", b.net(), b.lo(), b.hi(), 0, c, 0);
  }

  private static String join(String a, String b) { return a.equals("none") ? b : a + "; then " + b; }

  /** Translation of input and box by about 2^k, k = 0..40, per coordinate (some coordinates unshifted). */
  static Transformed translate(Transformed t, SplittableRandom r) {
    int k = r.nextInt(41);
    int d = t.lo.length;
    double[] c = new double[d];
    for (int i = 0; i < d; i++)
      c[i] = r.nextInt(5) == 0 ? 0 : (r.nextBoolean() ? 1 : -1) * Math.scalb(1.0 + r.nextInt(8) / 8.0, k);
    Network net = Transforms.translate(t.net, c);
    double[] lo = Transforms.shift(t.lo, c), hi = Transforms.shift(t.hi, c);
    if (net == null || lo == null || hi == null) return null;
    Rational[] cc = new Rational[d];
    for (int i = 0; i < d; i++) cc[i] = t.c[i].add(Rational.of(c[i]));
    return new Transformed(join(t.what, "input and box translated by c = " + Arrays.toString(c) + " (k = " + k + "; biases b - W c)"),
        net, lo, hi, t.s, cc, t.o);
  }

  /** Inputs and box scaled by 2^s, output by 2^o. */
  static Transformed scale(Transformed t, int s, int o) {
    Network net = Transforms.scaleInputAndOutput(t.net, s, o);
    double[] lo = Transforms.scale(t.lo, s), hi = Transforms.scale(t.hi, s);
    if (net == null || lo == null || hi == null) return null;
    Rational[] cc = new Rational[t.c.length];
    for (int i = 0; i < cc.length; i++) cc[i] = t.c[i].multiply(Rational.pow2(s));
    return new Transformed(join(t.what, "inputs and box scaled by 2^" + s + ", output by 2^" + o), net, lo, hi, t.s + s, cc, t.o + o);
  }

  /** n distinct random neurons rescaled by 2^k (incoming times 2^k, outgoing times 2^-k). */
  static Transformed rescale(Transformed t, SplittableRandom r, int n, IntSupplier k) {
    Network net = t.net;
    StringBuilder what = new StringBuilder();
    List<Long> used = new ArrayList<>();
    for (int a = 0; a < n; a++) {
      int l = 1 + r.nextInt(net.hiddenLayers()), i = r.nextInt(net.width(l)), e = k.getAsInt();
      if (used.contains(((long) l << 32) | i)) continue;
      used.add(((long) l << 32) | i);
      what.append(what.length() > 0 ? ", " : "").append("neuron ").append(l).append('.').append(i).append(" by 2^").append(e);
      net = Transforms.rescale(net, l, i, e);
      if (net == null) return null;
    }
    return new Transformed(join(t.what, "rescaled (incoming times 2^k, outgoing times 2^-k): " + what), net, t.lo, t.hi, t.s, t.c, t.o);
  }

  /** A box containing t's, reaching up to about 10^top (at most 9e300) in random coordinates and directions. */
  static Transformed superset(Transformed t, SplittableRandom r) {
    int d = t.lo.length;
    double[] lo = new double[d], hi = new double[d];
    int top = r.nextInt(4) == 0 ? 300 : 1 + r.nextInt(300);
    for (int i = 0; i < d; i++) {
      double w = Math.max(Math.abs(t.lo[i]), Math.abs(t.hi[i]));
      lo[i] = r.nextInt(5) == 0 ? t.lo[i] : Math.min(t.lo[i], -(1 + r.nextInt(9)) * Math.pow(10, r.nextInt(top + 1)) - (r.nextBoolean() ? w : 0));
      hi[i] = r.nextInt(5) == 0 ? t.hi[i] : Math.max(t.hi[i], (1 + r.nextInt(9)) * Math.pow(10, r.nextInt(top + 1)) + (r.nextBoolean() ? w : 0));
      if (!Double.isFinite(lo[i]) || !Double.isFinite(hi[i])) return null;
    }
    return new Transformed(join(t.what, "superset box of " + Harness.boxSpec(t.lo, t.hi)), t.net, lo, hi, t.s, t.c, t.o);
  }

  /** Exponents for "weights up to 1e300": +-(600..995). */
  static int huge(SplittableRandom r) { return (r.nextBoolean() ? 1 : -1) * r.nextInt(600, 996); }

  /**
   * g(2^s x + c) = 2^o f(x), checked exactly at random points of the base box: the harness's own
   * rewrites must preserve the function, or a failure could be the harness's.
   */
  static boolean preserved(Base b, Transformed t, SplittableRandom r) {
    ExactOracle f = new ExactOracle(b.net()), g = new ExactOracle(t.net);
    Rational[] lo = Rational.of(b.lo()), hi = Rational.of(b.hi());
    for (int k = 0; k < 4; k++) {
      Rational[] x = Lines.point(r, lo, hi), y = new Rational[x.length];
      for (int i = 0; i < x.length; i++) y[i] = x[i].multiply(Rational.pow2(t.s)).add(t.c[i]);
      if (!g.eval(y).equals(f.eval(x).multiply(Rational.pow2(t.o)))) return false;
    }
    return true;
  }

  /** Judges the transformed case (or counts a discarded draw when t is null). */
  static void judge(Harness.Tally tally, Base b, Transformed t, SplittableRandom r, Harness.Checker checker) {
    if (t == null) {
      tally.discarded++;
      return;
    }
    if (!preserved(b, t, r)) {
      tally.fail("harness: transformation not exact", t.what + "\n" + JsonModel.write(t.net));
      return;
    }
    ExactOracle o = new ExactOracle(t.net);
    List<Restriction> known = new ArrayList<>();
    for (Restriction k : b.concave()) known.add(Lines.mapped(o, k, t.s, t.c));
    Harness.run(new Harness.Case(tally.kind, b.drawn().family(), b.drawn().recipe(), t.what, t.net, t.lo, t.hi, known, 8), tally, r, checker);
  }

  // ---- the kinds ----

  static void plain(long seed, Harness.Tally tally, Harness.Checker checker) {
    SplittableRandom r = new SplittableRandom(seed);
    Base b = base(r);
    judge(tally, b, identity(b), r, checker);
  }

  static void shifted(long seed, Harness.Tally tally, Harness.Checker checker) {
    SplittableRandom r = new SplittableRandom(seed);
    Base b = base(r);
    judge(tally, b, translate(identity(b), r), r, checker);
  }

  static void scaled(long seed, Harness.Tally tally, Harness.Checker checker) {
    SplittableRandom r = new SplittableRandom(seed);
    Base b = base(r);
    // half the draws at the far ends (|s| >= 30), where tolerances that ignore the scale give way
    int s = r.nextBoolean() ? r.nextInt(-60, 61) : (r.nextBoolean() ? 1 : -1) * r.nextInt(30, 61);
    judge(tally, b, scale(identity(b), s, r.nextInt(-60, 61)), r, checker);
  }

  /** Low dimension (d = 1, 2: one line or a few cover the box) on boxes of width 2^-60..2^-30. */
  static void tiny(long seed, Harness.Tally tally, Harness.Checker checker) {
    SplittableRandom r = new SplittableRandom(seed);
    Base b = base(r, Gen.family(r), 1 + r.nextInt(2));
    judge(tally, b, scale(identity(b), -r.nextInt(30, 61), r.nextInt(-60, 61)), r, checker);
  }

  static void rescaled(long seed, Harness.Tally tally, Harness.Checker checker) {
    SplittableRandom r = new SplittableRandom(seed);
    Base b = base(r);
    judge(tally, b, rescale(identity(b), r, 1 + r.nextInt(3), () -> r.nextInt(-60, 61)), r, checker);
  }

  static void extreme(long seed, Harness.Tally tally, Harness.Checker checker) {
    SplittableRandom r = new SplittableRandom(seed);
    Base b = base(r);
    Transformed t = rescale(identity(b), r, 1 + r.nextInt(2), () -> huge(r));
    if (t != null && r.nextInt(3) == 0) t = scale(t, 0, r.nextBoolean() ? 600 + r.nextInt(390) : -600 - r.nextInt(390));
    judge(tally, b, t, r, checker);
  }

  static void superset(long seed, Harness.Tally tally, Harness.Checker checker) {
    SplittableRandom r = new SplittableRandom(seed);
    Base b = nonConvexProne(r);
    judge(tally, b, superset(identity(b), r), r, checker);
  }

  /** Two to four of the transformations in a row (a superset box, when drawn, comes last). */
  static void combined(long seed, Harness.Tally tally, Harness.Checker checker) {
    SplittableRandom r = new SplittableRandom(seed);
    Base b = r.nextBoolean() ? nonConvexProne(r) : base(r);
    Transformed t = identity(b);
    int steps = 2 + r.nextInt(3);
    for (int k = 0; k < steps && t != null; k++) {
      boolean last = k == steps - 1;
      switch (r.nextInt(last ? 5 : 4)) {
        case 0 -> t = translate(t, r);
        case 1 -> t = scale(t, r.nextInt(-40, 41), r.nextInt(-40, 41));
        case 2 -> t = rescale(t, r, 1 + r.nextInt(3), () -> r.nextInt(-60, 61));
        case 3 -> t = rescale(t, r, 1, () -> huge(r));
        default -> t = superset(t, r);
      }
    }
    judge(tally, b, t, r, checker);
  }
}
