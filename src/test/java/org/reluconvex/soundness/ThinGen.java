package org.reluconvex.soundness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.reluconvex.network.Examples;
import org.reluconvex.network.Network;

/**
 * The thin-geometry families of issue 25, item 4: small ReLU networks (d = 1..64) whose only
 * difficulty is geometry that is thin relative to the box, or numbers at the ends of the double
 * range. Every case carries what its construction proves (derived in exact rational arithmetic from
 * the very doubles stored in the network, never from a checker) and probe lines on which the exact
 * oracle ({@link ExactOracle}) can show a concave kink; {@link ThinHarness} judges the checkers.
 *
 * <ul>
 *   <li>{@code corner}: concave (or convex) kinks confined to a corner of the box: relu(v.x - (L_max - w))
 *       with |v_i| &gt; 0, w = 2^-10..2^-52 of the box's extent, alone, in pairs or as a thin step;
 *   <li>{@code slab}: steps s1 relu(l - c) + s2 relu(l - c - w) along an axis or a rotated direction l,
 *       at a face, near a face, inside the box, at the lower face;
 *   <li>{@code facet}: one hyperplane within 2^-40..2^-52 of a facet (inside, outside, or on it);
 *   <li>{@code near_dup}: two hyperplanes 2^-10..2^-52 apart (in angle, offset or scale) with outgoing
 *       weights such as 2 and -1 (not convex) or 1 and 1 (convex), in the first layer, in a second
 *       layer over pass-through pairs, or over a genuine ReLU layer;
 *   <li>{@code tied}: convex networks whose neurons switch together (pass-through pairs with weights
 *       (a, -a), duplicated neurons with weights 2 and -1, {@code example:beyond-icnn},
 *       {@code example:non-icnn-weights}, also composed with a linear map into d up to 64) with one
 *       weight or bias moved by 2^-30 (sometimes 2^-20..2^-45);
 *   <li>{@code scale}: outputs scaled exactly by 2^-1020..2^-1074 (subnormal) or 2^990..2^1023
 *       (overflowing values), chains of weights such as 1e200, 1e200, -1 or 2^-600, 2^-600, and
 *       boxes of +-1e308 and +-Double.MAX_VALUE.
 * </ul>
 *
 * The ridge cases (corner, slab, facet, chains) compute f(x) = g(v.x) + (convex extras) with g
 * piecewise linear in one variable: f is convex on the box iff g has no breakpoint with a negative
 * total slope change strictly inside (L_min, L_max), the range of v.x over the box; the diagonal of
 * the box from the minimiser to the maximiser of v.x covers that range, and is the probe line.
 */
final class ThinGen {
  private ThinGen() {}

  /** The families, one row each of the report. */
  static final List<String> FAMILIES = List.of("corner", "slab", "facet", "near_dup", "tied", "scale");

  /**
   * One case. {@code derived}: TRUE when the construction proves f convex on the box, FALSE when it
   * proves a concave kink strictly inside (the oracle must confirm it on a probe line), null when
   * only the oracle can tell. {@code probes}: lines {p, q} (exact) for the oracle.
   */
  record ThinCase(String family, String recipe, Network net, double[] lo, double[] hi, Boolean derived, List<Rational[][]> probes) {}

  // ---------------------------------------------------------------- shared draws

  private static final int[] BIG_DIMS = {5, 6, 8, 12, 16, 24, 32, 48, 64};

  /** d in 1..4 six times in ten, otherwise one of 5..64. */
  static int dim(SplittableRandom r, int min) {
    int d = r.nextInt(10) < 6 ? 1 + r.nextInt(4) : BIG_DIMS[r.nextInt(BIG_DIMS.length)];
    return Math.max(min, d);
  }

  /** The exponent k of a thickness 2^-k: uniform in 10..52, around 2^-30, or in 44..52. */
  static int thin(SplittableRandom r) {
    return switch (r.nextInt(3)) {
      case 0 -> 10 + r.nextInt(43);
      case 1 -> 24 + r.nextInt(13);
      default -> 44 + r.nextInt(9);
    };
  }

  /** A box: [-1,1]^d, [0,1]^d, [-2,2]^d, [-1/2,3/2]^d or half-integer intervals in [-3,3]; with lo &lt; 0 &lt; hi everywhere when asked. */
  static double[][] box(SplittableRandom r, int d, boolean containZero) {
    double[] lo = new double[d], hi = new double[d];
    int style = r.nextInt(5);
    for (int i = 0; i < d; i++) {
      switch (style) {
        case 0 -> { lo[i] = -1; hi[i] = 1; }
        case 1 -> { lo[i] = 0; hi[i] = 1; }
        case 2 -> { lo[i] = -2; hi[i] = 2; }
        case 3 -> { lo[i] = -0.5; hi[i] = 1.5; }
        default -> {
          int a = r.nextInt(-6, 6), b = r.nextInt(a + 1, 7);
          lo[i] = a / 2.0;
          hi[i] = b / 2.0;
        }
      }
      if (containZero) {
        if (lo[i] >= 0) lo[i] = -0.5;
        if (hi[i] <= 0) hi[i] = 0.5;
      }
    }
    return new double[][] {lo, hi};
  }

  static String recipeBox(double[] lo, double[] hi) {
    boolean same = true;
    for (int i = 1; i < lo.length; i++) same &= lo[i] == lo[0] && hi[i] == hi[0];
    return same ? "[" + lo[0] + ", " + hi[0] + "]^" + lo.length : Harness.boxSpec(lo, hi);
  }

  /** Range [L_min, L_max] of v.x over the box, exactly. */
  static Rational[] range(Rational[] v, double[] lo, double[] hi) {
    Rational mn = Rational.ZERO, mx = Rational.ZERO;
    for (int i = 0; i < v.length; i++) {
      Rational a = v[i].multiply(Rational.of(lo[i])), b = v[i].multiply(Rational.of(hi[i]));
      mn = mn.add(a.min(b));
      mx = mx.add(a.max(b));
    }
    return new Rational[] {mn, mx};
  }

  /** The diagonal of the box from the minimiser of v.x to its maximiser (coordinates with v_i = 0 at the centre): {p, q}, t in (0, 1). */
  static Rational[][] diagonal(Rational[] v, double[] lo, double[] hi) {
    int d = v.length;
    Rational[] p = new Rational[d], q = new Rational[d];
    boolean any = false;
    for (int i = 0; i < d; i++) {
      Rational l = Rational.of(lo[i]), h = Rational.of(hi[i]);
      int s = v[i].signum();
      if (s == 0) {
        p[i] = l.add(h).multiply(Rational.HALF);
        q[i] = Rational.ZERO;
      } else {
        p[i] = s > 0 ? l : h;
        q[i] = s > 0 ? h.subtract(l) : l.subtract(h);
        any = true;
      }
    }
    if (!any) q[0] = Rational.of(hi[0]).subtract(Rational.of(lo[0]));
    return new Rational[][] {p, q};
  }

  /** Lines along axis i through the centre and through a few random points of the open box. */
  static List<Rational[][]> axisLines(SplittableRandom r, int i, double[] lo, double[] hi, int n) {
    List<Rational[][]> out = new ArrayList<>();
    Rational[] l = Rational.of(lo), h = Rational.of(hi);
    for (int k = 0; k < n; k++) {
      Rational[] p = k == 0 ? centre(lo, hi) : Lines.point(r, l, h);
      out.add(new Rational[][] {p, Lines.axis(lo.length, i)});
    }
    return out;
  }

