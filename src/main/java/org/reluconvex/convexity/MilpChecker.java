package org.reluconvex.convexity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.reluconvex.network.Domain;
import org.reluconvex.complex.FarkasCertificate;
import org.reluconvex.complex.MarginLp;
import org.reluconvex.milp.GainFlow;
import org.reluconvex.milp.GainProgram;
import org.reluconvex.milp.IntervalBounds;
import org.reluconvex.milp.LpTightening;
import org.reluconvex.milp.PreBounds;
import org.reluconvex.milp.Solver;
import org.reluconvex.milp.TieGroups;
import org.reluconvex.network.BoundedForward;
import org.reluconvex.network.ExactTransforms;
import org.reluconvex.network.Network;
import org.reluconvex.network.NeuronId;
import org.reluconvex.precision.PrecisionPolicy;

/**
 * Criterion C1 in any input dimension without the complex (MATH.md section 9): for every hidden
 * neuron that may switch in the box, the minimum of its gain over its zero set, by a mixed-integer
 * program. Cheap decisions first: the ICNN sign conditions; interval bounds on the gain flow; a
 * seeded witness search on random points of zero sets. Then one program per remaining neuron, in
 * parallel, each with the time left.
 *
 * <p>Soundness: {@code convex} only when every neuron is settled by rigorous interval bounds, by an
 * infeasible program (no pattern on its zero set leaves a path active, so every realised gain is 0),
 * or by a solver's dual bound at least {@link PrecisionPolicy#solverMargin()} times the gain's
 * magnitude above zero; {@code not_convex} only with a witness verified by forward evaluation,
 * found at a deep point of the face the solver's solution names; anything else is {@code unknown}
 * with the neuron and the reason. The verdict does not depend on the thread count: witnesses are
 * taken from the first neuron in network order that yields one.
 */
public final class MilpChecker implements ConvexityChecker {
  /** Random points per neuron of the zero-set witness search before any program. */
  static final int SEARCH_POINTS = 12;

  /**
   * How the programs run: the solver, the time limit for the whole check (seconds; infinite for
   * none), worker threads, and the seed of the witness search.
   */
  public record Settings(Solver solver, double timeLimitSeconds, int threads, long seed) {
    public Settings {
      if (!(timeLimitSeconds > 0)) throw new IllegalArgumentException("time limit must be positive, got " + timeLimitSeconds);
      if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }

    public static Settings defaults() {
      return new Settings(Solver.SCIP, Double.POSITIVE_INFINITY, Runtime.getRuntime().availableProcessors(), 0x6a1e5L);
    }

    public Settings withTimeLimit(double seconds) { return new Settings(solver, seconds, threads, seed); }

    public Settings withSolver(Solver s) { return new Settings(s, timeLimitSeconds, threads, seed); }

    public Settings withThreads(int n) { return new Settings(solver, timeLimitSeconds, n, seed); }
  }

  private final PrecisionPolicy policy;
  private final Settings settings;

  public MilpChecker() { this(PrecisionPolicy.DEFAULT, Settings.defaults()); }

  public MilpChecker(PrecisionPolicy policy, Settings settings) {
    this.policy = policy;
    this.settings = settings;
  }

  @Override
  public String name() { return "milp"; }

  /** What was learned about one neuron that may switch. */
  private record Result(NeuronId id, boolean certified, Witness witness, String unknown, double minGain, double[] at, int faces) {
    Result(NeuronId id, boolean certified, Witness witness, String unknown, double minGain, double[] at) {
      this(id, certified, witness, unknown, minGain, at, 0);
    }
  }

  /**
   * Pre-activation magnitudes a floating-point solver handles with its absolute tolerances; outside
   * this range (after exact power-of-two balancing) the programs are not trusted.
   */
  static final double MIN_MAGNITUDE = 0x1p-20, MAX_MAGNITUDE = 0x1p40;

  @Override
  public Verdict check(Network net, Domain box) {
    Verdict v = checkBalanced(ExactTransforms.balanced(net).network(), net, box);
    if (v.kind() != VerdictKind.NOT_CONVEX) return v;
    // the balanced network computes a power of two times f, exactly: the witness holds for f too,
    // proven again on the network as given
    Witness w = Witness.verified(net, v.witness().a(), v.witness().b(), policy);
    return w != null ? v.withWitness(w)
        : Verdict.unknown("a witness of the balanced network did not verify on the network as given", name(), box, policy)
            .withMinGain(v.minGain()).withNeurons(v.neurons());
  }

