package org.reluconvex.pathlift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.reluconvex.network.ActivationPattern;
import org.reluconvex.network.AffineMap;
import org.reluconvex.network.Examples;
import org.reluconvex.network.Network;
import org.reluconvex.network.NetworkBuilder;
import org.reluconvex.network.NeuronId;
import org.reluconvex.network.RandomNetworks;

class PathLiftingTest {
  static Network draw(boolean skip, boolean dag, int dim, int[] widths, long seed) {
    Network base = skip ? RandomNetworks.skipMlp(dim, widths, seed) : RandomNetworks.mlp(dim, widths, seed);
    if (!dag) return base;
    SplittableRandom r = new SplittableRandom(seed);
    NetworkBuilder b = base.toBuilder();
    for (int l = 2; l < b.layers(); l++)
      for (int m = 1; m < l - 1; m++) {
        double[] w = new double[b.width(l) * b.width(m)];
        for (int k = 0; k < w.length; k++) w[k] = r.nextDouble(-1, 1);
        b.block(l, m, w);
      }
    return b.build();
  }

  @Property(tries = 80)
  void pathSumReproducesTheNetwork(@ForAll boolean skip, @ForAll boolean dag, @ForAll @IntRange(min = 1, max = 3) int dim,
      @ForAll @IntRange(min = 0, max = 3) int depth, @ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] widths = new int[depth];
    for (int i = 0; i < depth; i++) widths[i] = 1 + r.nextInt(4);
    Network net = draw(skip, dag, dim, widths, seed);
    PathLifting phi = PathLifting.of(net);
    assertThat((long) phi.paths().size()).isEqualTo(PathLifting.pathCount(net));
    for (int k = 0; k < 20; k++) {
      double[] x = new double[dim];
      for (int i = 0; i < dim; i++) x[i] = r.nextDouble(-3, 3);
      double y = net.eval(x);
      assertThat(phi.evaluate(x)).isCloseTo(y, within(1e-9 * Math.max(1, Math.abs(y))));
    }
  }

  @Test
  void frozenPatternGivesTheAffineMapOfThatCell() {
    Network net = RandomNetworks.skipMlp(2, new int[] {3, 2}, 11);
    PathLifting phi = PathLifting.of(net);
    ActivationPattern a = ActivationPattern.constant(net, true);
    AffineMap m = Gains.affineOf(net, a);
    double[] x = {0.7, -1.3};
    assertThat(phi.evaluate(a, x)).isCloseTo(m.apply(x), within(1e-12));
  }

  @Test
  void pathsOfAOneHiddenLayerNetworkAreTheProductsOfTheirTwoEdges() {
    Network net = NetworkBuilder.of(2, 2)
        .weights(1, 0, new double[][] {{1, 2}, {3, 4}}).bias(1, new double[] {5, 6})
        .weights(2, 1, new double[][] {{7, 8}}).bias(2, new double[] {9}).build();
    PathLifting phi = PathLifting.of(net);
    // inputs: x1 via n1, x1 via n2, x2 via n1, x2 via n2; biases of n1, n2; output bias
    assertThat(phi.vector()).containsExactly(1 * 7, 3 * 8, 2 * 7, 4 * 8, 5 * 7, 6 * 8, 9);
    assertThat(phi.paths().get(4).hidden()).containsExactly(new NeuronId(1, 0));
    assertThat(PathLifting.pathCount(net)).isEqualTo(7);
  }

  @Test
  void skipConnectionsAddPathsThatBypassHiddenLayers() {
    Network net = Examples.nonIcnnWeights();
    PathLifting phi = PathLifting.of(net);
    // from each input: 2 (layer 1) * 2 (layer 2) + 2 (skip into layer 2) + 1 (skip to output) = 7, so 14;
    // biases: layer 1 each 2 paths, layer 2 each 1 path, output 1
    assertThat(phi.paths()).hasSize(14 + 4 + 2 + 1);
    assertThat(phi.paths().stream().filter(p -> p.fromInput() && p.hidden().isEmpty())).hasSize(2);
  }

  @Test
  void refusesNetworksWithTooManyPaths() {
    Network wide = RandomNetworks.mlp(4, new int[] {200, 200, 200}, 1);
    assertThat(PathLifting.pathCount(wide)).isGreaterThan(PathLifting.MAX_PATHS);
    assertThatThrownBy(() -> PathLifting.of(wide)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("paths");
  }
}
