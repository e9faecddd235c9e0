package org.reluconvex.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.reluconvex.io.OnnxTensor.Storage;
import org.reluconvex.network.Architecture;
import org.reluconvex.network.Network;
import org.reluconvex.network.NetworkBuilder;

/** ONNX layouts that torch.onnx.export can produce but the shared corpus does not contain. */
class HandBuiltOnnxTest {
  static final long[] V3 = {3};

  static Network load(OnnxGraphBuilder g) { return Onnx.read(g.bytes(), "test.onnx"); }

  static double relu(double t) { return Math.max(t, 0); }

  /** f agrees with the reference at many random points. */
  static void assertComputes(Network net, ToDoubleFunction<double[]> f) { assertComputesWithin(net, f, 1e-12); }

  /** f agrees with the reference at many random points, to the given relative tolerance. */
  static void assertComputesWithin(Network net, ToDoubleFunction<double[]> f, double tol) {
    SplittableRandom r = new SplittableRandom(42);
    for (int k = 0; k < 200; k++) {
      double[] x = new double[net.inputDim()];
      for (int i = 0; i < x.length; i++) x[i] = r.nextDouble(-5, 5);
      double want = f.applyAsDouble(x);
      assertThat(net.eval(x)).isCloseTo(want, within(tol * Math.max(1, Math.abs(want))));
    }
  }

  @Test
  void matMulAddChainIsAnMlpWithTheTransposedWeightsRead() {
    OnnxGraphBuilder g = new OnnxGraphBuilder().input("x", 2).output("y");
    String w1t = g.floats("w1t", new long[] {2, 3}, 1, 2, 3, 4, 5, 6); // [in, out]
    String b1 = g.floats("b1", V3, 0.5, -0.5, 0.25);
    String w2t = g.floats("w2t", new long[] {3, 1}, 1, -1, 2);
    String b2 = g.floats("b2", new long[] {1}, 0.125);
    String h = g.node("Relu", List.of(g.node("Add", List.of(g.node("MatMul", List.of("x", w1t)), b1))));
    g.node("Add", List.of(g.node("MatMul", List.of(h, w2t)), b2), "y");
    Network net = load(g);
    Network want = NetworkBuilder.of(2, 3)
        .weights(1, 0, new double[][] {{1, 4}, {2, 5}, {3, 6}}).bias(1, new double[] {0.5, -0.5, 0.25})
        .weights(2, 1, new double[][] {{1, -1, 2}}).bias(2, new double[] {0.125}).build();
    assertThat(net).isEqualTo(want);
  }

  @Test
  void biasFreeLinearIsMatMulWithoutAdd() {
    OnnxGraphBuilder g = new OnnxGraphBuilder().input("x", 2).output("y");
    String h = g.node("Relu", List.of(g.node("MatMul", List.of("x", g.floats("w", new long[] {2, 2}, 1, -1, 2, 3)))));
    g.node("MatMul", List.of(h, g.floats("v", new long[] {2, 1}, 1, 1)), "y");
    Network net = load(g);
    assertThat(net.rawBias(1)).containsExactly(0, 0);
    assertComputes(net, x -> relu(x[0] + 2 * x[1]) + relu(-x[0] + 3 * x[1]));
  }

  @Test
  void concatOfInputAndHiddenLayerIsASkipConnection() {
    OnnxGraphBuilder g = new OnnxGraphBuilder().input("x", 2).output("y");
    String w1 = g.floats("w1", new long[] {2, 2}, 1, 0, 1, -1);
    String b1 = g.floats("b1", new long[] {2}, 0, 1);
    String h = g.node("Relu", List.of(g.node("Gemm", List.of("x", w1, b1), OnnxAttribute.ofInt("transB", 1))));
    String cat = g.node("Concat", List.of("x", h), OnnxAttribute.ofInt("axis", 1));
    // one Linear on [x, h]: y = 2 x0 - x1 + 3 h0 + 0.5 h1 - 1
    String w2 = g.floats("w2", new long[] {1, 4}, 2, -1, 3, 0.5);
    g.node("Gemm", List.of(cat, w2, g.floats("b2", new long[] {1}, -1)), "y", OnnxAttribute.ofInt("transB", 1));
    Network net = load(g);
    assertThat(net.architecture()).isEqualTo(Architecture.SKIP_MLP);
    assertThat(net.rawBlock(2, 0)).containsExactly(2, -1);
    assertThat(net.rawBlock(2, 1)).containsExactly(3, 0.5);
    assertComputes(net, x -> 2 * x[0] - x[1] + 3 * relu(x[0]) + 0.5 * relu(x[0] - x[1] + 1) - 1);
  }

