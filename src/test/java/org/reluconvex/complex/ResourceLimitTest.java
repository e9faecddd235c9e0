package org.reluconvex.complex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.reluconvex.network.Domain;
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

  /**
   * With one hidden layer the estimate leaves nothing out: box corners, two boundary points per line
   * that meets the box and the crossings inside it, every pair counted, equal to the built complex.
   */
  @Test
  void planarEstimateIsExactForOneHiddenLayer() {
    for (int width : new int[] {1, 2, 7, 40, 150})
      for (int seed = 1; seed <= 4; seed++) {
        Network net = RandomNetworks.mlp(2, new int[] {width}, seed);
        for (Domain box : new Domain[] {Domain.cube(2, -100, 100), Domain.cube(2, -0.5, 0.5), Domain.box(new double[] {0.1, -3}, new double[] {2, 0.2})})
          assertThat(PlanarSizeEstimate.vertices(net, box)).as("width %d, seed %d, %s", width, seed, box)
              .isEqualTo(EdgeSubdivision.build(net, box).vertexCount());
      }
  }

  @Test
  void aComplexLargerThanTheLimitStopsBeforeBuilding() {
    Network net = RandomNetworks.mlp(2, new int[] {200, 200}, 1);
    assertThatThrownBy(() -> EdgeSubdivision.build(net, Domain.cube(2, -100, 100), BuildSettings.defaults().withMemory(1 << 20)))
        .isInstanceOf(ResourceLimitException.class).hasMessageContaining("limit 1.0 MB").hasMessageContaining("estimated before building");
  }

  /** In d = 3 there is no estimate: the arrays stop growing at the limit. */
  @Test
  void theBuildStopsWhereItsArraysWouldPassTheLimit() {
    Network net = RandomNetworks.mlp(3, new int[] {30, 30}, 1);
    assertThatThrownBy(() -> EdgeSubdivision.build(net, Domain.cube(3, -100, 100), BuildSettings.defaults().withMemory(1 << 20)))
        .isInstanceOf(ResourceLimitException.class).hasMessageContaining("limit 1.0 MB").hasMessageContaining("while building");
    assertThat(EdgeSubdivision.build(net, Domain.cube(3, -100, 100)).vertexCount()).isGreaterThan(1000);
  }

  /** A limit too small to share out is a resource limit (exit 5), not a wrong argument. */
  @Test
  void aLimitOfAFewBytesIsAResourceLimit() {
    Network net = RandomNetworks.mlp(3, new int[] {8, 8}, 1);
    Domain box = Domain.cube(3, -1, 1);
    assertThatThrownBy(() -> PieceRun.run(net, Pieces.grid(box, 2, 1, 1), BuildSettings.defaults().withMemory(3), (p, cx) -> 0))
        .isInstanceOf(ResourceLimitException.class);
    assertThatThrownBy(() -> Pieces.buildAll(net, Pieces.grid(box, 2, 1, 1), 2, BuildSettings.defaults().withMemory(1)))
        .isInstanceOf(ResourceLimitException.class);
  }
}
