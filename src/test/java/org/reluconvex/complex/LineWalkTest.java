package org.reluconvex.complex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Forward;
import org.reluconvex.network.Network;
import org.reluconvex.network.NetworkBuilder;
import org.reluconvex.network.RandomNetworks;

/** Second-layer values by walking first-layer lines, against forward passes at every vertex. */
class LineWalkTest {

  /** The network's first hidden layer alone: its complex is the arrangement the second layer starts from. */
  private static Network firstLayer(Network net) {
    NetworkBuilder b = NetworkBuilder.of(2, net.width(1));
    b.block(1, 0, net.rawBlock(1, 0).clone()).bias(1, net.rawBias(1).clone());
    b.block(2, 1, new double[net.width(1)]);
    return b.build();
  }

  @Test
  void walkedValuesEqualForwardPasses() {
    for (Network net : List.of(RandomNetworks.mlp(2, new int[] {30, 70}, 4), RandomNetworks.skipMlp(2, new int[] {25, 40, 5}, 8))) {
      Domain box = Domain.cube(2, -10, 10);
      PolyhedralComplex arrangement = EdgeSubdivision.buildWhole(firstLayer(net), box);
      int nv = arrangement.vertexCount();
      assertThat(nv).isGreaterThan(200);
      assertThat(LineWalk.applies(net)).isTrue();
      LineWalk walk = new LineWalk(arrangement, net, nv);
      Forward fw = new Forward(net);
      int n2 = net.width(2), checked = 0;
      // blocks of several sizes, as the builder asks for them
      for (int[] block : new int[][] {{0, 32}, {32, 40}, {40, n2}, {3, 9}}) {
        int j0 = block[0], j1 = Math.min(block[1], n2), cols = j1 - j0;
        if (cols <= 0) continue;
        double[] out = new double[nv * cols];
        walk.evaluate(j0, j1, out);
        for (int v = 0; v < nv; v++) {
          fw.runBelow(arrangement.vertex(v), 2);
          for (int j = j0; j < j1; j++) {
            double expected = fw.preOf(2, j);
            assertThat(out[v * cols + j - j0]).as("vertex %d neuron %d", v, j).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-9 * (1 + fw.magnitude(2, j))));
            checked++;
          }
        }
      }
      assertThat(checked).isGreaterThan(nv * n2);
    }
  }
}
