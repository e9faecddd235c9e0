package org.reluconvex.convexity;

import java.util.List;
import java.util.SplittableRandom;
import org.reluconvex.network.Domain;
import org.reluconvex.network.ExactLine;
import org.reluconvex.complex.PolyhedralComplex;
import org.reluconvex.network.Forward;
import org.reluconvex.network.Network;
import org.reluconvex.network.NeuronId;

/**
 * Every search for a non-convexity witness lives here. At its core it turns a negative gain into a
 * verified witness (docs/math.md section 2): a point x0 on the neuron's zero set (near a skeleton
 * element, a program's optimum, or a random point projected onto it), the normal n there, the kink
 * kappa = f'(x0; n) + f'(x0; -n), and if kappa &lt; 0 the points x0 &plusmn; t n for decreasing t
 * until forward evaluation confirms f(x0) &gt; (f(x0 - t n) + f(x0 + t n)) / 2.
 *
 * <p>{@link #early} is the search that runs before any complex is built: a fixed number of seeded
 * trials, so its answer is the same on every run and every machine. Whatever it finds is a witness
 * like any other ({@link Witness#verified}); finding nothing proves nothing.
 */
public final class WitnessSearch {
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

  /** Trials of {@link #early} that {@code check} spends before building a complex. */
  public static final int EARLY_TRIALS = 64;
  /** The seed of {@code check}'s early search. */
  public static final long EARLY_SEED = 0x5eed_e4a1_7b3cL;

  /**
   * The early search: {@code trials} seeded trials in the box, alternating between a three-point
   * test on a random segment (x - h u, x, x + h u, u a random direction) and a random point moved
   * onto the zero set of one hidden neuron (Newton steps, neurons taken in a seeded random order)
   * where the kink across it is tested ({@link #at}). Centres and spreads are drawn on scales from
   * 1/100 of the box to the whole box (log-uniform) around the origin when the box holds it, as
   * PyTorch-initialised layers put their zero sets within O(1) of the origin while the box may be
   * much larger. Returns a verified witness, described by how it was found, or null.
   */
  public static Witness early(Network net, Domain box, org.reluconvex.precision.PrecisionPolicy policy, int trials, long seed) {
    if (!box.isBox() || trials <= 0 || net.hiddenCount() == 0) return null;
    SplittableRandom rnd = new SplittableRandom(seed);
    WitnessSearch ws = new WitnessSearch(net, box, policy);
    NeuronId[] order = shuffledNeurons(net, rnd);
    Forward fw = new Forward(net);
    int d = net.inputDim();
    double[] a = new double[d], b = new double[d];
    for (int t = 0; t < trials; t++) {
      double[] centre = randomCentre(box, rnd);
      Witness w;
      String how;
      if (t % 2 == 0) {
        // spread from 1/100 of the centre's scale down to 1/10,000 of it
        double h = centre[d] * Math.pow(10, -2 * rnd.nextDouble());
        double[] u = randomDirection(d, rnd);
        boolean inside = true;
        for (int i = 0; i < d; i++) {
          a[i] = centre[i] - h * u[i];
          b[i] = centre[i] + h * u[i];
          inside &= a[i] >= box.lo(i) && a[i] <= box.hi(i) && b[i] >= box.lo(i) && b[i] <= box.hi(i);
        }
        w = null;
        if (inside) {
          double[] x = java.util.Arrays.copyOf(centre, d);
          double fx = fw.output(x), fa = fw.output(a), fb = fw.output(b), excess = fx - 0.5 * (fa + fb);
          // a segment inside one affine piece has excess 0 up to rounding: only a clear excess is worth
          // proving, and only in double (exact arithmetic here would cost more than building a small complex)
          if (excess > 1e-9 * (Math.abs(fx) + Math.abs(fa) + Math.abs(fb))) w = ws.verifiedInBox(a, b, false);
        }
        how = "three-point test on a random segment";
      } else {
        NeuronId id = order[(t / 2) % order.length];
        double[] y = ws.projectToZeroSet(java.util.Arrays.copyOf(centre, d), id, 8);
        w = y == null ? null : ws.at(y, null, id);
        how = "three-point test across the zero set of L" + id.layer() + "[" + id.index() + "]";
      }
      if (w != null)
        return w.withFoundBy(String.format(java.util.Locale.ROOT, "early search, before any complex: %s (trial %d of %d)", how, t + 1, trials));
    }
    return null;
  }

