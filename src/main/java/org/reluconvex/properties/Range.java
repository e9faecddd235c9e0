package org.reluconvex.properties;

import java.math.BigDecimal;
import java.util.Locale;
import org.reluconvex.complex.BuildSettings;
import org.reluconvex.complex.ComplexAudit;
import org.reluconvex.complex.EdgeSubdivision;
import org.reluconvex.complex.PolyhedralComplex;
import org.reluconvex.complex.ResourceLimitException;
import org.reluconvex.convexity.Checks;
import org.reluconvex.convexity.MilpChecker;
import org.reluconvex.milp.GradientProgram;
import org.reluconvex.milp.PreBounds;
import org.reluconvex.network.Domain;
import org.reluconvex.network.ExactForward;
import org.reluconvex.network.Forward;
import org.reluconvex.network.Network;
import org.reluconvex.precision.PrecisionPolicy;

/**
 * The range of f on a box (docs/math.md section 11): f is affine on every cell, so its extremes sit
 * at vertices of the complex. Two methods:
 * <ul>
 *   <li>{@code skeleton}: every vertex of the complex; the extremes are f at the exact vertices
 *       ({@link ComplexAudit#exactPoint}) once the audit certifies the complex;
 *   <li>{@code milp}: the exact encoding of the network over the box, f maximised and minimised; the
 *       values are f at the solutions' points (attained), the bounds the solver's dual bounds widened
 *       by the solver margin of the output's magnitude (the precision policy's trust in a solver).
 * </ul>
 */
public final class Range {
  private final PrecisionPolicy policy;
  private final MilpChecker.Settings settings;
  private final BuildSettings build;

  public Range(PrecisionPolicy policy, MilpChecker.Settings settings) {
    this(policy, settings, BuildSettings.of(policy));
  }

  /** With the memory a complex or a cell walk may take (and the listener of pieces) of 'build'; its snapping band is the policy's. */
  public Range(PrecisionPolicy policy, MilpChecker.Settings settings, BuildSettings build) {
    this.policy = policy;
    this.settings = settings;
    this.build = build.withPolicy(policy); // a checker builds with its own policy's snapping band
  }

  public RangeResult compute(Network net, Domain box, Checks.Method method) {
    if (!box.isBox()) throw new IllegalArgumentException("the range is computed on a box (f may be unbounded on R^d)");
    if (box.dim() != net.inputDim())
      throw new IllegalArgumentException("the domain has dimension " + box.dim() + ", the network has input dimension " + net.inputDim());
    return switch (method) {
      case SKELETON -> byVertices(net, box);
      case MILP -> byPrograms(net, box);
      case AUTO -> {
        if (box.dim() <= Checks.MAX_SKELETON_DIM && Inputs.cellBound(net, box, policy) <= Monotonicity.CELL_BUDGET) {
          try {
            RangeResult r = byVertices(net, box);
            if (r.exact()) yield r;
          } catch (ResourceLimitException e) {
            // larger than the estimate: the programs do not grow with the complex
          }
        }
        yield byPrograms(net, box);
      }
      default -> throw new IllegalArgumentException("the range is computed by the methods auto, skeleton and milp, not "
          + method.name().toLowerCase(Locale.ROOT));
    };
  }

  private RangeResult byVertices(Network net, Domain box) {
    PolyhedralComplex cx = EdgeSubdivision.build(net, box, build);
    int n = cx.vertexCount();
    int lo = -1, hi = -1;
    double vlo = Double.POSITIVE_INFINITY, vhi = Double.NEGATIVE_INFINITY;
    for (int v = 0; v < n; v++) {
      double f = Forward.eval(net, cx.vertex(v));
      if (f < vlo) {
        vlo = f;
        lo = v;
      }
      if (f > vhi) {
        vhi = f;
        hi = v;
      }
    }
    ComplexAudit auditor = new ComplexAudit(cx, policy);
    ComplexAudit.Result audit = cx.isResolved() ? auditor.run() : null;
    boolean certified = audit != null && audit.certified();
    String note = String.format(Locale.ROOT, "f at each of the complex's %d vertices", n);
    if (!certified) {
      String why = audit == null ? "degenerate configuration not resolved: " + cx.degeneracies().get(0) : audit.failure();
      return new RangeResult(vlo, vhi, cx.vertex(lo), cx.vertex(hi), false, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, "skeleton", box,
          note + "; the complex is not certified (" + why + "): these values are attained, not proven extreme");
    }
    ComplexAudit.ExactPoint pLo = auditor.exactPoint(lo), pHi = auditor.exactPoint(hi);
    if (pLo == null || pHi == null)
      return new RangeResult(vlo, vhi, cx.vertex(lo), cx.vertex(hi), false, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, "skeleton", box,
          note + "; an extreme vertex has no exact point: these values are attained, not proven extreme");
    double min = exactValue(net, pLo), max = exactValue(net, pHi);
    return new RangeResult(min, max, cx.vertex(lo), cx.vertex(hi), true, min, max, "skeleton", box,
        note + "; the complex certified exact, the extremes evaluated at the exact vertices");
  }

