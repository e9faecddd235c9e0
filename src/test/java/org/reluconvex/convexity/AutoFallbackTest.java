package org.reluconvex.convexity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.reluconvex.network.Domain;
import org.reluconvex.complex.ResourceLimitException;
import org.reluconvex.network.Examples;
import org.reluconvex.network.Network;
import org.reluconvex.network.RandomNetworks;
import org.reluconvex.precision.PrecisionPolicy;

/** {@code auto} answers with the cell walk when the skeleton fails internally, and names the failure. */
class AutoFallbackTest {
  /** auto on the box, with the skeleton it runs first replaced by one that fails (for this call only). */
  private static Verdict auto(Network net, Domain box, ConvexityChecker skeleton) {
    return Checks.check(net, box, CheckOptions.defaults(), skeleton);
  }

  private static ConvexityChecker failing(RuntimeException e) {
    return new ConvexityChecker() {
      @Override
      public String name() { return "skeleton"; }

      @Override
      public Verdict check(Network net, Domain domain) { throw e; }
    };
  }

  @Test
  void anInternalFailureOfTheSkeletonFallsBackToCells() {
    ConvexityChecker broken = failing(new NullPointerException("simulated"));
    Domain box = Domain.cube(2, -2, 2);
    Verdict convex = auto(Examples.nonIcnnWeights(), box, broken);
    assertThat(convex.kind()).isEqualTo(VerdictKind.CONVEX);
    assertThat(convex.method()).isEqualTo("cells");
    assertThat(convex.reason()).contains("skeleton failed").contains("NullPointerException: simulated");
    Network net = RandomNetworks.mlp(2, new int[] {4, 4}, 3);
    Verdict expected = new CellEnumerationChecker().check(net, box);
    Verdict v = auto(net, box, broken);
    assertThat(v.kind()).isEqualTo(expected.kind());
    assertThat(v.reason()).contains("skeleton failed");
    // the replacement held for those calls alone: a check side by side runs the ordinary skeleton
    assertThat(String.valueOf(Checks.check(net, box, Checks.Method.AUTO).reason())).doesNotContain("skeleton failed");
  }

  /** A complex that does not fit is no internal failure: the cell walk, larger still, is skipped, and the programs decide. */
  @Test
  void aResourceLimitHandsOverToTheProgramsNotToTheCellWalk() {
    Verdict v = auto(Examples.nonIcnnWeights(), Domain.cube(2, -2, 2), failing(new ResourceLimitException(2L << 30, 1L << 30, null)));
    assertThat(v.kind()).isEqualTo(VerdictKind.CONVEX);
    assertThat(v.method()).isEqualTo("milp");
    assertThat(v.reason()).contains("the complex could not be built").contains("limit 1.0 GB");
  }

  /** A normal whose squares underflow is still a direction (it once failed as "normal must be non-zero", reported as bad input). */
  @Test
  void aKinkAcrossATinyNormalIsDecided() {
    Network net = Examples.nonIcnnWeights();
    double[] x = {0.5, 0};
    assertThat(Kink.across(net, x, new double[] {0, 1e-170})).isEqualTo(Kink.across(net, x, new double[] {0, 1}));
    // no direction, or one that overflowed: undecided (NaN), never a sign and never an exception
    assertThat(Kink.across(net, x, new double[] {0, 0})).isNaN();
    assertThat(Kink.across(net, x, new double[] {Double.POSITIVE_INFINITY, 1})).isNaN();
  }
}
