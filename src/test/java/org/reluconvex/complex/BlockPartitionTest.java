package org.reluconvex.complex;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;
import org.reluconvex.network.RandomNetworks;

/**
 * A layer's neurons are cut in blocks whose size follows the memory the limit leaves; the complex
 * must not depend on it: the same vertices (bit for bit), activity bits, tight sets and edges.
 */
class BlockPartitionTest {
  private static void assertSame(PolyhedralComplex a, PolyhedralComplex b) {
    assertThat(b.vertexCount()).isEqualTo(a.vertexCount());
    assertThat(b.edgeCount()).isEqualTo(a.edgeCount());
    int d = a.dim(), words = a.bitWords();
    for (int v = 0; v < a.vertexCount(); v++) {
      for (int i = 0; i < d; i++)
        assertThat(Double.doubleToRawLongBits(b.coord(v, i))).as("vertex %d coordinate %d", v, i).isEqualTo(Double.doubleToRawLongBits(a.coord(v, i)));
      for (int q = 0; q < words; q++) assertThat(b.bitWord(v, q)).isEqualTo(a.bitWord(v, q));
      assertThat(b.vertexTight(v)).isEqualTo(a.vertexTight(v));
    }
    for (int e = 0; e < a.edgeCount(); e++) {
      assertThat(b.edgeStart(e)).isEqualTo(a.edgeStart(e));
      assertThat(b.edgeEnd(e)).isEqualTo(a.edgeEnd(e));
    }
  }

  @Test
  void theComplexIsTheSameForAnyBlockSize() {
    for (int seed = 1; seed <= 3; seed++) {
      Network net = RandomNetworks.mlp(3, new int[] {24, 24, 24}, seed);
      Domain box = Domain.cube(3, -1, 1);
      PolyhedralComplex whole = EdgeSubdivision.buildWhole(net, box, BuildSettings.defaults());
      assertThat(whole.vertexCount()).isGreaterThan(2000);
      for (int block : new int[] {1, 5, 24}) assertSame(whole, EdgeSubdivision.buildWhole(net, box, BuildSettings.defaults(), block));
    }
  }
}
