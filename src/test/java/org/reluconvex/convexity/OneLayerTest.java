package org.reluconvex.convexity;

import org.reluconvex.convexity.CheckOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.reluconvex.network.Domain;
import org.reluconvex.icnn.OneLayerNets;
import org.reluconvex.network.Network;
import org.reluconvex.network.RandomNetworks;

class OneLayerTest {
  private final OneLayerChecker checker = new OneLayerChecker();

  private static Verdict checkWhole(Network net) {
    return new OneLayerChecker().check(net, Domain.whole(net.inputDim()));
  }

  private static void assertNotConvexWithWitness(Verdict v, Network net) {
    assertThat(v.kind()).isEqualTo(VerdictKind.NOT_CONVEX);
    assertThat(v.witness()).isNotNull();
    assertThat(v.witness().verifies(net)).isTrue();
    assertThat(v.witness().excess()).isPositive();
  }

  /** The closed form honours a precision policy asked for: its verdicts carry it, as every method's do. */
  @Test
  void aPrecisionPolicyReachesTheClosedForm() {
    org.reluconvex.precision.PrecisionPolicy strict = new org.reluconvex.precision.PrecisionPolicy("strict", 8.0, 1e-13, 20_000, 1e-4);
    Network net = org.reluconvex.network.RandomNetworks.mlp(2, new int[] {6}, 4);
    Verdict v = org.reluconvex.ReluConvex.check(net, Domain.cube(2, -1, 1), CheckOptions.defaults().withPrecision(strict));
    assertThat(v.method()).isEqualTo("onelayer");
    assertThat(v.precision()).isEqualTo(strict);
    assertThat(v.kind()).isEqualTo(new OneLayerChecker().check(net, Domain.cube(2, -1, 1)).kind());
  }

  @Test
  void singleReluIsConvexAndItsNegationIsNot() {
    Network relu = OneLayerNets.of(new double[][] {{1}}, new double[] {0}, new double[] {1}, null, 0);
    Network neg = OneLayerNets.of(new double[][] {{1}}, new double[] {0}, new double[] {-1}, null, 0);
    assertThat(checkWhole(relu).kind()).isEqualTo(VerdictKind.CONVEX);
    assertNotConvexWithWitness(checkWhole(neg), neg);
  }

  @Test
  void duplicatedNeuronsAddTheirKinks() {
    // 2 relu(t) - relu(t) = relu(t): convex although one gain is -1
    Network net = OneLayerNets.of(new double[][] {{1, 2}, {1, 2}}, new double[] {0.5, 0.5}, new double[] {2, -1}, null, 0);
    Verdict v = checkWhole(net);
    assertThat(v.kind()).isEqualTo(VerdictKind.CONVEX);
    assertThat(v.minGain()).isEqualTo(-1.0);
    assertThat(OneLayer.of(net).hyperplanes()).hasSize(1);
    assertThat(OneLayer.of(net).hyperplanes().get(0).kink()).isCloseTo(Math.sqrt(5), within(1e-12));
  }

