package org.reluconvex.milp;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;
import org.reluconvex.network.Domain;

/**
 * A deep point of a face of a cell: y in the box on the hyperplane a_eq . y + c_eq = 0 maximising the
 * distance t to every other hyperplane a_r . y + c_r = 0 while staying on its side s_r (and to the box
 * facets). Used to move a solver's vertex solution, where many neurons switch at once, into the
 * relative interior of the face where one neuron switches alone.
 */
public final class Chebyshev {
  private Chebyshev() {}

  /** The deepest point and its distance to the nearest other hyperplane or box facet. */
  public record Centre(double[] point, double depth) {}

  /**
   * The deepest point (its depth is &le; 0 when the face has no relative interior), or null when the
   * LP fails. Rows with a zero normal are skipped.
   */
  public static Centre centre(Domain box, double[][] a, double[] c, int[] side, double[] aEq, double cEq) {
    int d = box.dim();
    MPSolver s = Solver.createLp();
    try {
      MPVariable[] y = new MPVariable[d];
      for (int i = 0; i < d; i++) y[i] = s.makeNumVar(box.lo(i), box.hi(i), "y" + i);
      double cap = box.scale();
      MPVariable t = s.makeNumVar(-MPSolver.infinity(), cap, "t");
      MPConstraint eq = s.makeConstraint(-cEq, -cEq);
      for (int i = 0; i < d; i++) eq.setCoefficient(y[i], aEq[i]);
      for (int r = 0; r < a.length; r++) {
        double norm = norm(a[r]);
        if (!(norm > 0)) continue;
        // side * (a . y + c) / |a| >= t
        MPConstraint row = s.makeConstraint(-side[r] * c[r] / norm, MPSolver.infinity());
        for (int i = 0; i < d; i++) row.setCoefficient(y[i], side[r] * a[r][i] / norm);
        row.setCoefficient(t, -1);
      }
      for (int i = 0; i < d; i++) {
        MPConstraint lo = s.makeConstraint(box.lo(i), MPSolver.infinity());
        lo.setCoefficient(y[i], 1);
        lo.setCoefficient(t, -1);
        MPConstraint hi = s.makeConstraint(-MPSolver.infinity(), box.hi(i));
        hi.setCoefficient(y[i], 1);
        hi.setCoefficient(t, 1);
      }
      MPObjective o = s.objective();
      o.setCoefficient(t, 1);
      o.setMaximization();
      MPSolver.ResultStatus r = s.solve();
      if (r == MPSolver.ResultStatus.INFEASIBLE) return new Centre(null, Double.NEGATIVE_INFINITY);
      if (r != MPSolver.ResultStatus.OPTIMAL) return null;
      double[] p = new double[d];
      for (int i = 0; i < d; i++) p[i] = y[i].solutionValue();
      return new Centre(p, t.solutionValue());
    } finally {
      s.delete();
    }
  }

  private static double norm(double[] v) {
    double m = 0;
    for (double x : v) m = Math.max(m, Math.abs(x));
    if (m == 0) return 0;
    double s = 0;
    for (double x : v) s += (x / m) * (x / m);
    return m * Math.sqrt(s);
  }
}