  /** The hidden neurons in a seeded random order. */
  private static NeuronId[] shuffledNeurons(Network net, SplittableRandom rnd) {
    NeuronId[] ids = new NeuronId[net.hiddenCount()];
    int k = 0;
    for (int l = 1; l < net.outputLayer(); l++)
      for (int i = 0; i < net.width(l); i++) ids[k++] = new NeuronId(l, i);
    for (int i = ids.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      NeuronId tmp = ids[i];
      ids[i] = ids[j];
      ids[j] = tmp;
    }
    return ids;
  }

  /**
   * A random point of the box near the origin (or the box centre when the origin is outside), at a
   * log-uniform scale between 1/100 of the box and the box; the scale (a length) is appended as the
   * last entry.
   */
  private static double[] randomCentre(Domain box, SplittableRandom rnd) {
    int d = box.dim();
    double[] c = new double[d + 1];
    double scale = Math.pow(10, -2 * rnd.nextDouble());
    double minHalf = Double.POSITIVE_INFINITY;
    for (int i = 0; i < d; i++) {
      double lo = box.lo(i), hi = box.hi(i), half = 0.5 * hi - 0.5 * lo;
      double c0 = lo < 0 && hi > 0 ? 0 : 0.5 * lo + 0.5 * hi;
      c[i] = Math.max(lo, Math.min(hi, c0 + scale * half * (2 * rnd.nextDouble() - 1)));
      minHalf = Math.min(minHalf, half);
    }
    c[d] = scale * minHalf;
    return c;
  }

  private static double[] randomDirection(int d, SplittableRandom rnd) {
    double[] u = new double[d];
    double n = 0;
    while (!(n > 0)) {
      n = 0;
      for (int i = 0; i < d; i++) {
        u[i] = rnd.nextGaussian();
        n += u[i] * u[i];
      }
    }
    n = Math.sqrt(n);
    for (int i = 0; i < d; i++) u[i] /= n;
    return u;
  }

  /**
   * A verified witness at uniform random points of the box moved onto the zero sets of the given
   * neurons (Newton steps), {@code points} per neuron in order, tested across the zero set; or null.
   */
  Witness onZeroSets(List<NeuronId> neurons, int points, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int d = net.inputDim();
    for (NeuronId id : neurons)
      for (int k = 0; k < points; k++) {
        double[] x = new double[d];
        for (int i = 0; i < d; i++) x[i] = box.lo(i) + r.nextDouble() * (box.hi(i) - box.lo(i));
        double[] y = projectToZeroSet(x, id, 8);
        if (y == null) continue;
        Witness w = at(y, null, id);
        if (w != null) return w;
      }
    return null;
  }