  @Test
  void oppositeNeuronsAddTheirKinksToo() {
    // relu(t) + relu(-t) - 2 relu(t) = -t: affine, kink exactly zero
    Network flat = OneLayerNets.of(new double[][] {{1}, {-1}, {1}}, new double[] {0, 0, 0}, new double[] {1, 1, -2}, null, 0);
    assertThat(checkWhole(flat).kind()).isEqualTo(VerdictKind.CONVEX);
    assertThat(OneLayer.of(flat).hyperplanes().get(0).kinkSign()).isZero();
    // relu(t) + relu(-t) - 3 relu(t) = |t| - 3 relu(t): kink 2 - 3 = -1, not convex
    Network bad = OneLayerNets.of(new double[][] {{1}, {-1}, {1}}, new double[] {0, 0, 0}, new double[] {1, 1, -3}, null, 0);
    assertNotConvexWithWitness(checkWhole(bad), bad);
    // t = x + 1/8 written as relu(3t) + 12 relu(-t/4) - 8 relu(3t/4) = 3|t| - 6 relu(t) = -3t, with every
    // scale a double: exactly one hyperplane, kink exactly zero
    Network exact = OneLayerNets.of(new double[][] {{3}, {-0.25}, {0.75}}, new double[] {0.375, -0.03125, 0.09375},
        new double[] {1, 12, -8}, null, 0);
    assertThat(OneLayer.of(exact).hyperplanes()).hasSize(1);
    assertThat(OneLayer.of(exact).hyperplanes().get(0).kinkSign()).isZero();
    Verdict v = checkWhole(exact);
    assertThat(v.kind()).isEqualTo(VerdictKind.CONVEX);
    assertThat(v.reason()).contains("exactly zero");
    // the same with decimal scales: the double 0.3 is not 3 times the double 0.1, so these are three
    // distinct (very close) hyperplanes with kinks +1, +1, -2: not convex, never called convex
    Network rounded = OneLayerNets.of(new double[][] {{3}, {-0.1}, {0.7}}, new double[] {0.3, -0.01, 0.07},
        new double[] {1 / 3.0, 10, -2 / 0.7}, null, 0);
    assertThat(OneLayer.of(rounded).hyperplanes()).hasSize(3);
    Verdict r = checkWhole(rounded);
    assertThat(r.kind()).isNotEqualTo(VerdictKind.CONVEX);
    if (r.kind() == VerdictKind.NOT_CONVEX) assertThat(r.witness().verifies(rounded)).isTrue();
  }

  @Test
  void deadNeuronsAreConstants() {
    Network net = OneLayerNets.of(new double[][] {{0, 0}, {1, 0}}, new double[] {3, 0}, new double[] {-5, 1}, null, 0);
    OneLayer ol = OneLayer.of(net);
    assertThat(ol.isDead(0)).isTrue();
    assertThat(ol.hyperplanes()).hasSize(1);
    Verdict v = checkWhole(net);
    assertThat(v.kind()).isEqualTo(VerdictKind.CONVEX);
    assertThat(v.neurons().get(0).switches()).isFalse();
    assertThat(v.neurons().get(1).switches()).isTrue();
  }

  @Test
  void convexOnBoxButNotOnWholeSpace() {
    // relu(x1) - relu(x1 - 5): the bad hyperplane x1 = 5 lies outside [-1, 1]^2
    Network net = OneLayerNets.of(new double[][] {{1, 0}, {1, 0}}, new double[] {0, -5}, new double[] {1, -1}, new double[] {0, 1}, 0);
    assertThat(checker.check(net, Domain.cube(2, -1, 1)).kind()).isEqualTo(VerdictKind.CONVEX);
    Verdict whole = checkWhole(net);
    assertNotConvexWithWitness(whole, net);
    Verdict bigBox = checker.check(net, Domain.cube(2, -10, 10));
    assertNotConvexWithWitness(bigBox, net);
    assertThat(Domain.cube(2, -10, 10).contains(bigBox.witness().a())).isTrue();
    assertThat(Domain.cube(2, -10, 10).contains(bigBox.witness().b())).isTrue();
  }

  @Test
  void hyperplaneOnTheBoxBoundaryDoesNotMeetTheOpenBox() {
    // relu(x) - relu(x - 1) on [-1, 1]: the bad kink sits exactly on the boundary x = 1
    Network net = OneLayerNets.of(new double[][] {{1}, {1}}, new double[] {0, -1}, new double[] {1, -1}, null, 0);
    assertThat(checker.check(net, Domain.cube(1, -1, 1)).kind()).isEqualTo(VerdictKind.CONVEX);
    assertNotConvexWithWitness(checker.check(net, Domain.cube(1, -1, 1.5)), net);
    // 0.1 * 10 is not exactly 1 in doubles: the exact test decides on the stored values
    Network tenth = OneLayerNets.of(new double[][] {{0.1}, {0.1}}, new double[] {0, -0.1}, new double[] {1, -1}, null, 0);
    assertThat(checker.check(tenth, Domain.cube(1, -1, 1)).kind()).isIn(VerdictKind.CONVEX, VerdictKind.NOT_CONVEX);
  }

