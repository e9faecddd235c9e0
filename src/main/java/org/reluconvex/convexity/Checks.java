package org.reluconvex.convexity;

import java.util.Locale;
import org.reluconvex.network.Domain;
import org.reluconvex.complex.ResourceLimitException;
import org.reluconvex.complex.BuildSettings;
import org.reluconvex.network.ExactTransforms;
import org.reluconvex.network.Network;
import org.reluconvex.precision.PrecisionPolicy;

/**
 * The one entry point for "is this network convex on this domain": picks a method and applies the
 * fallbacks. {@code AUTO}: a network meeting the ICNN sign conditions is convex at once; the closed
 * form for one hidden layer; on all of R^d the cell walk; on a box, by the expected cost of the
 * complex ({@link AutoPlan}: what switches in the box, sampled in d = 3): the skeleton first when it
 * is small, the integer programs first otherwise, and the other methods where the first answers
 * {@code unknown} (in d &le; 3 the cell walk before the programs, above it after them).
 *
 * <p>Before any method runs, the problem is rewritten exactly where that makes it better
 * conditioned ({@link ExactTransforms}): neurons rescaled by powers of two when weights approach
 * overflow or underflow, and the input translated when the box lies far from the origin relative to
 * its size. A verdict on the rewritten problem is a verdict on the original; a witness is checked
 * again on the original network. When the method leaves the answer unknown on a box, nested
 * sub-boxes around the point of the box nearest the origin are searched for a witness (a witness
 * in a sub-box is one in the box).
 */
public final class Checks {
  /** Largest input dimension for which {@code auto} uses the skeleton on a box. */
  public static final int MAX_SKELETON_DIM = 12;
  /** Nested sub-boxes tried for a witness when a box check ends unknown. */
  private static final int SUB_BOXES = 40;

  private Checks() {}

  /**
   * One check's settings as its methods read them: the options, how they build a complex, and the skeleton
   * that {@code auto} runs (a test may hand in one that fails, null: the ordinary one).
   */
  private record Run(CheckOptions options, BuildSettings build, ConvexityChecker skeletonForAuto) {
    PrecisionPolicy policy() { return options.precision(); }

    MilpChecker.Settings milp() { return options.milp(); }

    boolean exhaustive() { return options.exhaustive(); }

    SkeletonChecker skeleton(double[] grid) { return new SkeletonChecker(policy(), grid, build); }

    CellEnumerationChecker cells() { return new CellEnumerationChecker(200_000, true, policy(), build); }

    MilpChecker programs() { return new MilpChecker(policy(), milp(), null, options.progress()); }
  }

  /** The methods a user can ask for. */
  public enum Method {
    AUTO, SKELETON, CELLS, ONELAYER, MILP;

    public static Method parse(String s) {
      try {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        StringBuilder known = new StringBuilder();
        for (Method m : values()) known.append(known.length() > 0 ? ", " : "").append(m.name().toLowerCase(Locale.ROOT));
        throw new IllegalArgumentException("unknown method '" + s + "' (known: " + known + ")");
      }
    }
  }

  /**
   * The checker of a method, for code that takes a {@link ConvexityChecker} (experiments, plots): the
   * skeleton alone for {@code SKELETON}, otherwise {@link #check(Network, Domain, Method)} with its
   * fallbacks. A fresh instance per call (one per worker thread).
   */
  public static ConvexityChecker checker(Method method) {
    return method == Method.SKELETON ? new SkeletonChecker() : new ByMethod(method);
  }

  /** A method of this class behind the checker interface. */
  private record ByMethod(Method method) implements ConvexityChecker {
    @Override
    public String name() { return method.name().toLowerCase(Locale.ROOT); }

    @Override
    public Verdict check(Network net, Domain domain) { return Checks.check(net, domain, method); }
  }

  /** Checks net on the domain with the given method under the default precision policy. */
  public static Verdict check(Network net, Domain domain, Method method) {
    return check(net, domain, CheckOptions.defaults().withMethod(method));
  }

