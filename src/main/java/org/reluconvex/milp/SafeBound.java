package org.reluconvex.milp;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.reluconvex.precision.PrecisionPolicy;

/**
 * A rigorous bound on a linear program's optimum from any row multipliers (Neumaier and
 * Shcherbina, "Safe bounds in linear and mixed-integer linear programming", 2004): for rows
 * lb_r &le; A_r z &le; ub_r and bounded variables, c . z = y . A z + (c - A^T y) . z &ge;
 * sum_r y_r (lb_r or ub_r, by the sign of y_r) + sum_j min((c - A^T y)_j lo_j, (c - A^T y)_j hi_j),
 * whatever y is. The solver's duals only make the bound tight; its tolerances cannot make it wrong.
 * Evaluated in double with a rigorous rounding bound, which also covers the rounding of the rows'
 * coefficients (products of bounds and weights) relative to the exact relaxation they stand for.
 */
final class SafeBound {
  private SafeBound() {}

  /** A row as handed to the solver and the expression it came from. */
  record Row(MPConstraint constraint, Lin expression) {}

  /**
   * A value certainly at most min e(z) over the rows and the variables' bounds, from the duals the
   * solver left (tried with both signs: solvers differ in their convention, and both give valid
   * bounds); -infinity when no finite bound follows.
   */
  static double lower(Lin e, List<Row> rows, PrecisionPolicy policy) {
    return Math.max(lower(e, rows, 1, policy), lower(e, rows, -1, policy));
  }

  /** A value certainly at least max e(z): -lower(-e). */
  static double upper(Lin e, List<Row> rows, PrecisionPolicy policy) {
    return -lower(Lin.constant(0).add(e, -1), rows, policy);
  }

  private static double lower(Lin e, List<Row> rows, double sign, PrecisionPolicy policy) {
    Map<Integer, double[]> reduced = new HashMap<>(); // var index -> {coefficient of c - A^T y}
    Map<Integer, MPVariable> vars = new HashMap<>();
    e.forEachTerm((v, a) -> {
      reduced.computeIfAbsent(v.index(), k -> new double[2])[0] += a;
      reduced.get(v.index())[1] += Math.abs(a);
      vars.put(v.index(), v);
    });
    double total = e.constant, mag = Math.abs(e.constant);
    int terms = 1;
    for (Row r : rows) {
      double y = sign * r.constraint().dualValue();
      if (y == 0 || !Double.isFinite(y)) continue;
      double side = y > 0 ? r.constraint().lb() : r.constraint().ub();
      if (!(Math.abs(side) < MPSolver.infinity()) || !Double.isFinite(side)) continue; // that side is open: y_r = 0
      total += y * side;
      mag += Math.abs(y) * (Math.abs(side) + Math.abs(r.expression().constant)); // the side was shifted by the constant
      terms++;
      double yy = y;
      r.expression().forEachTerm((v, a) -> {
        double[] c = reduced.computeIfAbsent(v.index(), k -> new double[2]);
        c[0] -= yy * a;
        c[1] += Math.abs(yy * a);
        vars.put(v.index(), v);
      });
    }
    for (Map.Entry<Integer, double[]> t : reduced.entrySet()) {
      MPVariable v = vars.get(t.getKey());
      double lo = v.lb(), hi = v.ub(), c = t.getValue()[0];
      if (!(Math.abs(lo) < MPSolver.infinity()) || !(Math.abs(hi) < MPSolver.infinity())) return Double.NEGATIVE_INFINITY;
      double reach = Math.max(Math.abs(lo), Math.abs(hi));
      total += Math.min(c * lo, c * hi);
      mag += t.getValue()[1] * reach; // every product that made c, times the variable's reach
      terms += 2;
    }
    terms += rows.size();
    // each sum and product rounds (gamma), and each coefficient stands for an exact one within 2u of it
    double error = 2 * policy.gamma(terms) * mag + policy.underflow(4 * terms);
    double bound = total - error;
    return Double.isFinite(bound) ? bound : Double.NEGATIVE_INFINITY;
  }
}