  @Test
  void float64InRawAndTypedFieldsAndFloat32InTypedFieldsAreExact() {
    double w = 0.1, b = Math.PI;
    for (Storage storage : Storage.values()) {
      OnnxGraphBuilder g = new OnnxGraphBuilder().input("x", 1).output("y");
      String h = g.node("Relu", List.of(g.node("Gemm", List.of("x", g.doubles("w", new long[] {1, 1}, storage, w),
          g.doubles("b", new long[] {1}, storage, b)), OnnxAttribute.ofInt("transB", 1))));
      g.node("Gemm", List.of(h, g.tensor("v", OnnxSchema.DT_FLOAT, new long[] {1, 1}, new double[] {0.1}, storage)), "y",
          OnnxAttribute.ofInt("transB", 1));
      Network net = load(g);
      assertThat(net.weight(1, 0, 0, 0)).isEqualTo(0.1);
      assertThat(net.bias(1, 0)).isEqualTo(Math.PI);
      assertThat(net.weight(2, 1, 0, 0)).isEqualTo((double) 0.1f);
    }
  }

  @Test
  void constantNodesProvideWeightsAndBiases() {
    OnnxGraphBuilder g = new OnnxGraphBuilder().input("x", 2).output("y");
    OnnxTensor wt = OnnxGraphBuilder.t("", OnnxSchema.DT_DOUBLE, new long[] {2, 2}, new double[] {1, 2, -3, 4}, Storage.RAW);
    String w = g.node("Constant", List.of(), OnnxAttribute.ofTensor("value", wt));
    String b = g.node("Constant", List.of(), OnnxAttribute.ofFloats("value_floats", 1f, -2f));
    String h = g.node("Relu", List.of(g.node("Gemm", List.of("x", w, b), OnnxAttribute.ofInt("transB", 1))));
    String v = g.node("Constant", List.of(), OnnxAttribute.ofTensor("value",
        OnnxGraphBuilder.t("", OnnxSchema.DT_FLOAT, new long[] {2, 1}, new double[] {1, -1}, Storage.TYPED)));
    String c = g.node("Constant", List.of(), OnnxAttribute.ofFloat("value_float", 0.5f));
    g.node("Add", List.of(g.node("MatMul", List.of(h, v)), c), "y");
    assertComputes(load(g), x -> relu(x[0] + 2 * x[1] + 1) - relu(-3 * x[0] + 4 * x[1] - 2) + 0.5);
  }

  @Test
  void gemmHonoursAlphaBetaAndTransposedOperands() {
    OnnxGraphBuilder g = new OnnxGraphBuilder().input("x", 2).output("y");
    // h = relu(alpha W x^T + beta c) laid out as columns [3, batch]: A = W (3x2), B = x with transB
    String w = g.floats("w", new long[] {3, 2}, 1, 2, -1, 0.5, 0, -2);
    String c = g.floats("c", new long[] {3, 1}, 1, 2, 3);
    String h = g.node("Relu", List.of(g.node("Gemm", List.of(w, "x", c),
        OnnxAttribute.ofFloat("alpha", 0.5f), OnnxAttribute.ofFloat("beta", 2f), OnnxAttribute.ofInt("transB", 1))));
    // y = h^T V with transA, V stored [3, 1]; W2 given transposed again with transB
    String v = g.floats("v", new long[] {1, 3}, 1, -2, 4);
    g.node("Gemm", List.of(h, v, g.floats("b", new long[] {1}, 0.25)), "y",
        OnnxAttribute.ofInt("transA", 1), OnnxAttribute.ofInt("transB", 1), OnnxAttribute.ofFloat("alpha", 2f),
        OnnxAttribute.ofFloat("beta", -1f));
    Network net = load(g);
    assertComputes(net, x -> {
      double h0 = relu(0.5 * (x[0] + 2 * x[1]) + 2), h1 = relu(0.5 * (-x[0] + 0.5 * x[1]) + 4), h2 = relu(0.5 * (-2 * x[1]) + 6);
      return 2 * (h0 - 2 * h1 + 4 * h2) - 0.25;
    });
    // a Gemm that would need the transpose of a batch of row vectors is refused
    OnnxGraphBuilder bad = new OnnxGraphBuilder().input("x", 2).output("y");
    bad.node("Gemm", List.of("x", bad.floats("w", new long[] {2, 1}, 1, 1)), "y", OnnxAttribute.ofInt("transA", 1));
    assertThatThrownBy(() -> load(bad)).isInstanceOf(BadInputException.class).hasMessageContaining("transA=1");
  }