  /**
   * Checks net on the domain: the method, under a precision policy, the integer programs of
   * {@code milp} (asked for, or chosen by {@code auto}) with the given settings, after an early
   * witness search of {@code earlyTrials} seeded trials ({@link WitnessSearch#early}; 0: none) when
   * the method would build a complex: a witness it finds is verified like every witness and decides
   * {@code not_convex} at once, with method {@value #EARLY_METHOD} and no counts; otherwise the method
   * runs as it would have. The verdict is the same either way (a verified witness is a proof, and the
   * methods never call convex a network that has one), only the time to it changes. When
   * 'exhaustive', {@code auto} in d &le; 3 builds and counts the complex (as pieces when it is too
   * large to hold at once) where it would otherwise decide by integer programs, and runs them only
   * where the complex cannot decide. {@code ReluConvex.check(net, domain, options)} is this call.
   */
  public static Verdict check(Network net, Domain domain, CheckOptions options) {
    return check(net, domain, options, null);
  }

  /** As {@link #check(Network, Domain, CheckOptions)} with the skeleton that {@code auto} runs first given (tests: one that fails). */
  static Verdict check(Network net, Domain domain, CheckOptions options, ConvexityChecker skeletonForAuto) {
    Method method = options.method();
    PrecisionPolicy policy = options.precision();
    int earlyTrials = options.earlyTrials();
    if (domain.dim() != net.inputDim())
      throw new IllegalArgumentException("the domain has dimension " + domain.dim() + ", the network has input dimension " + net.inputDim());
    if (earlyTrials > 0 && searchesFirst(net, domain, method)) {
      Witness w;
      try {
        w = WitnessSearch.early(net, domain, policy, earlyTrials, WitnessSearch.EARLY_SEED);
      } catch (ArithmeticException | IllegalStateException e) {
        w = null; // the early search is only a shortcut: the method decides
      }
      if (w != null) return Verdict.notConvex(w, EARLY_METHOD, domain, policy);
    }
    return checkWithoutEarlySearch(net, domain, new Run(options, options.build(), skeletonForAuto));
  }

  /** The method of a verdict decided by the early witness search. */
  public static final String EARLY_METHOD = "witness-search";

  /**
   * Whether the early search runs before the method: where a complex would be built (the skeleton,
   * the cell walk, and {@code auto} unless an ICNN or one hidden layer decides at once), on a box.
   */
  static boolean searchesFirst(Network net, Domain domain, Method method) {
    if (!domain.isBox() || net.hiddenLayers() == 0) return false;
    return switch (method) {
      case SKELETON, CELLS -> true;
      case AUTO -> net.hiddenLayers() >= 2 && !net.isIcnn();
      default -> false;
    };
  }

  private static Verdict checkWithoutEarlySearch(Network net, Domain domain, Run r) {
    Method method = r.options().method();
    PrecisionPolicy policy = r.policy();
    if (domain.dim() != net.inputDim())
      throw new IllegalArgumentException("the domain has dimension " + domain.dim() + ", the network has input dimension " + net.inputDim());
    if (method == Method.ONELAYER && net.hiddenLayers() != 1)
      throw new IllegalArgumentException("the onelayer method needs exactly one hidden layer; this network has " + net.hiddenLayers());
    Network rescaled = needsRescaling(net, domain) ? ExactTransforms.balanced(net).network() : net;
    Network work = rescaled;
    Domain dom = domain;
    double[] shift = domain.isBox() ? farShift(domain) : null;
    double[] grid = null;
    if (shift != null) {
      Network moved = ExactTransforms.translated(work, shift);
      if (moved == null) shift = null;
      else {
        work = moved;
        double[] lo = domain.lo(), hi = domain.hi();
        grid = new double[shift.length];
        for (int i = 0; i < lo.length; i++) {
          lo[i] -= shift[i]; // exact: shift is within a factor 2 of both bounds (Sterbenz)
          hi[i] -= shift[i];
          // witnesses of the translated problem on the grid of the original coordinates move back exactly
          grid[i] = shift[i] == 0 ? 0 : 2 * Math.ulp(domain.scale());
        }
        dom = Domain.box(lo, hi);
      }
    }
    Verdict v = run(work, dom, r, grid);
    // sub-box skeletons only where the complex is small: the integer programs exist because it is not
    if (v.kind() == VerdictKind.UNKNOWN && dom.isBox() && dom.dim() <= MAX_SKELETON_DIM && method != Method.ONELAYER
        && method != Method.MILP && regionBound(net) <= MAX_REGIONS_FOR_COMPLEX) {
      Verdict found = subBoxWitness(work, dom, r, grid);
      if (found != null) v = found.withReason("witness found on the sub-box " + found.domain().describe() + " after " + v.method() + " could not decide: " + v.reason());
    }
    Verdict result = onOriginal(v, net, domain, shift, r);
    if (result.kind() == VerdictKind.UNKNOWN && shift != null) {
      // the translated problem could not decide or its witness did not survive the way back: the
      // problem as given, whose verdicts are proven just the same
      Verdict plain = run(rescaled, domain, r, null);
      if (plain.kind() != VerdictKind.UNKNOWN) return named(onOriginal(plain, net, domain, null, r));
    }
    return named(result);
  }

