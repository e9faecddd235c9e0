package org.reluconvex.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.reluconvex.io.HandBuiltOnnxTest.assertComputes;
import static org.reluconvex.io.HandBuiltOnnxTest.load;
import static org.reluconvex.io.HandBuiltOnnxTest.relu;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reluconvex.io.OnnxTensor.Storage;

/** Export patterns of PyTorch users: weight parametrisations, affine layers, dynamic-batch shapes. */
class OnnxPatternsTest {
  static String ints(OnnxGraphBuilder g, String name, long... v) {
    double[] d = new double[v.length];
    for (int k = 0; k < v.length; k++) d[k] = v[k];
    return g.tensor(name, OnnxSchema.DT_INT64, new long[] {v.length}, d, Storage.RAW);
  }

  static String scalar(OnnxGraphBuilder g, String name, double v) {
    return g.tensor(name, OnnxSchema.DT_FLOAT, new long[0], new double[] {v}, Storage.RAW);
  }

  static double softplus(double t) { return Math.log1p(Math.exp(t)); }

  /** z = relu(W0 x + b0); y = param(Wz) z + Wx x with param applied to the raw weight inside the graph. */
  private static OnnxGraphBuilder icnn(String param) {
    OnnxGraphBuilder g = new OnnxGraphBuilder().input("x", 2).output("y");
    String w0 = g.floats("w0", new long[] {2, 2}, 1, -1, 0.5, 2);
    String b0 = g.floats("b0", new long[] {2}, 0.25, -0.5);
    String z = g.node("Relu", List.of(g.node("Gemm", List.of("x", w0, b0), OnnxAttribute.ofInt("transB", 1))));
    String raw = g.floats("wz", new long[] {1, 2}, -0.5, 1.5);
    String wz = switch (param) {
      case "Clip" -> g.node("Clip", List.of(raw, scalar(g, "zero", 0))); // opset 11+: min as input
      case "ClipAttr" -> g.node("Clip", List.of(raw), OnnxAttribute.ofFloat("min", 0)); // opset 6
      default -> g.node(param, List.of(raw));
    };
    // F.linear(z, W) exports as MatMul(z, Transpose(W))
    String lin = g.node("MatMul", List.of(z, g.node("Transpose", List.of(wz), OnnxAttribute.ofInts("perm", 1, 0))));
    String skip = g.node("MatMul", List.of("x", g.floats("wx", new long[] {2, 1}, 1, -2)));
    g.node("Add", List.of(lin, skip), "y");
    return g;
  }

  private static double icnnRef(double[] x, double p0, double p1) {
    double z0 = relu(x[0] - x[1] + 0.25), z1 = relu(0.5 * x[0] + 2 * x[1] - 0.5);
    return p0 * z0 + p1 * z1 + x[0] - 2 * x[1];
  }

  @Test
  void weightParametrisationsInForwardAreFoldedAtLoad() {
    Map<String, double[]> want = Map.of(
        "Clip", new double[] {0, 1.5}, "ClipAttr", new double[] {0, 1.5}, "Relu", new double[] {0, 1.5},
        "Softplus", new double[] {softplus(-0.5), softplus(1.5)}, "Exp", new double[] {Math.exp(-0.5), Math.exp(1.5)},
        "Abs", new double[] {0.5, 1.5}, "Neg", new double[] {0.5, -1.5}, "Identity", new double[] {-0.5, 1.5});
    for (Map.Entry<String, double[]> e : want.entrySet()) {
      double[] p = e.getValue();
      // float32 weights: the folded value is computed from the float, compare at float precision
      HandBuiltOnnxTest.assertComputesWithin(load(icnn(e.getKey())), x -> icnnRef(x, p[0], p[1]), 1e-6);
    }
  }

