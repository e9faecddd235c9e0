package org.reluconvex.properties;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.reluconvex.complex.BuildSettings;
import org.reluconvex.complex.Cell;
import org.reluconvex.complex.CellMaps;
import org.reluconvex.complex.CellWalk;
import org.reluconvex.complex.MarginLp;
import org.reluconvex.complex.UnresolvedGeometry;
import org.reluconvex.convexity.Checks;
import org.reluconvex.convexity.MilpChecker;
import org.reluconvex.milp.GainFlow;
import org.reluconvex.milp.GainProgram;
import org.reluconvex.milp.PreBounds;
import org.reluconvex.milp.TieGroups;
import org.reluconvex.network.ActivationPattern;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;
import org.reluconvex.network.NeuronId;
import org.reluconvex.pathlift.GainConstraint;
import org.reluconvex.precision.PrecisionPolicy;

/**
 * Monotonicity in chosen inputs (docs/math.md section 11): f is non-decreasing in x_i on a domain iff
 * df/dx_i &ge; 0 on every cell, and df/dx_i on a cell is the gain of input node i under the cell's
 * pattern. Two methods:
 * <ul>
 *   <li>{@code cells}: every cell by the walk ({@link CellWalk}), its gradient exact;
 *   <li>{@code milp}: per input, the program of {@link GainProgram} seeded at the input node (no
 *       zero-set constraint): the smallest s df/dx_i over x in the box and the patterns consistent
 *       with x that leave a path from x_i active. A dual bound at least the solver margin of the
 *       terms' magnitude proves it, as for convexity; a negative solution is a candidate, decided on
 *       the cell of its pattern (an interior point confirmed exactly), and excluded when no cell has
 *       that pattern.
 * </ul>
 * A witness is two points of one cell that differ in x_i only, confirmed by exact forward passes.
 */
public final class Monotonicity {
  /** At most this bound on the cells: auto walks them; above, the programs. */
  static final double CELL_BUDGET = 2e4;
  /** Candidates of one input's program that no cell realises, excluded before the answer is unknown. */
  static final int MAX_EXCLUDED = 64;

  private final PrecisionPolicy policy;
  private final MilpChecker.Settings settings;
  private final BuildSettings build;

  public Monotonicity(PrecisionPolicy policy, MilpChecker.Settings settings) {
    this(policy, settings, BuildSettings.of(policy));
  }

  /** With the memory a complex or a cell walk may take (and the listener of pieces) of 'build'; its snapping band is the policy's. */
  public Monotonicity(PrecisionPolicy policy, MilpChecker.Settings settings, BuildSettings build) {
    this.policy = policy;
    this.settings = settings;
    this.build = build.withPolicy(policy); // a checker builds with its own policy's snapping band
  }

  /** Whether f is non-decreasing in 'increasing' and non-increasing in 'decreasing' on the domain. */
  public MonotoneVerdict check(Network net, Domain domain, int[] increasing, int[] decreasing, Checks.Method method) {
    int[] sign = Inputs.signs(net.inputDim(), increasing, decreasing); // +1 increasing, -1 decreasing, 0 not asked
    if (domain.dim() != net.inputDim())
      throw new IllegalArgumentException("the domain has dimension " + domain.dim() + ", the network has input dimension " + net.inputDim());
    int d = net.inputDim();
    if (java.util.stream.IntStream.range(0, d).allMatch(i -> sign[i] == 0 || pathsHaveSign(net, i, sign[i])))
      return new MonotoneVerdict(MonotoneVerdict.Kind.MONOTONE, "path-signs", domain, increasing, decreasing, null,
          "every path from each asked input to the output has a product of weights of the right sign (signs of doubles are exact): "
              + "monotone on all of R^" + d + ", no cell or program needed", -1);
    return switch (method) {
      case CELLS -> byCells(net, domain, sign, increasing, decreasing);
      case MILP -> byPrograms(net, domain, sign, increasing, decreasing);
      case AUTO -> {
        if (!domain.isBox()) yield byCells(net, domain, sign, increasing, decreasing);
        double cells = Inputs.cellBound(net, domain, policy);
        if (cells <= CELL_BUDGET) {
          MonotoneVerdict v;
          try {
            v = byCells(net, domain, sign, increasing, decreasing);
          } catch (org.reluconvex.complex.ResourceLimitException e) { // more cells than memory holds: the programs do not grow with them
            yield byPrograms(net, domain, sign, increasing, decreasing);
          }
          if (v.kind() != MonotoneVerdict.Kind.UNKNOWN) yield v;
          MonotoneVerdict p = byPrograms(net, domain, sign, increasing, decreasing);
          yield p.kind() != MonotoneVerdict.Kind.UNKNOWN ? p : v;
        }
        yield byPrograms(net, domain, sign, increasing, decreasing);
      }
      default -> throw new IllegalArgumentException("monotonicity is decided by the methods auto, cells and milp, not "
          + method.name().toLowerCase(Locale.ROOT));
    };
  }

