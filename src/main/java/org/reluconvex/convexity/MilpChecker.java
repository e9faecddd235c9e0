package org.reluconvex.convexity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.reluconvex.io.BadInputException;
import org.reluconvex.network.Domain;
import org.reluconvex.milp.GainFlow;
import org.reluconvex.milp.GainProgram;
import org.reluconvex.milp.IntervalBounds;
import org.reluconvex.milp.LpTightening;
import org.reluconvex.milp.PreBounds;
import org.reluconvex.milp.Solver;
import org.reluconvex.milp.TieGroups;
import org.reluconvex.network.ExactTransforms;
import org.reluconvex.network.Network;
import org.reluconvex.network.NeuronId;
import org.reluconvex.precision.PrecisionPolicy;

/**
 * Criterion C1 in any input dimension without the complex (docs/math.md section 9): for every hidden
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
  /** The reason of a verdict the zero-set witness search settled before any program. */
  static final String EARLY_WITNESS = "witness found by the search on random points of zero sets, before any program";

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

    /**
     * The settings of {@code --solver}, {@code --time-limit} and {@code --threads} as given (null:
     * not given), refused in the options' own words: one reading for every application.
     */
    public static Settings parse(String solver, Double timeLimit, Integer threads) {
      Settings s = defaults();
      try {
        s = s.withSolver(Solver.parse(solver == null ? "scip" : solver));
      } catch (IllegalArgumentException e) {
        throw new BadInputException("--solver: " + e.getMessage());
      }
      if (timeLimit != null) {
        if (!(timeLimit > 0) || timeLimit.isInfinite()) throw new BadInputException("--time-limit must be a positive number of seconds, got " + timeLimit);
        s = s.withTimeLimit(timeLimit);
      }
      if (threads != null) {
        if (threads < 1) throw new BadInputException("--threads must be at least 1, got " + threads);
        s = s.withThreads(threads);
      }
      return s;
    }
  }

  private final PrecisionPolicy policy;
  private final Progress progress;
  private final Settings settings;
  /** The inputs of partial convexity (docs/math.md section 11), null for convexity in all of them. */
  private final boolean[] inS;

  public MilpChecker() { this(PrecisionPolicy.DEFAULT, Settings.defaults()); }

  public MilpChecker(PrecisionPolicy policy, Settings settings) { this(policy, settings, null); }

  /**
   * A checker of convexity in the inputs marked in 'inS' (all when null). A neuron no path from S
   * reaches has a zero set whose normal has no component on S: its kinks bend no line along S, and
   * it needs no program. Every other neuron is decided as for convexity (a superset of what partial
   * convexity needs); a witness must then move along S only, or the answer is unknown.
   */
  public MilpChecker(PrecisionPolicy policy, Settings settings, boolean[] inS) {
    this(policy, settings, inS, null);
  }

  /** As above, each program solved told to 'progress' (null: nobody). */
  public MilpChecker(PrecisionPolicy policy, Settings settings, boolean[] inS, Progress progress) {
    this.policy = policy;
    this.settings = settings;
    this.inS = inS == null ? null : inS.clone();
    this.progress = progress;
  }

  @Override
  public String name() { return "milp"; }

  /** What was learned about one neuron that may switch. */
  private record Result(NeuronId id, boolean certified, Witness witness, String unknown, double minGain, double[] at, int faces, double seconds) {
    Result(NeuronId id, boolean certified, Witness witness, String unknown, double minGain, double[] at, int faces) {
      this(id, certified, witness, unknown, minGain, at, faces, Double.NaN);
    }

    Result(NeuronId id, boolean certified, Witness witness, String unknown, double minGain, double[] at) {
      this(id, certified, witness, unknown, minGain, at, 0);
    }

    Result timed(long startNanos) {
      return new Result(id, certified, witness, unknown, minGain, at, faces, (System.nanoTime() - startNanos) / 1e9);
    }
  }

  /**
   * Pre-activation magnitudes a floating-point solver handles with its absolute tolerances; outside
   * this range (after exact power-of-two balancing) the programs are not trusted.
   */
  static final double MIN_MAGNITUDE = 0x1p-20, MAX_MAGNITUDE = 0x1p40;

  @Override
  public Verdict check(Network net, Domain box) {
    if (inS != null && inS.length != net.inputDim())
      throw new IllegalArgumentException("the inputs of partial convexity are marked for " + inS.length + " inputs, the network has " + net.inputDim());
    Network balanced = ExactTransforms.balanced(net).network();
    Verdict v = checkBalanced(balanced, net, box, true);
    if (v.kind() != VerdictKind.NOT_CONVEX) return v;
    // the balanced network computes a power of two times f, exactly: the witness holds for f too,
    // proven again on the network as given
    Witness w = Witness.verified(net, v.witness().a(), v.witness().b(), policy);
    if (w != null && inS != null && !PartialDirections.alongS(w, inS)) {
      w = PartialDirections.witnessAlongS(net, box, policy, w.midpoint(), inS);
      if (w == null && EARLY_WITNESS.equals(v.reason())) {
        // the early search's kink bends no line along S: the programs decide
        Verdict programs = checkBalanced(balanced, net, box, false);
        if (programs.kind() != VerdictKind.NOT_CONVEX) return programs;
        v = programs;
        w = Witness.verified(net, v.witness().a(), v.witness().b(), policy);
        if (w != null && !PartialDirections.alongS(w, inS)) w = PartialDirections.witnessAlongS(net, box, policy, w.midpoint(), inS);
        if (w != null) return v.withWitness(w);
      }
      if (w == null)
        return Verdict.unknown("a concave kink was found at " + VerdictText.point(v.witness().midpoint())
            + " but no witness moving only the inputs asked about verified", name(), box, policy).withMinGain(v.minGain()).withNeurons(v.neurons());
    }
    return w != null ? v.withWitness(w)
        : Verdict.unknown("a witness of the balanced network did not verify on the network as given", name(), box, policy)
            .withMinGain(v.minGain()).withNeurons(v.neurons());
  }

  /** The check of the balanced network; 'searchFirst': the witness search on random points of zero sets before any program. */
  private Verdict checkBalanced(Network net, Network given, Domain box, boolean searchFirst) {
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
      // neurons that switch together on one surface are decided together: by the sum of their kinks
      boolean[][] reached = inS == null ? null : PartialDirections.reachedFrom(net, inS);
      for (TieGroups.Group g : TieGroups.ofSwitching(net, bounds)) {
        if (reached != null && !reached[g.layer()][g.members()[0]]) continue; // its normal has no component on S
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
      Witness early = searchFirst ? searchZeroSets(net, box, open, bounds) : null;
      if (early != null)
        return verdict(VerdictKind.NOT_CONVEX, box, Double.NaN, early,
            EARLY_WITNESS, List.of());

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
        reports.add(new NeuronReport(r.id(), true, -1, r.minGain(), r.at(), r.seconds()));
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
    int[] solved = {0};
    int total = open.size();
    if (pool == null) {
      for (int k = 0; k < open.size(); k++) {
        Result r = solveOne(net, box, bounds, wide, open.get(k), groups.get(k), flows.get(k), gaps.get(k), deadline);
        told(solved, total, r.id());
        results.add(r);
        if (r.witness() != null) break;
      }
      return results;
    }
    List<Future<Result>> futures = new ArrayList<>();
    for (int k = 0; k < open.size(); k++) {
      final int kk = k;
      futures.add(pool.submit(() -> {
        Result r = solveOne(net, box, bounds, wide, open.get(kk), groups.get(kk), flows.get(kk), gaps.get(kk), deadline);
        told(solved, total, r.id());
        return r;
      }));
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
   * Tells the listener one more program is solved: counted and told under one lock, so the counts
   * arrive in order; a listener that fails is ignored, as progress changes nothing in the answer.
   */
  private void told(int[] solved, int total, NeuronId id) {
    if (progress == null) return;
    synchronized (solved) {
      try {
        progress.programs(++solved[0], total, id);
      } catch (RuntimeException e) {
        // what shows progress is not part of the check
      }
    }
  }

  /**
   * One neuron's program. gap is the smallest |g| of its negative downstream patterns when they
   * were enumerated (NaN otherwise): a bound above -gap by more than the margin then rules them all out.
   */
  private Result solveOne(Network net, Domain box, PreBounds bounds, PreBounds wide, NeuronId id, TieGroups.Group group, GainFlow flow, double gap,
      long deadline) {
    long start = System.nanoTime();
    return solveOneUntimed(net, box, bounds, wide, id, group, flow, gap, deadline).timed(start);
  }

  private Result solveOneUntimed(Network net, Domain box, PreBounds bounds, PreBounds wide, NeuronId id, TieGroups.Group group, GainFlow flow,
      double gap, long deadline) {
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
      // relative to the terms before they cancel: a solver's bound is no proof of a sign finer than that
      double margin = policy.solverMargin() * flow.magnitude();
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
        if (!(o.value() < 0)) {
          if (o.status() == GainProgram.Status.LIMIT_WITH_SOLUTION)
            return new Result(id, false, null, String.format(Locale.ROOT,
                "time limit reached: best gain found %.6g, proven bound %.6g", o.value(), o.bound()), o.value(), o.x());
          return new Result(id, false, null, String.format(Locale.ROOT,
              "minimum gain %.6g (bound %.6g) within the solver margin %.3g of zero", o.value(), o.bound(), margin), o.value(), o.x());
        }
        TiedFace face = TiedFace.of(net, box, bounds, policy, id, o.x(), o.pattern(), settings.seed());
        if (face.witness() != null) return new Result(id, false, face.witness(), null, o.value(), o.x());
        // an exact sign (a zero kink is a convex frontier), or a pattern proven to have no frontier
        boolean decided = face.convex();
        if (decided && faces < TiedFace.MAX_PER_NEURON) {
          // several neurons switch together there and their kinks add up to a convex one: look further
          faces++;
          program.exclude(o.pattern(), face.cut());
          continue;
        }
        String why = decided ? "more than " + TiedFace.MAX_PER_NEURON + " faces where several neurons switch together"
            : face.centre() == null ? "the face is thinner than the linear program resolves, and no exact walk across it found a witness"
            : face.kink() < 0 ? "the exact kink there is negative, but no witness verified"
            : "no point of the face's relative interior was confirmed in exact arithmetic";
        return new Result(id, false, null, String.format(Locale.ROOT,
            "the program found gain %.6g on its zero set but no witness (%s)", o.value(), why), o.value(), o.x());
      }
    }
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
