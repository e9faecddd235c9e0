package org.reluconvex.complex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.reluconvex.network.Network;
import org.reluconvex.network.RandomNetworks;

class ResourceLimitTest {
  /** The estimate leaves out later layers and second-layer crossings with each other: below the count, but not far below. */
  @Test
  void planarEstimateIsBelowTheVertexCountAndNearIt() {
    int[][] shapes = {{20, 20}, {60, 30}, {100, 100}, {150, 50, 20}, {200}};
    for (int[] widths : shapes)
      for (int seed = 1; seed <= 3; seed++) {
        Network net = RandomNetworks.mlp(2, widths, seed);
        Domain box = Domain.cube(2, -100, 100);
        long estimate = PlanarSizeEstimate.vertices(net, box);
        long actual = EdgeSubdivision.build(net, box).vertexCount();
        assertThat(estimate).as("%s", java.util.Arrays.toString(widths)).isLessThanOrEqualTo(actual + actual / 20);
        assertThat(estimate).isGreaterThan(actual / 3);
      }
  }

  @Test
  void aComplexLargerThanTheLimitStopsBeforeBuilding() {
    Network net = RandomNetworks.mlp(2, new int[] {200, 200}, 1);
    try (MemoryLimit.Scope s = MemoryLimit.set(1 << 20)) {
      assertThatThrownBy(() -> EdgeSubdivision.build(net, Domain.cube(2, -100, 100)))
          .isInstanceOf(ResourceLimitException.class).hasMessageContaining("limit 1.0 MB").hasMessageContaining("estimated before building");
    }
  }

  /** In d = 3 there is no estimate: the arrays stop growing at the limit. */
  @Test
  void theBuildStopsWhereItsArraysWouldPassTheLimit() {
    Network net = RandomNetworks.mlp(3, new int[] {30, 30}, 1);
    try (MemoryLimit.Scope s = MemoryLimit.set(1 << 20)) {
      assertThatThrownBy(() -> EdgeSubdivision.build(net, Domain.cube(3, -100, 100)))
          .isInstanceOf(ResourceLimitException.class).hasMessageContaining("limit 1.0 MB").hasMessageContaining("while building");
    }
    assertThat(EdgeSubdivision.build(net, Domain.cube(3, -100, 100)).vertexCount()).isGreaterThan(1000);
  }
}