  /**
   * The constraints of the monotonicity regulariser (docs/math.md section 11): one per input asked
   * and per cell the walk reaches in the domain, on the input node (layer 0) under the cell's pattern,
   * whose gain there is df/dx_i on the cell. At most maxCells cells, in the walk's (deterministic)
   * order, and those reached before a geometric question the walk cannot settle: a partial list only
   * weakens the push, the certificate is the check's.
   */
  public static List<GainConstraint> constraints(Network net, Domain domain, int[] inputs, long maxCells) {
    if (domain.dim() != net.inputDim())
      throw new IllegalArgumentException("the domain has dimension " + domain.dim() + ", the network has input dimension " + net.inputDim());
    for (int i : inputs)
      if (i < 0 || i >= net.inputDim()) throw new IllegalArgumentException("input " + i + " is not in 0.." + (net.inputDim() - 1));
    List<GainConstraint> out = new ArrayList<>();
    try {
      CellWalk.run(net, domain, maxCells, new CellWalk.Visitor() {
        @Override
        public boolean cell(Cell cell, double[] near) {
          for (int i : inputs) out.add(new GainConstraint(new NeuronId(0, i), cell.maps().pattern()));
          return true;
        }

        @Override
        public boolean frontier(Cell cell, int rep, CellMaps across, MarginLp.Result r) { return true; }
      });
    } catch (UnresolvedGeometry | MarginLp.Failure e) {
      // the cells reached so far are realised: their constraints stand
    }
    return out;
  }

  /**
   * Whether every path of non-zero weights from input i to the output has a product of weights of
   * sign s (or there is none): then df/dx_i, a sum of such products over the active paths, has sign
   * s or is 0 on every cell of R^d.
   */
  static boolean pathsHaveSign(Network net, int i, int s) {
    int out = net.outputLayer();
    // for each node, whether some path from x_i reaches it with a positive / a negative product
    boolean[][] pos = new boolean[out + 1][], neg = new boolean[out + 1][];
    pos[0] = new boolean[net.inputDim()];
    neg[0] = new boolean[net.inputDim()];
    pos[0][i] = true;
    for (int l = 1; l <= out; l++) {
      pos[l] = new boolean[net.width(l)];
      neg[l] = new boolean[net.width(l)];
      for (int m = 0; m < l; m++) {
        double[] w = net.rawBlock(l, m);
        if (w == null) continue;
        int k = net.width(m);
        for (int j = 0; j < net.width(l); j++)
          for (int q = 0; q < k; q++) {
            double x = w[j * k + q];
            if (x > 0) {
              pos[l][j] |= pos[m][q];
              neg[l][j] |= neg[m][q];
            } else if (x < 0) {
              pos[l][j] |= neg[m][q];
              neg[l][j] |= pos[m][q];
            }
          }
      }
    }
    return s > 0 ? !neg[out][0] : !pos[out][0];
  }

  private MonotoneVerdict byCells(Network net, Domain domain, int[] sign, int[] inc, int[] dec) {
    double scale = CellWalk.scale(net, domain);
    MonotoneWitness[] found = new MonotoneWitness[1];
    String[] doubt = new String[1];
    CellWalk.Visitor visitor = new CellWalk.Visitor() {
      @Override
      public boolean cell(Cell cell, double[] near) {
        BigDecimal[] g = org.reluconvex.pathlift.Gains.exactAll(net, cell.maps().pattern())[0];
        for (int i = 0; i < sign.length; i++) {
          if (sign[i] == 0 || g[i].signum() * sign[i] >= 0) continue;
          CellPoint p = CellPoint.of(net, domain, cell, scale);
          MonotoneWitness w = p == null ? null : witness(net, p, i, sign[i] > 0);
          if (w == null && domain.isBox()) w = lineWitness(net, domain, p == null ? near : p.x(), i, sign[i] > 0);
          if (w != null) {
            found[0] = w;
            return false;
          }
          if (doubt[0] == null)
            doubt[0] = String.format(Locale.ROOT, "a cell has df/dx%d = %.6g (exact) but no witness verified inside it", i, g[i].doubleValue());
        }
        return true;
      }

      @Override
      public boolean frontier(Cell cell, int rep, CellMaps across, MarginLp.Result r) { return true; }
    };
    CellWalk.Result r;
    try {
      r = CellWalk.run(net, domain, (long) (20 * CELL_BUDGET), build.memoryBytes(), visitor);
    } catch (UnresolvedGeometry | MarginLp.Failure e) {
      return verdict(MonotoneVerdict.Kind.UNKNOWN, "cells", domain, inc, dec, null, "cell walk could not settle a geometric question: " + e.getMessage(), -1);
    }
    if (found[0] != null)
      return verdict(MonotoneVerdict.Kind.NOT_MONOTONE, "cells", domain, inc, dec, found[0],
          String.format(Locale.ROOT, "a cell where df/dx%d has the wrong sign, after %d cells", found[0].input(), r.cells()), r.cells());
    if (r.status() == CellWalk.Status.NO_START)
      return verdict(MonotoneVerdict.Kind.UNKNOWN, "cells", domain, inc, dec, null, "no full-dimensional cell found from random points", -1);
    if (r.status() == CellWalk.Status.CELL_LIMIT)
      return verdict(MonotoneVerdict.Kind.UNKNOWN, "cells", domain, inc, dec, null, "more than " + r.cells() + " cells", r.cells());
    if (doubt[0] != null) return verdict(MonotoneVerdict.Kind.UNKNOWN, "cells", domain, inc, dec, null, doubt[0], r.cells());
    if (r.unprovenKinds() != null)
      return verdict(MonotoneVerdict.Kind.UNKNOWN, "cells", domain, inc, dec, null, "the cell walk's geometry is not proven: " + r.unprovenKinds(), r.cells());
    return verdict(MonotoneVerdict.Kind.MONOTONE, "cells", domain, inc, dec, null, String.format(Locale.ROOT,
        "every one of %d cells has each asked partial derivative of the right sign, exactly", r.cells()), r.cells());
  }