  static Rational[] centre(double[] lo, double[] hi) {
    Rational[] c = new Rational[lo.length];
    for (int i = 0; i < lo.length; i++) c[i] = Rational.of(lo[i]).add(Rational.of(hi[i])).multiply(Rational.HALF);
    return c;
  }

  /** Exactly a * b as a double, or an error (the generators only multiply where this holds). */
  static double exactTimes(double a, double b) {
    double p = a * b;
    if (!Double.isFinite(p) || !Rational.of(p).equals(Rational.of(a).multiply(Rational.of(b))))
      throw new IllegalStateException("inexact product " + a + " * " + b);
    return p;
  }

  static boolean isExactTimes(double a, double b) {
    double p = a * b;
    return Double.isFinite(p) && Rational.of(p).equals(Rational.of(a).multiply(Rational.of(b)));
  }

  // ---------------------------------------------------------------- ridge networks

  /** How the one-variable terms reach the output. */
  enum Style {
    /** relu(alpha l + beta) in the only hidden layer, output weight m: one hidden layer. */
    DIRECT,
    /** relu(alpha l + beta), then a unit neuron relu(c z), output weight m (c = 1 unless a chain). */
    UNIT,
    /** layer 1: pass-through pairs relu(x_i), relu(-x_i) for up to 3 coordinates, layer 2: relu(alpha (v.x) + beta) from them and skips. */
    PASS,
    /** two terms of one slab: u = relu(l - c) in layer 1, relu(u - w) in layer 2; out m0 u + m relu(u - w). */
    NESTED
  }

  /** A term m relu(alpha (v.x) + beta) (with c the weight of the unit neuron of {@link Style#UNIT}). */
  record Term(double alpha, double beta, double c, double m) {
    static Term at(double pos, double m) { return new Term(1, -pos, 1, m); }
  }

  /** Builds sum_k terms + convex extras + a linear part, and derives convexity exactly. */
  static final class Ridge {
    final int d;
    final double[] v;
    final List<Term> terms = new ArrayList<>();
    Style style = Style.UNIT;
    double nestedM0, nestedW; // NESTED: the slab (c = -terms[0].beta, w), out m0 on u, m = terms[0].m on relu(u - w)
    int extras;
    boolean linear;
    final StringBuilder recipe = new StringBuilder();

    Ridge(int d, double[] v) {
      this.d = d;
      this.v = v;
    }

    /** The exact terms: {slope change at the breakpoint, breakpoint} with the doubles stored in the network. */
    List<Rational[]> exactKinks() {
      List<Rational[]> out = new ArrayList<>();
      if (style == Style.NESTED) {
        Term t = terms.get(0);
        // u = relu(l + beta) (alpha = 1); relu(u - w) = relu(l + beta - w) for w >= 0
        Rational c = Rational.of(t.beta).negate();
        out.add(new Rational[] {Rational.of(nestedM0), c});
        out.add(new Rational[] {Rational.of(t.m), c.add(Rational.of(nestedW))});
        return out;
      }
      for (Term t : terms) {
        Rational a = Rational.of(t.alpha);
        if (a.signum() == 0) continue;
        Rational mult = Rational.of(t.m);
        if (style == Style.UNIT) {
          if (t.c <= 0) continue; // relu(c z) with c <= 0 is zero
          mult = mult.multiply(Rational.of(t.c));
        }
        Rational absA = a.signum() < 0 ? a.negate() : a;
        out.add(new Rational[] {mult.multiply(absA), Rational.of(t.beta).negate().divide(a)});
      }
      return out;
    }

    /** TRUE when g has no concave breakpoint strictly inside (L_min, L_max), FALSE otherwise. */
    Boolean truth(double[] lo, double[] hi) {
      Rational[] vr = Rational.of(v);
      Rational[] rg = range(vr, lo, hi);
      Map<Rational, Rational> change = new TreeMap<>();
      for (Rational[] k : exactKinks()) change.merge(k[1], k[0], Rational::add);
      for (Map.Entry<Rational, Rational> e : change.entrySet())
        if (e.getKey().compareTo(rg[0]) > 0 && e.getKey().compareTo(rg[1]) < 0 && e.getValue().signum() < 0) return Boolean.FALSE;
      return Boolean.TRUE;
    }

    Network build(SplittableRandom r) {
      if (style == Style.NESTED && (terms.size() != 1 || terms.get(0).alpha != 1 || !(nestedW >= 0)))
        throw new IllegalStateException("nested slab needs one term with alpha 1 and w >= 0");
      Editable e = new Editable(d);
      int l1 = e.addLayer();
      int l2 = style == Style.DIRECT ? -1 : e.addLayer();
      int out = e.out();
      // layer 1
      int[] pass = null;
      if (style == Style.PASS) {
        List<Integer> nz = new ArrayList<>();
        for (int i = 0; i < d; i++) if (v[i] != 0) nz.add(i);
        int s = Math.min(nz.size(), 1 + r.nextInt(3));
        pass = new int[s];
        for (int k = 0; k < s; k++) pass[k] = nz.remove(r.nextInt(nz.size()));
        Arrays.sort(pass);
        for (int i : pass) {
          int p = e.addNeuron(l1), n = e.addNeuron(l1);
          e.setWeight(l1, p, 0, i, 1);
          e.setWeight(l1, n, 0, i, -1);
          e.setBias(l1, p, 0);
          e.setBias(l1, n, 0);
        }
        recipe.append(" pass-through ").append(Arrays.toString(pass));
      }
      int[] t1 = new int[terms.size()];
      if (style != Style.PASS) {
        for (int k = 0; k < terms.size(); k++) {
          Term t = terms.get(k);
          int i = t1[k] = e.addNeuron(l1);
          double alpha = style == Style.NESTED ? 1 : t.alpha;
          for (int j = 0; j < d; j++) if (v[j] != 0) e.setWeight(l1, i, 0, j, exactTimes(alpha, v[j]));
          e.declareBlock(l1, 0);
          e.setBias(l1, i, t.beta);
        }
      }
      // convex extras in layer 1, straight to the output with positive weights
      int[] ex = new int[extras];
      for (int k = 0; k < extras; k++) {
        int i = ex[k] = e.addNeuron(l1);
        int nnz = Math.min(d, 1 + r.nextInt(4));
        for (int a = 0; a < nnz; a++) {
          double g = Gen.half(r, 2);
          e.setWeight(l1, i, 0, r.nextInt(d), g == 0 ? 1 : g);
        }
        e.setBias(l1, i, Gen.half(r, 2));
        e.setWeight(out, 0, l1, i, 0.5 * (1 + r.nextInt(4)));
      }
      if (extras > 0) recipe.append(" + ").append(extras).append(" convex extra neuron(s)");
      if (e.width(l1) == 0) throw new IllegalStateException("empty layer");
      // layer 2 and the output
      switch (style) {
        case DIRECT -> {
          for (int k = 0; k < terms.size(); k++) e.setWeight(out, 0, l1, t1[k], terms.get(k).m);
        }
        case UNIT -> {
          for (int k = 0; k < terms.size(); k++) {
            int i = e.addNeuron(l2);
            e.setWeight(l2, i, l1, t1[k], terms.get(k).c);
            e.setBias(l2, i, 0);
            e.setWeight(out, 0, l2, i, terms.get(k).m);
          }
        }
        case PASS -> {
          for (Term t : terms) {
            int i = e.addNeuron(l2);
            for (int k = 0; k < pass.length; k++) {
              double w = exactTimes(t.alpha, v[pass[k]]);
              e.setWeight(l2, i, l1, 2 * k, w);
              e.setWeight(l2, i, l1, 2 * k + 1, -w);
            }
            for (int j = 0; j < d; j++)
              if (v[j] != 0 && Arrays.binarySearch(pass, j) < 0) e.setWeight(l2, i, 0, j, exactTimes(t.alpha, v[j]));
            e.setBias(l2, i, t.beta);
            e.setWeight(out, 0, l2, i, t.m);
          }
        }
        case NESTED -> {
          Term t = terms.get(0);
          int i = e.addNeuron(l2);
          e.setWeight(l2, i, l1, t1[0], 1);
          e.setBias(l2, i, -nestedW);
          e.setWeight(out, 0, l2, i, t.m);
          e.setWeight(out, 0, l1, t1[0], nestedM0);
        }
      }
      if (l2 > 0 && e.width(l2) == 0) throw new IllegalStateException("empty layer 2");
      if (linear) {
        for (int a = 0; a < Math.min(d, 3); a++) e.setWeight(out, 0, 0, r.nextInt(d), Gen.half(r, 2));
        recipe.append(" + linear");
      }
      e.setBias(out, 0, Gen.half(r, 1));
      return e.build();
    }
  }

