package org.reluconvex.icnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.reluconvex.network.Examples;
import org.reluconvex.network.Network;
import org.reluconvex.network.RandomNetworks;

class IcnnConversionTest {

  static void assertSameFunction(Network a, Network b, long seed, double spread) {
    SplittableRandom r = new SplittableRandom(seed);
    int d = a.inputDim();
    for (int k = 0; k < 200; k++) {
      double[] x = new double[d];
      for (int i = 0; i < d; i++) x[i] = r.nextDouble(-spread, spread);
      double fa = a.eval(x), fb = b.eval(x);
      assertThat(Math.abs(fa - fb)).isLessThanOrEqualTo(1e-9 * Math.max(1, Math.abs(fa)));
    }
  }

  @Property(tries = 60, seed = "20261126")
  void convexOneLayerBecomesSameWidthIcnn(
      @ForAll @IntRange(min = 1, max = 6) int d,
      @ForAll @IntRange(min = 1, max = 12) int hyperplanes,
      @ForAll @IntRange(min = 1, max = 4) int copies,
      @ForAll @IntRange(min = 0, max = 100000) int seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] kinks = new double[hyperplanes];
    for (int h = 0; h < hyperplanes; h++) kinks[h] = r.nextInt(4) == 0 ? 0 : r.nextDouble(0.1, 3);
    Network net = OneLayerNets.withCopies(d, kinks, copies, seed);
    Network icnn = IcnnConversion.toIcnn(net);
    assertThat(icnn.isIcnn()).isTrue();
    assertThat(icnn.hiddenWidths()).containsExactly(net.width(1));
    assertSameFunction(net, icnn, seed, 5);
  }

  @Test
  void randomIcnnsRoundTrip() {
    for (long seed = 0; seed < 50; seed++) {
      Network net = RandomNetworks.icnn(3, new int[] {6}, seed);
      Network icnn = IcnnConversion.toIcnn(net);
      assertThat(icnn.isIcnn()).isTrue();
      assertSameFunction(net, icnn, seed, 10);
    }
  }

  @Test
  void mlpWithNegativeCancelledWeightBecomesIcnn() {
    // 2 relu(x + y) - relu(x + y) + relu(-x): not an ICNN as written, convex as a function
    Network net = OneLayerNets.of(new double[][] {{1, 1}, {2, 2}, {-1, 0}}, new double[] {1, 2, 0},
        new double[] {2, -0.5, 1}, null, 0.5);
    assertThat(net.isIcnn()).isFalse();
    Network icnn = IcnnConversion.toIcnn(net);
    assertThat(icnn.isIcnn()).isTrue();
    assertSameFunction(net, icnn, 3, 10);
  }

  @Test
  void refusesNonConvexWithWitness() {
    Network net = RandomNetworks.mlp(2, new int[] {5}, 4);
    boolean anyNegative = false;
    for (double a : net.rawBlock(2, 1)) anyNegative |= a < 0;
    assertThat(anyNegative).isTrue();
    IcnnConversionException e = catchThrowableOfType(IcnnConversionException.class, () -> IcnnConversion.toIcnn(net));
    assertThat(e).isNotNull();
    assertThat(e.witness()).isNotNull();
    assertThat(e.witness().verifies(net)).isTrue();
  }

  @Test
  void affineNetworkIsAlreadyAnIcnn() {
    Network affine = org.reluconvex.network.NetworkBuilder.of(2).weights(1, 0, new double[][] {{1, -2}}).build();
    assertThat(IcnnConversion.toIcnn(affine)).isSameAs(affine);
    assertThat(affine.isIcnn()).isTrue();
  }

  @Test
  void refusesDeeperNetworksWithAnExplanation() {
    assertThatThrownBy(() -> IcnnConversion.toIcnn(Examples.nonIcnnWeights()))
        .isInstanceOf(IcnnConversionException.class)
        .hasMessageContaining("one hidden layer")
        .hasMessageContaining("beyond-icnn");
  }
}