  /** x -+ h e_i inside the cell around its confirmed point, h halved until exact passes confirm the order. */
  static MonotoneWitness witness(Network net, CellPoint p, int i, boolean increasing) {
    double h = 0.5 * p.margin();
    for (int k = 0; k < 40 && h > 0; k++, h *= 0.5) {
      double[] a = p.x().clone(), b = p.x().clone();
      a[i] -= h;
      b[i] += h;
      MonotoneWitness w = MonotoneWitness.verified(net, a, b, i, increasing);
      if (w != null) return w;
    }
    return null;
  }

  /** Events of one exact line walk. */
  private static final int LINE_EVENTS = 256;

  /**
   * A witness on the exact restriction of f to the chord of the box through x along e_i (and through
   * a few points moved toward the box's centre, x may sit on a corner of a thin cell): two points
   * inside a piece whose slope has the wrong sign.
   */
  static MonotoneWitness lineWitness(Network net, Domain box, double[] x, int i, boolean increasing) {
    int d = x.length;
    for (int k = 0; k < 4; k++) {
      double eps = k == 0 ? 0 : Math.scalb(1.0, -10 * k);
      double[] p = new double[d], q = new double[d];
      for (int c = 0; c < d; c++) {
        double centre = 0.5 * box.lo(c) + 0.5 * box.hi(c);
        double y = Math.max(box.lo(c), Math.min(box.hi(c), x[c] + eps * (centre - x[c])));
        p[c] = q[c] = y;
      }
      p[i] = box.lo(i);
      q[i] = box.hi(i);
      if (!(p[i] < q[i])) return null;
      java.util.List<org.reluconvex.network.ExactLine.Breakpoint> bps = org.reluconvex.network.ExactLine.breakpoints(net, p, q, LINE_EVENTS);
      if (bps == null) continue;
      java.util.List<BigDecimal> ts = new java.util.ArrayList<>();
      ts.add(BigDecimal.ZERO);
      for (var b : bps) ts.add(b.t());
      ts.add(BigDecimal.ONE);
      BigDecimal quarter = new BigDecimal("0.25"), threeQuarters = new BigDecimal("0.75");
      for (int j = 0; j + 1 < ts.size(); j++) {
        BigDecimal len = ts.get(j + 1).subtract(ts.get(j));
        if (len.signum() <= 0) continue;
        double[] a = org.reluconvex.network.ExactLine.pointAt(p, q, ts.get(j).add(len.multiply(quarter)));
        double[] b = org.reluconvex.network.ExactLine.pointAt(p, q, ts.get(j).add(len.multiply(threeQuarters)));
        MonotoneWitness w = MonotoneWitness.verified(net, a, b, i, increasing);
        if (w != null) return w;
      }
    }
    return null;
  }

