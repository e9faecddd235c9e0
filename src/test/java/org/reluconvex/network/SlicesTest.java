package org.reluconvex.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SlicesTest {
  @Test
  void planeAgreesWithTheNetworkOnTheSlice() {
    Network net = RandomNetworks.skipMlp(4, new int[] {6, 5, 3}, 11);
    double[] p = {0.3, -1.2, 0.7, 2.0};
    Network g = Slices.plane(net, p, 3, 1);
    assertThat(g.inputDim()).isEqualTo(2);
    SplittableRandom r = new SplittableRandom(5);
    for (int k = 0; k < 200; k++) {
      double u = r.nextDouble(-3, 3), v = r.nextDouble(-3, 3);
      double[] x = p.clone();
      x[3] = u;
      x[1] = v;
      assertThat(g.eval(new double[] {u, v})).isCloseTo(net.eval(x), within(1e-12));
    }
  }

  @Test
  void rejectsBadAxes() {
    Network net = RandomNetworks.mlp(3, new int[] {2}, 1);
    assertThatThrownBy(() -> Slices.plane(net, new double[3], 1, 1)).hasMessageContaining("two different");
    assertThatThrownBy(() -> Slices.plane(net, new double[2], 0, 1)).hasMessageContaining("slice point has 2");
  }
}
