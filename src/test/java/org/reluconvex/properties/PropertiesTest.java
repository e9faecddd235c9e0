package org.reluconvex.properties;

import org.reluconvex.convexity.CheckOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.reluconvex.ReluConvex;
import org.reluconvex.convexity.Checks;
import org.reluconvex.convexity.Verdict;
import org.reluconvex.convexity.VerdictKind;
import org.reluconvex.convexity.Witness;
import org.reluconvex.network.Domain;
import org.reluconvex.network.ExactForward;
import org.reluconvex.network.Network;
import org.reluconvex.network.NetworkBuilder;
import org.reluconvex.network.RandomNetworks;

/** The properties beyond convexity on constructions whose answers are known by hand, with their twins. */
class PropertiesTest {
  private static final CheckOptions AUTO = CheckOptions.defaults().withThreads(1);
  private static final double TWIN = 0x1p-8;

  /** f(x, y) = relu(x - relu(y) + relu(y - 1)) + relu(-x) - eps relu(x - 0.5): convex in x for every y when eps = 0. */
  static Network picnnStyle(double eps) {
    return NetworkBuilder.of(2, 5, 2)
        .weights(1, 0, new double[][] {{0, 1}, {0, 1}, {1, 0}, {-1, 0}, {1, 0}})
        .bias(1, new double[] {0, -1, 0, 0, -0.5})
        .weights(2, 1, new double[][] {{-1, 1, 1, -1, 0}, {0, 0, 0, 1, 0}})
        .bias(2, new double[] {0, 0})
        .weights(3, 2, new double[][] {{1, 1}})
        .block(3, 1, new double[] {0, 0, 0, 0, -eps})
        .bias(3, new double[] {0})
        .build();
  }

  @Test
  void convexInXButNotInYNorJointly() {
    Network f = picnnStyle(0);
    Domain box = Domain.cube(2, -2, 2);
    for (Checks.Method m : new Checks.Method[] {Checks.Method.CELLS, Checks.Method.MILP, Checks.Method.AUTO}) {
      assertThat(ReluConvex.checkConvexIn(f, box, new int[] {0}, AUTO.withMethod(m)).kind()).as(m.name()).isEqualTo(VerdictKind.CONVEX);
      Verdict inY = ReluConvex.checkConvexIn(f, box, new int[] {1}, AUTO.withMethod(m));
      assertThat(inY.kind()).as(m.name()).isEqualTo(VerdictKind.NOT_CONVEX);
      assertMovesOnly(inY.witness(), 1);
      assertThat(inY.witness().verifies(f)).isTrue();
    }
    assertThat(ReluConvex.check(f, box).kind()).isEqualTo(VerdictKind.NOT_CONVEX);
  }

  @Test
  void theTwinWithASmallConcaveKinkInXIsCaught() {
    Network twin = picnnStyle(TWIN);
    Domain box = Domain.cube(2, -2, 2);
    for (Checks.Method m : new Checks.Method[] {Checks.Method.CELLS, Checks.Method.MILP}) {
      Verdict v = ReluConvex.checkConvexIn(twin, box, new int[] {0}, AUTO.withMethod(m));
      assertThat(v.kind()).as(m.name()).isEqualTo(VerdictKind.NOT_CONVEX);
      assertMovesOnly(v.witness(), 0);
      assertThat(v.witness().verifies(twin)).isTrue();
    }
  }

  private static void assertMovesOnly(Witness w, int input) {
    for (int c = 0; c < w.a().length; c++) if (c != input) assertThat(w.a()[c]).isEqualTo(w.b()[c]);
    assertThat(w.a()[input]).isNotEqualTo(w.b()[input]);
  }

  @Test
  void concaveIsConvexOfMinusF() {
    Network concave = NetworkBuilder.of(2, 2).weights(1, 0, new double[][] {{1, 0}, {0, 1}}).bias(1, new double[] {0, 0})
        .weights(2, 1, new double[][] {{-1, -2}}).bias(2, new double[] {3}).build();
    Domain box = Domain.cube(2, -1, 1);
    assertThat(ReluConvex.checkConcave(concave, box, AUTO).kind()).isEqualTo(VerdictKind.CONVEX);
    Verdict v = ReluConvex.checkConcave(concave.negated(), box, AUTO);
    assertThat(v.kind()).isEqualTo(VerdictKind.NOT_CONVEX);
    // the witness shows f((a+b)/2) < (f(a) + f(b))/2 for f itself
    assertThat(Witness.exactExcess(concave.negated(), v.witness().a(), v.witness().b()).signum()).isNegative();
  }

