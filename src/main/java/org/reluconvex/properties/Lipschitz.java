package org.reluconvex.properties;

import java.math.BigDecimal;
import java.util.Locale;
import org.reluconvex.complex.BuildSettings;
import org.reluconvex.complex.Cell;
import org.reluconvex.complex.CellMaps;
import org.reluconvex.complex.CellWalk;
import org.reluconvex.complex.MarginLp;
import org.reluconvex.complex.UnresolvedGeometry;
import org.reluconvex.convexity.Checks;
import org.reluconvex.convexity.MilpChecker;
import org.reluconvex.milp.GradientProgram;
import org.reluconvex.milp.PreBounds;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;
import org.reluconvex.pathlift.Gains;
import org.reluconvex.precision.PrecisionPolicy;

/**
 * The Lipschitz constant of f on a domain (docs/math.md section 11): the largest dual norm of grad f
 * over the cells that meet the domain. Two methods:
 * <ul>
 *   <li>{@code cells}: every cell by the walk, its gradient exact; the constant is exact;
 *   <li>{@code milp}: {@link GradientProgram} maximises the directional derivative f'(x; v) over x in
 *       the box, the patterns consistent with x and the unit ball of the input norm (the tangent
 *       flows forward through the network, each neuron's term a binary times a bounded variable); its
 *       optimum is the largest dual norm of the gradient. For the 2-norm the program that maximises
 *       |grad f|_2^2 (spatial branch and bound) goes first, the tangent program with a quadratic
 *       constraint after it. A maximiser counts once its pattern's cell has an interior point
 *       confirmed exactly (else it is excluded and the program solved again): the value is that cell's
 *       exact norm; the upper bound is the first dual bound plus the solver margin (the precision
 *       policy's trust in a solver, as for convexity), exact when they meet.
 * </ul>
 */
public final class Lipschitz {
  /** Candidates no cell realises, excluded before the bounds are reported as they are. */
  static final int MAX_EXCLUDED = 64;

  private final PrecisionPolicy policy;
  private final MilpChecker.Settings settings;
  private final BuildSettings build;

  public Lipschitz(PrecisionPolicy policy, MilpChecker.Settings settings) {
    this(policy, settings, BuildSettings.of(policy));
  }

  /** With the memory a complex or a cell walk may take (and the listener of pieces) of 'build'; its snapping band is the policy's. */
  public Lipschitz(PrecisionPolicy policy, MilpChecker.Settings settings, BuildSettings build) {
    this.policy = policy;
    this.settings = settings;
    this.build = build.withPolicy(policy); // a checker builds with its own policy's snapping band
  }

  public LipschitzResult compute(Network net, Domain domain, Norm norm, Checks.Method method) {
    if (domain.dim() != net.inputDim())
      throw new IllegalArgumentException("the domain has dimension " + domain.dim() + ", the network has input dimension " + net.inputDim());
    return switch (method) {
      case CELLS -> byCells(net, domain, norm);
      case MILP -> byPrograms(net, domain, norm);
      case AUTO -> {
        if (!domain.isBox() || Inputs.cellBound(net, domain, policy) <= Monotonicity.CELL_BUDGET) {
          try {
            LipschitzResult r = byCells(net, domain, norm);
            if (r.exact() || !domain.isBox()) yield r;
          } catch (org.reluconvex.complex.ResourceLimitException e) {
            if (!domain.isBox()) throw e; // no program on R^d
          }
        }
        yield byPrograms(net, domain, norm);
      }
      default -> throw new IllegalArgumentException("Lipschitz constants are computed by the methods auto, cells and milp, not "
          + method.name().toLowerCase(Locale.ROOT));
    };
  }