  /**
   * A witness found by the skeleton of one of the nested boxes around the point of the box nearest
   * the origin, sizes falling geometrically from the box's (divided by at least 16) to 1e-3 over at
   * most {@code boxes} steps: where the box is huge, a small piece is well conditioned and
   * non-convexity near the origin shows there. The not_convex verdict on that sub-box, or null.
   */
  static Verdict subBoxes(Network net, Domain box, SkeletonChecker skeleton, int boxes) {
    int d = box.dim();
    double[] centre = new double[d];
    double size = 0;
    for (int i = 0; i < d; i++) {
      centre[i] = Math.max(box.lo(i), Math.min(box.hi(i), 0));
      size = Math.max(size, box.hi(i) - box.lo(i));
    }
    if (!(size > 2e-3)) return null;
    double ratio = Math.max(16, Math.pow(size / 1e-3, 1.0 / boxes));
    for (double r = size / ratio; r >= 1e-3; r /= ratio) {
      double[] lo = new double[d], hi = new double[d];
      for (int i = 0; i < d; i++) {
        lo[i] = Math.max(box.lo(i), centre[i] - r);
        hi[i] = Math.min(box.hi(i), centre[i] + r);
        if (!(lo[i] < hi[i])) return null;
      }
      Verdict v;
      try {
        v = skeleton.check(net, Domain.box(lo, hi));
      } catch (RuntimeException e) {
        continue; // a sub-box is only a shortcut to a witness
      }
      if (v.kind() == VerdictKind.NOT_CONVEX)
        return v.withWitness(v.witness().withFoundBy("skeleton check of the sub-box " + v.domain().describe()));
    }
    return null;
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
    // exact walks across the zero set from the edge's midpoint
    double[] mid = lerp(a, b, 0.5);
    return alongChords(mid, d == 2 ? perpendicular(a, b) : d == 1 ? new double[] {1} : Kink.preGradient(net, id.layer(), id.index(), mid));
  }

  /** Witness across the zero set of 'id' at x0 with normal n (the pre-activation gradient if null). */
  Witness at(double[] x0, double[] n, NeuronId id) {
    if (!box.containsStrictly(x0, 0)) return null;
    if (n == null) n = Kink.preGradient(net, id.layer(), id.index(), x0);
    if (norm(n) == 0) return null;
    double kappa = Kink.across(net, x0, n);
    if (Double.isNaN(kappa)) return alongShortChord(x0, n); // the double pass overflowed: only exact walks decide
    if (!(kappa < 0)) return null;
    Witness w = witnessAlong(x0, n);
    // a concave kink that no symmetric pair around x0 shows: thin, near the boundary, or beside another
    // zero set; one exact walk of a short segment across it (the searches that call this try many points)
    return w != null ? w : alongShortChord(x0, n);
  }

