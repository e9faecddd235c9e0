package org.reluconvex.complex;

import java.util.Arrays;

/**
 * The one linear program cell enumeration needs: given unit-normal half-spaces n_k . x + c_k &ge; 0,
 * maximise the margin t with n_k . x + c_k &ge; t for the selected rows and t &le; cap, optionally on
 * one hyperplane n_e . x + c_e = 0. The optimum is a point at distance t from every selected
 * hyperplane: a Chebyshev-like centre of a cell (no equality) or of one of its facets. The margin is
 * negative when the selected half-spaces have no common point on the hyperplane.
 *
 * <p>Solved by a primal active-set method in the d + 1 variables (x, t), which suits these programs:
 * few variables, a few dozen rows, always feasible (t can decrease), bounded (t &le; cap). The working
 * set W holds at most d + 1 linearly independent active rows g . z &le; h. Step: project e_t onto the
 * null space of W; if the projection p is non-zero, move along p until the first row blocks and add
 * it (it is independent of W because g . p &gt; 0 while p is orthogonal to W); otherwise the
 * multipliers of e_t = sum lambda_i g_i decide: all &ge; 0 is optimal, else the row with the most
 * negative multiplier leaves (the lowest index after many iterations, against cycling). The returned
 * margin is re-measured from the returned point.
 *
 * <p>Why not ojAlgo: its {@code LinearSolver} builder treats every variable as non-negative (free
 * bounds are ignored), and its modelling layer, which does handle free variables, costs about a
 * millisecond per program, against microseconds here. The tests use that modelling layer as the
 * oracle for this class.
 */
public final class MarginLp {
  /** Rows nearly parallel to the direction (relative to |p| |g|) are not blocking. */
  private static final double PARALLEL = 1e-9;
  /** A projected direction shorter than this is zero. */
  private static final double ZERO_STEP = 1e-11;
  /** Multipliers above -this count as non-negative. */
  private static final double MULTIPLIER = 1e-12;

  /**
   * Optimum: the margin (re-measured at x, capped), the point x, and the final working set with its
   * multipliers (rows by index, -1 for the equality, m for the cap t &le; cap): e_t = sum lambda_w g_w.
   * The multipliers are what a caller needs to prove, independently of this solver, that no point
   * has a positive margin (a Farkas certificate, {@link Cell#provenNoFacet}).
   */
  public record Result(double margin, double[] x, int[] working, double[] multipliers) {
    public Result(double margin, double[] x) {
      this(margin, x, new int[0], new double[0]);
    }
  }

  /** The method did not converge (cycling or an ill-conditioned working set). */
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
   * @param equality row that must be tight (-1: none); it is never a margin row
   * @param cap bound on t (positive)
   */
  public static Result maximise(int d, double[] normals, double[] offsets, int m, boolean[] use, int equality, double cap) {
    return maximise(d, normals, offsets, m, use, equality, cap, null);
  }