  private LipschitzResult byCells(Network net, Domain domain, Norm norm) {
    double scale = CellWalk.scale(net, domain);
    BigDecimal[] best = {null}, doubted = {null}; // the largest key confirmed with a point, and of a cell without one
    CellPoint[] at = {null};
    CellWalk.Visitor visitor = new CellWalk.Visitor() {
      @Override
      public boolean cell(Cell cell, double[] near) {
        BigDecimal key = norm.exactKey(Gains.exactAll(net, cell.maps().pattern())[0]);
        if (best[0] != null && key.compareTo(best[0]) <= 0) return true;
        CellPoint p = CellPoint.of(net, domain, cell, scale);
        if (p == null) { // a thin cell: its gradient is known, no point of it confirmed
          if (doubted[0] == null || key.compareTo(doubted[0]) > 0) doubted[0] = key;
          return true;
        }
        best[0] = key;
        at[0] = p;
        return true;
      }

      @Override
      public boolean frontier(Cell cell, int rep, CellMaps across, MarginLp.Result r) { return true; }
    };
    CellWalk.Result r;
    try {
      r = CellWalk.run(net, domain, (long) (20 * Monotonicity.CELL_BUDGET), build.memoryBytes(), visitor);
    } catch (UnresolvedGeometry | MarginLp.Failure e) {
      return undecided(norm, domain, "cells", "cell walk could not settle a geometric question: " + e.getMessage());
    }
    boolean complete = r.status() == CellWalk.Status.COMPLETE && r.unprovenKinds() == null;
    boolean thinAbove = doubted[0] != null && (best[0] == null || doubted[0].compareTo(best[0]) > 0);
    String why = r.status() == CellWalk.Status.NO_START ? "no full-dimensional cell found from random points"
        : r.status() == CellWalk.Status.CELL_LIMIT ? "more than " + r.cells() + " cells"
        : r.unprovenKinds() != null ? "the cell walk's geometry is not proven: " + r.unprovenKinds()
        : thinAbove ? String.format(Locale.ROOT, "a cell too thin for an interior point to be confirmed has |grad f|_%s = %.17g", dual(norm),
            norm.value(doubted[0]))
        : null;
    if (at[0] == null) return undecided(norm, domain, "cells", why == null ? "no cell confirmed" : why);
    double value = norm.value(best[0]);
    if (why != null) {
      // what was confirmed is attained; a complete walk bounds the rest by the largest gradient it saw
      double upper = complete && doubted[0] != null ? norm.value(doubted[0]) : Double.POSITIVE_INFINITY;
      return new LipschitzResult(value, norm, false, value, Math.max(value, upper), at[0].x(), at[0].gradientAsDoubles(), "cells", domain, why);
    }
    return new LipschitzResult(value, norm, true, value, value, at[0].x(), at[0].gradientAsDoubles(), "cells", domain,
        String.format(Locale.ROOT, "the largest |grad f|_%s over all %d cells, exactly", dual(norm), r.cells()));
  }

  private static String dual(Norm norm) {
    return switch (norm) {
      case INF -> "1";
      case ONE -> "inf";
      case TWO -> "2";
    };
  }

  private LipschitzResult undecided(Norm norm, Domain domain, String method, String why) {
    return new LipschitzResult(Double.NaN, norm, false, Double.NaN, Double.NaN, null, null, method, domain, why);
  }

  private static BigDecimal larger(BigDecimal a, BigDecimal b) { return a == null || b.compareTo(a) > 0 ? b : a; }

  private static double[] centre(Domain box) {
    double[] c = new double[box.dim()];
    for (int i = 0; i < c.length; i++) c[i] = 0.5 * box.lo(i) + 0.5 * box.hi(i);
    return c;
  }

  /** The best realised cell and the solver's bound of one objective. */
  /**
   * The best confirmed cell of an objective, the solver's first (covering) bound, whether the solver
   * proved its optimum, and the largest exact norm of a pattern excluded without being confirmed or
   * refuted (null for none): an exact claim needs the confirmed cell to reach it.
   */
  private record Found(BigDecimal key, CellPoint at, double upper, boolean optimal, BigDecimal thin) {
    boolean thinAbove() { return thin != null && (key == null || thin.compareTo(key) > 0); }
  }

  private LipschitzResult byPrograms(Network net, Domain box, Norm norm) {
    if (!box.isBox()) throw new IllegalArgumentException("the milp method needs a box (the programs bound every neuron over it); use cells on all of R^d");
    long deadline = Inputs.deadline(settings);
    PreBounds bounds = Inputs.bounds(net, box, policy, settings);
    int d = net.inputDim();
    if (norm == Norm.TWO) {
      // |grad f|_2^2 over the patterns (spatial branch and bound) is faster here than the tangent program with a quadratic constraint
      try (GradientProgram program = new GradientProgram(net, box, bounds, settings.solver(), true)) {
        double magnitude = 0;
        for (int c = 0; c < d; c++) magnitude += Math.max(Math.abs(program.gradientLo(c)), Math.abs(program.gradientHi(c)));
        LipschitzResult exact = squaredNorm(net, box, program, magnitude, deadline);
        if (exact != null) return exact;
      }
    }
    try (GradientProgram program = new GradientProgram(net, box, bounds, settings.solver(), false)) {
      program.objectiveTangent(norm == Norm.ONE ? 1 : norm == Norm.TWO ? 2 : 0);
      double margin = policy.solverMargin() * Math.max(program.tangentBound(), Double.MIN_NORMAL);
      Found best = maximise(net, box, program, norm, deadline);
      if (best == null) {
        // the flow of |theta| bounds every gradient; a cell at the box's centre gives something attained
        CellPoint centre = CellPoint.classify(net, box, org.reluconvex.network.ActivationPattern.at(net, centre(box))).point();
        double lower = centre == null ? Double.NaN : norm.value(norm.exactKey(centre.gradient()));
        return new LipschitzResult(lower, norm, false, lower, program.tangentBound(), centre == null ? null : centre.x(),
            centre == null ? null : centre.gradientAsDoubles(), "milp", box,
            "the time limit was reached or the solver failed before a solution: the lower bound is a cell near the box's centre, the upper "
                + "bound the flow of |theta|");
      }
      if (best.at() == null)
        return new LipschitzResult(Double.NaN, norm, false, Double.NaN, best.upper() + margin, null, null, "milp", box,
            "no candidate of the program has a cell with an interior point confirmed exactly");
      double value = norm.value(best.key());
      // the bound a solver proves, widened by the margin of the terms' magnitude; exact when the solver's own optimum
      // meets the value within the margin relative to the value, and no unconfirmed pattern of a larger norm was excluded
      double upper = best.upper() + margin;
      boolean exact = best.optimal() && !best.thinAbove() && best.upper() - value <= policy.solverMargin() * Math.max(value, Double.MIN_NORMAL);
      String reason = exact
          ? String.format(Locale.ROOT, "the program's optimum (f'(x; v) over the box, the patterns and |v|_%s <= 1) is attained on a cell confirmed "
              + "exactly; its dual bound %.17g is within the solver margin %.3g", norm.label(), best.upper(), margin)
          : String.format(Locale.ROOT, "attained %.17g on a confirmed cell; proven at most %.17g", value, upper);
      return new LipschitzResult(value, norm, exact, value, Math.max(value, upper), best.at().x(), best.at().gradientAsDoubles(),
          "milp", box, reason);
    }
  }

