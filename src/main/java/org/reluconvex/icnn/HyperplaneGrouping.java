package org.reluconvex.icnn;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Groups neurons whose zero sets are one hyperplane, in O(n log n + candidates * d) instead of
 * comparing all pairs.
 *
 * <p>Every neuron j with w_j != 0 gets the key u_j = (w_j / ||w_j||, g(b_j / ||w_j||)) in R^(d+1), where
 * g(y) = y for |y| &le; 1 and sign(y) (1 + ln |y|) beyond: g is odd and 1-Lipschitz, so a uniform
 * tolerance on g compares offsets absolutely near the origin and relatively far from it. Neurons j, k
 * share a hyperplane when ||u_j - u_k||_inf &le; tol (same orientation) or ||u_j + u_k||_inf &le; tol
 * (opposite orientation). Candidates come from sorting the projections +-u_j . r on a fixed
 * pseudo-random direction r: a matching pair projects within tol ||r||_1 of each other. Matches are
 * merged with union-find (so a chain of near matches forms one group; with tol = 1e-9 this only
 * happens for rounding-level differences).
 */
final class HyperplaneGrouping {
  private HyperplaneGrouping() {}

  /** Odd, 1-Lipschitz compression of an offset. */
  static double compress(double y) {
    double a = Math.abs(y);
    return a <= 1 ? y : Math.copySign(1 + Math.log(a), y);
  }

  /**
   * Group labels: result[j] = the smallest index of j's group, or -1 where keys[j] is null (dead
   * neuron).
   */
  static int[] group(double[][] keys, double tol) {
    int n = keys.length;
    int[] parent = new int[n];
    for (int j = 0; j < n; j++) parent[j] = keys[j] == null ? -1 : j;
    int dim = -1;
    for (double[] k : keys) if (k != null) dim = k.length;
    if (dim < 0) return parent;

    SplittableRandom rnd = new SplittableRandom(0x9e3779b97f4a7c15L);
    double[] r = new double[dim];
    double r1 = 0;
    for (int i = 0; i < dim; i++) {
      r[i] = 2 * rnd.nextDouble() - 1;
      r1 += Math.abs(r[i]);
    }
    // entries 2j (orientation +1) and 2j+1 (orientation -1)
    int live = 0;
    for (double[] k : keys) if (k != null) live++;
    double[] proj = new double[2 * live];
    int[] entry = new int[2 * live];
    int e = 0;
    for (int j = 0; j < n; j++) {
      if (keys[j] == null) continue;
      double s = 0;
      for (int i = 0; i < dim; i++) s += r[i] * keys[j][i];
      proj[e] = s;
      entry[e++] = 2 * j;
      proj[e] = -s;
      entry[e++] = 2 * j + 1;
    }
    Integer[] order = new Integer[e];
    for (int i = 0; i < e; i++) order[i] = i;
    Arrays.sort(order, (p, q) -> Double.compare(proj[p], proj[q]));
    // window: tolerance plus the rounding of the projections
    double window = (tol + 1e-14) * r1;
    for (int p = 0; p < e; p++) {
      int ep = order[p];
      for (int q = p + 1; q < e; q++) {
        int eq = order[q];
        if (proj[eq] - proj[ep] > window) break;
        int j = entry[ep] >> 1, k = entry[eq] >> 1;
        if (j == k) continue;
        int rj = find(parent, j), rk = find(parent, k);
        if (rj == rk) continue;
        double sign = ((entry[ep] & 1) == (entry[eq] & 1)) ? 1 : -1;
        if (close(keys[j], keys[k], sign, tol)) {
          if (rj < rk) parent[rk] = rj;
          else parent[rj] = rk;
        }
      }
    }
    int[] label = new int[n];
    for (int j = 0; j < n; j++) label[j] = parent[j] < 0 ? -1 : find(parent, j);
    return label;
  }

  private static boolean close(double[] u, double[] v, double sign, double tol) {
    for (int i = 0; i < u.length; i++) if (Math.abs(u[i] - sign * v[i]) > tol) return false;
    return true;
  }

  private static int find(int[] parent, int j) {
    while (parent[j] != j) {
      parent[j] = parent[parent[j]];
      j = parent[j];
    }
    return j;
  }
}