  private Verdict checkBalanced(Network net, Network given, Domain box) {
    if (!box.isBox()) throw new IllegalArgumentException("the milp method needs a box (the programs bound every neuron over it); use skeleton or cells on all of R^d");
    if (box.dim() != net.inputDim())
      throw new IllegalArgumentException("the domain has dimension " + box.dim() + ", the network has input dimension " + net.inputDim());
    long start = System.nanoTime();
    long deadline = Double.isInfinite(settings.timeLimitSeconds()) ? Long.MAX_VALUE
        : start + (long) Math.min(settings.timeLimitSeconds() * 1e9, Long.MAX_VALUE / 2.0);
    if (net.hiddenLayers() >= 1 && net.isIcnn())
      return verdict(VerdictKind.CONVEX, box, Double.NaN, null,
          "every weight leaving a hidden neuron is non-negative (the ICNN sign conditions): convex on all of R^" + net.inputDim() + ", no program needed",
          List.of());
    ExecutorService pool = settings.threads() > 1 ? Executors.newFixedThreadPool(settings.threads(), r -> {
      Thread t = new Thread(r, "milp");
      t.setDaemon(true);
      return t;
    }) : null;
    try {
      PreBounds bounds = IntervalBounds.of(net, box, policy);
      String scaling = badScaling(net, box, bounds);
      if (scaling != null) {
        Witness w = searchZeroSets(net, box, switching(net, bounds), bounds);
        return w != null ? verdict(VerdictKind.NOT_CONVEX, box, Double.NaN, w, "witness found by the search on random points of zero sets", List.of())
            : verdict(VerdictKind.UNKNOWN, box, Double.NaN, null, scaling + ": outside what floating-point solvers decide reliably", List.of());
      }
      if (net.hiddenLayers() >= 2 && bounds.unstableCount() > 0)
        bounds = LpTightening.of(net, box, policy, pool, settings.threads());
      List<NeuronId> open = new ArrayList<>();
      List<TieGroups.Group> openGroups = new ArrayList<>();
      List<GainFlow> flows = new ArrayList<>();
      List<NeuronReport> reports = new ArrayList<>();
      List<Double> gaps = new ArrayList<>();
      int switching = 0, byIntervals = 0, byEnumeration = 0, tiedGroups = 0, tiedNeurons = 0;
      boolean[][] unstable = new boolean[net.outputLayer()][];
      for (int l = 1; l < net.outputLayer(); l++) {
        unstable[l] = new boolean[net.width(l)];
        for (int i = 0; i < net.width(l); i++) unstable[l][i] = !bounds.stable(l, i);
      }
      // neurons that switch together on one surface are decided together: by the sum of their kinks
      for (TieGroups.Group g : TieGroups.of(net, unstable)) {
        switching += g.members().length;
        if (g.tied()) {
          tiedGroups++;
          tiedNeurons += g.members().length;
        }
        GainFlow flow = new GainFlow(net, bounds, g, policy);
        if (flow.gainLo() >= 0) {
          byIntervals += g.members().length;
          continue;
        }
        double gap = flow.negativeGap(net, bounds, policy);
        if (gap == Double.POSITIVE_INFINITY) {
          byEnumeration += g.members().length;
          continue;
        }
        open.add(new NeuronId(g.layer(), g.members()[0]));
        openGroups.add(g);
        flows.add(flow);
        gaps.add(gap);
      }
      Witness early = searchZeroSets(net, box, open, bounds);
      if (early != null)
        return verdict(VerdictKind.NOT_CONVEX, box, Double.NaN, early,
            "witness found by the search on random points of zero sets, before any program", List.of());

      // bounds of the widened box, once, for the programs of zero sets that clip a sliver of the box
      PreBounds wide = null;
      for (NeuronId id : open)
        if (clipsSliver(bounds, id)) {
          Domain w = inflated(box);
          wide = net.hiddenLayers() >= 2 ? LpTightening.of(net, w, policy, pool, settings.threads()) : IntervalBounds.of(net, w, policy);
          break;
        }
      List<Result> results = solveAll(net, box, bounds, wide, open, openGroups, flows, gaps, pool, deadline);
      String counts = String.format(Locale.ROOT,
          "%d of %d hidden neurons may switch in the box%s; %d settled by interval bounds on their gains, %d by the signs of all their downstream patterns, %d by %s programs",
          switching, net.hiddenCount(), tiedGroups == 0 ? "" : String.format(Locale.ROOT, " (%d of them in %d groups switching together, decided by their summed kinks)", tiedNeurons, tiedGroups),
          byIntervals, byEnumeration, open.size(), settings.solver().label());
      double minGain = Double.NaN;
      List<String> unknowns = new ArrayList<>();
      int tiedFaces = 0;
      for (Result r : results) {
        if (r == null) break; // cancelled after an earlier neuron's witness
        if (!Double.isNaN(r.minGain()) && !(r.minGain() >= minGain)) minGain = r.minGain();
        reports.add(new NeuronReport(r.id(), true, -1, r.minGain(), r.at()));
        if (r.witness() != null)
          return verdict(VerdictKind.NOT_CONVEX, box, r.minGain(), r.witness(),
              String.format(Locale.ROOT, "%s: the program's minimum gain is %.6g; the witness lies on its zero set; %s", r.id(), r.minGain(), counts), reports);
        if (r.unknown() != null) unknowns.add(r.id() + ": " + r.unknown());
        tiedFaces += r.faces();
      }
      if (!unknowns.isEmpty()) {
        String first = String.join("; ", unknowns.subList(0, Math.min(3, unknowns.size())));
        return verdict(VerdictKind.UNKNOWN, box, minGain, null,
            unknowns.size() + " neuron(s) undecided: " + first + (unknowns.size() > 3 ? "; ..." : "") + "; " + counts, reports);
      }
      return verdict(VerdictKind.CONVEX, box, minGain, null,
          (tiedFaces == 0 ? "every gain on every zero set is proven non-negative (criterion C1; for neurons that switch together, their summed kink): "
              : "every gain on every zero set is proven non-negative (criterion C1) except on " + tiedFaces
                  + " face(s) where several neurons switch together or that exist only where zero sets cross, decided by their kinks: ")
              + counts + "; each program's dual bound is at least " + policy.solverMargin() + " of its gain's magnitude, or it is infeasible (every path blocked)",
          reports);
    } finally {
      if (pool != null) pool.shutdownNow();
    }
  }

