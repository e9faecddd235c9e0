package org.reluconvex.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.reluconvex.convexity.Checks;
import org.reluconvex.convexity.MilpChecker;
import org.reluconvex.network.ActivationPattern;
import org.reluconvex.network.Domain;
import org.reluconvex.network.ExactForward;
import org.reluconvex.network.Network;
import org.reluconvex.network.NetworkBuilder;
import org.reluconvex.network.NeuronId;
import org.reluconvex.pathlift.GainConstraint;
import org.reluconvex.pathlift.Gains;
import org.reluconvex.precision.PrecisionPolicy;
import org.reluconvex.properties.MonotoneVerdict;
import org.reluconvex.properties.Monotonicity;

/** Training toward monotonicity: input-node gains, their gradient, the sign conditions, certified runs. */
class MonotoneTrainingTest {
  private static final Monotonicity MONOTONICITY = new Monotonicity(PrecisionPolicy.DEFAULT, MilpChecker.Settings.defaults());

  /** Constraints on input nodes under random full patterns, for inputs whose sign is not 0. */
  private static List<GainConstraint> inputConstraints(ParameterLayout layout, int[] signs, int n, SplittableRandom rnd) {
    List<GainConstraint> out = new ArrayList<>();
    int k = layout.hiddenLayers();
    while (out.size() < n) {
      int i = rnd.nextInt(layout.inputDim());
      if (signs[i] == 0) continue;
      boolean[][] a = new boolean[k + 1][];
      for (int m = 1; m <= k; m++) {
        a[m] = new boolean[layout.width(m)];
        for (int j = 0; j < a[m].length; j++) a[m][j] = rnd.nextDouble() < 0.7;
      }
      out.add(new GainConstraint(new NeuronId(0, i), new ActivationPattern(a)));
    }
    return out;
  }

  @Test
  void anInputNodesGainIsTheExactPartialDerivativeOnTheCellTimesItsSign() {
    for (boolean skip : new boolean[] {false, true}) {
      ParameterLayout layout = new ParameterLayout(3, new int[] {4, 5, 3}, skip);
      SplittableRandom rnd = new SplittableRandom(skip ? 5 : 6);
      double[] theta = layout.initial(rnd);
      Network net = layout.network(theta);
      int[] signs = {1, -1, 0};
      GainRegularizer reg = new GainRegularizer(layout, signs);
      reg.setConstraints(inputConstraints(layout, signs, 30, rnd));
      double r = 0;
      for (int c = 0; c < reg.constraintCount(); c++) {
        GainConstraint gc = reg.constraint(c);
        int i = gc.neuron().index();
        BigDecimal exact = Gains.exactAll(net, gc.pattern())[0][i]; // df/dx_i on the cell, in exact arithmetic
        double expected = signs[i] * exact.doubleValue();
        assertThat(reg.gain(theta, c)).as("constraint %d", c).isCloseTo(expected, within(1e-12 * (1 + Math.abs(expected))));
        r += Math.max(0, -expected);
      }
      assertThat(r).isPositive();
      assertThat(reg.value(theta)).isCloseTo(r, within(1e-12));
    }
  }

  @Test
  void theGradientOfInputNodeConstraintsMatchesCentralDifferencesSkipsIncluded() {
    for (boolean skip : new boolean[] {false, true}) {
      ParameterLayout layout = new ParameterLayout(2, new int[] {4, 5}, skip);
      SplittableRandom rnd = new SplittableRandom(skip ? 41 : 42);
      double[] theta = layout.initial(rnd);
      int[] signs = {-1, 1};
      GainRegularizer single = new GainRegularizer(layout, signs);
      List<GainConstraint> cs = new ArrayList<>();
      for (GainConstraint c : inputConstraints(layout, signs, 60, rnd)) { // away from the kink of max(0, -g)
        single.setConstraints(List.of(c));
        if (Math.abs(single.gain(theta, 0)) > 1e-3) cs.add(c);
      }
      GainRegularizer reg = new GainRegularizer(layout, signs);
      reg.setConstraints(cs);
      double[] grad = new double[layout.size()];
      double scale = 0.6;
      assertThat(reg.valueAndGradient(theta, scale, grad)).isPositive();
      double[] fd = GainRegularizerTest.centralDifferences(reg, theta, scale);
      for (int p = 0; p < theta.length; p++) assertThat(grad[p]).as("parameter %d", p).isCloseTo(fd[p], within(1e-6));
      // paths from an input start in W_1 (and in the skips): those weights now enter the gains
      boolean firstLayer = false, skips = false;
      for (int p = layout.chainOffset(1); p < layout.chainOffset(2); p++) firstLayer |= grad[p] != 0;
      for (int l = 2; l <= layout.outputLayer(); l++)
        if (layout.skipOffset(l) >= 0)
          for (int p = layout.skipOffset(l); p < layout.biasOffset(l); p++) skips |= grad[p] != 0;
      assertThat(firstLayer).isTrue();
      assertThat(skips).isEqualTo(skip);
    }
  }

  @Test
  void constraintsOnInputsWithoutASignAreRefused() {
    ParameterLayout layout = new ParameterLayout(2, new int[] {3}, false);
    GainRegularizer convexity = new GainRegularizer(layout);
    boolean[][] a = {null, {true, true, true}};
    assertThatThrownBy(() -> convexity.setConstraints(List.of(new GainConstraint(new NeuronId(0, 1), new ActivationPattern(a)))))
        .hasMessageContaining("input 1");
    assertThatThrownBy(() -> new GainRegularizer(layout, new int[] {2, 0})).hasMessageContaining("-1, 0 or 1");
  }