  /** The verdict with its witness described by the method that found it, where nothing more precise was said. */
  private static Verdict named(Verdict v) {
    Witness w = v.witness();
    return w == null || w.foundBy() != null ? v : v.withWitness(w.withFoundBy(v.method() + " check"));
  }

  private static Verdict run(Network net, Domain domain, Run r, double[] grid) {
    Method method = r.options().method();
    try {
      return runMethod(net, domain, r, grid);
    } catch (ArithmeticException | IllegalStateException | UnsupportedOperationException | IndexOutOfBoundsException e) {
      // numbers no method could handle (a failure inside one is no verdict): unknown, with what happened
      return Verdict.unknown("the " + method.name().toLowerCase(Locale.ROOT) + " method failed: " + e, method.name().toLowerCase(Locale.ROOT), domain, r.policy());
    }
  }

  private static Verdict runMethod(Network net, Domain domain, Run r, double[] grid) {
    PrecisionPolicy policy = r.policy();
    MilpChecker.Settings milp = r.milp();
    boolean exhaustive = r.exhaustive();
    switch (r.options().method()) {
      case MILP:
        return r.programs().check(net, domain);
      case SKELETON:
        return r.skeleton(grid).check(net, domain);
      case CELLS:
        return r.cells().check(net, domain);
      case ONELAYER:
        return new OneLayerChecker(policy).check(net, domain);
      case AUTO:
      default:
        // signs of doubles are exact: the ICNN conditions are a proof on any domain
        if (net.hiddenLayers() >= 1 && net.isIcnn())
          return Verdict.convex("icnn", domain, policy).withReason(
              "every weight leaving a hidden neuron is non-negative: an input convex network, convex on all of R^" + net.inputDim());
        if (net.hiddenLayers() == 1) return new OneLayerChecker(policy).check(net, domain);
        if (!domain.isBox()) return complexMethods(net, domain, r, grid);
        int d = domain.dim();
        if (exhaustive && d <= 3 && (d < 3 || regionBound(net) <= MAX_REGIONS_FOR_COMPLEX))
          return complexMethods(net, domain, r, grid); // the complex asked for, and small: built whole or in pieces
        if (exhaustive && d <= 3) {
          // asked for the complex: the skeleton (pieces where it is too large to hold), the programs only where it cannot decide
          Verdict skeleton;
          try {
            skeleton = skeletonOfAuto(r, grid).check(net, domain);
          } catch (RuntimeException e) { // no number of pieces fits, or an internal failure: no answer, the programs decide
            skeleton = Verdict.unknown("the complex could not be built: " + e.getMessage(), "skeleton", domain, policy);
          }
          if (skeleton.kind() != VerdictKind.UNKNOWN) return skeleton;
          Verdict decided = r.programs().check(net, domain);
          String prefix = "the skeleton could not decide (" + skeleton.reason() + ")";
          decided = decided.withReason(decided.reason() == null ? prefix : prefix + "; " + decided.reason());
          return skeleton.hasCounts() ? decided.withCounts(skeleton.vertexCount().getAsLong(), skeleton.edgeCount().getAsLong(),
              skeleton.cellCount().orElse(Verdict.NO_COUNT)) : decided;
        }
        AutoPlan plan = d <= MAX_SKELETON_DIM ? AutoPlan.of(net, domain, policy, r.build().memoryBytes()) : null;
        if (plan != null && plan.complexFirst()) return complexFirst(net, domain, r, grid);
        Verdict programs = r.programs().check(net, domain);
        String why = plan != null ? plan.describe(d)
            : String.format(Locale.ROOT, "auto chose milp: dimension %d, above %d (the skeleton starts from the 2^d corners)", d, MAX_SKELETON_DIM);
        if (programs.kind() != VerdictKind.UNKNOWN || plan == null || plan.regions() > MAX_REGIONS_FOR_COMPLEX)
          return programs.withReason(programs.reason() == null ? why : why + "; " + programs.reason());
        Verdict complex = complexMethods(net, domain, r, grid);
        String prefix = why + "; the integer programs could not decide (" + programs.reason() + ")";
        return complex.withReason(complex.reason() == null ? prefix : prefix + "; " + complex.reason());
    }
  }