  /**
   * How far the box is widened beyond the one asked, relative to each side, for the bounds and for
   * the program of a neuron whose zero set only clips a sliver of the box (its proven range reaches
   * past zero by at most this fraction of its reach on the other side). A solver decides
   * feasibility to tolerances of 1e-6 and below: such a sliver can be declared infeasible, and was
   * (a corner 6e-8 wide in d = 24). On the widened box it is wider than the tolerances, and what the
   * program proves there (a dual bound, infeasibility) holds for the box asked, a subset; a solution
   * in the widening is only a candidate, decided exactly or left unknown.
   */
  static final double INFLATION = 1e-5;

  /** Whether a neuron's proven range reaches past zero by at most {@link #INFLATION} of its reach on the other side. */
  private static boolean clipsSliver(PreBounds bounds, NeuronId id) {
    double lo = bounds.lo(id.layer(), id.index()), hi = bounds.hi(id.layer(), id.index());
    return Math.min(-lo, hi) <= INFLATION * Math.max(-lo, hi);
  }

  /** The box widened by {@link #INFLATION} of each side's length (a side that would overflow stays). */
  private static Domain inflated(Domain box) {
    double[] lo = box.lo(), hi = box.hi();
    for (int i = 0; i < lo.length; i++) {
      double w = 0.5 * hi[i] - 0.5 * lo[i];
      double l = lo[i] - 2 * INFLATION * w, h = hi[i] + 2 * INFLATION * w;
      if (Double.isFinite(l)) lo[i] = l;
      if (Double.isFinite(h)) hi[i] = h;
    }
    return Domain.box(lo, hi);
  }

