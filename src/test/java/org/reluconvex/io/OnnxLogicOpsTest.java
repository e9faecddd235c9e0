package org.reluconvex.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.reluconvex.io.HandBuiltOnnxTest.load;
import static org.reluconvex.io.OnnxPatternsTest.ints;
import static org.reluconvex.io.OnnxPatternsTest.scalar;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.reluconvex.io.OnnxTensor.Storage;
import org.reluconvex.network.Network;

/**
 * Masks on weights (Where, comparisons, Not/And/Or/Xor, Expand of bool buffers) fold at load; the
 * same ops on a value that depends on the input are refused in one line naming the node and op.
 */
class OnnxLogicOpsTest {
  private static final double[] W = {0.5, -0.25, 0, 2, -1, 0.75};
  private static final double[] MASK = {1, 0, 1, 1, 0, 1};
  private static final double[] ROWS = {0, 1}; // [2, 1], expanded to [2, 3]

  @Test
  void masksBuiltFromInitializersFoldIntoTheWeight() {
    OnnxGraphBuilder g = new OnnxGraphBuilder().input("x", 3).output("y");
    String w = g.floats("w", new long[] {2, 3}, W);
    String mask = g.tensor("mask", OnnxDataType.BOOL.code, new long[] {2, 3}, MASK, Storage.RAW);
    String rows = g.node("Expand", List.of(g.tensor("rows", OnnxDataType.BOOL.code, new long[] {2, 1}, ROWS, Storage.TYPED),
        ints(g, "shape", 2, 3)));
    String zero = scalar(g, "zero", 0);
    // keep = ((mask | w < 0) & !(w == 0)) xor (rows & w >= 1), then w <= 0.5 or w > 1 to pick w or 2w
    String keep = g.node("And", List.of(g.node("Or", List.of(mask, g.node("Less", List.of(w, zero)))),
        g.node("Not", List.of(g.node("Equal", List.of(w, zero))))));
    keep = g.node("Xor", List.of(keep, g.node("And", List.of(rows, g.node("GreaterOrEqual", List.of(w, scalar(g, "one", 1)))))));
    String pick = g.node("Or", List.of(g.node("LessOrEqual", List.of(w, scalar(g, "half", 0.5))),
        g.node("Greater", List.of(w, scalar(g, "one2", 1)))));
    String scaled = g.node("Where", List.of(pick, w, g.node("Mul", List.of(w, scalar(g, "two", 2)))));
    String masked = g.node("Where", List.of(keep, scaled, g.node("Sub", List.of(w, w))));
    String h = g.node("Relu", List.of(g.node("Gemm", List.of("x", masked), OnnxAttribute.ofInt("transB", 1))));
    g.node("MatMul", List.of(h, g.floats("v", new long[] {2, 1}, 1, -1)), "y");
    Network net = load(g);
    double[] expected = new double[6];
    for (int k = 0; k < 6; k++) {
      boolean keepK = ((MASK[k] != 0 || W[k] < 0) && W[k] != 0) ^ (ROWS[k / 3] != 0 && W[k] >= 1);
      boolean pickK = W[k] <= 0.5 || W[k] > 1;
      expected[k] = keepK ? (pickK ? W[k] : 2 * W[k]) : 0;
    }
    assertThat(net.rawBlock(1, 0)).containsExactly(expected);
    assertThat(expected).containsExactly(0.5, -0.25, 0, 0, -1, 1.5); // every branch of the mask is taken somewhere
  }

  private static OnnxGraphBuilder onTheInput(String op) {
    OnnxGraphBuilder g = new OnnxGraphBuilder().input("x", 2).output("y");
    String h = g.node("MatMul", List.of("x", g.floats("w", new long[] {2, 2}, 1, 0, 0, 1)));
    String zero = scalar(g, "zero", 0);
    String r = switch (op) {
      case "Where" -> g.node("Where", List.of(g.tensor("c", OnnxDataType.BOOL.code, new long[] {2}, new double[] {1, 0}, Storage.RAW), h, zero));
      case "Expand" -> g.node("Expand", List.of(h, ints(g, "s", 1, 2)));
      case "Not" -> g.node("Not", List.of(h));
      default -> g.node(op, List.of(h, zero));
    };
    g.node("MatMul", List.of(r, g.floats("v", new long[] {2, 1}, 1, 1)), "y");
    return g;
  }

  @Test
  void comparisonsAndLogicOnTheInputAreRefusedAsDiscontinuous() {
    for (String op : List.of("Greater", "Less", "Equal", "GreaterOrEqual", "LessOrEqual", "Not", "And", "Or", "Xor")) {
      byte[] bytes = onTheInput(op).bytes();
      assertThatThrownBy(() -> Onnx.read(bytes, "m.onnx")).isInstanceOf(BadInputException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").startsWith("m.onnx: node '/" + op + "_")
              .contains("(" + op + ") applies " + op + " to a value that depends on the network input"));
    }
  }

  @Test
  void whereAndExpandOnTheInputAreRefusedNamingTheOp() {
    for (String op : List.of("Where", "Expand")) {
      byte[] bytes = onTheInput(op).bytes();
      assertThatThrownBy(() -> Onnx.read(bytes, "m.onnx")).isInstanceOf(BadInputException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").startsWith("m.onnx: node '/" + op + "_")
              .contains("has op " + op + " on a value that depends on the network input"));
    }
  }
}