  @Test
  void shapeOperatorsFoldOnConstants() {
    OnnxGraphBuilder g = new OnnxGraphBuilder().input("x", 3).output("y");
    // w = Concat(Slice(c, [1], [3]), Gather(c, [0])) reshaped to [3, 1] after Unsqueeze/Squeeze and Expand
    String c = g.floats("c", new long[] {3}, 1, 2, 3);
    String sl = g.node("Slice", List.of(c, ints(g, "s", 1), ints(g, "e", 3), ints(g, "ax", 0), ints(g, "st", 1)));
    String ga = g.node("Gather", List.of(c, ints(g, "i", 0)), OnnxAttribute.ofInt("axis", 0));
    String cat = g.node("Concat", List.of(sl, ga), OnnxAttribute.ofInt("axis", 0));
    String un = g.node("Unsqueeze", List.of(cat, ints(g, "ua", 0))); // [1, 3], axes as input (opset 13)
    String sq = g.node("Squeeze", List.of(un), OnnxAttribute.ofInts("axes", 0)); // [3], axes as attribute
    String ones = g.node("ConstantOfShape", List.of(ints(g, "shp", 3)),
        OnnxAttribute.ofTensor("value", OnnxGraphBuilder.t("v", OnnxSchema.DT_FLOAT, new long[] {1}, new double[] {2}, Storage.RAW)));
    String prod = g.node("Mul", List.of(sq, ones)); // [4, 6, 2]
    String pw = g.node("Pow", List.of(g.node("Sqrt", List.of(prod)), scalar(g, "two", 2))); // back to [4, 6, 2]
    String w = g.node("Reshape", List.of(g.node("Div", List.of(pw, scalar(g, "h", 2))), ints(g, "r", 3, 1))); // [2, 3, 1]
    String ex = g.node("Expand", List.of(g.node("Cast", List.of(scalar(g, "bias", 0.5)), OnnxAttribute.ofInt("to", 1)), ints(g, "eb", 1)));
    String mx = g.node("Max", List.of(g.node("Min", List.of(w, scalar(g, "cap", 2.5))), g.node("Sub", List.of(w, w))));
    String lg = g.node("Log", List.of(g.node("Exp", List.of(mx))));
    g.node("Add", List.of(g.node("MatMul", List.of("x", lg)), ex), "y");
    HandBuiltOnnxTest.assertComputesWithin(load(g), x -> 2 * x[0] + 2.5 * x[1] + x[2] + 0.5, 1e-12);
  }

  @Test
  void normalisationBatchNormNegAndDivAreAffine() {
    OnnxGraphBuilder g = new OnnxGraphBuilder().input("x", 2).output("y");
    String n = g.node("Div", List.of(g.node("Sub", List.of("x", g.floats("mean", new long[] {2}, 1, -1))),
        g.floats("std", new long[] {2}, 2, 0.5)));
    String bn = g.node("BatchNormalization", List.of(n, g.floats("sc", new long[] {2}, 1.5, 1), g.floats("bb", new long[] {2}, 0, 1),
        g.floats("mu", new long[] {2}, 0.5, 0), g.floats("var", new long[] {2}, 4, 0.25)), OnnxAttribute.ofFloat("epsilon", 0));
    String h = g.node("Relu", List.of(g.node("Mul", List.of(g.floats("two", new long[] {1, 2}, 2, -1), bn))));
    String neg = g.node("Neg", List.of(h));
    g.node("MatMul", List.of(g.node("Sub", List.of(scalar(g, "one", 1), neg)), g.floats("v", new long[] {2, 1}, 1, 1)), "y");
    assertComputes(load(g), x -> {
      double a = (x[0] - 1) / 2, b = (x[1] + 1) / 0.5;
      double ba = 1.5 * (a - 0.5) / 2, bb = 1 * b / 0.5 + 1;
      return 1 + relu(2 * ba) + 1 + relu(-bb);
    });
  }

