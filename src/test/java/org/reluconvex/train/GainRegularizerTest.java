package org.reluconvex.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.reluconvex.network.Domain;
import org.reluconvex.convexity.GainConstraints;
import org.reluconvex.network.ActivationPattern;
import org.reluconvex.network.Network;
import org.reluconvex.network.NeuronId;
import org.reluconvex.network.RandomNetworks;
import org.reluconvex.pathlift.GainConstraint;
import org.reluconvex.pathlift.Gains;

class GainRegularizerTest {

  @Test
  void gainsAgreeWithThePathLiftGains() {
    for (boolean skip : new boolean[] {false, true}) {
      ParameterLayout layout = new ParameterLayout(2, new int[] {4, 5, 3}, skip);
      SplittableRandom rnd = new SplittableRandom(skip ? 3 : 4);
      double[] theta = layout.initial(rnd);
      Network net = layout.network(theta);
      List<GainConstraint> cs = randomConstraints(layout, 40, rnd);
      GainRegularizer reg = new GainRegularizer(layout);
      reg.setConstraints(cs);
      double r = 0;
      for (int c = 0; c < cs.size(); c++) {
        NeuronId nu = reg.constraint(c).neuron();
        double expected = Gains.gain(net, nu.layer(), nu.index(), reg.constraint(c).pattern());
        assertThat(reg.gain(theta, c)).isCloseTo(expected, within(1e-12));
        r += Math.max(0, -expected);
      }
      assertThat(r).isPositive();
      assertThat(reg.constraintCount()).isEqualTo(cs.size());
      assertThat(reg.value(theta)).isCloseTo(r, within(1e-12));
    }
  }

  @Test
  void gradientMatchesCentralDifferences() {
    for (boolean skip : new boolean[] {false, true}) {
      ParameterLayout layout = new ParameterLayout(2, new int[] {4, 5, 3}, skip);
      SplittableRandom rnd = new SplittableRandom(skip ? 21 : 22);
      double[] theta = layout.initial(rnd);
      GainRegularizer reg = new GainRegularizer(layout);
      List<GainConstraint> cs = new ArrayList<>();
      // keep only constraints whose gain is away from the kink of max(0, -g)
      GainRegularizer single = new GainRegularizer(layout);
      for (GainConstraint c : randomConstraints(layout, 60, rnd)) {
        single.setConstraints(List.of(c));
        if (Math.abs(single.gain(theta, 0)) > 1e-3) cs.add(c);
      }
      reg.setConstraints(cs);
      double[] grad = new double[layout.size()];
      double scale = 0.7;
      double value = reg.valueAndGradient(theta, scale, grad);
      assertThat(value).isPositive().isCloseTo(reg.value(theta), within(1e-12));
      double[] fd = centralDifferences(reg, theta, scale);
      assertThat(DataTermTest.relativeError(grad, fd)).isLessThan(1e-5);
      for (int p = 0; p < theta.length; p++) assertThat(grad[p]).as("parameter %d", p).isCloseTo(fd[p], within(1e-6));
      // the first-layer weights, the skips and the biases never enter a gain
      for (int p = layout.chainOffset(1); p < layout.chainOffset(2); p++) assertThat(grad[p]).isZero();
    }
  }

  @Test
  void marginVersionPenalisesGainsBelowTheMarginWithTheSameGradient() {
    ParameterLayout layout = new ParameterLayout(2, new int[] {4, 6}, true);
    SplittableRandom rnd = new SplittableRandom(31);
    double[] theta = layout.initial(rnd);
    double margin = 0.05;
    GainRegularizer single = new GainRegularizer(layout);
    List<GainConstraint> cs = new ArrayList<>();
    double expected = 0;
    for (GainConstraint c : randomConstraints(layout, 40, rnd)) {
      single.setConstraints(List.of(c));
      double g = single.gain(theta, 0);
      if (Math.abs(g - margin) < 1e-3) continue;
      cs.add(c);
      expected += Math.max(0, margin - g);
    }
    GainRegularizer reg = new GainRegularizer(layout);
    reg.setConstraints(cs);
    double[] grad = new double[layout.size()];
    assertThat(reg.valueAndGradient(theta, 1, margin, grad)).isCloseTo(expected, within(1e-12)).isGreaterThan(reg.value(theta));
    double h = 1e-6;
    double[] fd = new double[layout.size()];
    double[] scratch = new double[layout.size()];
    for (int p = 0; p < theta.length; p++) {
      double keep = theta[p];
      theta[p] = keep + h;
      double up = reg.valueAndGradient(theta, 1, margin, scratch);
      theta[p] = keep - h;
      double down = reg.valueAndGradient(theta, 1, margin, scratch);
      theta[p] = keep;
      fd[p] = (up - down) / (2 * h);
    }
    assertThat(DataTermTest.relativeError(grad, fd)).isLessThan(1e-5);
  }

  @Test
  void vanishesOnIcnns() {
    Network icnn = RandomNetworks.icnn(2, new int[] {4, 8}, 9);
    ParameterLayout layout = ParameterLayout.of(icnn);
    GainRegularizer reg = new GainRegularizer(layout);
    reg.setConstraints(GainConstraints.collect(icnn, Domain.cube(2, -10, 10)));
    assertThat(reg.constraintCount()).isPositive();
    double[] grad = new double[layout.size()];
    assertThat(reg.valueAndGradient(layout.parametersOf(icnn), 1, grad)).isZero();
    assertThat(grad).containsOnly(0.0);
  }

  /** scale * dR/dtheta by central differences of R (step 1e-6), theta restored. */
  static double[] centralDifferences(GainRegularizer reg, double[] theta, double scale) {
    double h = 1e-6;
    double[] fd = new double[theta.length];
    for (int p = 0; p < theta.length; p++) {
      double keep = theta[p];
      theta[p] = keep + h;
      double up = reg.value(theta);
      theta[p] = keep - h;
      double down = reg.value(theta);
      theta[p] = keep;
      fd[p] = scale * (up - down) / (2 * h);
    }
    return fd;
  }

  static List<GainConstraint> randomConstraints(ParameterLayout layout, int n, SplittableRandom rnd) {
    List<GainConstraint> out = new ArrayList<>();
    int k = layout.hiddenLayers();
    for (int c = 0; c < n; c++) {
      int l = 1 + rnd.nextInt(k);
      int i = rnd.nextInt(layout.width(l));
      boolean[][] a = new boolean[k + 1][];
      for (int m = 1; m <= k; m++) {
        a[m] = new boolean[layout.width(m)];
        for (int j = 0; j < a[m].length; j++) a[m][j] = m > l && rnd.nextDouble() < 0.7;
      }
      out.add(new GainConstraint(new NeuronId(l, i), new ActivationPattern(a)));
    }
    return out;
  }
}