  @Test
  void identityAliasesOfInitializersAndShapeNoOpsAreFollowed() {
    OnnxGraphBuilder g = new OnnxGraphBuilder().input("x", 2).output("y");
    String b = g.floats("1.bias", new long[] {2}, 0.5, 0.5);
    String alias = g.node("Identity", List.of(b), "2.bias");
    String flat = g.node("Flatten", List.of("x"), OnnxAttribute.ofInt("axis", 1));
    String h1 = g.node("Relu", List.of(g.node("Gemm", List.of(flat, g.floats("w1", new long[] {2, 2}, 1, 0, 0, 1), b),
        OnnxAttribute.ofInt("transB", 1))));
    String shape = g.tensor("shape", OnnxSchema.DT_INT64, new long[] {2}, new double[] {-1, 2}, Storage.RAW);
    String r = g.node("Reshape", List.of(h1, shape));
    String h2 = g.node("Relu", List.of(g.node("Gemm", List.of(r, g.floats("w2", new long[] {2, 2}, 1, -1, -1, 1), alias),
        OnnxAttribute.ofInt("transB", 1))));
    String lin = g.node("Gemm", List.of(h2, g.floats("w3", new long[] {1, 2}, 1, 1)), OnnxAttribute.ofInt("transB", 1));
    String sq = g.node("Squeeze", List.of(lin, g.tensor("axes", OnnxSchema.DT_INT64, new long[] {1}, new double[] {1}, Storage.TYPED)));
    g.node("Unsqueeze", List.of(sq), "y", OnnxAttribute.ofInts("axes", 1));
    OnnxGraph graph = g.graph();
    // Squeeze turns the [batch, 1] output into [batch], Unsqueeze turns it back
    Network net = Onnx.read(OnnxWriter.write(graph), "t.onnx");
    assertComputes(net, x -> {
      double a = relu(x[0] + 0.5), c = relu(x[1] + 0.5);
      return relu(a - c + 0.5) + relu(-a + c + 0.5);
    });
    assertThat(net.hiddenWidths()).containsExactly(2, 2);
  }

  @Test
  void parallelBranchesShareALayerAndSkipsFormADag() {
    OnnxGraphBuilder g = new OnnxGraphBuilder().input("x", 2).output("y");
    String a = g.node("Relu", List.of(g.node("Gemm", List.of("x", g.floats("wa", new long[] {1, 2}, 1, 1),
        g.floats("ba", new long[] {1}, -1)), OnnxAttribute.ofInt("transB", 1))));
    String b = g.node("Relu", List.of(g.node("Gemm", List.of("x", g.floats("wb", new long[] {2, 2}, 1, -1, -1, 1)),
        OnnxAttribute.ofInt("transB", 1))));
    String c = g.node("Relu", List.of(g.node("Add", List.of(
        g.node("MatMul", List.of(a, g.floats("ac", new long[] {1, 1}, 2))),
        g.node("MatMul", List.of(b, g.floats("bc", new long[] {2, 1}, -1, 1)))))));
    g.node("Add", List.of(g.node("MatMul", List.of(c, g.floats("co", new long[] {1, 1}, 3))),
        g.node("MatMul", List.of(a, g.floats("ao", new long[] {1, 1}, -1)))), "y");
    Network net = load(g);
    assertThat(net.hiddenWidths()).containsExactly(3, 1);
    assertThat(net.architecture()).isEqualTo(Architecture.DAG);
    assertComputes(net, x -> {
      double va = relu(x[0] + x[1] - 1), b0 = relu(x[0] - x[1]), b1 = relu(-x[0] + x[1]);
      return 3 * relu(2 * va - b0 + b1) - va;
    });
  }