  /** A ridge direction: an axis (+-1), or small integers on a random support (all coordinates when 'full'). */
  static double[] direction(SplittableRandom r, int d, boolean axis, boolean full) {
    double[] v = new double[d];
    if (axis) {
      v[r.nextInt(d)] = r.nextBoolean() ? 1 : -1;
      return v;
    }
    double[] vals = {1, -1, 2, -2, 1, -1, 4, 0.5};
    if (full) {
      for (int i = 0; i < d; i++) v[i] = r.nextInt(3) == 0 ? vals[r.nextInt(vals.length)] : (r.nextBoolean() ? 1 : -1);
    } else {
      int nnz = Math.min(d, 1 + r.nextInt(4));
      for (int a = 0; a < nnz; a++) v[r.nextInt(d)] = vals[r.nextInt(vals.length)];
      boolean any = false;
      for (double x : v) any |= x != 0;
      if (!any) v[0] = 1;
    }
    return v;
  }

  static Style style(SplittableRandom r, boolean nestedOk) {
    int k = r.nextInt(20);
    if (k < 10) return Style.UNIT;
    if (k < 13) return Style.DIRECT;
    if (k < 17 || !nestedOk) return Style.PASS;
    return Style.NESTED;
  }

  /** A relative width 2^-k times the power of two at or below the extent of the range. */
  static double width(Rational[] rg, int k) {
    double extent = rg[1].subtract(rg[0]).toDouble();
    return Math.scalb(1.0, Math.getExponent(extent) - k);
  }

  static ThinCase ridgeCase(String family, SplittableRandom r, Ridge g, double[] lo, double[] hi, String what) {
    if (r.nextInt(3) == 0) g.extras = 1 + r.nextInt(2);
    g.linear = r.nextInt(3) == 0;
    Network net = g.build(r);
    Boolean truth = g.truth(lo, hi);
    List<Rational[][]> probes = new ArrayList<>();
    probes.add(diagonal(Rational.of(g.v), lo, hi));
    String recipe = what + "; v = " + compact(g.v) + "; style " + g.style.name().toLowerCase() + g.recipe + "; box " + recipeBox(lo, hi)
        + (g.extras > 0 && truth == Boolean.FALSE ? " (extras: the oracle must confirm)" : "");
    return new ThinCase(family, recipe, net, lo, hi, truth, probes);
  }

  static String compact(double[] v) {
    if (v.length <= 8) return Arrays.toString(v);
    StringBuilder sb = new StringBuilder("{");
    int n = 0;
    for (int i = 0; i < v.length; i++)
      if (v[i] != 0) sb.append(n++ > 0 ? ", " : "").append(i).append(':').append(v[i]);
    return sb.append("} (d = ").append(v.length).append(')').toString();
  }

  static double sign(SplittableRandom r) { return r.nextBoolean() ? 1 : -1; }

  // ---------------------------------------------------------------- family 1: corners and slabs

  /** Concave (or convex) kinks confined to a corner of the box. */
  static ThinCase corner(SplittableRandom r) {
    int d = dim(r, 1);
    double[][] b = box(r, d, false);
    double[] lo = b[0], hi = b[1];
    double[] v = direction(r, d, false, r.nextInt(3) != 0);
    Rational[] rg = range(Rational.of(v), lo, hi);
    int k = thin(r);
    double w = width(rg, k);
    double top = rg[1].toDouble(), bottom = rg[0].toDouble();
    Ridge g = new Ridge(d, v);
    String what;
    switch (r.nextInt(4)) {
      case 0 -> { // one kink cutting off the corner
        double m = r.nextInt(3) == 0 ? 1 : -1;
        g.terms.add(Term.at(top - w, m));
        what = "corner: " + m + " relu(v.x - (L_max - 2^-" + k + " ext))";
      }
      case 1 -> { // both opposite corners (the second with alpha = -1)
        double m1 = sign(r), m2 = sign(r);
        g.terms.add(Term.at(top - w, m1));
        g.terms.add(new Term(-1, bottom + w, 1, m2));
        what = "two corners: " + m1 + " relu(v.x - (L_max - w)) + " + m2 + " relu(L_min + w - v.x), w = 2^-" + k + " ext";
      }
      case 2 -> { // a thin step inside the corner
        double m1 = sign(r);
        g.terms.add(Term.at(top - 2 * w, m1));
        g.terms.add(Term.at(top - w, -m1));
        what = "step in the corner: " + m1 + " relu(v.x - (L_max - 2w)) + " + (-m1) + " relu(v.x - (L_max - w)), w = 2^-" + k + " ext";
      }
      default -> { // nested: relu(u - w) over u = relu(v.x - (L_max - 2w))
        g.style = Style.NESTED;
        g.terms.add(new Term(1, -(top - 2 * w), 1, sign(r)));
        g.nestedM0 = sign(r);
        g.nestedW = w;
        what = "nested corner step: out " + g.nestedM0 + " u + " + g.terms.get(0).m + " relu(u - w), u = relu(v.x - (L_max - 2w)), w = 2^-" + k + " ext";
      }
    }
    if (g.style != Style.NESTED) g.style = style(r, false);
    return ridgeCase("corner", r, g, lo, hi, what);
  }

  /** Thin steps s1 relu(l - c) + s2 relu(l - c - w) at and inside faces, along axes or rotated. */
  static ThinCase slab(SplittableRandom r) {
    int d = dim(r, 1);
    double[][] b = box(r, d, false);
    double[] lo = b[0], hi = b[1];
    boolean axis = r.nextInt(5) < 3;
    double[] v = direction(r, d, axis, false);
    Rational[] rg = range(Rational.of(v), lo, hi);
    int k = thin(r);
    double w = width(rg, k);
    double top = rg[1].toDouble(), bottom = rg[0].toDouble();
    double c;
    String where;
    switch (r.nextInt(5)) {
      case 0 -> { c = top - w; where = "at the upper face (second kink on it)"; }
      case 1 -> { c = top - 2 * w; where = "near the upper face"; }
      case 2 -> { c = bottom; where = "at the lower face (first kink on it)"; }
      case 3 -> { c = bottom + w; where = "near the lower face"; }
      default -> {
        c = rg[0].add(rg[1].subtract(rg[0]).multiply(Rational.of(1 + r.nextInt(7), 8))).toDouble();
        where = "inside";
      }
    }
    double[][] signs = {{-1, 1}, {1, -1}, {1, 1}, {-1, -1}, {2, -1}, {-1, 2}, {-1, 1}, {1, -1}};
    double[] s = signs[r.nextInt(signs.length)];
    Ridge g = new Ridge(d, v);
    g.style = style(r, true);
    addStep(g, c, w, s);
    String what = "slab " + where + ": " + s[0] + " relu(l - c) + " + s[1] + " relu(l - c - w), c = " + c + ", w = 2^-" + k + " ext ("
        + (axis ? "axis" : "rotated") + ")";
    return ridgeCase("slab", r, g, lo, hi, what);
  }