  @Test
  void clampAndMaximumOnActivationsAreRelus() {
    OnnxGraphBuilder g = new OnnxGraphBuilder().input("x", 2).output("y");
    String w = g.floats("w", new long[] {2, 2}, 1, -1, 1, 1);
    String pre = g.node("MatMul", List.of("x", w)); // [x0 + x1, x1 - x0]
    String a = g.node("Clip", List.of(pre, scalar(g, "zero", 0), "")); // h.clamp(min=0), opset 11
    String b = g.node("Max", List.of(pre, scalar(g, "z2", 0))); // torch.maximum(h, 0)
    String c = g.node("Clip", List.of(pre), OnnxAttribute.ofFloat("min", -1), OnnxAttribute.ofFloat("max", 2)); // both bounds
    String d = g.node("Min", List.of(pre, scalar(g, "z3", 1)));
    String s = g.node("Add", List.of(g.node("Add", List.of(a, b)), g.node("Add", List.of(c, d))));
    g.node("MatMul", List.of(s, g.floats("v", new long[] {2, 1}, 1, 0.5)), "y");
    assertComputes(load(g), x -> {
      double p0 = x[0] + x[1], p1 = x[1] - x[0];
      double r0 = 2 * relu(p0) + Math.min(Math.max(p0, -1), 2) + Math.min(p0, 1);
      double r1 = 2 * relu(p1) + Math.min(Math.max(p1, -1), 2) + Math.min(p1, 1);
      return r0 + 0.5 * r1;
    });
  }

  /** x.view(x.size(0), -1) as torch exports it: Shape, Gather, Unsqueeze, Concat, Reshape. */
  @Test
  void viewWithTheDynamicBatchIsTheIdentity() {
    OnnxGraphBuilder g = new OnnxGraphBuilder().input("x", 2).output("y");
    String shape = g.node("Shape", List.of("x"));
    String b = g.node("Gather", List.of(shape, g.tensor("i0", OnnxSchema.DT_INT64, new long[0], new double[] {0}, Storage.RAW)),
        OnnxAttribute.ofInt("axis", 0));
    String u = g.node("Unsqueeze", List.of(b, ints(g, "a0", 0)));
    String bb = g.node("Mul", List.of(g.node("Div", List.of(u, ints(g, "one", 1))), ints(g, "one2", 1)));
    String target = g.node("Concat", List.of(bb, ints(g, "m1", -1)), OnnxAttribute.ofInt("axis", 0));
    String v = g.node("Reshape", List.of("x", target));
    // y.flatten() on the [batch, 1] output: Reshape to [-1]... then back via Unsqueeze
    String y = g.node("Gemm", List.of(v, g.floats("w", new long[] {1, 2}, 3, -1)), OnnxAttribute.ofInt("transB", 1));
    String flat = g.node("Reshape", List.of(y, ints(g, "f", -1)));
    g.node("Unsqueeze", List.of(flat, ints(g, "a1", 1)), "y");
    assertComputes(load(g), x -> 3 * x[0] - x[1]);
  }

  @Test
  void fixedBatchReshapeToTheDeclaredBatchIsTheIdentity() {
    OnnxGraphBuilder g = new OnnxGraphBuilder()
        .input(new OnnxValueInfo("x", OnnxSchema.DT_FLOAT, List.of(3L, 2L))).output("y");
    String v = g.node("Reshape", List.of("x", ints(g, "s", 3, -1)));
    g.node("Gemm", List.of(v, g.floats("w", new long[] {1, 2}, 1, 2)), "y", OnnxAttribute.ofInt("transB", 1));
    assertComputes(load(g), x -> x[0] + 2 * x[1]);
  }