  /** f at an exact vertex, rounded. */
  private static double exactValue(Network net, ComplexAudit.ExactPoint p) {
    BigDecimal[][] pre = new ExactForward(net).scaledPre(p.num(), p.den());
    return pre[net.outputLayer()][0].divide(p.den(), java.math.MathContext.DECIMAL128).doubleValue();
  }

  private RangeResult byPrograms(Network net, Domain box) {
    long deadline = Inputs.deadline(settings);
    PreBounds bounds = Inputs.bounds(net, box, policy, settings);
    // the minimum and the maximum are two programs; side by side when two threads are allowed
    java.util.concurrent.Callable<GradientProgram.Outcome> lowest = () -> extreme(net, box, bounds, false, deadline);
    java.util.concurrent.Callable<GradientProgram.Outcome> highest = () -> extreme(net, box, bounds, true, deadline);
    GradientProgram.Outcome[] o = new GradientProgram.Outcome[2];
    if (settings.threads() > 1) {
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "range-max");
        t.setDaemon(true);
        return t;
      });
      try {
        java.util.concurrent.Future<GradientProgram.Outcome> max = pool.submit(highest);
        o[0] = lowest.call();
        o[1] = max.get();
      } catch (java.util.concurrent.ExecutionException e) {
        throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
      } catch (Exception e) {
        throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
      } finally {
        pool.shutdownNow();
      }
    } else {
      try {
        o[0] = lowest.call();
        o[1] = highest.call();
      } catch (Exception e) {
        throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
      }
    }
    double[][] x = new double[2][];
    double[] value = {Double.NaN, Double.NaN}, bound = {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY};
    boolean optimal = true;
    String missing = null;
    for (int k = 0; k < 2; k++) {
      optimal &= o[k] != null && o[k].status() == GradientProgram.Status.OPTIMAL;
      if (o[k] != null && (o[k].status() == GradientProgram.Status.OPTIMAL || o[k].status() == GradientProgram.Status.LIMIT_WITH_SOLUTION))
        bound[k] = o[k].bound(); // a proven bound even when the time limit stopped the program
      if (o[k] == null || o[k].x() == null) {
        missing = (missing == null ? "" : missing + "; ") + (k == 1 ? "maximum" : "minimum") + ": " + (o[k] == null || o[k].status() == GradientProgram.Status.LIMIT
            ? "the time limit was reached before a solution" : "the solver ended with " + o[k].status());
        continue;
      }
      x[k] = o[k].x();
      for (int c = 0; c < x[k].length; c++) x[k][c] = Math.max(box.lo(c), Math.min(box.hi(c), x[k][c]));
      value[k] = ExactForward.eval(net, x[k]).doubleValue();
    }
    if (missing != null)
      return new RangeResult(value[0], value[1], x[0], x[1], false, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, "milp", box,
          "no answer for the " + missing + (Double.isNaN(value[0]) && Double.isNaN(value[1]) ? "" : " (the other value is attained)"));
    double magnitude = Math.max(Math.max(Math.abs(value[0]), Math.abs(value[1])), Math.max(Math.abs(bound[0]), Math.abs(bound[1])));
    double margin = policy.solverMargin() * Math.max(magnitude, Double.MIN_NORMAL);
    double minLower = Math.min(value[0], bound[0] - margin), maxUpper = Math.max(value[1], bound[1] + margin);
    // exact when each program's optimum meets its value within the margin relative to the value itself
    boolean exact = optimal && value[0] - bound[0] <= policy.solverMargin() * Math.max(Math.abs(value[0]), Double.MIN_NORMAL)
        && bound[1] - value[1] <= policy.solverMargin() * Math.max(Math.abs(value[1]), Double.MIN_NORMAL);
    String reason = String.format(Locale.ROOT, "f at the programs' solutions (attained); dual bounds %.17g and %.17g%s", bound[0], bound[1],
        exact ? ", within the solver margin of them; proven bounds widened by " + String.format(Locale.ROOT, "%.3g", margin) : ": proven bounds only");
    return new RangeResult(value[0], value[1], x[0], x[1], exact, minLower, maxUpper, "milp", box, reason);
  }

  /** One extreme of f by its own program; null when the time limit leaves no time to start it. */
  private GradientProgram.Outcome extreme(Network net, Domain box, PreBounds bounds, boolean maximise, long deadline) {
    long left = Inputs.millisLeft(deadline);
    if (left <= 0) return null;
    try (GradientProgram program = new GradientProgram(net, box, bounds, settings.solver(), false)) {
      program.objectiveOutput(maximise);
      return program.solve(left, 1e-12);
    }
  }
}