  /**
   * A complex expected small: the skeleton; where it cannot decide, in d &le; 3 the cell walk and
   * then the programs, in higher dimension the programs (they do not grow with the complex) and then
   * the cell walk. Each method's {@code unknown} hands over to the next with its reason; so does a
   * complex that does not fit, unless the complex itself was asked for ('exhaustive').
   */
  private static Verdict complexFirst(Network net, Domain domain, Run r, double[] grid) {
    PrecisionPolicy policy = r.policy();
    MilpChecker.Settings milp = r.milp();
    int d = domain.dim();
    if (d <= 3) {
      Verdict complex;
      try {
        complex = complexMethods(net, domain, r, grid);
      } catch (ResourceLimitException e) { // larger than the estimate: the programs do not grow with it ('exhaustive' in d <= 3 never comes here)
        complex = Verdict.unknown("the complex could not be built: " + e.getMessage(), "skeleton", domain, policy);
      }
      if (complex.kind() != VerdictKind.UNKNOWN || !SkeletonChecker.othersMayCallConvex(complex.reason())) return complex;
      Verdict programs = r.programs().check(net, domain);
      String prefix = "the complex could not decide (" + complex.reason() + ")";
      return programs.withReason(programs.reason() == null ? prefix : prefix + "; " + programs.reason());
    }
    Verdict skeleton;
    try {
      skeleton = skeletonOfAuto(r, grid).check(net, domain);
    } catch (RuntimeException e) { // larger than expected, or an internal failure: the programs decide
      if (r.exhaustive() && e instanceof ResourceLimitException) throw e;
      skeleton = Verdict.unknown("the skeleton could not be completed: " + e.getMessage(), "skeleton", domain, policy);
    }
    if (skeleton.kind() != VerdictKind.UNKNOWN || !SkeletonChecker.othersMayCallConvex(skeleton.reason())) return skeleton;
    Verdict programs = r.programs().check(net, domain);
    String prefix = "the skeleton could not decide (" + skeleton.reason() + ")";
    if (programs.kind() != VerdictKind.UNKNOWN) return programs.withReason(programs.reason() == null ? prefix : prefix + "; " + programs.reason());
    Verdict cells = r.cells().check(net, domain);
    return cells.withReason(prefix + "; the integer programs could not decide (" + programs.reason() + ")" + (cells.reason() == null ? "" : "; " + cells.reason()));
  }