  /** Why the problem is too badly scaled for the solvers' absolute tolerances, or null. */
  private static String badScaling(Network net, Domain box, PreBounds bounds) {
    for (int i = 0; i < box.dim(); i++) {
      double w = box.hi(i) - box.lo(i), m = Math.max(Math.abs(box.lo(i)), Math.abs(box.hi(i)));
      if (w < 1e-3 * m || m > MAX_MAGNITUDE || w < MIN_MAGNITUDE)
        return String.format(Locale.ROOT, "the box's side %d, [%g, %g], is too small or too far out", i, box.lo(i), box.hi(i));
    }
    for (int l = 1; l < net.outputLayer(); l++)
      for (int i = 0; i < net.width(l); i++) {
        if (bounds.stable(l, i)) continue;
        double m = Math.max(Math.abs(bounds.lo(l, i)), Math.abs(bounds.hi(l, i)));
        if (m < MIN_MAGNITUDE || m > MAX_MAGNITUDE)
          return String.format(Locale.ROOT, "the pre-activation of %s ranges over magnitudes up to %g", new NeuronId(l, i), m);
      }
    return null;
  }

  private static List<NeuronId> switching(Network net, PreBounds bounds) {
    List<NeuronId> ids = new ArrayList<>();
    for (int l = 1; l < net.outputLayer(); l++)
      for (int i = 0; i < net.width(l); i++) if (!bounds.stable(l, i)) ids.add(new NeuronId(l, i));
    return ids;
  }

  private Verdict verdict(VerdictKind kind, Domain box, double minGain, Witness w, String reason, List<NeuronReport> reports) {
    return new Verdict(kind, name(), box, Verdict.NO_COUNT, Verdict.NO_COUNT, Verdict.NO_COUNT, minGain, w, reason, reports, policy);
  }

  private List<Result> solveAll(Network net, Domain box, PreBounds bounds, PreBounds wide, List<NeuronId> open, List<TieGroups.Group> groups,
      List<GainFlow> flows, List<Double> gaps, ExecutorService pool, long deadline) {
    List<Result> results = new ArrayList<>();
    if (pool == null) {
      for (int k = 0; k < open.size(); k++) {
        Result r = solveOne(net, box, bounds, wide, open.get(k), groups.get(k), flows.get(k), gaps.get(k), deadline);
        results.add(r);
        if (r.witness() != null) break;
      }
      return results;
    }
    List<Future<Result>> futures = new ArrayList<>();
    for (int k = 0; k < open.size(); k++) {
      final int kk = k;
      futures.add(pool.submit(() -> solveOne(net, box, bounds, wide, open.get(kk), groups.get(kk), flows.get(kk), gaps.get(kk), deadline)));
    }
    for (int k = 0; k < futures.size(); k++) {
      Result r;
      try {
        r = futures.get(k).get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while solving", e);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
      }
      results.add(r);
      if (r.witness() != null) {
        for (int j = k + 1; j < futures.size(); j++) futures.get(j).cancel(false);
        break;
      }
    }
    return results;
  }