  /**
   * The 2-norm by the program that maximises |grad f|_2^2 (spatial branch and bound), its maximiser
   * confirmed on a cell as for the other norms; null when the solver gives no answer in time (the
   * caller then bounds the constant from the linear programs).
   */
  private LipschitzResult squaredNorm(Network net, Domain box, GradientProgram program, double magnitude, long deadline) {
    double boundSq = Double.NaN;
    BigDecimal thin = null;
    for (int excluded = 0; excluded <= MAX_EXCLUDED; excluded++) {
      long left = Inputs.millisLeft(deadline);
      if (left <= 0) return null;
      GradientProgram.Outcome o = program.maximiseSquaredNorm(left, 1e-9);
      if (o.status() == GradientProgram.Status.LIMIT || o.status() == GradientProgram.Status.FAILED || o.status() == GradientProgram.Status.INFEASIBLE)
        return null;
      if (Double.isNaN(boundSq)) boundSq = o.bound(); // holds for every pattern; exclusions only remove unrealised ones
      org.reluconvex.network.ActivationPattern pattern = CellPoint.pattern(net, o.pattern());
      CellPoint.Candidate c = CellPoint.classify(net, box, pattern);
      if (c.point() == null) {
        // no cell has it, or a thin cell may: excluded either way (the first bound still covers it), remembered if unrefuted
        if (c.undecided()) thin = larger(thin, Norm.TWO.exactKey(Gains.exactAll(net, pattern)[0]));
        program.exclude(o.pattern());
        continue;
      }
      CellPoint p = c.point();
      BigDecimal key = Norm.TWO.exactKey(p.gradient());
      double value = Norm.TWO.value(key);
      double marginSq = policy.solverMargin() * magnitude * magnitude;
      boolean exact = o.status() == GradientProgram.Status.OPTIMAL && (thin == null || thin.compareTo(key) <= 0)
          && boundSq - key.doubleValue() <= policy.solverMargin() * Math.max(key.doubleValue(), Double.MIN_NORMAL);
      double upper = Math.sqrt(Math.max(boundSq, 0) + marginSq);
      String reason = exact
          ? String.format(Locale.ROOT, "the program maximising |grad f|_2^2 (spatial branch and bound) is attained on a cell confirmed exactly; "
              + "its dual bound %.17g is within the solver margin of the square (the upper bound widens it by %.3g)", boundSq, marginSq)
          : String.format(Locale.ROOT, "attained %.17g on a confirmed cell; proven at most %.17g", value, upper);
      return new LipschitzResult(value, Norm.TWO, exact, value, Math.max(value, upper), p.x(), p.gradientAsDoubles(), "milp", box,
          reason);
    }
    return null;
  }

  /**
   * Solves the tangent objective until its maximiser's pattern has a confirmed cell (excluding the
   * others: the first bound still covers every pattern); null on a time limit without a solution or a
   * failure.
   */
  private Found maximise(Network net, Domain box, GradientProgram program, Norm norm, long deadline) {
    double upper = Double.NaN;
    BigDecimal thin = null;
    for (int excluded = 0; excluded <= MAX_EXCLUDED; excluded++) {
      long left = Inputs.millisLeft(deadline);
      if (left <= 0) return null;
      GradientProgram.Outcome o = program.solveTangent(left, 1e-7);
      if (o.status() == GradientProgram.Status.INFEASIBLE) return new Found(BigDecimal.ZERO, null, Double.isNaN(upper) ? 0 : upper, true, thin);
      if (o.status() == GradientProgram.Status.LIMIT || o.status() == GradientProgram.Status.FAILED) return null;
      if (Double.isNaN(upper)) upper = o.bound(); // the first bound holds for every pattern; exclusions only follow it
      org.reluconvex.network.ActivationPattern p = CellPoint.pattern(net, o.pattern());
      CellPoint.Candidate c = CellPoint.classify(net, box, p);
      if (c.point() != null) return new Found(norm.exactKey(c.point().gradient()), c.point(), upper, o.status() == GradientProgram.Status.OPTIMAL, thin);
      if (c.undecided()) thin = larger(thin, norm.exactKey(Gains.exactAll(net, p)[0]));
      program.exclude(o.pattern());
    }
    return new Found(null, null, upper, false, thin);
  }
}
