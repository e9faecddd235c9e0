package org.reluconvex.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reluconvex.io.HandBuiltOnnxTest.load;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.reluconvex.io.OnnxTensor.Storage;
import org.reluconvex.network.Network;
import org.reluconvex.network.RandomNetworks;

/**
 * Layers exported with bias=False have no bias term, so the parameter count is PyTorch's; a bias
 * term is known by where it comes from (a constant the graph adds), not by its value.
 */
class BiasFreeLayersTest {
  /** x -> relu(x W1) -> relu(. W2) -> . w3, MatMul only, as Linear(bias=False) exports: 2*3 + 3*2 + 2 weights. */
  private static OnnxGraphBuilder matMulChain() {
    OnnxGraphBuilder g = new OnnxGraphBuilder().input("x", 2).output("y");
    String h = g.node("Relu", List.of(g.node("MatMul", List.of("x", g.floats("w1", new long[] {2, 3}, 1, -1, 2, 0.5, 1, -2)))));
    h = g.node("Relu", List.of(g.node("MatMul", List.of(h, g.floats("w2", new long[] {3, 2}, 1, 0, -1, 1, 2, 1)))));
    g.node("MatMul", List.of(h, g.floats("w3", new long[] {2, 1}, 1, -1)), "y");
    return g;
  }

  @Test
  void layersWithoutBiasCountOnlyTheirWeights() {
    Network net = load(matMulChain());
    assertThat(net.parameterCount()).isEqualTo(14);
    for (int l = 1; l <= net.outputLayer(); l++)
      for (int i = 0; i < net.width(l); i++) assertThat(net.hasBias(l, i)).isFalse();
  }

  @Test
  void aBiasOfZeroInTheFileIsStillABiasTerm() {
    // Gemm with C = 0, as a freshly initialised nn.Linear with zeroed bias exports
    OnnxGraphBuilder g = new OnnxGraphBuilder().input("x", 2).output("y");
    String h = g.node("Relu", List.of(g.node("Gemm", List.of("x", g.floats("w", new long[] {3, 2}, 1, 2, 3, 4, 5, 6),
        g.floats("b", new long[] {3}, 0, 0, 0)), OnnxAttribute.ofInt("transB", 1))));
    g.node("Gemm", List.of(h, g.floats("v", new long[] {1, 3}, 1, 1, 1)), "y", OnnxAttribute.ofInt("transB", 1));
    Network net = load(g);
    assertThat(net.parameterCount()).isEqualTo(6 + 3 + 3); // the output Gemm has no C
    assertThat(net.hasBias(1, 0)).isTrue();
    assertThat(net.hasBias(2, 0)).isFalse();
  }

  @Test
  void activationConstantsAreNotBiasTerms() {
    // h.clamp(min=0) and torch.maximum(h, 0) on a bias-free layer, an input offset folded in front
    OnnxGraphBuilder g = new OnnxGraphBuilder().input("x", 2).output("y");
    String pre = g.node("MatMul", List.of("x", g.floats("w", new long[] {2, 2}, 1, -1, 1, 1)));
    String a = g.node("Clip", List.of(pre, OnnxPatternsTest.scalar(g, "zero", 0), ""));
    String b = g.node("Max", List.of(pre, OnnxPatternsTest.scalar(g, "z", 0)));
    g.node("MatMul", List.of(g.node("Add", List.of(a, b)), g.floats("v", new long[] {2, 1}, 1, 2)), "y");
    Network net = load(g);
    // the clamp and the maximum are two ReLU groups of 2, each reading the 2x2 weight: 8 + 4 weights, no bias
    assertThat(net.width(1)).isEqualTo(4);
    assertThat(net.parameterCount()).isEqualTo(8 + 4);
    for (int i = 0; i < net.width(1); i++) assertThat(net.hasBias(1, i)).isFalse();
    assertThat(net.hasBias(2, 0)).isFalse();
  }

  @Test
  void aLayerConcatenatingBiasedAndBiasFreeGroupsCountsPerNeuron() {
    OnnxGraphBuilder g = new OnnxGraphBuilder().input("x", 1).output("y");
    String withBias = g.node("Relu", List.of(g.node("Gemm", List.of("x", g.floats("w", new long[] {2, 1}, 1, -1),
        g.floats("b", new long[] {2}, 0.5, 0.5)), OnnxAttribute.ofInt("transB", 1))));
    String without = g.node("Relu", List.of(g.node("MatMul", List.of("x", g.floats("u", new long[] {1, 3}, 1, 2, 3)))));
    String cat = g.node("Concat", List.of(withBias, without), OnnxAttribute.ofInt("axis", 1));
    g.node("MatMul", List.of(cat, g.floats("v", new long[] {5, 1}, 1, 1, 1, 1, 1)), "y");
    Network net = load(g);
    assertThat(net.width(1)).isEqualTo(5);
    assertThat(net.parameterCount()).isEqualTo(5 + 2 + 5); // weights 0->1, two biases, weights 1->2
    assertThat(List.of(net.hasBias(1, 0), net.hasBias(1, 1), net.hasBias(1, 2), net.hasBias(1, 4))).containsExactly(true, true, false, false);
  }

  @Test
  void exportWritesNoBiasForABiasFreeLayerSoTheCountSurvivesARoundTrip() {
    Network net = load(matMulChain());
    Network back = Onnx.read(Onnx.write(net), "rt.onnx");
    assertThat(back).isEqualTo(net);
    assertThat(back.parameterCount()).isEqualTo(14);
    // a network with biases keeps them all, zero or not
    Network random = RandomNetworks.mlp(2, new int[] {3}, 4);
    assertThat(Onnx.read(Onnx.write(random), "rt.onnx").parameterCount()).isEqualTo(random.parameterCount()).isEqualTo(13);
  }

  @Test
  void float64TypedBiasFreeLayersToo() {
    OnnxGraphBuilder g = new OnnxGraphBuilder().input("x", 2).output("y");
    String h = g.node("Relu", List.of(g.node("MatMul", List.of("x", g.doubles("w", new long[] {2, 2}, Storage.TYPED, 1, 2, 3, 4)))));
    g.node("Add", List.of(g.node("MatMul", List.of(h, g.doubles("v", new long[] {2, 1}, Storage.TYPED, 1, 1))),
        g.doubles("c", new long[] {1}, Storage.TYPED, 0)), "y");
    Network net = load(g);
    assertThat(net.parameterCount()).isEqualTo(4 + 2 + 1);
    assertThat(net.hasBias(2, 0)).isTrue();
  }
}