  /** sum of relu of non-negative combinations, plus a -eps relu(x0 + 0.5) twin term. */
  static Network monotoneNet(double eps) {
    return NetworkBuilder.of(3, 3)
        .weights(1, 0, new double[][] {{1, 1, 0}, {1, 0, 0.5}, {1, 0, 0}})
        .bias(1, new double[] {-1, -0.25, 0.5})
        .weights(2, 1, new double[][] {{2, 1, -eps}})
        .bias(2, new double[] {0})
        .build();
  }

  @Test
  void monotoneWithNonNegativePathsAndNotWithItsTwin() {
    Domain box = Domain.cube(3, -1, 1);
    for (Checks.Method m : new Checks.Method[] {Checks.Method.CELLS, Checks.Method.MILP, Checks.Method.AUTO}) {
      MonotoneVerdict ok = ReluConvex.monotone(monotoneNet(0), box, new int[] {0, 1, 2}, new int[0], AUTO.withMethod(m));
      assertThat(ok.kind()).as(m.name()).isEqualTo(MonotoneVerdict.Kind.MONOTONE);
      MonotoneVerdict twin = ReluConvex.monotone(monotoneNet(TWIN), box, new int[] {0}, new int[0], AUTO.withMethod(m));
      assertThat(twin.kind()).as(m.name()).isEqualTo(MonotoneVerdict.Kind.NOT_MONOTONE);
      MonotoneWitness w = twin.witness();
      assertThat(w.input()).isZero();
      assertThat(w.verifies(monotoneNet(TWIN))).isTrue();
      assertThat(ExactForward.eval(monotoneNet(TWIN), w.b()).compareTo(ExactForward.eval(monotoneNet(TWIN), w.a()))).isNegative();
      // in x1 the twin is still non-decreasing, and it is not non-increasing in x2
      assertThat(ReluConvex.monotone(monotoneNet(TWIN), box, new int[] {1}, new int[0], AUTO.withMethod(m)).kind()).isEqualTo(MonotoneVerdict.Kind.MONOTONE);
      assertThat(ReluConvex.monotone(monotoneNet(TWIN), box, new int[0], new int[] {2}, AUTO.withMethod(m)).kind()).isEqualTo(MonotoneVerdict.Kind.NOT_MONOTONE);
    }
  }

  @Test
  void aCellWalkLargerThanTheMemoryLimitIsRefusedEarly() {
    Network big = RandomNetworks.mlp(4, new int[] {40, 40, 40}, 3);
    Domain box = Domain.cube(4, -1, 1);
    assertThatThrownBy(() -> ReluConvex.lipschitz(big, box, Norm.INF, AUTO.withMethod(Checks.Method.CELLS).withMaxMemory(1 << 17)))
        .isInstanceOf(org.reluconvex.complex.ResourceLimitException.class).hasMessageContaining("cell walk");
  }

  @Test
  void badInputsAreRefusedInWords() {
    Network f = monotoneNet(0);
    Domain box = Domain.cube(3, -1, 1);
    assertThatThrownBy(() -> ReluConvex.monotone(f, box, new int[] {3}, new int[0], AUTO)).hasMessageContaining("input 3 does not exist");
    assertThatThrownBy(() -> ReluConvex.monotone(f, box, new int[] {1}, new int[] {1}, AUTO)).hasMessageContaining("both increasing and decreasing");
    assertThatThrownBy(() -> ReluConvex.checkConvexIn(f, box, new int[0], AUTO)).hasMessageContaining("at least one input");
    assertThatThrownBy(() -> ReluConvex.lipschitz(f, box, Norm.INF, AUTO.withMethod(Checks.Method.ONELAYER))).hasMessageContaining("auto, cells and milp");
  }

  /** f = relu(x) - relu(y) on [-1, 1]^2: gradients (0,0), (1,0), (0,-1), (1,-1). */
  @Test
  void lipschitzConstantsByHand() {
    Network f = NetworkBuilder.of(2, 2).weights(1, 0, new double[][] {{1, 0}, {0, 1}}).bias(1, new double[] {0, 0})
        .weights(2, 1, new double[][] {{1, -1}}).bias(2, new double[] {0}).build();
    Domain box = Domain.cube(2, -1, 1);
    for (Checks.Method m : new Checks.Method[] {Checks.Method.CELLS, Checks.Method.MILP}) {
      assertThat(ReluConvex.lipschitz(f, box, Norm.INF, AUTO.withMethod(m)).lipschitz()).as(m.name()).isEqualTo(2.0);
      assertThat(ReluConvex.lipschitz(f, box, Norm.ONE, AUTO.withMethod(m)).lipschitz()).as(m.name()).isEqualTo(1.0);
    }
    LipschitzResult two = ReluConvex.lipschitz(f, box, Norm.TWO, AUTO.withMethod(Checks.Method.CELLS));
    assertThat(two.exact()).isTrue();
    assertThat(two.lipschitz()).isEqualTo(Math.sqrt(2));
    assertThat(two.gradient()).containsExactly(1.0, -1.0);
    assertThat(two.point()[0]).isPositive();
    assertThat(two.point()[1]).isPositive();
  }