  @Test
  void noHiddenLayerMismatchIsUnknown() {
    Network deep = RandomNetworks.mlp(2, new int[] {3, 3}, 1);
    Verdict v = checker.check(deep, Domain.whole(2));
    assertThat(v.kind()).isEqualTo(VerdictKind.UNKNOWN);
    assertThat(v.reason()).contains("one hidden layer");
  }

  @Test
  void thousandDimensionsWithHundredsOfScaledCopies() {
    double[] kinks = new double[150];
    for (int h = 0; h < kinks.length; h++) kinks[h] = h % 3 == 0 ? 0.0 : 0.5 + h % 5;
    Network convex = OneLayerNets.withCopies(1000, kinks, 4, 11); // 600 neurons
    // thread CPU time: the machine is shared, wall time depends on the load
    java.lang.management.ThreadMXBean clock = java.lang.management.ManagementFactory.getThreadMXBean();
    long t0 = clock.getCurrentThreadCpuTime();
    Verdict v = checkWhole(convex);
    long ms = (clock.getCurrentThreadCpuTime() - t0) / 1_000_000;
    assertThat(v.kind()).isEqualTo(VerdictKind.CONVEX);
    assertThat(OneLayer.of(convex).hyperplanes()).hasSize(150);
    assertThat(ms).isLessThan(1000);

    kinks[77] = -0.25;
    Network bad = OneLayerNets.withCopies(1000, kinks, 4, 11);
    t0 = clock.getCurrentThreadCpuTime();
    Verdict w = checkWhole(bad);
    ms = (clock.getCurrentThreadCpuTime() - t0) / 1_000_000;
    assertNotConvexWithWitness(w, bad);
    assertThat(ms).isLessThan(1000);
    Verdict boxed = checker.check(bad, Domain.cube(1000, -1, 1));
    assertThat(boxed.kind()).isEqualTo(VerdictKind.NOT_CONVEX);
    assertThat(Domain.cube(1000, -1, 1).contains(boxed.witness().a())).isTrue();
  }

  @Test
  void randomOneLayerNetworksAgreeWithTheirOutputSigns() {
    // without copies every hyperplane has one neuron: convex on R^d iff every output weight >= 0
    for (long seed = 0; seed < 200; seed++) {
      Network net = RandomNetworks.skipMlp(1 + (int) (seed % 5), new int[] {1 + (int) (seed % 7)}, seed);
      boolean allNonNegative = true;
      for (double a : net.rawBlock(2, 1)) allNonNegative &= a >= 0;
      Verdict v = checkWhole(net);
      assertThat(v.kind()).isEqualTo(allNonNegative ? VerdictKind.CONVEX : VerdictKind.NOT_CONVEX);
      if (!allNonNegative) assertThat(v.witness().verifies(net)).isTrue();
    }
  }

  @Test
  void badHyperplaneClippingACornerOfAThousandDimensionalBox() {
    // -relu(sum x_i - 999.5) + relu(x_1): the bad kink only meets [0, 1]^1000 in a tiny corner simplex
    int d = 1000;
    double[][] w = new double[2][d];
    java.util.Arrays.fill(w[0], 1);
    w[1][0] = 1;
    Network net = OneLayerNets.of(w, new double[] {-999.5, 0}, new double[] {-1, 1}, null, 0);
    Domain cube = Domain.cube(d, 0, 1);
    Verdict v = checker.check(net, cube);
    assertNotConvexWithWitness(v, net);
    assertThat(cube.contains(v.witness().a()) && cube.contains(v.witness().b())).isTrue();
    assertThat(checker.check(net, Domain.cube(d, 0, 0.99)).kind()).isEqualTo(VerdictKind.CONVEX);
  }
}
