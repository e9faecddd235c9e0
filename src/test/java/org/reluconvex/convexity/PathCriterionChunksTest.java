package org.reluconvex.convexity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.reluconvex.network.Domain;
import org.reluconvex.complex.EdgeSubdivision;
import org.reluconvex.complex.PolyhedralComplex;
import org.reluconvex.network.RandomNetworks;
import org.reluconvex.testing.Draws;

/** The criterion scan gives the same result in one chunk and in many (so for any thread count). */
class PathCriterionChunksTest {
  /** The two scans found the same pairs, gains and failing pieces. */
  static void assertSame(PathCriterion.Result a, PathCriterion.Result b) {
    assertThat(b.switches).isEqualTo(a.switches);
    assertThat(b.patterns).isEqualTo(a.patterns);
    assertThat(b.minGain).isEqualTo(a.minGain);
    assertThat(b.minGainElement).isEqualTo(a.minGainElement);
    assertThat(b.failures()).isEqualTo(a.failures());
    assertThat(b.failingElementCount()).isEqualTo(a.failingElementCount());
    for (int k = 0; k < a.failingElementCount(); k++) {
      assertThat(b.failingElement(k)).isEqualTo(a.failingElement(k));
      assertThat(b.failingNeuron(k)).isEqualTo(a.failingNeuron(k));
    }
  }

  @Test
  void chunkingDoesNotChangeTheResult() {
    PolyhedralComplex[] complexes = {
        EdgeSubdivision.build(RandomNetworks.mlp(2, new int[] {24, 20}, 5), Domain.cube(2, -100, 100)),
        EdgeSubdivision.build(RandomNetworks.skipMlp(3, new int[] {6, 5, 4}, 6), Domain.cube(3, -5, 5)),
        EdgeSubdivision.build(Draws.mixed(2, new int[] {10, 12}, false, 2, 7), Domain.cube(2, -10, 10))};
    for (PolyhedralComplex cx : complexes) {
      PathCriterion.Result one = PathCriterion.scan(cx, false, 1);
      assertThat(one.patterns).isNotEmpty();
      for (int chunks : new int[] {2, 3, 7, 16}) assertSame(one, PathCriterion.scan(cx, false, chunks));
    }
  }
}
