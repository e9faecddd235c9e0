package org.reluconvex.complex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;

class MarginLpTest {

  /** The same program through ojAlgo's modelling layer (which handles free variables), as an oracle. */
  static double oracle(int d, double[] nr, double[] off, int m, boolean[] use, int eq, double cap) {
    ExpressionsBasedModel model = new ExpressionsBasedModel();
    Variable[] x = new Variable[d];
    for (int i = 0; i < d; i++) x[i] = model.addVariable("x" + i);
    Variable t = model.addVariable("t").upper(cap).weight(1);
    for (int k = 0; k < m; k++) {
      if (!use[k] || k == eq) continue;
      Expression e = model.addExpression("r" + k).lower(-off[k]);
      for (int i = 0; i < d; i++) e.set(x[i], nr[k * d + i]);
      e.set(t, -1);
    }
    if (eq >= 0) {
      Expression e = model.addExpression("eq").level(-off[eq]);
      for (int i = 0; i < d; i++) e.set(x[i], nr[eq * d + i]);
    }
    Optimisation.Result r = model.maximise();
    assertThat(r.getState().isOptimal()).isTrue();
    return r.getValue();
  }

  @Property(tries = 100, seed = "20261126")
  void matchesOjAlgoOnRandomPrograms(
      @ForAll @IntRange(min = 1, max = 4) int d,
      @ForAll @IntRange(min = 1, max = 30) int m,
      @ForAll @IntRange(min = 0, max = 1_000_000) int seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] nr = new double[m * d], off = new double[m];
    for (int k = 0; k < m; k++) {
      // some duplicated rows and some through a common point, as degenerate networks produce
      if (k > 0 && r.nextInt(5) == 0) {
        int src = r.nextInt(k);
        System.arraycopy(nr, src * d, nr, k * d, d);
        off[k] = off[src];
        continue;
      }
      double norm = 0;
      for (int i = 0; i < d; i++) {
        nr[k * d + i] = r.nextGaussian();
        norm += nr[k * d + i] * nr[k * d + i];
      }
      norm = Math.sqrt(norm);
      for (int i = 0; i < d; i++) nr[k * d + i] /= norm;
      off[k] = r.nextInt(3) == 0 ? 0 : r.nextDouble(-2, 2);
    }
    boolean[] use = new boolean[m];
    java.util.Arrays.fill(use, true);
    int eq = m > 1 && r.nextBoolean() ? r.nextInt(m) : -1;
    double cap = 3;
    MarginLp.Result mine = MarginLp.maximise(d, nr, off, m, use, eq, cap);
    double expected = oracle(d, nr, off, m, use, eq, cap);
    assertThat(mine.margin()).isCloseTo(expected, within(1e-7));
  }

  @Test
  void squareCentreAndFacet() {
    // the square [0, 2]^2: rows x >= 0, 2 - x >= 0, y >= 0, 2 - y >= 0
    double[] nr = {1, 0, -1, 0, 0, 1, 0, -1};
    double[] off = {0, 2, 0, 2};
    boolean[] use = {true, true, true, true};
    MarginLp.Result c = MarginLp.maximise(2, nr, off, 4, use, -1, 10);
    assertThat(c.margin()).isCloseTo(1, within(1e-12));
    assertThat(c.x()).containsExactly(new double[] {1, 1}, within(1e-12));
    MarginLp.Result f = MarginLp.maximise(2, nr, off, 4, use, 0, 10); // facet x = 0
    assertThat(f.margin()).isCloseTo(1, within(1e-12));
    assertThat(f.x()[0]).isCloseTo(0, within(1e-12));
    assertThat(f.x()[1]).isCloseTo(1, within(1e-12));
    // the line x = 3 misses the square: negative margin
    double[] nr2 = {1, 0, -1, 0, 0, 1, 0, -1, 1, 0};
    double[] off2 = {0, 2, 0, 2, -3};
    MarginLp.Result miss = MarginLp.maximise(2, nr2, off2, 5, new boolean[] {true, true, true, true, true}, 4, 10);
    assertThat(miss.margin()).isNegative();
  }
}
