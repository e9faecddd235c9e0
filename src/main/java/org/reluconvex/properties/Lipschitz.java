package org.reluconvex.properties;

import java.math.BigDecimal;
import java.util.Locale;
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
 *   <li>{@code milp}: {@link GradientProgram} maximises |grad f|_1 (input norm inf) or +-df/dx_c
 *       (input norm 1) over x in the box and the patterns consistent with x. A maximiser counts once
 *       its pattern's cell has an interior point confirmed exactly (else it is excluded and the
 *       program solved again): the lower bound is that cell's exact norm, the upper bound the
 *       solver's dual bound plus the solver margin of the gradient's magnitude (the precision
 *       policy's trust in a solver, as for convexity). For the input norm 2 (a convex function to
 *       maximise, beyond a linear program) the programs give bounds: the lower one by the power
 *       iteration u -&gt; argmax u . grad f on realised cells, the upper one |grad f|_2 &le; |grad f|_1.
 * </ul>
 */
public final class Lipschitz {
  /** Candidates no cell realises, excluded before the bounds are reported as they are. */
  static final int MAX_EXCLUDED = 64;
  /** Rounds of the power iteration of the 2-norm. */
  static final int POWER_ROUNDS = 12;

  private final PrecisionPolicy policy;
  private final MilpChecker.Settings settings;

  public Lipschitz(PrecisionPolicy policy, MilpChecker.Settings settings) {
    this.policy = policy;
    this.settings = settings;
  }

  public LipschitzResult compute(Network net, Domain domain, Norm norm, Checks.Method method) {
    if (domain.dim() != net.inputDim())
      throw new IllegalArgumentException("the domain has dimension " + domain.dim() + ", the network has input dimension " + net.inputDim());
    return switch (method) {
      case CELLS -> byCells(net, domain, norm);
      case MILP -> byPrograms(net, domain, norm);
      case AUTO -> {
        if (!domain.isBox() || Inputs.cellBound(net, domain, policy) <= Monotonicity.CELL_BUDGET) {
          LipschitzResult r = byCells(net, domain, norm);
          if (r.exact() || !domain.isBox()) yield r;
        }
        yield byPrograms(net, domain, norm);
      }
      default -> throw new IllegalArgumentException("Lipschitz constants are computed by the methods auto, cells and milp, not "
          + method.name().toLowerCase(Locale.ROOT));
    };
  }