  /**
   * f = relu(2^30 x) - relu(2^30 x - 1) + relu(x - 0.5) on [-1, 1]: a cell (0, 2^-30) too thin for a
   * confirmed interior point carries the gradient 2^30. No method may call the constant 1 exact.
   */
  @Test
  void aThinCellOfLargeGradientIsNeverOutvotedByAConfirmedSmallerOne() {
    Network f = NetworkBuilder.of(1, 3).weights(1, 0, new double[][] {{0x1p30}, {0x1p30}, {1}}).bias(1, new double[] {0, -1, -0.5})
        .weights(2, 1, new double[][] {{1, -1, 1}}).bias(2, new double[] {0}).build();
    Domain box = Domain.cube(1, -1, 1);
    for (Checks.Method m : new Checks.Method[] {Checks.Method.CELLS, Checks.Method.MILP, Checks.Method.AUTO}) {
      LipschitzResult r = ReluConvex.lipschitz(f, box, Norm.INF, AUTO.withMethod(m));
      if (r.exact()) assertThat(r.lipschitz()).as(m.name()).isEqualTo(0x1p30);
      else assertThat(r.upper()).as(m.name() + ": " + r.reason()).isGreaterThanOrEqualTo(0x1p30);
      assertThat(r.lower()).isLessThanOrEqualTo(0x1p30);
    }
  }

  @Test
  void cellsAndProgramsAgreeOnRandomNetworks() {
    SplittableRandom rnd = new SplittableRandom(7);
    for (int t = 0; t < 6; t++) {
      int d = 2 + t % 2;
      Network net = RandomNetworks.mlp(d, new int[] {6, 5}, 100 + t);
      Domain box = Domain.cube(d, -1, 1);
      for (Norm norm : new Norm[] {Norm.INF, Norm.ONE}) {
        LipschitzResult cells = ReluConvex.lipschitz(net, box, norm, AUTO.withMethod(Checks.Method.CELLS));
        LipschitzResult milp = ReluConvex.lipschitz(net, box, norm, AUTO.withMethod(Checks.Method.MILP));
        assertThat(cells.exact()).isTrue();
        assertThat(milp.lipschitz()).as("seed %d norm %s", 100 + t, norm).isCloseTo(cells.lipschitz(), org.assertj.core.data.Offset.offset(1e-9 * cells.lipschitz()));
        // no gradient seen at random points exceeds it
        for (int k = 0; k < 200; k++) {
          double[] x = new double[d];
          for (int c = 0; c < d; c++) x[c] = -1 + 2 * rnd.nextDouble();
          BigDecimal[] g = org.reluconvex.pathlift.Gains.exactAll(net, org.reluconvex.network.ActivationPattern.at(net, x))[0];
          assertThat(norm.value(norm.exactKey(g))).isLessThanOrEqualTo(cells.lipschitz());
        }
      }
      RangeResult vertices = ReluConvex.range(net, box, AUTO.withMethod(Checks.Method.SKELETON));
      RangeResult programs = ReluConvex.range(net, box, AUTO.withMethod(Checks.Method.MILP));
      assertThat(vertices.exact()).isTrue();
      double tol = 1e-9 * Math.max(1, Math.abs(vertices.max()) + Math.abs(vertices.min()));
      assertThat(programs.max()).isCloseTo(vertices.max(), org.assertj.core.data.Offset.offset(tol));
      assertThat(programs.min()).isCloseTo(vertices.min(), org.assertj.core.data.Offset.offset(tol));
      assertThat(net.eval(vertices.argmax())).isCloseTo(vertices.max(), org.assertj.core.data.Offset.offset(tol));
      for (int k = 0; k < 500; k++) {
        double[] x = new double[d];
        for (int c = 0; c < d; c++) x[c] = -1 + 2 * rnd.nextDouble();
        assertThat(net.eval(x)).isBetween(vertices.min() - tol, vertices.max() + tol);
      }
    }
  }
}