  /** The skeleton checker {@code auto} runs: witnesses on the grid of a translated problem when there is one. */
  private static ConvexityChecker skeletonOfAuto(Run r, double[] grid) {
    return grid == null && r.skeletonForAuto() != null ? r.skeletonForAuto() : r.skeleton(grid);
  }

  /** On a small complex: the skeleton, then the cell walk where the skeleton cannot decide. */
  private static Verdict complexMethods(Network net, Domain domain, Run r, double[] grid) {
    // the skeleton starts from the 2^d corners of the box: beyond a dozen dimensions walk the cells
    if (domain.isWhole() || domain.dim() > MAX_SKELETON_DIM) return r.cells().check(net, domain);
    Verdict v;
    try {
      v = skeletonOfAuto(r, grid).check(net, domain);
    } catch (ResourceLimitException e) {
      throw e; // the cell walk of a complex too large to build is larger still
    } catch (RuntimeException e) {
      // an internal failure of the skeleton is no answer: the cell walk decides without it
      Verdict cells = r.cells().check(net, domain);
      String failure = "skeleton failed: " + e;
      return cells.kind() == VerdictKind.UNKNOWN ? cells.withReason(failure + "; cells: " + cells.reason())
          : cells.withReason(failure + (cells.reason() == null ? "" : "; " + cells.reason()));
    }
    if (v.kind() != VerdictKind.UNKNOWN) return v;
    Verdict cells = r.cells().check(net, domain);
    if (cells.kind() == VerdictKind.UNKNOWN)
      return cells.withReason("skeleton: " + v.reason() + "; cells: " + cells.reason());
    // an exact negative kink or gain without a witness contradicts a convex cell walk: neither is accepted
    if (cells.kind() == VerdictKind.CONVEX && !SkeletonChecker.othersMayCallConvex(v.reason()))
      return v.withReason("skeleton: " + v.reason() + "; the cell walk found no witness and no negative kink: the two disagree, so no verdict");
    // the method field stays a name scripts can compare; why the skeleton stepped aside is a detail
    return cells.withReason("the skeleton could not decide: " + v.reason() + (cells.reason() == null ? "" : "; " + cells.reason()));
  }

  /** Above this bound on the regions of the neurons that switch, {@code auto} never walks the cells after the programs. */
  static final double MAX_REGIONS_FOR_COMPLEX = 2e5;

  /**
   * An upper bound on the number of regions of the complex: sum over i &le; d of C(N, i) for N
   * hidden neurons (the regions of N hyperplanes in general position in R^d; deeper layers bend their
   * hyperplanes, which in practice keeps the count of the same order).
   */
  public static double regionBound(Network net) { return regionBound(net.hiddenCount(), net.inputDim()); }

  /** sum over i &le; d of C(n, i): the regions of n hyperplanes in general position in R^d. */
  public static double regionBound(int n, int d) {
    double sum = 0, term = 1;
    for (int i = 0; i <= Math.min(n, d); i++) {
      sum += term;
      term = term * (n - i) / (i + 1);
    }
    return sum;
  }

  /** Whether weights or the box are large or small enough for products to approach overflow or underflow. */
  private static boolean needsRescaling(Network net, Domain domain) {
    double logBound = domain.isBox() ? Math.log(Math.max(1, domain.scale())) : 0;
    double logSmall = 0; // products of the smallest weights along the layers: gradual underflow ahead
    for (int l = 1; l <= net.outputLayer(); l++) {
      double max = 0, min = Double.POSITIVE_INFINITY;
      for (double b : net.rawBias(l)) {
        if (b != 0 && Math.abs(Math.getExponent(b)) > 200) return true;
        max = Math.max(max, Math.abs(b));
      }
      for (int m = 0; m < l; m++) {
        double[] w = net.rawBlock(l, m);
        if (w == null) continue;
        for (double x : w) {
          if (x != 0 && Math.abs(Math.getExponent(x)) > 200) return true;
          max = Math.max(max, Math.abs(x));
          if (x != 0) min = Math.min(min, Math.abs(x));
        }
      }
      logBound += Math.log(Math.max(1, max) * (1 + net.hiddenCount() + net.inputDim()));
      if (min < 1) logSmall += Math.log(min);
    }
    return logBound > 300 || logSmall < -300;
  }