  private LipschitzResult byCells(Network net, Domain domain, Norm norm) {
    double scale = CellWalk.scale(net, domain);
    BigDecimal[] best = {null};
    CellPoint[] at = {null};
    String[] doubt = {null};
    CellWalk.Visitor visitor = new CellWalk.Visitor() {
      @Override
      public boolean cell(Cell cell, double[] near) {
        BigDecimal key = norm.exactKey(Gains.exactAll(net, cell.maps().pattern())[0]);
        if (best[0] != null && key.compareTo(best[0]) <= 0) return true;
        CellPoint p = CellPoint.of(net, domain, cell, scale);
        if (p == null) {
          doubt[0] = "a cell of the largest gradient so far has no interior point confirmed exactly";
          return true;
        }
        best[0] = key;
        at[0] = p;
        doubt[0] = null;
        return true;
      }

      @Override
      public boolean frontier(Cell cell, int rep, CellMaps across, MarginLp.Result r) { return true; }
    };
    CellWalk.Result r;
    try {
      r = CellWalk.run(net, domain, (long) (20 * Monotonicity.CELL_BUDGET), visitor);
    } catch (UnresolvedGeometry | MarginLp.Failure e) {
      return undecided(norm, domain, "cells", "cell walk could not settle a geometric question: " + e.getMessage());
    }
    String why = r.status() == CellWalk.Status.NO_START ? "no full-dimensional cell found from random points"
        : r.status() == CellWalk.Status.CELL_LIMIT ? "more than " + r.cells() + " cells"
        : doubt[0] != null ? doubt[0]
        : r.unprovenKinds() != null ? "the cell walk's geometry is not proven: " + r.unprovenKinds() : null;
    if (at[0] == null) return undecided(norm, domain, "cells", why == null ? "no cell confirmed" : why);
    double value = norm.value(best[0]);
    if (why != null) {
      // what was seen is attained; nothing bounds what was not
      return new LipschitzResult(value, norm, false, value, Double.POSITIVE_INFINITY, at[0].x(), at[0].gradientAsDoubles(), "cells", domain, why);
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

  /** The best realised cell and the solver's bound of one objective. */
  private record Found(BigDecimal key, CellPoint at, double upper, boolean optimal) {}

  private LipschitzResult byPrograms(Network net, Domain box, Norm norm) {
    if (!box.isBox()) throw new IllegalArgumentException("the milp method needs a box (the programs bound every neuron over it); use cells on all of R^d");
    long deadline = Inputs.deadline(settings);
    PreBounds bounds = Inputs.bounds(net, box, policy, settings);
    int d = net.inputDim();
    try (GradientProgram program = new GradientProgram(net, box, bounds, settings.solver(), true)) {
      double magnitude = 0;
      for (int c = 0; c < d; c++) magnitude += Math.max(Math.abs(program.gradientLo(c)), Math.abs(program.gradientHi(c)));
      double margin = policy.solverMargin() * Math.max(magnitude, Double.MIN_NORMAL);
      Found best;
      if (norm == Norm.ONE) {
        best = null;
        double upper = 0;
        boolean optimal = true;
        boolean[] thinExcluded = {false}; // a pattern excluded without a proof of emptiness: later objectives' bounds miss it
        for (int c = 0; c < d; c++) {
          double reach = Math.max(Math.abs(program.gradientLo(c)), Math.abs(program.gradientHi(c)));
          if (best != null && reach <= best.key().doubleValue() * (1 - 1e-12)) continue; // cannot beat what is attained
          for (int s = -1; s <= 1; s += 2) {
            double[] u = new double[d];
            u[c] = s;
            program.objectiveGradient(u);
            boolean covered = !thinExcluded[0];
            Found f = maximise(net, box, program, norm, deadline, thinExcluded);
            if (f == null) return undecided(norm, box, "milp", "the time limit was reached or the solver failed");
            upper = Math.max(upper, covered ? f.upper() : Double.POSITIVE_INFINITY);
            optimal &= f.optimal();
            if (f.at() != null && (best == null || f.key().compareTo(best.key()) > 0)) best = new Found(f.key(), f.at(), 0, true);
          }
        }
        if (best != null) best = new Found(best.key(), best.at(), upper, optimal);
      } else if (norm == Norm.TWO) {
        LipschitzResult exact = squaredNorm(net, box, program, magnitude, deadline);
        if (exact != null) return exact;
        program.objectiveGradientL1();
        best = maximise(net, box, program, Norm.INF, deadline, new boolean[1]);
        if (best == null) return undecided(norm, box, "milp", "the time limit was reached or the solver failed");
        if (best.at() != null) best = powerIteration(net, box, program, best, deadline);
      } else {
        program.objectiveGradientL1();
        best = maximise(net, box, program, Norm.INF, deadline, new boolean[1]);
        if (best == null) return undecided(norm, box, "milp", "the time limit was reached or the solver failed");
      }
      if (best == null || best.at() == null)
        return undecided(norm, box, "milp", "no candidate of the programs has a cell with an interior point confirmed exactly");
      double value = norm.value(best.key());
      double upper = best.upper() + margin;
      boolean exact = norm != Norm.TWO && best.optimal() && best.upper() - value <= margin;
      String reason = exact
          ? String.format(Locale.ROOT, "the programs' optimum is attained on a cell confirmed exactly; their dual bound %.17g is within the solver margin %.3g",
              best.upper(), margin)
          : String.format(Locale.ROOT, "attained %.17g on a confirmed cell; proven at most %.17g%s", value, upper,
              norm == Norm.TWO ? " (|grad f|_2 <= |grad f|_1: the 2-norm is exact from the cells, in low dimension)" : "");
      return new LipschitzResult(value, norm, exact, value, exact ? value : Math.max(value, upper), best.at().x(), best.at().gradientAsDoubles(),
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
    for (int excluded = 0; excluded <= MAX_EXCLUDED; excluded++) {
      long left = Inputs.millisLeft(deadline);
      if (left <= 0) return null;
      GradientProgram.Outcome o = program.maximiseSquaredNorm(left, 1e-9);
      if (o.status() == GradientProgram.Status.LIMIT || o.status() == GradientProgram.Status.FAILED || o.status() == GradientProgram.Status.INFEASIBLE)
        return null;
      if (Double.isNaN(boundSq)) boundSq = o.bound(); // holds for every pattern; exclusions only remove unrealised ones
      CellPoint.Candidate c = CellPoint.classify(net, box, CellPoint.pattern(net, o.pattern()));
      if (c.point() == null) {
        // no cell has it, or a thin cell may: excluded either way, the first bound still covers it, so no exact claim can be wrong
        program.exclude(o.pattern());
        continue;
      }
      CellPoint p = c.point();
      BigDecimal key = Norm.TWO.exactKey(p.gradient());
      double value = Norm.TWO.value(key);
      double marginSq = policy.solverMargin() * magnitude * magnitude;
      boolean exact = o.status() == GradientProgram.Status.OPTIMAL && boundSq - key.doubleValue() <= marginSq;
      double upper = Math.sqrt(Math.max(boundSq, 0) + marginSq);
      String reason = exact
          ? String.format(Locale.ROOT, "the program maximising |grad f|_2^2 (spatial branch and bound) is attained on a cell confirmed exactly; "
              + "its dual bound %.17g is within the solver margin %.3g of the square", boundSq, marginSq)
          : String.format(Locale.ROOT, "attained %.17g on a confirmed cell; proven at most %.17g", value, upper);
      return new LipschitzResult(value, Norm.TWO, exact, value, exact ? value : Math.max(value, upper), p.x(), p.gradientAsDoubles(), "milp", box,
          reason);
    }
    return null;
  }

  /** Solves the current objective until its maximiser's pattern has a confirmed cell; null on a time limit or failure. */
  private Found maximise(Network net, Domain box, GradientProgram program, Norm norm, long deadline, boolean[] thinExcluded) {
    double upper = Double.NaN;
    for (int excluded = 0; excluded <= MAX_EXCLUDED; excluded++) {
      long left = Inputs.millisLeft(deadline);
      if (left <= 0) return null;
      GradientProgram.Outcome o = program.solve(left, 1e-9);
      if (o.status() == GradientProgram.Status.INFEASIBLE) return new Found(BigDecimal.ZERO, null, Double.isNaN(upper) ? 0 : upper, true);
      if (o.status() == GradientProgram.Status.LIMIT || o.status() == GradientProgram.Status.FAILED) return null;
      if (Double.isNaN(upper)) upper = o.bound(); // the first bound holds for every pattern; exclusions only remove unrealised ones
      CellPoint.Candidate c = CellPoint.classify(net, box, CellPoint.pattern(net, o.pattern()));
      if (c.point() != null) return new Found(norm.exactKey(c.point().gradient()), c.point(), upper, o.status() == GradientProgram.Status.OPTIMAL);
      // excluded, proven empty or not: the first bound above still holds for every pattern of this objective
      thinExcluded[0] |= c.undecided();
      program.exclude(o.pattern());
    }
    return new Found(BigDecimal.ZERO, null, upper, false);
  }

  /** The 2-norm from below: u -&gt; the realised gradient maximising u . grad f, normalised, while it grows. */
  private Found powerIteration(Network net, Domain box, GradientProgram program, Found start, long deadline) {
    Found best = new Found(Norm.TWO.exactKey(start.at().gradient()), start.at(), start.upper(), false);
    double[] u = start.at().gradientAsDoubles();
    for (int round = 0; round < POWER_ROUNDS; round++) {
      program.objectiveGradient(u);
      Found f = maximise(net, box, program, Norm.TWO, deadline, new boolean[1]);
      if (f == null || f.at() == null || f.key().compareTo(best.key()) <= 0) break;
      best = new Found(f.key(), f.at(), start.upper(), false);
      u = f.at().gradientAsDoubles();
    }
    return best;
  }
}