  // ---------------------------------------------------------------- family 3: facets

  /** One hyperplane within 2^-40..2^-52 of a box facet (inside, outside, or on it). */
  static ThinCase facet(SplittableRandom r) {
    int d = dim(r, 1);
    double[][] b = box(r, d, false);
    double[] lo = b[0], hi = b[1];
    boolean axis = r.nextInt(4) != 0;
    double[] v = direction(r, d, axis, false);
    Rational[] rg = range(Rational.of(v), lo, hi);
    int k = 40 + r.nextInt(13);
    boolean upper = r.nextBoolean();
    double face = (upper ? rg[1] : rg[0]).toDouble();
    double dist = Math.scalb(1.0, Math.getExponent(Math.max(Math.abs(face), 1.0)) - k);
    int where = r.nextInt(6);
    double pos = switch (where) {
      case 0, 1, 2 -> upper ? face - dist : face + dist; // inside, thin
      case 3 -> upper ? face + dist : face - dist; // just outside: f affine on the box
      case 4 -> face; // on the facet
      default -> upper ? face - dist * (1 + r.nextInt(7)) : face + dist * (1 + r.nextInt(7));
    };
    String[] names = {"inside", "inside", "inside", "just outside", "on the facet", "a few ulps inside"};
    double m = r.nextInt(3) == 0 ? 1 : -1;
    Ridge g = new Ridge(d, v);
    g.terms.add(Term.at(pos, m));
    if (r.nextInt(4) == 0) { // a second, ordinary kink elsewhere
      double c2 = rg[0].add(rg[1].subtract(rg[0]).multiply(Rational.of(1 + r.nextInt(3), 4))).toDouble();
      g.terms.add(Term.at(c2, sign(r)));
    }
    g.style = style(r, false);
    String what = "facet " + (upper ? "upper" : "lower") + " at " + face + ", hyperplane " + names[where] + " (2^-" + k + "), pos " + pos
        + ", out " + m + (g.terms.size() > 1 ? " + a kink at " + (-g.terms.get(1).beta) + " weight " + g.terms.get(1).m : "");
    return ridgeCase("facet", r, g, lo, hi, what);
  }

  // ---------------------------------------------------------------- family 2: near-duplicate hyperplanes

  /** Whether the hyperplane a.x + b = 0 meets the open box. */
  static boolean crosses(Rational[] a, Rational b, double[] lo, double[] hi) {
    Rational[] rg = range(a, lo, hi);
    return rg[0].add(b).signum() < 0 && rg[1].add(b).signum() > 0;
  }

  /** lambda with (a2, b2) = lambda (a, b), or null. */
  static Rational multiple(Rational[] a, Rational b, Rational[] a2, Rational b2) {
    Rational lambda = null;
    for (int i = 0; i <= a.length; i++) {
      Rational x = i < a.length ? a[i] : b, y = i < a.length ? a2[i] : b2;
      if (x.signum() == 0) {
        if (y.signum() != 0) return null;
        continue;
      }
      Rational l = y.divide(x);
      if (lambda == null) lambda = l;
      else if (!lambda.equals(l)) return null;
    }
    return lambda;
  }

  /**
   * alpha relu(h) + beta relu(h') with h = a.x + b, h' = a2.x + b2, plus convex parts: convex on the
   * box iff no negatively weighted zero set crosses the open box, where for one and the same
   * hyperplane the weights add up (relu(lambda h) = lambda relu(h), or |lambda| relu(-h) = |lambda| (relu(h) - h)).
   */
  static Boolean nearDupTruth(Rational[] a, Rational b, Rational[] a2, Rational b2, Rational alpha, Rational beta, double[] lo, double[] hi) {
    Rational lambda = multiple(a, b, a2, b2);
    if (lambda != null) {
      Rational abs = lambda.signum() < 0 ? lambda.negate() : lambda;
      Rational coef = alpha.add(beta.multiply(abs));
      return coef.signum() < 0 && crosses(a, b, lo, hi) ? Boolean.FALSE : Boolean.TRUE;
    }
    boolean bad = (alpha.signum() < 0 && crosses(a, b, lo, hi)) || (beta.signum() < 0 && crosses(a2, b2, lo, hi));
    return bad ? Boolean.FALSE : Boolean.TRUE;
  }