  /**
   * A shift c with c_i within a factor 2 of every point of the box in the coordinates where the box
   * lies far from the origin (|centre| &gt; 16 times its width), 0 elsewhere; null when none is far.
   */
  private static double[] farShift(Domain box) {
    int d = box.dim();
    double[] c = new double[d];
    boolean any = false;
    for (int i = 0; i < d; i++) {
      double lo = box.lo(i), hi = box.hi(i), mid = 0.5 * lo + 0.5 * hi, width = hi - lo;
      if (!(Math.abs(mid) > 16 * width) || !Double.isFinite(width)) continue;
      // a coarse centre: few significant bits, so that W c is more often exact
      double grid = Math.scalb(1.0, Math.getExponent(width) - 2);
      c[i] = Math.rint(mid / grid) * grid;
      any = true;
    }
    return any ? c : null;
  }

  /** A witness on nested sub-boxes around the point nearest the origin ({@link WitnessSearch#subBoxes}), or null. */
  private static Verdict subBoxWitness(Network net, Domain box, Run r, double[] grid) {
    return WitnessSearch.subBoxes(net, box, r.skeleton(grid), SUB_BOXES);
  }

  /** The verdict on the original problem: domain restored, witness moved back and proven again. */
  private static Verdict onOriginal(Verdict v, Network net, Domain domain, double[] shift, Run r) {
    PrecisionPolicy policy = r.policy();
    v = v.withDomain(domain);
    if (v.kind() != VerdictKind.NOT_CONVEX) return v;
    Witness w = v.witness();
    double[] a = w.a().clone(), b = w.b().clone();
    if (shift != null)
      for (int i = 0; i < a.length; i++) {
        a[i] += shift[i];
        b[i] += shift[i];
      }
    Witness back = domain.contains(a) && domain.contains(b) ? Witness.verified(net, a, b, policy) : null;
    if (back != null && domain.contains(back.b())) return v.withWitness(back.withFoundBy(w.foundBy()));
    // moving back rounded the points: the same kink seen from pairs spread wider around the midpoint
    int d = a.length;
    for (int k = 1; k <= 40 && shift != null; k++) {
      double spread = Math.scalb(1.0, k % 2 == 1 ? (k + 1) / 2 : -k / 2);
      double[] p = new double[d], q = new double[d];
      for (int i = 0; i < d; i++) {
        double m = 0.5 * (a[i] + b[i]), h = 0.5 * (b[i] - a[i]) * spread;
        p[i] = m - h;
        q[i] = m + h;
      }
      if (!domain.contains(p) || !domain.contains(q)) continue;
      Witness w2 = Witness.verified(net, p, q, policy);
      if (w2 != null && domain.contains(w2.b())) return v.withWitness(w2.withFoundBy(w.foundBy()));
    }
    // or the original network's own skeleton on a small box around the place
    if (shift != null && domain.isBox()) {
      double[] lo = new double[d], hi = new double[d];
      boolean ok = true;
      for (int i = 0; i < d; i++) {
        double m = 0.5 * (a[i] + b[i]), radius = 4 * Math.abs(b[i] - a[i]) + 64 * Math.ulp(m);
        lo[i] = Math.max(domain.lo(i), m - radius);
        hi[i] = Math.min(domain.hi(i), m + radius);
        ok &= lo[i] < hi[i];
      }
      if (ok) {
        Verdict local = r.skeleton(null).check(net, Domain.box(lo, hi));
        if (local.kind() == VerdictKind.NOT_CONVEX) return v.withWitness(local.witness().withFoundBy(w.foundBy()));
      }
    }
    return Verdict.unknown("a witness found on the rescaled or translated problem did not verify on the original network",
        v.method(), domain, policy).withCounts(v.vertices(), v.edges(), v.cells()).withMinGain(v.minGain()).withNeurons(v.neurons());
  }
}
