package org.reluconvex.convexity;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;
import org.reluconvex.testing.Draws;
import org.reluconvex.testing.Sampling;

/**
 * Properties of the skeleton check that an independent oracle can confirm: a convex verdict is
 * never contradicted by dense midpoint sampling, a not_convex verdict always carries a witness that
 * verifies inside the box.
 */
class SkeletonPropertiesTest {
  private final SkeletonChecker checker = new SkeletonChecker();

  private void assertHonest(Network net, Domain box, boolean allowUnknown) {
    Verdict v = checker.check(net, box);
    switch (v.kind()) {
      case CONVEX -> assertThat(Sampling.maxRelativeExcess(net, box, 4_000, 17)).as("sampled excess of a convex verdict").isLessThanOrEqualTo(1e-9);
      case NOT_CONVEX -> {
        assertThat(v.witness().verifies(net)).isTrue();
        assertThat(box.contains(v.witness().a()) && box.contains(v.witness().b())).isTrue();
      }
      case UNKNOWN -> assertThat(allowUnknown).as("unknown: " + v.reason()).isTrue();
    }
  }

  @Property(tries = 120, seed = "20261126")
  void nearIcnnDraws(@ForAll @IntRange(min = 1, max = 4) int d, @ForAll boolean skip,
      @ForAll @IntRange(min = 1, max = 3) int flips, @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
    int[] widths = d <= 2 ? new int[] {4, 5} : new int[] {3, 3, 2};
    assertHonest(Draws.mixed(d, widths, skip, flips, seed), Domain.cube(d, -10, 10), d >= 3);
  }

  @Property(tries = 120, seed = "20261127")
  void integerWeightsInThePlane(@ForAll boolean skip, @ForAll @IntRange(min = 1, max = 2) int range,
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
    assertHonest(Draws.integers(2, new int[] {3, 3}, skip, range, seed), Domain.cube(2, -3, 3), false);
  }

  @Property(tries = 60, seed = "20261128")
  void integerWeightsInSpace(@ForAll @IntRange(min = 1, max = 3) int d, @ForAll boolean skip,
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
    assertHonest(Draws.integers(d, new int[] {3, 2}, skip, 1, seed), Domain.cube(d, -2, 2), d >= 3);
  }
}