  /** As above, starting from a given point (projected onto the equality hyperplane); null: the origin. */
  public static Result maximise(int d, double[] normals, double[] offsets, int m, boolean[] use, int equality, double cap,
      double[] start) {
    int n = d + 1;
    // rows g . z <= h over z = (x, t): g = (-n_k, 1), h = c_k; row m is t <= cap
    int rows = m + 1;
    double[] g = new double[rows * n];
    double[] h = new double[rows];
    boolean[] live = new boolean[rows];
    for (int k = 0; k < m; k++) {
      if (!use[k] || k == equality) continue;
      live[k] = true;
      for (int i = 0; i < d; i++) g[k * n + i] = -normals[k * d + i];
      g[k * n + d] = 1;
      h[k] = offsets[k];
    }
    live[m] = true;
    g[m * n + d] = 1;
    h[m] = cap;
    double[] gnorm = new double[rows];
    for (int k = 0; k < rows; k++) if (live[k]) gnorm[k] = Math.sqrt(dot(g, k * n, g, k * n, n));
    boolean[] inWork = new boolean[rows];

    double[] z = new double[n];
    if (start != null) System.arraycopy(start, 0, z, 0, d);
    if (equality >= 0) {
      double v = offsets[equality] + dot(normals, equality * d, z, d);
      for (int i = 0; i < d; i++) z[i] -= v * normals[equality * d + i];
    }
    double t = cap;
    for (int k = 0; k < m; k++) if (live[k]) t = Math.min(t, dot(normals, k * d, z, d) + offsets[k]);
    z[d] = t;

    // working set: index of rows, -1 stands for the equality (fixed, free multiplier)
    int[] work = new int[n + 1];
    int size = 0;
    if (equality >= 0) work[size++] = -1;
    double[] eqRow = new double[n];
    if (equality >= 0) System.arraycopy(normals, equality * d, eqRow, 0, d);

    int maxIter = 50 * (rows + n);
    int blandAfter = 4 * (rows + n);
    double[] p = new double[n];
    double[] lambda = new double[n + 1];
    for (int iter = 0; iter < maxIter; iter++) {
      boolean bland = iter > blandAfter;
      project(work, size, g, eqRow, n, p, lambda);
      double pn = Math.sqrt(dot(p, 0, p, n));
      if (pn > ZERO_STEP) {
        int block = -1;
        double alpha = Double.POSITIVE_INFINITY;
        for (int k = 0; k < rows; k++) {
          if (!live[k] || inWork[k]) continue;
          double s = dot(g, k * n, p, n);
          if (s <= PARALLEL * pn * gnorm[k]) continue;
          double slack = Math.max(0, h[k] - dot(g, k * n, z, n));
          double a = slack / s;
          if (a < alpha) {
            alpha = a;
            block = k;
          }
        }
        if (block < 0) throw new Failure("margin program unbounded");
        for (int i = 0; i < n; i++) z[i] += alpha * p[i];
        if (size == n) throw new Failure("working set overflow");
        work[size++] = block;
        inWork[block] = true;
        continue;
      }
      // optimal for the working set: check the multipliers of the inequality rows
      int leave = -1;
      double worst = -MULTIPLIER;
      for (int w = 0; w < size; w++) {
        if (work[w] < 0) continue;
        if (bland) {
          if (lambda[w] < -MULTIPLIER && (leave < 0 || work[w] < work[leave])) leave = w;
        } else if (lambda[w] < worst) {
          worst = lambda[w];
          leave = w;
        }
      }
      if (leave < 0) {
        double[] x = Arrays.copyOf(z, d);
        return new Result(measure(d, normals, offsets, m, use, equality, cap, x), x, Arrays.copyOf(work, size), Arrays.copyOf(lambda, size));
      }
      inWork[work[leave]] = false;
      work[leave] = work[--size];
    }
    throw new Failure("margin program did not converge");
  }

  /**
   * p = e_t - Q Q^T e_t with Q an orthonormal basis of the working rows (modified Gram-Schmidt, twice
   * for stability), and the multipliers lambda of e_t = sum lambda_w g_w (meaningful when p = 0),
   * by back substitution in the triangular factor.
   */
  private static void project(int[] work, int size, double[] g, double[] eqRow, int n, double[] p, double[] lambda) {
    double[][] q = new double[size][];
    double[][] r = new double[size][size];
    for (int w = 0; w < size; w++) {
      double[] v = work[w] < 0 ? eqRow.clone() : Arrays.copyOfRange(g, work[w] * n, work[w] * n + n);
      for (int pass = 0; pass < 2; pass++) {
        for (int j = 0; j < w; j++) {
          double c = dot(q[j], 0, v, n);
          r[j][w] += c;
          for (int i = 0; i < n; i++) v[i] -= c * q[j][i];
        }
      }
      double norm = Math.sqrt(dot(v, 0, v, n));
      if (norm < 1e-13) throw new Failure("working set is linearly dependent");
      r[w][w] = norm;
      for (int i = 0; i < n; i++) v[i] /= norm;
      q[w] = v;
    }
    Arrays.fill(p, 0);
    p[n - 1] = 1;
    double[] c = new double[size];
    for (int j = 0; j < size; j++) {
      c[j] = q[j][n - 1];
      for (int i = 0; i < n; i++) p[i] -= c[j] * q[j][i];
    }
    // sum_w lambda_w g_w = sum_j (sum_{w >= j} r[j][w] lambda_w) q_j = sum_j c_j q_j
    for (int j = size - 1; j >= 0; j--) {
      double s = c[j];
      for (int w = j + 1; w < size; w++) s -= r[j][w] * lambda[w];
      lambda[j] = s / r[j][j];
    }
  }

  /** Puts x on the equality hyperplane and returns its true margin from the selected rows. */
  private static double measure(int d, double[] normals, double[] offsets, int m, boolean[] use, int equality, double cap, double[] x) {
    if (equality >= 0) {
      double v = offsets[equality] + dot(normals, equality * d, x, d);
      for (int i = 0; i < d; i++) x[i] -= v * normals[equality * d + i];
    }
    double t = cap;
    for (int k = 0; k < m; k++) {
      if (!use[k] || k == equality) continue;
      t = Math.min(t, offsets[k] + dot(normals, k * d, x, d));
    }
    return t;
  }

  private static double dot(double[] a, int off, double[] x, int d) {
    double s = 0;
    for (int i = 0; i < d; i++) s += a[off + i] * x[i];
    return s;
  }

  private static double dot(double[] a, int offA, double[] b, int offB, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) s += a[offA + i] * b[offB + i];
    return s;
  }
}