  /** Near-duplicate hyperplanes 2^-10..2^-52 apart in every layer. */
  static ThinCase nearDup(SplittableRandom r) {
    int d = dim(r, 1);
    int where = r.nextInt(10); // 0-3: layer 1 + unit; 4-5: one hidden layer; 6-7: layer 2 over pass-through; 8: + unit layer 3; 9: over a relu layer
    boolean pass = where >= 6 && where <= 8;
    double[][] bx = box(r, d, pass);
    double[] lo = bx[0], hi = bx[1];
    // h = a.x + b through a dyadic point of the box
    double[] a = new double[d];
    int nnz = Math.min(d, 1 + r.nextInt(4));
    double[] vals = {1, -1, 2, -2, 1, -1, 3, 0.5};
    for (int t = 0; t < nnz; t++) a[r.nextInt(d)] = vals[r.nextInt(vals.length)];
    if (Arrays.stream(a).allMatch(x -> x == 0)) a[0] = 1;
    double b = 0;
    for (int i = 0; i < d; i++) {
      double x0 = lo[i] + (hi[i] - lo[i]) * (1 + r.nextInt(7)) / 8.0;
      b -= a[i] * x0;
    }
    int k = thin(r);
    double eps = Math.scalb(1.0, -k);
    double[] a2 = a.clone();
    double b2 = b;
    String pert;
    switch (r.nextInt(5)) {
      case 0, 1 -> { // angle
        int j = r.nextInt(d);
        a2[j] = a[j] + (a[j] == 0 ? eps : a[j] * eps);
        pert = "a'_" + j + " = a_" + j + " (1 + 2^-" + k + ")";
      }
      case 2 -> { // offset
        b2 = b + sign(r) * eps;
        pert = "b' = b +- 2^-" + k;
      }
      case 3 -> { // scaled copy: the same hyperplane, a tie
        for (int i = 0; i < d; i++) a2[i] = a[i] * (1 + eps);
        b2 = b * (1 + eps);
        pert = "(a', b') = (1 + 2^-" + k + ")(a, b), the same hyperplane";
      }
      default -> { // a scaled, b kept
        for (int i = 0; i < d; i++) a2[i] = a[i] * (1 + eps);
        pert = "a' = (1 + 2^-" + k + ") a, b' = b";
      }
    }
    double[][] outs = {{2, -1}, {-1, 2}, {1, 1}, {2, 1}, {1, -1}, {-1, 1}, {3, -2}, {2, -1}};
    double[] ab = outs[r.nextInt(outs.length)];
    Editable e = new Editable(d);
    int l1 = e.addLayer();
    int l2 = where <= 3 || where >= 6 ? e.addLayer() : -1;
    int l3 = where == 8 ? e.addLayer() : -1;
    int out = e.out();
    Boolean truth;
    String place;
    if (where <= 5) {
      int[] hs = pairFromInput(e, l1, a, b, a2, b2);
      int h1 = hs[0], h2 = hs[1];
      if (l2 > 0) {
        int u1 = e.addNeuron(l2), u2 = e.addNeuron(l2);
        e.setWeight(l2, u1, l1, h1, 1);
        e.setWeight(l2, u2, l1, h2, 1);
        e.setWeight(out, 0, l2, u1, ab[0]);
        e.setWeight(out, 0, l2, u2, ab[1]);
        place = "layer 1, each through a unit neuron";
      } else {
        e.setWeight(out, 0, l1, h1, ab[0]);
        e.setWeight(out, 0, l1, h2, ab[1]);
        place = "one hidden layer";
      }
      truth = nearDupTruth(Rational.of(a), Rational.of(b), Rational.of(a2), Rational.of(b2), Rational.of(ab[0]), Rational.of(ab[1]), lo, hi);
    } else if (pass) {
      List<Integer> nz = new ArrayList<>();
      for (int i = 0; i < d; i++) if (a[i] != 0 || a2[i] != 0) nz.add(i);
      int s = Math.min(nz.size(), 1 + r.nextInt(3));
      int[] ps = new int[s];
      for (int t = 0; t < s; t++) ps[t] = nz.remove(r.nextInt(nz.size()));
      Arrays.sort(ps);
      for (int i : ps) {
        int p = e.addNeuron(l1), n = e.addNeuron(l1);
        e.setWeight(l1, p, 0, i, 1);
        e.setWeight(l1, n, 0, i, -1);
      }
      int[] hs = new int[2];
      for (int t = 0; t < 2; t++) {
        double[] w = t == 0 ? a : a2;
        int h = hs[t] = e.addNeuron(l2);
        for (int q = 0; q < ps.length; q++) {
          e.setWeight(l2, h, l1, 2 * q, w[ps[q]]);
          e.setWeight(l2, h, l1, 2 * q + 1, -w[ps[q]]);
        }
        for (int i = 0; i < d; i++) if (w[i] != 0 && Arrays.binarySearch(ps, i) < 0) e.setWeight(l2, h, 0, i, w[i]);
        e.setBias(l2, h, t == 0 ? b : b2);
      }
      if (l3 > 0) {
        for (int t = 0; t < 2; t++) {
          int u = e.addNeuron(l3);
          e.setWeight(l3, u, l2, hs[t], 1);
          e.setWeight(out, 0, l3, u, ab[t]);
        }
        place = "layer 2 over pass-through pairs " + Arrays.toString(ps) + ", each through a unit neuron in layer 3";
      } else {
        e.setWeight(out, 0, l2, hs[0], ab[0]);
        e.setWeight(out, 0, l2, hs[1], ab[1]);
        place = "layer 2 over pass-through pairs " + Arrays.toString(ps);
      }
      truth = nearDupTruth(Rational.of(a), Rational.of(b), Rational.of(a2), Rational.of(b2), Rational.of(ab[0]), Rational.of(ab[1]), lo, hi);
    } else { // over a genuine relu layer: z = relu(G x + c); h = u.z + b
      int nz = 2 + r.nextInt(2);
      boolean nonNeg = r.nextBoolean();
      for (int t = 0; t < nz; t++) {
        int z = e.addNeuron(l1);
        for (int i = 0; i < Math.min(d, 3); i++) e.setWeight(l1, z, 0, r.nextInt(d), Gen.half(r, 2));
        e.declareBlock(l1, 0);
        e.setBias(l1, z, Gen.half(r, 1));
      }
      double[] u = new double[nz];
      for (int t = 0; t < nz; t++) u[t] = nonNeg ? 0.5 * (1 + r.nextInt(4)) : Gen.half(r, 2);
      double[] u2 = u.clone();
      int j = r.nextInt(nz);
      u2[j] = u[j] == 0 ? eps : u[j] * (1 + eps);
      double c0 = Gen.half(r, 1), c2 = r.nextBoolean() ? c0 : c0 + eps;
      int[] hs = new int[2];
      for (int t = 0; t < 2; t++) {
        int h = hs[t] = e.addNeuron(l2);
        for (int q = 0; q < nz; q++) e.setWeight(l2, h, l1, q, t == 0 ? u[q] : u2[q]);
        e.setWeight(l2, h, 0, 0, 0.5); // a skip, so the zero sets are not level sets of the layer-1 part alone
        e.setBias(l2, h, t == 0 ? c0 : c2);
      }
      e.setWeight(out, 0, l2, hs[0], ab[0]);
      e.setWeight(out, 0, l2, hs[1], ab[1]);
      place = "layer 2 over a relu layer of width " + nz + (nonNeg ? " (non-negative weights)" : "") + ", u'_" + j + " = u_" + j + " (1 + 2^-" + k + ")"
          + (c2 != c0 ? ", bias + 2^-" + k : "");
      pert = "layer 2";
      // with u, u' >= 0 and outgoing alpha, beta >= 0: relu of convex functions, summed with non-negative weights: convex
      truth = nonNeg && ab[0] >= 0 && ab[1] >= 0 ? Boolean.TRUE : null;
    }
    e.setBias(out, 0, Gen.half(r, 1));
    Network net = e.build();
    List<Rational[][]> probes = new ArrayList<>();
    if (where <= 8) {
      probes.add(diagonal(Rational.of(a2), lo, hi));
      probes.add(diagonal(Rational.of(a), lo, hi));
      for (int i = 0; i < d && probes.size() < 6; i++) if (a[i] != 0 || a2[i] != 0) probes.addAll(axisLines(r, i, lo, hi, 1));
    } else {
      for (int i = 0; i < Math.min(d, 3); i++) probes.addAll(axisLines(r, i, lo, hi, 2));
    }
    String recipe = "near-duplicates " + place + ": h = a.x + b, a = " + compact(a) + ", b = " + b + "; " + pert + "; outgoing " + ab[0] + ", " + ab[1]
        + "; box " + recipeBox(lo, hi);
    return new ThinCase("near_dup", recipe, net, lo, hi, truth, probes);
  }

  // ---------------------------------------------------------------- family 4: tied frontiers, one weight moved

  /** A convex network whose neurons switch together, with one weight or bias moved by 2^-30 (sometimes 2^-20..2^-45). */
  static ThinCase tied(SplittableRandom r) {
    int k = r.nextInt(5) == 0 ? 20 + r.nextInt(26) : 30;
    double delta = sign(r) * Math.scalb(1.0, -k);
    return switch (r.nextInt(3)) {
      case 0 -> tiedPassThrough(r, delta, k);
      case 1 -> tiedDuplicate(r, delta, k);
      default -> tiedExample(r, delta, k);
    };
  }

