package org.reluconvex.icnn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class HyperplaneGroupingTest {

  /** Keys of n neurons drawn from a few base hyperplanes, scaled by +-lambda, some with a tiny jitter. */
  static double[][] keys(int d, int n, int bases, SplittableRandom r) {
    double[][] w = new double[bases][d];
    double[] b = new double[bases];
    for (int k = 0; k < bases; k++) {
      for (int i = 0; i < d; i++) w[k][i] = r.nextInt(3) == 0 ? 0 : r.nextGaussian();
      w[k][r.nextInt(d)] += 1;
      b[k] = r.nextInt(4) == 0 ? 0 : r.nextGaussian() * Math.pow(10, r.nextInt(4));
    }
    double[][] keys = new double[n][];
    for (int j = 0; j < n; j++) {
      int k = r.nextInt(bases);
      double lambda = (r.nextBoolean() ? 1 : -1) * r.nextDouble(0.1, 10);
      double norm = 0;
      double[] v = new double[d];
      for (int i = 0; i < d; i++) {
        v[i] = lambda * w[k][i] * (r.nextInt(10) == 0 ? 1 + 1e-13 * r.nextGaussian() : 1);
        norm += v[i] * v[i];
      }
      norm = Math.sqrt(norm);
      double[] key = new double[d + 1];
      for (int i = 0; i < d; i++) key[i] = v[i] / norm;
      key[d] = HyperplaneGrouping.compress(lambda * b[k] / norm);
      keys[j] = key;
    }
    return keys;
  }

  /** Connected components of the closeness relation by brute force. */
  static int[] bruteForce(double[][] keys, double tol) {
    int n = keys.length;
    int[] label = new int[n];
    for (int j = 0; j < n; j++) label[j] = j;
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int j = 0; j < n; j++)
        for (int k = 0; k < n; k++) {
          if (label[k] >= label[j]) continue;
          boolean same = true, opposite = true;
          for (int i = 0; i < keys[j].length; i++) {
            same &= Math.abs(keys[j][i] - keys[k][i]) <= tol;
            opposite &= Math.abs(keys[j][i] + keys[k][i]) <= tol;
          }
          if (same || opposite) {
            label[j] = label[k];
            changed = true;
          }
        }
    }
    return label;
  }

  @Property(tries = 100, seed = "20261126")
  void sortedProjectionsFindTheSameGroupsAsAllPairs(
      @ForAll @IntRange(min = 1, max = 40) int d,
      @ForAll @IntRange(min = 1, max = 60) int n,
      @ForAll @IntRange(min = 1, max = 12) int bases,
      @ForAll @IntRange(min = 0, max = 1_000_000) int seed) {
    double[][] keys = keys(d, n, bases, new SplittableRandom(seed));
    assertThat(HyperplaneGrouping.group(keys, OneLayer.GROUPING_TOLERANCE)).containsExactly(bruteForce(keys, OneLayer.GROUPING_TOLERANCE));
  }

  @Test
  void compressionIsOddAndOneLipschitz() {
    assertThat(HyperplaneGrouping.compress(0.5)).isEqualTo(0.5);
    assertThat(HyperplaneGrouping.compress(-Math.E)).isEqualTo(-2.0);
    SplittableRandom r = new SplittableRandom(3);
    for (int k = 0; k < 10_000; k++) {
      double a = r.nextGaussian() * 100, b = r.nextGaussian() * 100;
      assertThat(Math.abs(HyperplaneGrouping.compress(a) - HyperplaneGrouping.compress(b))).isLessThanOrEqualTo(Math.abs(a - b) + 1e-12);
      assertThat(HyperplaneGrouping.compress(-a)).isEqualTo(-HyperplaneGrouping.compress(a));
    }
  }

  @Test
  void deadNeuronsHaveNoGroup() {
    double[][] keys = {null, {1, 0, 0.5}, {-1, 0, -0.5}, null};
    assertThat(HyperplaneGrouping.group(keys, 1e-9)).containsExactly(-1, 1, 1, -1);
  }
}
