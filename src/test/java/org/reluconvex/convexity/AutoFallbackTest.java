package org.reluconvex.convexity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.reluconvex.complex.Domain;
import org.reluconvex.network.Network;
import org.reluconvex.testing.Draws;
import org.reluconvex.testing.Sampling;

/** Where the skeleton cannot decide (d >= 3, neurons switching together), auto asks the cell walk. */
class AutoFallbackTest {
  @Test
  void autoDecidesWhatTheSkeletonLeavesUnknown() {
    int skeletonUnknown = 0, decided = 0;
    for (long seed = 0; seed < 400 && skeletonUnknown < 8; seed++) {
      Network net = Draws.integers(3, new int[] {3, 2}, seed % 2 == 0, 1, seed);
      Domain box = Domain.cube(3, -2, 2);
      if (new SkeletonChecker().check(net, box).kind() != VerdictKind.UNKNOWN) continue;
      skeletonUnknown++;
      Verdict v = Checks.check(net, box, Checks.Method.AUTO);
      assertThat(v.kind()).as("seed %d: %s", seed, v.reason()).isNotEqualTo(VerdictKind.UNKNOWN);
      assertThat(v.method()).startsWith("cells");
      if (v.isConvex()) assertThat(Sampling.looksConvex(net, box, 20_000, seed)).isTrue();
      else assertThat(v.witness().verifies(net)).isTrue();
      decided++;
    }
    assertThat(skeletonUnknown).as("integer-weight draws in d = 3 that the skeleton leaves unknown").isPositive();
    assertThat(decided).isEqualTo(skeletonUnknown);
  }
}