  /**
   * One neuron's program. gap is the smallest |g| of its negative downstream patterns when they
   * were enumerated (NaN otherwise): a bound above -gap by more than the margin then rules them all out.
   */
  private Result solveOne(Network net, Domain box, PreBounds bounds, PreBounds wide, NeuronId id, TieGroups.Group group, GainFlow flow, double gap,
      long deadline) {
    // a zero set that only clips a sliver of the box: its program runs on the widened box, with bounds of that box
    Domain programBox = box;
    PreBounds programBounds = bounds;
    if (clipsSliver(bounds, id)) {
      programBox = inflated(box);
      programBounds = wide;
      flow = new GainFlow(net, programBounds, group, policy);
      gap = Double.NaN; // the patterns enumerated for the box asked are not all of the widened box's
    }
    try (GainProgram program = new GainProgram(net, programBox, programBounds, flow, settings.solver())) {
      double margin = policy.solverMargin() * flow.scale();
      int faces = 0;
      double worst = Double.POSITIVE_INFINITY; // smallest gain seen, tied faces included
      while (true) {
        long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) return new Result(id, false, null, "the time limit was reached before its program was solved", Double.NaN, null);
        GainProgram.Outcome o = program.solve(left);
        switch (o.status()) {
          case NO_ACTIVE_PATH:
            return new Result(id, true, null, null, Double.NaN, null, faces);
          case LIMIT:
            return new Result(id, false, null, "time limit reached without a solution", Double.NaN, null);
          case FAILED:
            return new Result(id, false, null, "the solver failed (numerical trouble)", Double.NaN, null);
          default:
            break;
        }
        worst = Math.min(worst, o.value());
        if (o.bound() >= margin || (gap > 2 * margin && o.bound() >= -gap + margin))
          // a solver's value within its margin of zero is reported as the zero it stands for
          return new Result(id, true, null, null, Math.abs(worst) <= margin ? 0 : worst, o.x(), faces);
        if (!(o.value() <= -margin)) {
          if (o.status() == GainProgram.Status.LIMIT_WITH_SOLUTION)
            return new Result(id, false, null, String.format(Locale.ROOT,
                "time limit reached: best gain found %.6g, proven bound %.6g", o.value(), o.bound()), o.value(), o.x());
          return new Result(id, false, null, String.format(Locale.ROOT,
              "minimum gain %.6g (bound %.6g) within the solver margin %.3g of zero", o.value(), o.bound(), margin), o.value(), o.x());
        }
        Face face = face(net, box, bounds, id, o);
        if (face.witness() != null) return new Result(id, false, face.witness(), null, o.value(), o.x());
        // an exact sign (a zero kink is a convex frontier), or a pattern proven to have no frontier
        boolean decided = face.lowerDimensional() || face.kink() >= 0;
        if (decided && faces < MAX_TIED_FACES) {
          // several neurons switch together there and their kinks add up to a convex one: look further
          faces++;
          program.exclude(o.pattern(), face.cut());
          continue;
        }
        String why = decided ? "more than " + MAX_TIED_FACES + " faces where several neurons switch together"
            : face.centre() == null ? "the face is thinner than the linear program resolves, and no exact walk across it found a witness"
            : face.kink() < 0 ? "the exact kink there is negative, but no witness verified"
            : "no point of the face's relative interior was confirmed in exact arithmetic";
        return new Result(id, false, null, String.format(Locale.ROOT,
            "the program found gain %.6g on its zero set but no witness (%s)", o.value(), why), o.value(), o.x());
      }
    }
  }

  /**
   * A face whose deepest point lies within this fraction of the box scale of another zero set or
   * the box's boundary is too thin for the linear program to centre: it is never taken as
   * lower-dimensional, only searched for a witness by exact walks, and otherwise left undecided.
   */
  static final double THIN = 1e-9;

  /** Faces of one neuron's zero set where several neurons switch together, decided by their kinks before giving up. */
  static final int MAX_TIED_FACES = 64;

  /**
   * A face of a neuron's zero set named by a program's solution: its deep point (or null), the
   * exact sign of the kink across it ({@link ExactFrontier}; NaN when undecided), the neurons whose
   * pattern the no-good cut removes once the face is decided (those that set its kink, or every
   * other neuron when the face is proven lower-dimensional), and a witness when the kink is negative
   * or the face too thin to centre.
   */
  private record Face(double[] centre, double kink, boolean[][] cut, Witness witness, boolean lowerDimensional) {}

  /**
   * The face of id's zero set that the solution's pattern names. Neurons whose gated form is an
   * exact multiple of id's (ties, confirmed in exact arithmetic after a test in double) are left
   * free; the rest keep their sides with a margin. The kink across the face is decided exactly at a
   * point of its relative interior, which accounts for every neuron switching there (MATH.md
   * section 10), where the gain of id alone does not.
   */
  private Face face(Network net, Domain box, PreBounds bounds, NeuronId id, GainProgram.Outcome o) {
    int d = net.inputDim(), out = net.outputLayer();
    double[] xs = o.x();
    boolean[][] gate = new boolean[out][];
    for (int l = 1; l < out; l++) {
      gate[l] = new boolean[net.width(l)];
      for (int i = 0; i < gate[l].length; i++) gate[l][i] = o.pattern()[l][i] == 1;
    }
    BoundedForward bf = new BoundedForward(net, policy);
    bf.run(xs, gate, true);
    double[][][] a = new double[out][][];
    double[][] c = new double[out][];
    for (int l = 1; l < out; l++) {
      a[l] = new double[net.width(l)][];
      c[l] = new double[net.width(l)];
      for (int i = 0; i < net.width(l); i++) {
        a[l][i] = new double[d];
        c[l][i] = bf.value(l, i);
        for (int k = 0; k < d; k++) {
          a[l][i][k] = bf.gradient(l, i, k);
          c[l][i] -= a[l][i][k] * xs[k];
        }
      }
    }
    double[] aEq = a[id.layer()][id.index()];
    double cEq = c[id.layer()][id.index()];
    double nn = 0, scale = Math.abs(cEq);
    for (int k = 0; k < d; k++) {
      nn += aEq[k] * aEq[k];
      scale += Math.abs(aEq[k]) * Math.max(Math.abs(box.lo(k)), Math.abs(box.hi(k)));
    }
    java.math.BigDecimal[][][] forms = new org.reluconvex.network.ExactForward(net).gatedForms(gate);
    java.math.BigDecimal[] formEq = forms[id.layer()][id.index()];
    boolean[][] tied = new boolean[out][];
    List<int[]> sideNeurons = new ArrayList<>();
    for (int l = 1; l < out; l++) {
      tied[l] = new boolean[net.width(l)];
      for (int i = 0; i < net.width(l); i++) {
        if (bounds.stable(l, i) || (l == id.layer() && i == id.index())) continue;
        // nearly a multiple in double is only a candidate: a zero set 2^-30 away is another frontier
        if (vanishesOn(a[l][i], c[l][i], aEq, cEq, nn, scale, box) && org.reluconvex.network.ExactForward.isMultiple(formEq, forms[l][i], false)) {
          tied[l][i] = true;
          continue;
        }
        double norm = 0;
        for (double v : a[l][i]) norm += v * v;
        if (norm > 0 && Double.isFinite(norm)) sideNeurons.add(new int[] {l, i});
      }
    }
    boolean[][] relevant = relevant(net, bounds, id, tied);
    WitnessSearch ws = new WitnessSearch(net, box, policy);
    if (!(nn > 0) || !Double.isFinite(nn)) return new Face(null, Double.NaN, relevant, ws.alongChords(xs, null), false);
    // the face's centre: rows s (a . x + c) / |a| >= t for the other neurons and the box, on id's hyperplane
    int m = sideNeurons.size() + 2 * d, eq = m;
    double[] normals = new double[(m + 1) * d], offsets = new double[m + 1], norms = new double[m + 1];
    for (int k = 0; k < sideNeurons.size(); k++) {
      int l = sideNeurons.get(k)[0], i = sideNeurons.get(k)[1];
      double side = gate[l][i] ? 1 : -1, norm = 0;
      for (double v : a[l][i]) norm += v * v;
      norms[k] = Math.sqrt(norm);
      for (int q = 0; q < d; q++) normals[k * d + q] = side * a[l][i][q] / norms[k];
      offsets[k] = side * c[l][i] / norms[k];
    }
    for (int q = 0; q < d; q++) {
      int k = sideNeurons.size() + 2 * q;
      normals[k * d + q] = 1;
      offsets[k] = -box.lo(q);
      normals[(k + 1) * d + q] = -1;
      offsets[k + 1] = box.hi(q);
      norms[k] = norms[k + 1] = 1;
    }
    norms[eq] = Math.sqrt(nn);
    for (int q = 0; q < d; q++) normals[eq * d + q] = aEq[q] / norms[eq];
    offsets[eq] = cEq / norms[eq];
    boolean[] use = new boolean[m + 1];
    java.util.Arrays.fill(use, 0, m, true);
    MarginLp.Result deep;
    try {
      deep = MarginLp.maximise(d, normals, offsets, m + 1, use, eq, box.scale(), xs);
    } catch (MarginLp.Failure e) {
      deep = null;
    }
    if (deep == null || deep.margin() <= THIN * box.scale()) {
      // a pattern realised only where other zero sets cross (no frontier has it), proven exactly
      boolean[] support = deep == null ? null : lowerDimensional(deep, sideNeurons, gate, forms, formEq, box, m, norms);
      if (support != null) {
        // the emptiness rests on the sides of the neurons in the certificate, whose forms rest on their upstream bits
        boolean[][] cut = new boolean[out][];
        for (int l = 1; l < out; l++) cut[l] = new boolean[net.width(l)];
        for (int k = 0; k < sideNeurons.size(); k++)
          if (support[k]) markWithUpstream(net, bounds, sideNeurons.get(k)[0], sideNeurons.get(k)[1], cut);
        markWithUpstream(net, bounds, id.layer(), id.index(), cut); // the hyperplane's own form
        cut[id.layer()][id.index()] = false;
        return new Face(null, Double.NaN, cut, null, true);
      }
      // too thin to centre in double: exact walks across it from the program's point, then along the zero set
      Witness w = ws.alongChords(xs, aEq);
      if (w == null) w = ws.acrossZeroSet(id, 8, settings.seed());
      if (w == null) w = ws.nearZeroSet(xs, id, 16, 1e-3);
      return new Face(null, Double.NaN, relevant, w, false);
    }
    double[] centre = deep.x();
    boolean[][] stable = new boolean[out][];
    for (int l = 1; l < out; l++) {
      stable[l] = new boolean[net.width(l)];
      for (int i = 0; i < stable[l].length; i++) stable[l][i] = bounds.stable(l, i);
    }
    Integer sign = ExactFrontier.kinkSign(net, forms, id, tied, gate, relevant, stable, centre, aEq);
    if (sign != null && sign >= 0) return new Face(centre, sign, relevant, null, false);
    Witness w = ws.at(centre, aEq, id);
    if (w == null) w = ws.alongChords(centre, aEq);
    if (w == null && sign != null) w = ws.nearZeroSet(centre, id, 16, 1e-3);
    return new Face(centre, sign == null ? Double.NaN : sign, relevant, w, false);
  }

  /** Marks an unstable neuron and every unstable neuron upstream of it (those its gated form depends on). */
  private static void markWithUpstream(Network net, PreBounds bounds, int layer, int index, boolean[][] mark) {
    if (!bounds.stable(layer, index)) mark[layer][index] = true;
    boolean[][] up = new boolean[net.outputLayer()][];
    for (int l = 1; l < net.outputLayer(); l++) up[l] = new boolean[net.width(l)];
    up[layer][index] = true;
    for (int l = layer; l >= 2; l--)
      for (int i = 0; i < net.width(l); i++) {
        if (!up[l][i]) continue;
        for (int m = 1; m < l; m++)
          if (net.hasBlock(l, m))
            for (int j = 0; j < net.width(m); j++)
              if (net.weight(l, m, i, j) != 0) {
                up[m][j] = true;
                if (!bounds.stable(m, j)) mark[m][j] = true;
              }
      }
  }

  /**
   * The rows (indices into sideNeurons, box rows after them) of a Farkas certificate proving that the
   * face has no relative interior, on its exact rows (the other neurons' gated forms on their sides
   * and the box facets) with the program's multipliers; null when not proven.
   */
  private static boolean[] lowerDimensional(MarginLp.Result r, List<int[]> sideNeurons, boolean[][] gate, java.math.BigDecimal[][][] forms,
      java.math.BigDecimal[] formEq, Domain box, int m, double[] norms) {
    int d = box.dim();
    List<java.math.BigDecimal[]> rows = new ArrayList<>();
    List<Double> guess = new ArrayList<>();
    List<Integer> rowOf = new ArrayList<>();
    double eqGuess = 0;
    int[] work = r.working();
    double[] lam = r.multipliers();
    for (int w = 0; w < work.length; w++) {
      int k = work[w];
      if (k == m + 1) {
        if (lam[w] > 0) return null; // the cap binds
        continue;
      }
      if (k < 0) {
        eqGuess = -lam[w] / norms[m];
        continue;
      }
      java.math.BigDecimal[] f = new java.math.BigDecimal[d + 1];
      if (k < sideNeurons.size()) {
        int l = sideNeurons.get(k)[0], i = sideNeurons.get(k)[1];
        for (int q = 0; q <= d; q++) f[q] = gate[l][i] ? forms[l][i][q] : forms[l][i][q].negate();
      } else {
        f = FarkasCertificate.boxFacet(box, (k - sideNeurons.size()) / 2, (k - sideNeurons.size()) % 2 == 0);
      }
      rows.add(f);
      rowOf.add(k);
      guess.add(lam[w] / norms[k]);
    }
    boolean[] used = FarkasCertificate.support(rows, guess.stream().mapToDouble(Double::doubleValue).toArray(), formEq, eqGuess, box);
    if (used == null) return null;
    boolean[] support = new boolean[m];
    for (int q = 0; q < used.length; q++) if (used[q]) support[rowOf.get(q)] = true;
    return support;
  }

  /** Whether the affine a.x + c vanishes on the hyperplane aEq.x + cEq = 0 (is a multiple of it), to a relative 1e-9. */
  private static boolean vanishesOn(double[] a, double c, double[] aEq, double cEq, double nn, double scale, Domain box) {
    double dot = 0;
    for (int k = 0; k < a.length; k++) dot += a[k] * aEq[k];
    double alpha = dot / nn;
    double resid = Math.abs(c - alpha * cEq), size = Math.abs(c) + Math.abs(alpha) * scale;
    for (int k = 0; k < a.length; k++) {
      double r = a[k] - alpha * aEq[k];
      double reach = Math.max(Math.abs(box.lo(k)), Math.abs(box.hi(k)));
      resid += Math.abs(r) * reach;
      size += Math.abs(a[k]) * reach;
    }
    return resid <= 1e-9 * size;
  }

  /**
   * The neurons whose pattern decides the kink across id's zero set with the given ties: those on a
   * path from id or a tied neuron to the output, and those upstream of any of these (they set the
   * gradients), minus the tied ones (their value at zero is free).
   */
  private static boolean[][] relevant(Network net, PreBounds bounds, NeuronId id, boolean[][] tied) {
    int out = net.outputLayer();
    boolean[][] down = new boolean[out + 1][];
    for (int l = 1; l <= out; l++) down[l] = new boolean[net.width(l)];
    down[id.layer()][id.index()] = true;
    for (int l = 1; l < out; l++)
      for (int i = 0; i < net.width(l); i++) if (tied[l][i]) down[l][i] = true;
    for (int l = 2; l < out; l++)
      for (int i = 0; i < net.width(l); i++)
        for (int m = 1; m < l && !down[l][i]; m++)
          for (int j = 0; j < net.width(m); j++)
            if (down[m][j] && net.hasBlock(l, m) && net.weight(l, m, i, j) != 0) {
              down[l][i] = true;
              break;
            }
    boolean[][] up = new boolean[out][];
    for (int l = 1; l < out; l++) up[l] = down[l].clone();
    for (int l = out - 1; l >= 2; l--)
      for (int i = 0; i < net.width(l); i++) {
        if (!up[l][i]) continue;
        for (int m = 1; m < l; m++)
          if (net.hasBlock(l, m))
            for (int j = 0; j < net.width(m); j++) if (net.weight(l, m, i, j) != 0) up[m][j] = true;
      }
    boolean[][] r = new boolean[out][];
    for (int l = 1; l < out; l++) {
      r[l] = new boolean[net.width(l)];
      for (int i = 0; i < net.width(l); i++) r[l][i] = up[l][i] && !tied[l][i] && !bounds.stable(l, i);
    }
    r[id.layer()][id.index()] = false; // on its own zero set either value is allowed
    return r;
  }

  /**
   * Random points of the zero sets of the open neurons, three-point tests ({@link WitnessSearch#onZeroSets});
   * then, for a zero set that only clips a sliver of the box (missed by random points), exact walks
   * through the box's centre and the corners where the neuron's pre-activation is largest and smallest.
   */
  private Witness searchZeroSets(Network net, Domain box, List<NeuronId> open, PreBounds bounds) {
    WitnessSearch ws = new WitnessSearch(net, box, policy);
    Witness w = ws.onZeroSets(open, SEARCH_POINTS, settings.seed());
    if (w != null) return w;
    int d = box.dim();
    double[] centre = new double[d];
    for (int i = 0; i < d; i++) centre[i] = 0.5 * box.lo(i) + 0.5 * box.hi(i);
    for (NeuronId id : open) {
      if (!clipsSliver(bounds, id)) continue; // random points find the others; exact walks cost
      double[] n = Kink.preGradient(net, id.layer(), id.index(), centre);
      w = ws.alongChords(centre, n);
      if (w != null) return w;
    }
    return null;
  }
}
