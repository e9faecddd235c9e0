package org.reluconvex.complex;

import java.io.OutputStream;
import java.io.PrintStream;
import org.ojalgo.OjAlgoUtils;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.linear.LinearSolver;

/**
 * The one linear program cell enumeration needs: given unit-normal half-spaces n_k . x + c_k &ge; 0,
 * maximise the margin t such that n_k . x + c_k &ge; t for the selected rows, optionally on one
 * hyperplane n_e . x + c_e = 0, with -cap &le; t &le; cap. The optimum is a point at distance t from every
 * selected hyperplane: a Chebyshev-like centre of the cell (no equality) or of one of its facets.
 * Solved with ojAlgo's simplex.
 */
public final class MarginLp {
  static {
    // ojAlgo prints a hardware-profile notice on standard output when first loaded; keep it out of
    // the CLI's (machine-readable) output.
    PrintStream saved = System.out;
    try {
      System.setOut(new PrintStream(OutputStream.nullOutputStream()));
      if (OjAlgoUtils.ENVIRONMENT == null) throw new IllegalStateException("ojAlgo environment missing");
    } finally {
      System.setOut(saved);
    }
  }

  /** Optimum: margin and point, or infeasible. */
  public record Result(boolean feasible, double margin, double[] x) {
    static final Result INFEASIBLE = new Result(false, Double.NEGATIVE_INFINITY, null);
  }

  /** The solver returned neither an optimum nor a proof of infeasibility. */
  public static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failure(String message) { super(message); }
  }

  private MarginLp() {}

  /**
   * @param d dimension
   * @param normals m x d row-major unit normals
   * @param offsets m offsets
   * @param m number of rows
   * @param use which rows constrain the margin
   * @param equality row that must be tight (-1: none); it should not be in {@code use}
   * @param cap bound on |t|
   */
  public static Result maximise(int d, double[] normals, double[] offsets, int m, boolean[] use, int equality, double cap) {
    // ojAlgo's builder works with non-negative variables: x = p - q (p, q >= 0), t = u - cap with
    // 0 <= u <= 2 cap. Variables: p (d), q (d), u.
    int nv = 2 * d + 1;
    LinearSolver.Builder b = LinearSolver.newBuilder();
    double[] obj = new double[nv];
    obj[2 * d] = -1; // minimise -u
    b.objective(obj);
    double[] cut = new double[nv];
    cut[2 * d] = 1;
    b.inequality(2 * cap, cut);
    for (int k = 0; k < m; k++) {
      if (!use[k] || k == equality) continue;
      double[] row = new double[nv];
      for (int i = 0; i < d; i++) {
        row[i] = -normals[k * d + i];
        row[d + i] = normals[k * d + i];
      }
      row[2 * d] = 1;
      b.inequality(offsets[k] + cap, row);
    }
    if (equality >= 0) {
      double[] row = new double[nv];
      for (int i = 0; i < d; i++) {
        row[i] = normals[equality * d + i];
        row[d + i] = -normals[equality * d + i];
      }
      b.equality(-offsets[equality], row);
    }
    Optimisation.Result r = b.build().solve();
    Optimisation.State s = r.getState();
    if (s == Optimisation.State.INFEASIBLE) return Result.INFEASIBLE;
    if (!s.isOptimal()) throw new Failure("linear program ended in state " + s);
    double[] x = new double[d];
    for (int i = 0; i < d; i++) x[i] = r.doubleValue(i) - r.doubleValue(d + i);
    // do not trust the solver's arithmetic: put x exactly on the hyperplane (up to rounding) and
    // measure the margin it really has
    if (equality >= 0) {
      double v = offsets[equality];
      for (int i = 0; i < d; i++) v += normals[equality * d + i] * x[i];
      for (int i = 0; i < d; i++) x[i] -= v * normals[equality * d + i];
    }
    double t = cap;
    for (int k = 0; k < m; k++) {
      if (!use[k] || k == equality) continue;
      double v = offsets[k];
      for (int i = 0; i < d; i++) v += normals[k * d + i] * x[i];
      t = Math.min(t, v);
    }
    return new Result(true, t, x);
  }
}