  /**
   * Layer 1: relu(x_i), relu(-x_i) for i in S; layer 2: relu(sum_S a_i (relu(x_i) - relu(-x_i)) + other
   * coordinates + b), one or two such; positive output weights. Then one parameter moves by delta.
   */
  static ThinCase tiedPassThrough(SplittableRandom r, double delta, int k) {
    int d = dim(r, 1);
    double[][] bx = box(r, d, true);
    double[] lo = bx[0], hi = bx[1];
    int s = Math.min(d, 1 + r.nextInt(3));
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < d; i++) all.add(i);
    int[] ps = new int[s];
    for (int t = 0; t < s; t++) ps[t] = all.remove(r.nextInt(all.size()));
    Arrays.sort(ps);
    int n2 = 1 + r.nextInt(2);
    double[][] a = new double[n2][d];
    double[] b = new double[n2];
    double[] vals = {1, -1, 2, -2, 3, -0.5};
    for (int q = 0; q < n2; q++) {
      for (int i : ps) a[q][i] = vals[r.nextInt(vals.length)];
      for (int t = 0; t < Math.min(d - s, 2); t++) a[q][all.get(r.nextInt(all.size()))] = Gen.half(r, 2);
      b[q] = r.nextInt(3) == 0 ? Gen.half(r, 1) : 0.5 * (1 + r.nextInt(2)); // mostly positive: the region relu > 0 meets x_i = 0
    }
    Editable e = new Editable(d);
    int l1 = e.addLayer(), l2 = e.addLayer(), out = e.out();
    for (int i : ps) {
      int p = e.addNeuron(l1), n = e.addNeuron(l1);
      e.setWeight(l1, p, 0, i, 1);
      e.setWeight(l1, n, 0, i, -1);
    }
    for (int q = 0; q < n2; q++) {
      int h = e.addNeuron(l2);
      for (int t = 0; t < s; t++) {
        e.setWeight(l2, h, l1, 2 * t, a[q][ps[t]]);
        e.setWeight(l2, h, l1, 2 * t + 1, -a[q][ps[t]]);
      }
      for (int i = 0; i < d; i++) if (a[q][i] != 0 && Arrays.binarySearch(ps, i) < 0) e.setWeight(l2, h, 0, i, a[q][i]);
      e.setBias(l2, h, b[q]);
      e.setWeight(out, 0, l2, h, 0.5 * (1 + r.nextInt(4)));
    }
    e.setBias(out, 0, Gen.half(r, 1));
    // move one parameter
    int t = r.nextInt(s), q = r.nextInt(n2);
    int i = ps[t];
    String moved;
    Boolean truth;
    switch (r.nextInt(7)) {
      case 0 -> { // layer-2 weight on relu(x_i): slope for x_i > 0 changes; convex iff it grows
        e.setWeight(l2, q, l1, 2 * t, a[q][i] + delta);
        moved = "layer-2 weight on relu(x_" + i + ")";
        truth = delta > 0 ? Boolean.TRUE : null;
      }
      case 1 -> { // layer-2 weight on relu(-x_i): -a_i + delta; the slope for x_i < 0 is a_i - delta: convex iff delta > 0
        e.setWeight(l2, q, l1, 2 * t + 1, -a[q][i] + delta);
        moved = "layer-2 weight on relu(-x_" + i + ")";
        truth = delta > 0 ? Boolean.TRUE : null;
      }
      case 2 -> { // layer-1 weight of relu(x_i): relu((1 + delta) x_i), slope a_i (1 + delta) for x_i > 0 in every layer-2 neuron
        e.setWeight(l1, 2 * t, 0, i, 1 + delta);
        moved = "layer-1 weight of relu(x_" + i + ")";
        boolean convex = true;
        for (int qq = 0; qq < n2; qq++) convex &= a[qq][i] * delta >= 0;
        truth = convex ? Boolean.TRUE : null;
      }
      case 3 -> { // layer-1 weight of relu(-x_i): slope a_i (1 + delta) for x_i < 0: convex iff a_i delta <= 0
        e.setWeight(l1, 2 * t + 1, 0, i, -1 - delta);
        moved = "layer-1 weight of relu(-x_" + i + ")";
        boolean convex = true;
        for (int qq = 0; qq < n2; qq++) convex &= a[qq][i] * delta <= 0;
        truth = convex ? Boolean.TRUE : null;
      }
      case 4 -> { // layer-1 bias of one of the pair: two kinks, one of them concave
        e.setBias(l1, 2 * t + r.nextInt(2), delta);
        moved = "layer-1 bias of the pair of x_" + i;
        truth = null;
      }
      case 5 -> { // layer-2 bias: still relu of an affine function
        e.setBias(l2, q, b[q] + delta);
        moved = "layer-2 bias";
        truth = Boolean.TRUE;
      }
      default -> { // output weight: still positive
        e.setWeight(out, 0, l2, q, e.weight(out, 0, l2, q) + delta);
        moved = "output weight";
        truth = Boolean.TRUE;
      }
    }
    Network net = e.build();
    List<Rational[][]> probes = new ArrayList<>(axisLines(r, i, lo, hi, 4));
    probes.add(new Rational[][] {towardsMax(a[q], lo, hi, i), Lines.axis(d, i)});
    String recipe = "pass-through pairs " + Arrays.toString(ps) + " into " + n2 + " layer-2 neuron(s) with weights (a, -a); " + moved + " (neuron " + q
        + ") moved by " + (delta > 0 ? "+" : "-") + "2^-" + k + "; box " + recipeBox(lo, hi);
    return new ThinCase("tied", recipe, net, lo, hi, truth, probes);
  }

  /** A point of the open box with x_i = 0 where a.x is large: 7/8 of the way from the centre to the maximising corner. */
  static Rational[] towardsMax(double[] a, double[] lo, double[] hi, int i) {
    Rational[] c = centre(lo, hi);
    Rational[] p = new Rational[a.length];
    for (int j = 0; j < a.length; j++) {
      Rational corner = Rational.of(a[j] >= 0 ? hi[j] : lo[j]);
      p[j] = j == i ? Rational.ZERO : c[j].add(corner.subtract(c[j]).multiply(Rational.of(7, 8)));
    }
    return p;
  }

  /** A duplicated neuron with outgoing weights 2 and -1 (and convex parts); one parameter moved by delta. */
  static ThinCase tiedDuplicate(SplittableRandom r, double delta, int k) {
    int d = dim(r, 1);
    double[][] bx = box(r, d, false);
    double[] lo = bx[0], hi = bx[1];
    double[] a = new double[d];
    double[] vals = {1, -1, 2, -2, 0.5, 3};
    for (int t = 0; t < Math.min(d, 1 + r.nextInt(4)); t++) a[r.nextInt(d)] = vals[r.nextInt(vals.length)];
    if (Arrays.stream(a).allMatch(x -> x == 0)) a[0] = 1;
    double b = 0;
    for (int i = 0; i < d; i++) b -= a[i] * (lo[i] + (hi[i] - lo[i]) * (1 + r.nextInt(3)) / 4.0);
    double[] a2 = a.clone();
    double b2 = b, alpha = 2, beta = -1;
    boolean unit = r.nextBoolean();
    String moved;
    int j = r.nextInt(d);
    switch (r.nextInt(5)) {
      case 0 -> { a2[j] = a[j] + delta; moved = "copy's weight on x_" + j; }
      case 1 -> { b2 = b + delta; moved = "copy's bias"; }
      case 2 -> { a[j] = a[j] + delta; moved = "original's weight on x_" + j; }
      case 3 -> { alpha = 2 + delta; moved = "outgoing weight 2"; }
      default -> { beta = -1 + delta; moved = "outgoing weight -1"; }
    }
    Editable e = new Editable(d);
    int l1 = e.addLayer(), l2 = unit ? e.addLayer() : -1, out = e.out();
    int[] hs = pairFromInput(e, l1, a, b, a2, b2);
    int h1 = hs[0], h2 = hs[1];
    if (unit) {
      int u1 = e.addNeuron(l2), u2 = e.addNeuron(l2);
      e.setWeight(l2, u1, l1, h1, 1);
      e.setWeight(l2, u2, l1, h2, 1);
      e.setWeight(out, 0, l2, u1, alpha);
      e.setWeight(out, 0, l2, u2, beta);
    } else {
      e.setWeight(out, 0, l1, h1, alpha);
      e.setWeight(out, 0, l1, h2, beta);
    }
    int extras = r.nextInt(3);
    for (int t = 0; t < extras; t++) { // convex parts: relu of affine maps with positive weights
      int z = e.addNeuron(l1);
      for (int q = 0; q < Math.min(d, 2); q++) e.setWeight(l1, z, 0, r.nextInt(d), Gen.half(r, 2));
      e.setBias(l1, z, Gen.half(r, 1));
      e.setWeight(out, 0, l1, z, 0.5 * (1 + r.nextInt(3)));
    }
    e.setBias(out, 0, Gen.half(r, 1));
    Boolean truth = nearDupTruth(Rational.of(a), Rational.of(b), Rational.of(a2), Rational.of(b2), Rational.of(alpha), Rational.of(beta), lo, hi);
    List<Rational[][]> probes = new ArrayList<>();
    probes.add(diagonal(Rational.of(a2), lo, hi));
    probes.add(diagonal(Rational.of(a), lo, hi));
    probes.addAll(axisLines(r, j, lo, hi, 2));
    String recipe = "duplicated neuron h = a.x + b, a = " + compact(a) + ", outgoing 2 and -1" + (unit ? " through unit neurons" : "") + " + " + extras
        + " convex part(s); " + moved + " moved by " + (delta > 0 ? "+" : "-") + "2^-" + k + "; box " + recipeBox(lo, hi);
    return new ThinCase("tied", recipe, e.build(), lo, hi, truth, probes);
  }

  /** example:beyond-icnn or example:non-icnn-weights, sometimes composed with a linear map R^d -> R^2, with one parameter moved. */
  static ThinCase tiedExample(SplittableRandom r, double delta, int k) {
    boolean heptagon = r.nextBoolean();
    Network base = heptagon ? Examples.beyondIcnn() : Examples.nonIcnnWeights();
    String name = heptagon ? "example:beyond-icnn" : "example:non-icnn-weights";
    Editable e = Editable.of(base);
    int d = 2;
    if (r.nextBoolean()) { // f(U x) with U = [e1 + ..; e2 + ..], small integers: still convex on all of R^d
      d = Math.max(3, dim(r, 3));
      double[][] u = new double[2][d];
      u[0][0] = 1;
      u[1][1] = 1;
      for (int t = 0; t < Math.min(d - 2, 4); t++) u[r.nextInt(2)][2 + r.nextInt(d - 2)] = Gen.half(r, 1);
      Editable lifted = new Editable(d);
      lifted.widths.clear();
      lifted.widths.addAll(e.widths);
      lifted.widths.set(0, d);
      for (int l = 1; l <= e.out(); l++) {
        for (int i = 0; i < e.width(l); i++) lifted.setBias(l, i, e.bias(l, i));
        for (int m = 0; m < l; m++) {
          if (!e.hasBlock(l, m)) continue;
          lifted.declareBlock(l, m);
          for (int i = 0; i < e.width(l); i++) {
            if (m == 0) {
              for (int c = 0; c < d; c++) {
                double w = e.weight(l, i, 0, 0) * u[0][c] + e.weight(l, i, 0, 1) * u[1][c]; // small half-integers: exact
                lifted.setWeight(l, i, 0, c, w);
              }
            } else {
              for (int jj = 0; jj < e.width(m); jj++) lifted.setWeight(l, i, m, jj, e.weight(l, i, m, jj));
            }
          }
        }
      }
      e = lifted;
      name += " composed with U (2 x " + d + ")";
    }
    double[] lo = new double[d], hi = new double[d];
    double rad = new double[] {1, 2, 100, 0.5, 3}[r.nextInt(5)];
    Arrays.fill(lo, -rad);
    Arrays.fill(hi, rad);
    if (r.nextInt(4) == 0) for (int i = 0; i < d; i++) lo[i] = -rad / 4; // off-centre
    // move one parameter (weight or bias) of any layer
    List<int[]> params = new ArrayList<>(); // {l, i, m, j} or {l, i, -1, -1} for a bias
    for (int l = 1; l <= e.out(); l++)
      for (int i = 0; i < e.width(l); i++) {
        params.add(new int[] {l, i, -1, -1});
        for (int m = 0; m < l; m++)
          if (e.hasBlock(l, m)) for (int jj = 0; jj < e.width(m); jj++) if (e.weight(l, i, m, jj) != 0 || m > 0) params.add(new int[] {l, i, m, jj});
      }
    Boolean truth = Boolean.TRUE;
    String moved = "nothing moved";
    if (r.nextInt(8) != 0) {
      int[] p = params.get(r.nextInt(params.size()));
      if (p[2] < 0) {
        e.setBias(p[0], p[1], e.bias(p[0], p[1]) + delta);
        moved = "bias of neuron " + p[0] + "." + p[1];
      } else {
        e.setWeight(p[0], p[1], p[2], p[3], e.weight(p[0], p[1], p[2], p[3]) + delta);
        moved = "weight " + p[0] + "." + p[1] + " <- " + p[2] + "." + p[3];
      }
      moved += " moved by " + (delta > 0 ? "+" : "-") + "2^-" + k;
      truth = null;
    }
    List<Rational[][]> probes = new ArrayList<>();
    for (int i = 0; i < Math.min(d, 3); i++) probes.addAll(axisLines(r, i, lo, hi, 3));
    return new ThinCase("tied", name + "; " + moved + "; box " + recipeBox(lo, hi), e.build(), lo, hi, truth, probes);
  }

  // ---------------------------------------------------------------- family 5: subnormal and overflowing products

  static ThinCase scale(SplittableRandom r) {
    return switch (r.nextInt(4)) {
      case 0 -> scaledOutput(r, true);
      case 1 -> scaledOutput(r, false);
      case 2 -> chain(r);
      default -> hugeBox(r);
    };
  }

  /** The output layer of a base case multiplied exactly by 2^-s (subnormal: s = 1020..1074) or 2^s (overflowing values: s up to 1023). */
  static ThinCase scaledOutput(SplittableRandom r, boolean down) {
    ThinCase base;
    int pick = r.nextInt(6);
    base = switch (pick) {
      case 0 -> new ThinCase("scale", "example:non-icnn-weights on [-1,1]^2", Examples.nonIcnnWeights(), new double[] {-1, -1}, new double[] {1, 1}, Boolean.TRUE,
          List.of());
      case 1 -> new ThinCase("scale", "example:beyond-icnn on [-2,2]^2", Examples.beyondIcnn(), new double[] {-2, -2}, new double[] {2, 2}, Boolean.TRUE, List.of());
      case 2 -> corner(r);
      case 3 -> slab(r);
      case 4 -> nearDup(r);
      default -> {
        int d = 1 + r.nextInt(3);
        double[][] bx = box(r, d, false);
        Gen.Family f = r.nextBoolean() ? Gen.Family.CONVEX : Gen.Family.CONCAVE;
        Gen.Drawn g = Gen.draw(r, f, d, 3);
        yield new ThinCase("scale", g.recipe(), g.net(), bx[0], bx[1], f == Gen.Family.CONVEX ? Boolean.TRUE : null, List.of());
      }
    };
    Editable e = Editable.of(base.net());
    int out = e.out();
    // the largest s keeping every output parameter exact
    int limit = 1100;
    List<Double> ps = new ArrayList<>();
    ps.add(e.bias(out, 0));
    for (int m = 0; m < out; m++) if (e.hasBlock(out, m)) for (int j = 0; j < e.width(m); j++) ps.add(e.weight(out, 0, m, j));
    for (double p : ps) {
      if (p == 0) continue;
      int lowBit = Math.getExponent(p) - 52 + Long.numberOfTrailingZeros(Double.doubleToRawLongBits(p) & 0xFFFFFFFFFFFFFL | (1L << 52));
      int top = Math.getExponent(p);
      limit = Math.min(limit, down ? lowBit + 1074 : 1023 - top);
    }
    int s;
    if (down) s = limit < 1020 ? limit : 1020 + r.nextInt(limit - 1020 + 1);
    else s = limit < 990 ? limit : 990 + r.nextInt(limit - 990 + 1);
    int f = down ? -s : s;
    e.setBias(out, 0, Math.scalb(e.bias(out, 0), f));
    for (int m = 0; m < out; m++) if (e.hasBlock(out, m)) for (int j = 0; j < e.width(m); j++) e.setWeight(out, 0, m, j, Math.scalb(e.weight(out, 0, m, j), f));
    for (double p : ps) if (p != 0 && Math.scalb(Math.scalb(p, f), -f) != p) throw new IllegalStateException("inexact output scaling by 2^" + f);
    return new ThinCase("scale", "output layer times 2^" + f + " of: " + base.recipe(), e.build(), base.lo(), base.hi(), base.derived(), base.probes());
  }

  /** Chains of extreme weights: relu(alpha l + beta) then relu(c z), output m, with alpha c m far outside the double range at one end or the other. */
  static ThinCase chain(SplittableRandom r) {
    int d = r.nextInt(3) == 0 ? dim(r, 1) : 1 + r.nextInt(3);
    double[][] bx = box(r, d, false);
    double[] lo = bx[0], hi = bx[1];
    double[] v = direction(r, d, r.nextBoolean(), false);
    double[][] chains = {
        {1e200, 1e200, -1}, {1e200, 1e200, 1}, {Math.scalb(1.0, -600), Math.scalb(1.0, -600), -1}, {1e-200, 1e-200, -1},
        {1e-200, 1e-200, 1}, {1e150, 1e150, -1e-100}, {Math.scalb(1.0, 700), Math.scalb(1.0, 700), -1}, {1e300, 1, -1e10},
        {1e-300, 1, -1e-30}, {Math.scalb(1.0, -1000), Math.scalb(1.0, -60), -1}, {1, 1e300, -1e300}, {1e-160, 1e-160, -1e-160}};
    double[] ch = chains[r.nextInt(chains.length)];
    double alpha = ch[0], c = ch[1], m = ch[2];
    if (r.nextInt(4) == 0) m = -m;
    Rational[] rg = range(Rational.of(v), lo, hi);
    // a breakpoint inside (or at the lower end of) the range: beta = -alpha pos, rounded as a double would be
    double pos = r.nextInt(4) == 0 ? 0 : rg[0].add(rg[1].subtract(rg[0]).multiply(Rational.of(1 + r.nextInt(7), 8))).toDouble();
    double beta = -alpha * pos;
    Ridge g = new Ridge(d, v);
    g.style = r.nextInt(4) == 0 ? Style.DIRECT : Style.UNIT;
    if (g.style == Style.DIRECT) {
      m = Math.max(Double.MIN_VALUE, Math.abs(c * m)) * Math.signum(m); // fold c into m (rounding is fine: the truth reads the stored doubles)
      if (!Double.isFinite(m)) m = Math.signum(ch[2]) * Double.MAX_VALUE;
    }
    // alpha v must be exact: v has entries in {0, +-1, +-2, +-4, +-1/2}; skip the rare inexact draws
    for (double x : v) if (x != 0 && !isExactTimes(alpha, x)) { v = direction(r, d, true, false); g = new Ridge(d, v); g.style = Style.UNIT; break; }
    g.terms.add(new Term(alpha, beta, c, m));
    if (r.nextBoolean()) { // a second, ordinary term
      double pos2 = rg[0].add(rg[1].subtract(rg[0]).multiply(Rational.of(1 + r.nextInt(3), 4))).toDouble();
      g.terms.add(new Term(1, -pos2, 1, sign(r)));
    }
    return ridgeCase("scale", r, g, lo, hi, "chain alpha = " + alpha + ", c = " + c + ", m = " + m + " at pos " + pos);
  }

  /** Boxes of +-1e308 and +-Double.MAX_VALUE around ridge networks and drawn small networks. */
  static ThinCase hugeBox(SplittableRandom r) {
    int d = 1 + r.nextInt(3);
    double[] lo = new double[d], hi = new double[d];
    double[][] boxes = {{-1e308, 1e308}, {-Double.MAX_VALUE, Double.MAX_VALUE}, {-1e308, 1}, {-1, 1e308}, {-Double.MAX_VALUE, 0}, {-8.98846567431158e307, 8.98846567431158e307}};
    for (int i = 0; i < d; i++) {
      double[] bb = boxes[r.nextInt(boxes.length)];
      lo[i] = bb[0];
      hi[i] = bb[1];
    }
    if (r.nextInt(3) == 0) {
      Gen.Family f = new Gen.Family[] {Gen.Family.CONVEX, Gen.Family.CONCAVE, Gen.Family.MLP, Gen.Family.DUPLICATES}[r.nextInt(4)];
      Gen.Drawn g = Gen.draw(r, f, d, 3);
      List<Rational[][]> probes = new ArrayList<>();
      for (int i = 0; i < d; i++) probes.addAll(axisLines(r, i, lo, hi, 2));
      return new ThinCase("scale", "huge box, " + g.recipe() + "; box " + recipeBox(lo, hi), g.net(), lo, hi, f == Gen.Family.CONVEX ? Boolean.TRUE : null, probes);
    }
    double[] v = direction(r, d, r.nextBoolean(), false);
    for (int i = 0; i < d; i++) if (Math.abs(v[i]) > 1) v[i] = Math.signum(v[i]); // v.x stays finite for |x| <= MAX/ d... exactness only matters to the oracle
    Ridge g = new Ridge(d, v);
    g.style = style(r, true);
    double[] pos = {0, 1, -1, 1e307, -1e307, 1e300, 0.5};
    double c = pos[r.nextInt(pos.length)];
    double[] s = new double[][] {{-1, 1}, {1, -1}, {1, 1}, {-1, -1}}[r.nextInt(4)];
    double w = r.nextBoolean() ? 1 : Math.scalb(Math.max(Math.abs(c), 1), -30);
    addStep(g, c, w, s);
    return ridgeCase("scale", r, g, lo, hi, "huge box: " + s[0] + " relu(l - c) + " + s[1] + " relu(l - c - w), c = " + c + ", w = " + w);
  }

  /** The generator of a family by name. */
  static ThinCase draw(String family, SplittableRandom r) {
    return switch (family) {
      case "corner" -> corner(r);
      case "slab" -> slab(r);
      case "facet" -> facet(r);
      case "near_dup" -> nearDup(r);
      case "tied" -> tied(r);
      case "scale" -> scale(r);
      default -> throw new IllegalArgumentException(family);
    };
  }

  /** Two neurons of layer l1 reading the input: a . x + b and a2 . x + b2; their indices. */
  static int[] pairFromInput(Editable e, int l1, double[] a, double b, double[] a2, double b2) {
    int h1 = e.addNeuron(l1), h2 = e.addNeuron(l1);
    for (int i = 0; i < a.length; i++) {
      e.setWeight(l1, h1, 0, i, a[i]);
      e.setWeight(l1, h2, 0, i, a2[i]);
    }
    e.declareBlock(l1, 0);
    e.setBias(l1, h1, b);
    e.setBias(l1, h2, b2);
    return new int[] {h1, h2};
  }

  /** s0 relu(l - c) + s1 relu(l - c - w) on the ridge: two terms, or one neuron nested in another. */
  static void addStep(Ridge g, double c, double w, double[] s) {
    if (g.style == Style.NESTED) {
      g.terms.add(new Term(1, -c, 1, s[1]));
      g.nestedM0 = s[0];
      g.nestedW = w;
    } else {
      g.terms.add(Term.at(c, s[0]));
      g.terms.add(Term.at(c + w, s[1]));
    }
  }
}
