package org.reluconvex.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.reluconvex.pathlift.Gains;

class NetworkTest {
  @Test
  void nonIcnnWeightsIsMaxOfAbsoluteValues() {
    Network f = Examples.nonIcnnWeights();
    assertThat(f.architecture()).isEqualTo(Architecture.SKIP_MLP);
    assertThat(f.isIcnn()).isFalse();
    java.util.SplittableRandom r = new java.util.SplittableRandom(1);
    for (int k = 0; k < 1000; k++) {
      double[] x = {r.nextDouble(-5, 5), r.nextDouble(-5, 5)};
      assertThat(f.eval(x)).isCloseTo(Math.max(Math.abs(x[1]), Math.abs(x[0]) - 1), within(1e-12));
    }
  }

  @Test
  void localAffineMatchesFiniteDifferences() {
    Network net = RandomNetworks.skipMlp(3, new int[] {5, 4}, 7);
    double[] x = {0.3, -0.2, 0.1};
    AffineMap m = Gains.localAffine(net, x);
    assertThat(m.apply(x)).isCloseTo(net.eval(x), within(1e-12));
    double h = 1e-7;
    for (int i = 0; i < 3; i++) {
      double[] xp = x.clone();
      xp[i] += h;
      assertThat((net.eval(xp) - net.eval(x)) / h).isCloseTo(m.gradient()[i], within(1e-5));
    }
  }

  @Test
  void pytorchDrawBounds() {
    Network net = RandomNetworks.mlp(2, new int[] {4, 9}, 3);
    for (double w : net.rawBlock(2, 1)) assertThat(Math.abs(w)).isLessThanOrEqualTo(0.5);
    for (double w : net.rawBlock(3, 2)) assertThat(Math.abs(w)).isLessThanOrEqualTo(1 / 3.0);
    assertThat(RandomNetworks.mlp(2, new int[] {4, 9}, 3)).isEqualTo(net);
    assertThat(RandomNetworks.icnn(2, new int[] {4, 9}, 3).isIcnn()).isTrue();
  }

  @Test
  void rejectsNonScalarAndNonFinite() {
    assertThatThrownBy(() -> NetworkBuilder.withWidths(2, 3, 2).weights(1, 0, new double[3][2]).weights(2, 1, new double[2][3]).build())
        .hasMessageContaining("scalar");
    assertThatThrownBy(() -> NetworkBuilder.of(1, 1).weights(1, 0, new double[][] {{Double.NaN}}).weights(2, 1, new double[][] {{1}}).build())
        .hasMessageContaining("non-finite");
  }

  @Test
  void aNodeDeclaredWithoutBiasCountsNoBiasParameterWhileItsBiasIsZero() {
    // d = 2 -> 3 -> 1 with layer 1 as Linear(2, 3, bias=False): 6 + 3 + 1 parameters, as torch counts
    NetworkBuilder b = NetworkBuilder.of(2, 3).weights(1, 0, new double[][] {{1, 2}, {3, 4}, {5, 6}})
        .weights(2, 1, new double[][] {{1, -1, 1}}).bias(2, 0, 0.5);
    for (int i = 0; i < 3; i++) b.withoutBias(1, i);
    Network net = b.build();
    assertThat(net.parameterCount()).isEqualTo(10);
    assertThat(net.hasBias(1, 0)).isFalse();
    assertThat(net.hasBias(2, 0)).isTrue();
    // the declaration survives transformations that keep the bias 0, and yields to one that does not
    assertThat(net.toBuilder().build()).isEqualTo(net);
    assertThat(net.toBuilder().build().parameterCount()).isEqualTo(10);
    Network shifted = ExactTransforms.translated(net, new double[] {1, 0});
    assertThat(shifted.hasBias(1, 0)).isTrue();
    assertThat(shifted.parameterCount()).isEqualTo(13);
    // equal numbers but a different declaration are different models
    assertThat(NetworkBuilder.of(2, 3).weights(1, 0, new double[][] {{1, 2}, {3, 4}, {5, 6}})
        .weights(2, 1, new double[][] {{1, -1, 1}}).bias(2, 0, 0.5).build()).isNotEqualTo(net);
  }
}