  /** An exact walk of the segment x0 &plusmn; 1e-3 of the box scale along n (clipped to the box). */
  private Witness alongShortChord(double[] x0, double[] n) {
    int d = x0.length;
    double nn = norm(n);
    if (!(nn > 0) || !Double.isFinite(nn) || !finite(x0) || linesWalked >= LINE_BUDGET) return null;
    double r = 1e-3 * scale / nn;
    double[] p = new double[d], q = new double[d];
    for (int i = 0; i < d; i++) {
      p[i] = Math.max(box.lo(i), Math.min(box.hi(i), x0[i] - r * n[i]));
      q[i] = Math.max(box.lo(i), Math.min(box.hi(i), x0[i] + r * n[i]));
    }
    if (java.util.Arrays.equals(p, q) || !finite(p) || !finite(q)) return null;
    linesWalked++;
    java.util.List<ExactLine.Breakpoint> bps = ExactLine.breakpoints(net, p, q, LINE_EVENTS);
    return bps == null ? null : onSegment(p, q, bps);
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
      Witness w = verifiedInBox(lo, hi, false);
      if (w != null) return w;
      if (exactOnly == null) exactOnly = verifiedInBox(lo, hi, true);
    }
    return exactOnly;
  }

  /** Most events one exact walk of a segment may take before the segment is shortened around its centre. */
  static final int LINE_EVENTS = 512;
  /** Exact walks one search may spend (each costs a few exact forward passes per breakpoint). */
  static final int LINE_BUDGET = 48;
  private int linesWalked;

  /**
   * A witness from the exact restriction of f to chords of the box through x0 ({@link ExactLine}):
   * along n, along the direction from the box's centre to x0, and through points moved from x0
   * slightly toward the centre (x0 may be a corner of a thin face, where every chord through it
   * leaves the face at once); along the axes too when d &le; 8. Any concave breakpoint of a chord,
   * however close to another breakpoint or to the box's boundary, is tried; whatever is returned
   * is verified ({@link Witness#verified}). Null when none verifies or the budget is spent.
   */
  Witness alongChords(double[] x0, double[] n) {
    int d = x0.length;
    if (!finite(x0)) return null;
    double[] x = new double[d], c = new double[d], toCentre = new double[d];
    for (int i = 0; i < d; i++) {
      x[i] = Math.max(box.lo(i), Math.min(box.hi(i), x0[i]));
      c[i] = 0.5 * box.lo(i) + 0.5 * box.hi(i);
      toCentre[i] = 0.5 * c[i] - 0.5 * x[i]; // halved: the difference of two huge coordinates may overflow
    }
    java.util.List<double[]> dirs = new java.util.ArrayList<>();
    if (n != null && norm(n) > 0 && Double.isFinite(norm(n))) dirs.add(n);
    if (norm(toCentre) > 0) dirs.add(toCentre);
    if (d <= 8)
      for (int i = 0; i < d; i++) {
        double[] e = new double[d];
        e[i] = 1;
        dirs.add(e);
      }
    double[][] bases = new double[4][];
    bases[0] = x;
    for (int k = 1; k < bases.length; k++) {
      double eps = Math.scalb(1.0, 1 - 12 * k); // 2^-12, 2^-24, 2^-36 of the way to the centre (toCentre is halved)
      double[] y = new double[d];
      for (int i = 0; i < d; i++) y[i] = x[i] + eps * toCentre[i];
      bases[k] = y;
    }
    for (double[] base : bases)
      for (double[] dir : dirs) {
        if (linesWalked >= LINE_BUDGET) return null;
        Witness w = alongChord(base, dir);
        if (w != null) return w;
      }
    // a zero set that clips a corner of the box: the corners where the normal's form is largest and
    // smallest, walked along the normal and toward the centre (the chords that cross the sliver)
    if (n != null && finite(n))
      for (int sign = 1; sign >= -1; sign -= 2) {
        double[] corner = new double[d], inward = new double[d];
        for (int i = 0; i < d; i++) {
          corner[i] = n[i] * sign > 0 ? box.hi(i) : n[i] * sign < 0 ? box.lo(i) : x[i];
          inward[i] = 0.5 * c[i] - 0.5 * corner[i];
        }
        for (double[] dir : new double[][] {n, inward}) {
          if (linesWalked >= LINE_BUDGET) return null;
          Witness w = alongChord(corner, dir);
          if (w != null) return w;
        }
      }
    return null;
  }

  /**
   * Exact walks along the normal of id's zero set through seeded random points of it (uniform points
   * of the box moved onto it): a face too thin to centre is often wide somewhere else along the
   * zero set (two near-duplicate hyperplanes part as they leave the place where they cross).
   */
  Witness acrossZeroSet(NeuronId id, int points, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int d = net.inputDim();
    for (int k = 0; k < points && linesWalked < LINE_BUDGET; k++) {
      double[] x = new double[d];
      for (int i = 0; i < d; i++) x[i] = box.lo(i) + r.nextDouble() * (box.hi(i) - box.lo(i));
      double[] y = projectToZeroSet(x, id, 8);
      if (y == null) continue;
      double[] n = Kink.preGradient(net, id.layer(), id.index(), y);
      if (!(norm(n) > 0) || !Double.isFinite(norm(n))) continue;
      Witness w = alongChord(y, n);
      if (w != null) return w;
    }
    return null;
  }

  /** The chord of the box through x along dir, walked exactly; shortened around x while it has too many breakpoints. */
  private Witness alongChord(double[] x, double[] dir) {
    int d = x.length;
    double sLo = Double.NEGATIVE_INFINITY, sHi = Double.POSITIVE_INFINITY;
    for (int i = 0; i < d; i++) {
      if (dir[i] == 0) continue;
      double s1 = (box.lo(i) - x[i]) / dir[i], s2 = (box.hi(i) - x[i]) / dir[i];
      sLo = Math.max(sLo, Math.min(s1, s2));
      sHi = Math.min(sHi, Math.max(s1, s2));
    }
    if (!(sLo < sHi) || !Double.isFinite(sLo) || !Double.isFinite(sHi)) return null;
    for (int shrink = 0; shrink < 6 && linesWalked < LINE_BUDGET; shrink++) {
      double[] p = new double[d], q = new double[d];
      for (int i = 0; i < d; i++) {
        p[i] = Math.max(box.lo(i), Math.min(box.hi(i), x[i] + sLo * dir[i]));
        q[i] = Math.max(box.lo(i), Math.min(box.hi(i), x[i] + sHi * dir[i]));
      }
      if (java.util.Arrays.equals(p, q)) return null;
      if (!finite(p) || !finite(q)) return null; // a chord that overflowed: no exact walk along it
      linesWalked++;
      java.util.List<ExactLine.Breakpoint> bps = ExactLine.breakpoints(net, p, q, LINE_EVENTS);
      if (bps != null) return onSegment(p, q, bps);
      sLo /= 16;
      sHi /= 16;
    }
    return null;
  }

  /**
   * A verified witness around a concave breakpoint of the segment [p, q]: the pair of doubles
   * nearest p + (t &plusmn; h)(q - p), h from half the distance to the neighbouring breakpoints
   * down by factors of 4 until the pair collapses. Null when no pair verifies.
   */
  private Witness onSegment(double[] p, double[] q, java.util.List<ExactLine.Breakpoint> bps) {
    java.math.MathContext mc = ExactLine.T_PRECISION;
    java.math.BigDecimal two = java.math.BigDecimal.valueOf(2), four = java.math.BigDecimal.valueOf(4);
    for (int k = 0; k < bps.size(); k++) {
      ExactLine.Breakpoint bp = bps.get(k);
      if (bp.jump().signum() >= 0) continue;
      java.math.BigDecimal t = bp.t();
      java.math.BigDecimal before = k > 0 ? bps.get(k - 1).t() : java.math.BigDecimal.ZERO;
      java.math.BigDecimal after = k + 1 < bps.size() ? bps.get(k + 1).t() : java.math.BigDecimal.ONE;
      java.math.BigDecimal h = t.subtract(before).min(after.subtract(t)).divide(two, mc);
      double[] last = null;
      for (int s = 0; s < 40 && h.signum() > 0; s++, h = h.divide(four, mc)) {
        double[] a = ExactLine.pointAt(p, q, t.subtract(h)), b = ExactLine.pointAt(p, q, t.add(h));
        if (java.util.Arrays.equals(a, b) || (last != null && java.util.Arrays.equals(a, last))) break;
        last = a;
        if (!box.contains(a) || !box.contains(b)) continue;
        Witness w = verifiedInBox(a, b, true);
        if (w != null) return w;
      }
    }
    return null;
  }

  /**
   * {@link Witness#verified} for points of the box, keeping the witness only if its points are still
   * in the box: verification may move b by a rounding step so that the midpoint is exact, and a
   * point on the box's face could leave it.
   */
  private Witness verifiedInBox(double[] a, double[] b, boolean allowExact) {
    Witness w = Witness.verified(net, a, b, policy, allowExact);
    return w != null && box.contains(w.a()) && box.contains(w.b()) ? w : null;
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

  private static boolean finite(double[] v) {
    for (double x : v) if (!Double.isFinite(x)) return false;
    return true;
  }

  private static double norm(double[] v) {
    double s = 0;
    for (double x : v) s += x * x;
    return Math.sqrt(s);
  }
}