  @Test
  void changingTheBatchSizeIsRefusedWithTheOp() {
    OnnxGraphBuilder g = new OnnxGraphBuilder().input("x", 2).output("y");
    String b = g.node("Gather", List.of(g.node("Shape", List.of("x")), ints(g, "i", 0)), OnnxAttribute.ofInt("axis", 0));
    String twice = g.node("Mul", List.of(b, ints(g, "two", 2)));
    g.node("Reshape", List.of("x", g.node("Concat", List.of(twice, ints(g, "m", -1)), OnnxAttribute.ofInt("axis", 0))), "y");
    assertThatThrownBy(() -> load(g)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("(Mul) changes the symbolic batch size");
  }

  @Test
  void reshapeToTheBatchAloneIsRefusedShowingTheBatch() {
    OnnxGraphBuilder g = new OnnxGraphBuilder().input("x", 2).output("y");
    String b = g.node("Unsqueeze", List.of(g.node("Gather", List.of(g.node("Shape", List.of("x")),
        g.tensor("i", OnnxSchema.DT_INT64, new long[0], new double[] {0}, Storage.RAW)), OnnxAttribute.ofInt("axis", 0)), ints(g, "a", 0)));
    g.node("Reshape", List.of("x", b), "y");
    assertThatThrownBy(() -> load(g)).hasMessage("test.onnx: node '/Reshape_6' (Reshape) reshapes a batch of vectors of length 2 to [batch],"
        + " which is not a batch of vectors of the same length");
  }

  @Test
  void conv1dIsRefusedNamingTheConvNotTheUnsqueeze() {
    OnnxGraphBuilder g = new OnnxGraphBuilder().input("x", 4).output("y");
    String u = g.node("Unsqueeze", List.of("x", ints(g, "a", 1)));
    String c = g.node("Conv", List.of(u, g.floats("k", new long[] {1, 1, 2}, 1, -1)));
    g.node("Reshape", List.of(c, ints(g, "s", 0, -1)), "y");
    assertThatThrownBy(() -> load(g)).isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("test.onnx: node '/Conv_3' has op Conv on a value that depends on the network input");
  }

  @Test
  void smoothActivationsAreRefusedAsNotPiecewiseLinear() {
    for (String op : List.of("Softplus", "Tanh", "Exp")) {
      OnnxGraphBuilder g = new OnnxGraphBuilder().input("x", 1).output("y");
      g.node(op, List.of("x"), "y");
      assertThatThrownBy(() -> load(g)).isInstanceOf(BadInputException.class)
          .hasMessage("test.onnx: node '/" + op + "_0' (" + op + ") applies " + op
              + " to a value that depends on the network input; " + op + " is not piecewise linear, so the network is not a ReLU network");
    }
    OnnxGraphBuilder p = new OnnxGraphBuilder().input("x", 1).output("y");
    p.node("PRelu", List.of(p.floats("c", new long[] {1}, 1), "x"), "y");
    assertThatThrownBy(() -> load(p)).hasMessage("test.onnx: node '/PRelu_0' (PRelu) has a parameter that depends on the network input"
        + " (input 'c' is constant); reluconvex needs parameters to be constants");
    OnnxGraphBuilder g = new OnnxGraphBuilder().input("x", 1).output("y");
    g.node("Mul", List.of("x", "x"), "y");
    assertThatThrownBy(() -> load(g)).hasMessageContaining("(Mul) multiplies two values that depend on the network input");
  }

  @Test
  void constantEvaluatorFollowsOnnxSemantics() {
    java.util.function.Function<String, BadInputException> err = BadInputException::new;
    ConstValue m = new ConstValue(new long[] {2, 3}, new double[] {1, 2, 3, 4, 5, 6});
    OnnxNode t = new OnnxNode("t", "Transpose", "", List.of("a"), List.of("b"), Map.of());
    assertThat(ConstFold.eval(t, List.of(m), err).values()).containsExactly(1, 4, 2, 5, 3, 6);
    OnnxNode s = new OnnxNode("s", "Slice", "", List.of(), List.of("b"), Map.of());
    ConstValue neg = ConstFold.eval(s, List.of(m, iv(-1), iv(Long.MIN_VALUE), iv(1), iv(-1)), err);
    assertThat(neg.dims()).containsExactly(2, 3);
    assertThat(neg.values()).containsExactly(3, 2, 1, 6, 5, 4);
    OnnxNode d = new OnnxNode("d", "Div", "", List.of(), List.of("b"), Map.of());
    assertThat(ConstFold.eval(d, List.of(iv(7), iv(-2)), err).values()).containsExactly(-3);
    OnnxNode gth = new OnnxNode("g", "Gather", "", List.of(), List.of("b"), Map.of("axis", OnnxAttribute.ofInt("axis", 1)));
    ConstValue gv = ConstFold.eval(gth, List.of(m, new ConstValue(new long[] {2}, new double[] {2, -3}, true)), err);
    assertThat(gv.dims()).containsExactly(2, 2);
    assertThat(gv.values()).containsExactly(3, 1, 6, 4);
    OnnxNode add = new OnnxNode("a", "Add", "", List.of(), List.of("b"), Map.of());
    assertThatThrownBy(() -> ConstFold.eval(add, List.of(m, iv(1, 2)), err)).hasMessageContaining("do not broadcast");
    OnnxNode rs = new OnnxNode("r", "ReduceSum", "", List.of(), List.of("b"), Map.of("keepdims", OnnxAttribute.ofInt("keepdims", 0)));
    ConstValue rv = ConstFold.eval(rs, List.of(m, iv(1)), err);
    assertThat(rv.dims()).containsExactly(2);
    assertThat(rv.values()).containsExactly(6, 15);
    OnnxNode rm = new OnnxNode("r", "ReduceMean", "", List.of(), List.of("b"), Map.of());
    ConstValue mv = ConstFold.eval(rm, List.of(m), err);
    assertThat(mv.dims()).containsExactly(1, 1);
    assertThat(mv.values()).containsExactly(3.5);
    OnnxNode l2 = new OnnxNode("r", "ReduceL2", "", List.of(), List.of("b"), Map.of("axes", OnnxAttribute.ofInts("axes", 0)));
    assertThat(ConstFold.eval(l2, List.of(m), err).values()).containsExactly(Math.sqrt(17), Math.sqrt(29), Math.sqrt(45));
  }

  @Test
  void absLeakyReluSelectionsAndReductionsArePiecewiseLinear() {
    OnnxGraphBuilder g = new OnnxGraphBuilder().input("x", 3).output("y");
    String ab = g.node("Abs", List.of("x"));
    String lk = g.node("LeakyRelu", List.of("x"), OnnxAttribute.ofFloat("alpha", 0.25f));
    String pr = g.node("PRelu", List.of("x", g.floats("sl", new long[] {3}, 0.5, -1, 2)));
    String sl = g.node("Slice", List.of(g.node("Sum", List.of(ab, lk, pr)), ints(g, "s", 1), ints(g, "e", 3), ints(g, "a", 1))); // features 1, 2
    String first = g.node("Gather", List.of("x", g.tensor("i", OnnxSchema.DT_INT64, new long[0], new double[] {0}, Storage.RAW)),
        OnnxAttribute.ofInt("axis", 1)); // [batch]
    String red = g.node("ReduceSum", List.of(sl, ints(g, "ra", 1)), OnnxAttribute.ofInt("keepdims", 0)); // [batch]
    String t = g.node("Transpose", List.of(g.node("Unsqueeze", List.of(g.node("Add", List.of(red, first)), ints(g, "u", 1))))); // [1, batch]
    g.node("Gemm", List.of(t, g.floats("w", new long[] {1, 1}, 3)), "y", OnnxAttribute.ofInt("transA", 1));
    double[] slope = {0.5, -1, 2};
    assertComputes(load(g), x -> {
      double s = 0;
      for (int k = 1; k < 3; k++) s += Math.abs(x[k]) + (x[k] >= 0 ? x[k] : 0.25 * x[k]) + (x[k] >= 0 ? x[k] : slope[k] * x[k]);
      return 3 * (s + x[0]);
    });
  }

  private static ConstValue iv(long... v) {
    double[] d = new double[v.length];
    for (int k = 0; k < v.length; k++) d[k] = v[k];
    return new ConstValue(new long[] {v.length}, d, true);
  }
}
