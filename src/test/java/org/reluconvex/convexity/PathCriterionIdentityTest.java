package org.reluconvex.convexity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.reluconvex.network.Domain;
import org.reluconvex.complex.EdgeSubdivision;
import org.reluconvex.complex.PolyhedralComplex;
import org.reluconvex.network.RandomNetworks;
import org.reluconvex.testing.Draws;

/**
 * A (neuron, pattern) pair is identified by its pattern, not by the pattern's hash: with the hash
 * weakened until every pair collides, the scan keeps every distinct pattern and evaluates its gain.
 */
class PathCriterionIdentityTest {
  private static PolyhedralComplex[] complexes() {
    return new PolyhedralComplex[] {
        EdgeSubdivision.build(RandomNetworks.mlp(2, new int[] {24, 20}, 5), Domain.cube(2, -100, 100)),
        EdgeSubdivision.build(RandomNetworks.mlp(2, new int[] {12, 10, 8}, 9), Domain.cube(2, -10, 10)),
        EdgeSubdivision.build(RandomNetworks.skipMlp(3, new int[] {6, 5, 4}, 6), Domain.cube(3, -5, 5)),
        EdgeSubdivision.build(Draws.mixed(2, new int[] {10, 12}, false, 2, 7), Domain.cube(2, -10, 10))};
  }

  @Test
  void collidingKeysKeepEveryPattern() {
    for (PolyhedralComplex cx : complexes()) {
      PathCriterion.Result full = PathCriterion.scan(cx, false, 1);
      int distinct = 0, most = 0;
      for (int p : full.patterns) {
        distinct += p;
        most = Math.max(most, p);
      }
      assertThat(most).as("some neuron sees several patterns").isGreaterThan(1);
      assertThat(distinct).isGreaterThan(full.patterns.length);
      for (long mask : new long[] {0L, 1L, 0xFL})
        for (int chunks : new int[] {1, 3}) PathCriterionChunksTest.assertSame(full, PathCriterion.scan(cx, false, chunks, mask));
    }
  }

  @Test
  void collidingKeysEvaluateEveryGain() {
    // with the constraints kept, every expansion of every distinct pair is listed once
    for (PolyhedralComplex cx : complexes()) {
      PathCriterion.Result full = PathCriterion.scan(cx, true, 1);
      PathCriterion.Result weak = PathCriterion.scan(cx, true, 1, 0L);
      assertThat(weak.constraints).hasSameSizeAs(full.constraints);
      for (int k = 0; k < full.constraints.size(); k++) {
        assertThat(weak.constraints.get(k).neuron()).isEqualTo(full.constraints.get(k).neuron());
        assertThat(weak.constraints.get(k).pattern()).isEqualTo(full.constraints.get(k).pattern());
      }
      PathCriterionChunksTest.assertSame(full, weak);
    }
  }
}