  @Test
  void initializersListedAsGraphInputsAreWeightsNotInputs() {
    // torch.onnx.export(..., keep_initializers_as_inputs=True) lists every weight among the inputs
    OnnxGraphBuilder g = new OnnxGraphBuilder().input("x", 2).output("y");
    String w = g.floats("w", new long[] {1, 2}, 3, -1);
    g.input(new OnnxValueInfo(w, OnnxSchema.DT_FLOAT, List.of(1L, 2L)));
    g.node("Gemm", List.of("x", w), "y", OnnxAttribute.ofInt("transB", 1));
    assertComputes(load(g), x -> 3 * x[0] - x[1]);
  }

  @Test
  void unsupportedOpIsNamedWithNodeAndOp() {
    OnnxGraphBuilder g = new OnnxGraphBuilder().input("x", 1).output("y");
    String s = g.node("Sigmoid", List.of("x"));
    g.node("Gemm", List.of(s, g.floats("w", new long[] {1, 1}, 1)), "y", OnnxAttribute.ofInt("transB", 1));
    assertThatThrownBy(() -> load(g)).isInstanceOf(BadInputException.class)
        .hasMessage("test.onnx: node '/Sigmoid_1' (Sigmoid) applies Sigmoid to a value that depends on the network input;"
            + " Sigmoid is not piecewise linear, so the network is not a ReLU network");
  }

  @Test
  void refusesNonScalarOutputsBadShapesAndNonAffineProducts() {
    OnnxGraphBuilder wide = new OnnxGraphBuilder().input("x", 2).output("y");
    wide.node("Gemm", List.of("x", wide.floats("w", new long[] {3, 2}, 1, 2, 3, 4, 5, 6)), "y", OnnxAttribute.ofInt("transB", 1));
    assertThatThrownBy(() -> load(wide)).isInstanceOf(BadInputException.class).hasMessageContaining("output 'y' has 3 entries");

    OnnxGraphBuilder mismatch = new OnnxGraphBuilder().input("x", 2).output("y");
    mismatch.node("Gemm", List.of("x", mismatch.floats("w", new long[] {1, 3}, 1, 2, 3)), "y", OnnxAttribute.ofInt("transB", 1));
    assertThatThrownBy(() -> load(mismatch)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("vectors of length 2 by B of shape [1, 3]");

    OnnxGraphBuilder square = new OnnxGraphBuilder().input("x", 1).output("y");
    square.node("MatMul", List.of("x", "x"), "y");
    assertThatThrownBy(() -> load(square)).isInstanceOf(BadInputException.class).hasMessageContaining("not affine");

    OnnxGraphBuilder image = new OnnxGraphBuilder()
        .input(new OnnxValueInfo("x", OnnxSchema.DT_FLOAT, List.of(OnnxValueInfo.SYMBOLIC, 3L, 4L))).output("y");
    image.node("Identity", List.of("x"), "y");
    assertThatThrownBy(() -> load(image)).isInstanceOf(BadInputException.class).hasMessageContaining("shape [batch, 3, 4]");

    OnnxGraphBuilder missing = new OnnxGraphBuilder().input("x", 1).output("z");
    missing.node("Relu", List.of("x"), "y");
    assertThatThrownBy(() -> load(missing)).isInstanceOf(BadInputException.class).hasMessageContaining("output 'z'");

    OnnxGraphBuilder nan = new OnnxGraphBuilder().input("x", 1).output("y");
    nan.node("MatMul", List.of("x", nan.doubles("w", new long[] {1, 1}, Storage.RAW, Double.NaN)), "y");
    assertThatThrownBy(() -> load(nan)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("initializer 'w' has a non-finite value (NaN)");

    OnnxGraphBuilder huge = new OnnxGraphBuilder().input("x", 1 << 20).output("y");
    huge.node("MatMul", List.of("x", huge.floats("w", new long[] {2, 1}, 1, 1)), "y");
    assertThatThrownBy(() -> load(huge)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("input 'x' has dimension 1048576 but the model stores only");

    OnnxGraphBuilder none = new OnnxGraphBuilder().input("x", 1);
    none.node("Relu", List.of("x"), "y");
    assertThatThrownBy(() -> load(none)).isInstanceOf(BadInputException.class).hasMessageContaining("no output");
  }
}