  /** Any parameters that keep the sign conditions give a network whose paths from each asked input have its sign. */
  @Test
  void theSignConditionsMakeANetworkMonotoneAsAsked() {
    for (boolean skip : new boolean[] {false, true}) {
      ParameterLayout layout = new ParameterLayout(3, new int[] {5, 4}, skip);
      int[] signs = {1, -1, 0};
      int[] conditions = layout.signConditions(signs);
      SplittableRandom rnd = new SplittableRandom(skip ? 8 : 9);
      double[] theta = layout.initial(rnd);
      for (int p = 0; p < theta.length; p++) if (conditions[p] * theta[p] < 0) theta[p] = -theta[p];
      Network net = layout.network(theta);
      Domain box = Domain.cube(3, -2, 2);
      MonotoneVerdict v = MONOTONICITY.check(net, box, new int[] {0}, new int[] {1}, Checks.Method.AUTO);
      assertThat(v.kind()).isEqualTo(MonotoneVerdict.Kind.MONOTONE);
      assertThat(v.method()).isEqualTo("path-signs");
      // the free input really is free: its first-layer weights keep both signs
      long positive = 0, negative = 0;
      for (int j = 0; j < layout.width(1); j++) {
        double w = theta[layout.chainOffset(1) + j * 3 + 2];
        if (w > 0) positive++;
        if (w < 0) negative++;
      }
      assertThat(positive + negative).isEqualTo(layout.width(1));
      assertThat(net.isIcnn()).isTrue();
    }
  }

  /** x0 + x1 through two neurons, plus a bump relu(x0 - 0.5): non-decreasing in x0, never non-increasing. */
  private static Network rising() {
    return NetworkBuilder.of(2, 3)
        .weights(1, 0, new double[][] {{1, 0}, {0, 1}, {1, 0}})
        .bias(1, new double[] {1, 1, -0.5})
        .weights(2, 1, new double[][] {{1, 1, 2}})
        .build();
  }

  private static TrainingResult trainDecreasingIn0(Certification policy, double lr, int epochs) {
    Domain box = Domain.cube(2, -1, 1);
    Dataset data = Dataset.sample(rising(), box, 1500, new SplittableRandom(3));
    TrainingConfig config = TrainingConfig.defaults(new int[] {4, 4}, TrainingMode.REGULARIZED).withEpochs(epochs).withBox(box)
        .withLearningRate(lr).withSeed(5).withCertification(policy);
    int[] signs = {-1, 0};
    return new Trainer().withInputSigns(signs)
        .withConstraints((n, b) -> Monotonicity.constraints(n, b, new int[] {0}, 4096))
        .withCertifier(Certifier.monotone(MONOTONICITY, new int[0], new int[] {0}, Checks.Method.AUTO))
        .train(config, data);
  }

  /** Asked for the opposite of the data (f falls in x0, the target rises), a run still ends certified. */
  @Test
  void aRegularizedRunEndsCertifiedMonotoneAndBothMethodsAgree() {
    TrainingResult r = trainDecreasingIn0(Certification.STANDARD, 1e-2, 4);
    CertificationResult c = r.certification();
    assertThat(c.certified()).as(c.toString()).isTrue();
    assertThat(c.verdict().label()).isEqualTo("monotone");
    assertThat(c.rounds().get(0).verdict().label()).isEqualTo("not_monotone"); // the data pull the other way
    assertThat(c.rounds().get(0).verdict().witness()).contains("should not rise in x0");
    Network net = r.network();
    Domain box = Domain.cube(2, -1, 1);
    for (Checks.Method m : new Checks.Method[] {Checks.Method.CELLS, Checks.Method.MILP})
      assertThat(MONOTONICITY.check(net, box, new int[0], new int[] {0}, m).kind()).as(m.name()).isEqualTo(MonotoneVerdict.Kind.MONOTONE);
    // and on a grid, exactly: f never rises along x0
    for (int j = 0; j <= 20; j++) {
      double y = -1 + j / 10.0;
      BigDecimal before = null;
      for (int i = 0; i <= 40; i++) {
        BigDecimal f = ExactForward.eval(net, new double[] {-1 + i / 20.0, y});
        if (before != null) assertThat(f.compareTo(before)).as("x0 = %s, x1 = %s", -1 + i / 20.0, y).isLessThanOrEqualTo(0);
        before = f;
      }
    }
    // same seed, same network
    assertThat(trainDecreasingIn0(Certification.STANDARD, 1e-2, 4).network()).isEqualTo(net);
  }

  /** Rounds of tiny steps cannot undo the trend: the repair locks signs until every path from x0 is non-positive. */
  @Test
  void theRepairEndsAtTheLatestAtTheSignConditions() {
    TrainingResult r = trainDecreasingIn0(Certification.STANDARD.withRounds(1).withStepsPerRound(1).withPolish(0), 1e-7, 2);
    CertificationResult c = r.certification();
    assertThat(c.certified()).isTrue();
    assertThat(c.zeroedWeights()).isPositive();
    assertThat(c.rounds().get(c.rounds().size() - 1).verdict().label()).isEqualTo("monotone");
    assertThat(MONOTONICITY.check(r.network(), Domain.cube(2, -1, 1), new int[0], new int[] {0}, Checks.Method.CELLS).isMonotone())
        .isTrue();
  }
}
