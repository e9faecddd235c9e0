package org.reluconvex.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reluconvex.network.Architecture;
import org.reluconvex.network.Examples;
import org.reluconvex.network.Network;
import org.reluconvex.network.NetworkBuilder;
import org.reluconvex.network.RandomNetworks;

/** Export then import gives back the same network, in every format. */
class RoundTripTest {
  /** A network of the given kind: 0 MLP, 1 SkipMLP, 2 DAG (SkipMLP plus random hidden-to-hidden blocks). */
  static Network draw(int kind, int dim, int depth, int maxWidth, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] widths = new int[depth];
    for (int i = 0; i < depth; i++) widths[i] = 1 + r.nextInt(maxWidth);
    if (kind == 0) return RandomNetworks.mlp(dim, widths, seed);
    Network skip = RandomNetworks.skipMlp(dim, widths, seed);
    if (kind == 1) return skip;
    NetworkBuilder b = skip.toBuilder();
    for (int l = 2; l < b.layers(); l++)
      for (int m = 1; m < l - 1; m++)
        if (r.nextBoolean()) {
          double[] w = new double[b.width(l) * b.width(m)];
          for (int k = 0; k < w.length; k++) w[k] = r.nextDouble(-1, 1);
          b.block(l, m, w);
        }
    return b.build();
  }

  @Property(tries = 150)
  void onnxFloat64RoundTripIsIdentical(@ForAll @IntRange(min = 0, max = 2) int kind, @ForAll @IntRange(min = 1, max = 4) int dim,
      @ForAll @IntRange(min = 0, max = 4) int depth, @ForAll @IntRange(min = 1, max = 7) int width, @ForAll long seed) {
    Network net = draw(kind, dim, depth, width, seed);
    assertThat(Onnx.read(Onnx.write(net), "rt.onnx")).isEqualTo(net);
  }

  @Property(tries = 150)
  void jsonRoundTripIsIdentical(@ForAll @IntRange(min = 0, max = 2) int kind, @ForAll @IntRange(min = 1, max = 4) int dim,
      @ForAll @IntRange(min = 0, max = 4) int depth, @ForAll @IntRange(min = 1, max = 7) int width, @ForAll long seed) {
    Network net = draw(kind, dim, depth, width, seed);
    assertThat(JsonModel.read(JsonModel.write(net), "rt.json")).isEqualTo(net);
  }

  @Property(tries = 60)
  void onnxFloat32RoundTripRoundsEveryWeightToFloat(@ForAll @IntRange(min = 0, max = 2) int kind,
      @ForAll @IntRange(min = 1, max = 3) int depth, @ForAll long seed) {
    Network net = draw(kind, 3, depth, 6, seed);
    Network back = Onnx.read(Onnx.write(net, Onnx.Precision.FLOAT32), "rt32.onnx");
    NetworkBuilder rounded = net.toBuilder();
    for (int l = 1; l < rounded.layers(); l++) {
      double[] bias = rounded.bias(l);
      for (int i = 0; i < bias.length; i++) rounded.bias(l, i, (float) bias[i]);
      for (int m = 0; m < l; m++) {
        double[] w = rounded.block(l, m);
        if (w != null) for (int k = 0; k < w.length; k++) w[k] = (float) w[k];
      }
    }
    assertThat(back).isEqualTo(rounded.build());
    double[] x = {0.3, -0.7, 0.2};
    assertThat(back.eval(x)).isCloseTo(net.eval(x), within(1e-5));
  }

  @Test
  void wideNetworksRoundTripWithoutBuildingIdentityBlocks() {
    Network net = RandomNetworks.skipMlp(16, new int[] {3000, 2000}, 1);
    assertThat(Onnx.read(Onnx.write(net), "wide.onnx")).isEqualTo(net);
  }

  @Test
  void dagWithoutAChainBlockIsReLayeredButComputesTheSameFunction() {
    // layer 2 feeds only from the input: its longest path is 1, so it joins layer 1 on import
    Network net = NetworkBuilder.of(2, 2, 3)
        .weights(1, 0, new double[][] {{1, 0}, {0, 1}})
        .weights(2, 0, new double[][] {{1, 1}, {1, -1}, {-1, 2}})
        .weights(3, 1, new double[][] {{1, -1}}).weights(3, 2, new double[][] {{2, 1, -1}})
        .bias(2, new double[] {0.5, -0.5, 0}).build();
    Network back = Onnx.read(Onnx.write(net), "dag.onnx");
    assertThat(back.hiddenWidths()).containsExactly(5);
    SplittableRandom r = new SplittableRandom(3);
    for (int k = 0; k < 100; k++) {
      double[] x = {r.nextDouble(-3, 3), r.nextDouble(-3, 3)};
      assertThat(back.eval(x)).isCloseTo(net.eval(x), within(1e-12));
    }
  }

  @Test
  void filesRoundTripThroughModelFilesInBothFormats(@TempDir Path dir) throws Exception {
    Network net = Examples.nonIcnnWeights();
    for (String name : new String[] {"m.onnx", "m.json"}) {
      Path p = dir.resolve(name);
      ModelFiles.write(net, p);
      assertThat(ModelFiles.read(p)).isEqualTo(net);
      Path renamed = dir.resolve(name + ".model"); // unknown extension: sniffed
      Files.copy(p, renamed);
      assertThat(ModelFiles.read(renamed)).isEqualTo(net);
    }
    assertThat(ModelFiles.resolve("example:non-icnn-weights")).isEqualTo(net);
    assertThat(ModelFiles.resolve("example:random?dim=3&widths=4,5&seed=9&skip=true"))
        .isEqualTo(RandomNetworks.skipMlp(3, new int[] {4, 5}, 9));
    assertThat(ModelFiles.resolve("example:icnn-random?dim=2&widths=3&seed=1").isIcnn()).isTrue();
    assertThat(ModelFiles.resolve("example:random?dim=2&widths=3x3").architecture()).isEqualTo(Architecture.MLP);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }
}
