package org.reluconvex.convexity;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class HyperplaneGroupingTest {

  /**
   * n rows drawn from a few base rows (w, b), each scaled by a factor that keeps it exact (+-2^k times
   * 1, 3 or 5 on bases with short mantissas), some perturbed by one ulp in one entry (a distinct
   * hyperplane that must stay apart), some dead.
   */
  static double[][] rows(int d, int n, int bases, SplittableRandom r) {
    double[][] base = new double[bases][d + 1];
    for (int k = 0; k < bases; k++) {
      for (int i = 0; i <= d; i++) base[k][i] = r.nextInt(3) == 0 ? 0 : Math.scalb((double) r.nextInt(-1000, 1000), r.nextInt(-30, 30));
      base[k][r.nextInt(d)] = Math.scalb(1.0 + r.nextInt(1 << 20), r.nextInt(-60, 60));
    }
    double[] odd = {1, 3, 5};
    double[][] rows = new double[n][];
    for (int j = 0; j < n; j++) {
      if (r.nextInt(15) == 0) {
        rows[j] = new double[d + 1];
        rows[j][d] = r.nextInt(-3, 3);
        continue;
      }
      double lambda = (r.nextBoolean() ? 1 : -1) * Math.scalb(odd[r.nextInt(3)], r.nextInt(-900, 900));
      double[] v = new double[d + 1];
      for (int i = 0; i <= d; i++) v[i] = lambda * base[j % bases][i];
      if (r.nextInt(8) == 0) {
        int i = r.nextInt(d + 1);
        v[i] = v[i] == 0 ? Double.MIN_VALUE : Math.nextUp(v[i]);
      }
      rows[j] = v;
    }
    return rows;
  }

  /** Labels by brute force: j and k are proportional iff every 2x2 cross product agrees, exactly. */
  static int[] bruteForce(double[][] rows, int d) {
    int n = rows.length;
    int[] label = new int[n];
    for (int j = 0; j < n; j++) {
      label[j] = -1;
      boolean dead = true;
      for (int i = 0; i < d; i++) dead &= rows[j][i] == 0;
      if (dead) continue;
      label[j] = j;
      for (int k = 0; k < j && label[j] == j; k++) if (label[k] == k && proportional(rows[k], rows[j])) label[j] = k;
    }
    return label;
  }

  private static boolean proportional(double[] u, double[] v) {
    for (int i = 0; i < u.length; i++)
      for (int l = i + 1; l < u.length; l++)
        if (new BigDecimal(u[i]).multiply(new BigDecimal(v[l])).compareTo(new BigDecimal(u[l]).multiply(new BigDecimal(v[i]))) != 0)
          return false;
    for (int i = 0; i < u.length; i++) if ((u[i] == 0) != (v[i] == 0)) return false;
    return true;
  }

  private static int[] group(double[][] rows, int d) {
    int n = rows.length;
    double[] w = new double[n * d], b = new double[n];
    for (int j = 0; j < n; j++) {
      System.arraycopy(rows[j], 0, w, j * d, d);
      b[j] = rows[j][d];
    }
    return HyperplaneGrouping.group(w, b, n, d);
  }

  @Property(tries = 200, seed = "20261126")
  void canonicalFormsFindExactlyTheProportionalRows(
      @ForAll @IntRange(min = 1, max = 12) int d,
      @ForAll @IntRange(min = 1, max = 40) int n,
      @ForAll @IntRange(min = 1, max = 8) int bases,
      @ForAll @IntRange(min = 0, max = 1_000_000) int seed) {
    double[][] rows = rows(d, n, bases, new SplittableRandom(seed));
    assertThat(group(rows, d)).containsExactly(bruteForce(rows, d));
  }

  @Test
  void nearlyEqualRowsStayApart() {
    double e = Math.scalb(1.0, -52);
    double[][] rows = {{1, 1, 1}, {1, 1 + e, 1}, {2, 2, 2}, {-0.5, -0.5, -0.5}, {1, 1, Math.nextUp(1.0)}, {3, 3, 3}, {0.1, 0.1, 0.1}};
    // 0.1 is not 1/10: (0.1, 0.1, 0.1) is still proportional to (1, 1, 1), all three entries equal
    assertThat(group(rows, 2)).containsExactly(0, 1, 0, 0, 4, 0, 0);
  }

  @Test
  void subnormalAndHugeEntriesAreExact() {
    double tiny = Double.MIN_VALUE, huge = Double.MAX_VALUE;
    double[][] rows = {{tiny, 2 * tiny, 0}, {1, 2, 0}, {Math.scalb(1.0, 1000), Math.scalb(1.0, 1001), 0}, {huge, huge, 0}, {1, 1, 0}, {-3 * tiny, -6 * tiny, 0}};
    assertThat(group(rows, 2)).containsExactly(0, 0, 0, 3, 3, 0);
  }

  @Test
  void deadNeuronsHaveNoGroup() {
    double[][] rows = {{0, 0, 1}, {1, 0, 0.5}, {-1, 0, -0.5}, {0, 0, 0}};
    assertThat(group(rows, 2)).containsExactly(-1, 1, 1, -1);
  }
}