  private MonotoneVerdict byPrograms(Network net, Domain box, int[] sign, int[] inc, int[] dec) {
    if (!box.isBox()) throw new IllegalArgumentException("the milp method needs a box (the programs bound every neuron over it); use cells on all of R^d");
    long deadline = Inputs.deadline(settings);
    PreBounds bounds = Inputs.bounds(net, box, policy, settings);
    List<String> open = new ArrayList<>();
    int byIntervals = 0, byPrograms = 0;
    for (int i = 0; i < sign.length; i++) {
      if (sign[i] == 0) continue;
      GainFlow flow = new GainFlow(net, bounds, new TieGroups.Group(0, new int[] {i}, new double[] {sign[i]}), policy);
      if (flow.gainLo() >= 0) {
        byIntervals++;
        continue;
      }
      byPrograms++;
      double margin = policy.solverMargin() * flow.magnitude();
      try (GainProgram program = new GainProgram(net, box, bounds, flow, settings.solver())) {
        String undecided = null;
        for (int excluded = 0; ; excluded++) {
          long left = Inputs.millisLeft(deadline);
          if (left <= 0) {
            undecided = "the time limit was reached";
            break;
          }
          GainProgram.Outcome o = program.solve(left);
          if (o.status() == GainProgram.Status.NO_ACTIVE_PATH) break; // df/dx_i = 0 on every pattern
          if (o.status() == GainProgram.Status.LIMIT || o.status() == GainProgram.Status.FAILED) {
            undecided = o.status() == GainProgram.Status.LIMIT ? "time limit reached without a solution" : "the solver failed";
            break;
          }
          if (o.bound() >= margin) break; // proven: every pattern with an active path has s df/dx_i above the margin
          ActivationPattern p = CellPoint.pattern(net, o.pattern());
          if (!(o.value() < 0)) {
            // a minimum within the margin of zero (a derivative that cancels to 0, or nearly): the pattern's exact
            // derivative decides it, and it is excluded when of the right sign
            BigDecimal exact = org.reluconvex.pathlift.Gains.exactAll(net, p)[0][i];
            if (exact.signum() * sign[i] >= 0 && excluded < MAX_EXCLUDED) {
              program.exclude(o.pattern(), Inputs.all(net));
              continue;
            }
            if (exact.signum() * sign[i] >= 0) {
              undecided = String.format(Locale.ROOT, "smallest %sdf/dx%d found %.6g, proven bound %.6g, within the solver margin %.3g of zero "
                  + "after %d patterns of the right sign were excluded", sign[i] < 0 ? "-" : "", i, o.value(), o.bound(), margin, excluded);
              break;
            }
          }
          CellPoint.Candidate c = CellPoint.classify(net, box, p);
          if (c.point() != null && c.point().gradient()[i].signum() * sign[i] < 0) {
            MonotoneWitness w = witness(net, c.point(), i, sign[i] > 0);
            if (w == null) w = lineWitness(net, box, c.point().x(), i, sign[i] > 0);
            if (w != null)
              return verdict(MonotoneVerdict.Kind.NOT_MONOTONE, "milp", box, inc, dec, w, String.format(Locale.ROOT,
                  "the program for x%d found a cell with df/dx%d = %.6g", i, i, c.point().gradient()[i].doubleValue()), -1);
            undecided = String.format(Locale.ROOT, "a cell has df/dx%d = %.6g (exact) but no witness verified", i, c.point().gradient()[i].doubleValue());
            break;
          }
          if (c.undecided()) {
            // a thin cell, or none: only a witness or a proof of emptiness settles it
            MonotoneWitness w = lineWitness(net, box, o.x(), i, sign[i] > 0);
            if (w != null)
              return verdict(MonotoneVerdict.Kind.NOT_MONOTONE, "milp", box, inc, dec, w, String.format(Locale.ROOT,
                  "the program for x%d found df/dx%d = %.6g; the exact line through its point shows it", i, i, o.value() * sign[i]), -1);
            undecided = String.format(Locale.ROOT, "its program found %sdf/dx%d = %.6g on a pattern whose cell is neither confirmed nor proven empty",
                sign[i] < 0 ? "-" : "", i, o.value());
            break;
          }
          if (excluded >= MAX_EXCLUDED) {
            undecided = "more than " + MAX_EXCLUDED + " candidate patterns of its program were excluded (no cell, or a cell of the right sign)";
            break;
          }
          program.exclude(o.pattern(), Inputs.all(net));
        }
        if (undecided != null) open.add("x" + i + ": " + undecided);
      }
    }
    String counts = String.format(Locale.ROOT, "%d input(s) settled by interval bounds on their gains, %d by %s programs", byIntervals, byPrograms,
        settings.solver().label());
    if (!open.isEmpty())
      return verdict(MonotoneVerdict.Kind.UNKNOWN, "milp", box, inc, dec, null, String.join("; ", open) + "; " + counts, -1);
    return verdict(MonotoneVerdict.Kind.MONOTONE, "milp", box, inc, dec, null,
        "each asked partial derivative is proven of the right sign on every pattern of the box (dual bounds at least " + policy.solverMargin()
            + " of the gain's magnitude, or no active path): " + counts, -1);
  }

  private static MonotoneVerdict verdict(MonotoneVerdict.Kind kind, String method, Domain domain, int[] inc, int[] dec, MonotoneWitness w,
      String reason, long cells) {
    return new MonotoneVerdict(kind, method, domain, inc, dec, w, reason, cells);
  }
}
