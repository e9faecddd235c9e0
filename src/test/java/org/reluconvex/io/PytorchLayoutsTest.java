package org.reluconvex.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.reluconvex.io.OnnxTensor.Storage;
import org.reluconvex.network.Network;
import org.reluconvex.network.RandomNetworks;

/**
 * A SkipMLP written in each of the layouts torch.onnx.export produces for it imports to exactly
 * the same network: weights are only copied, never recombined.
 */
class PytorchLayoutsTest {
  enum Style {
    /** Gemm for the chain, MatMul (transposed weight) + Add for the input skip: the extras/ files. */
    GEMM_PLUS_SKIP_MATMUL,
    /** One Linear on Concat(h, x): Gemm with the weight [W | V]. */
    CONCAT,
    /** Bias-free Linear layers (MatMul) and the bias as a separate Add, float64 typed fields. */
    MATMUL_ADD_TYPED_DOUBLES
  }

  static byte[] write(Network net, Style style) {
    OnnxGraphBuilder g = new OnnxGraphBuilder().input("x", net.inputDim()).output("y");
    int out = net.outputLayer();
    String h = "x";
    for (int l = 1; l <= out; l++) {
      int n = net.width(l), p = net.width(l - 1), d = net.inputDim();
      boolean skip = l >= 2 && net.hasBlock(l, 0);
      String target = l == out ? "y" : "/" + l + "/pre";
      double[] w = net.rawBlock(l, l - 1), v = net.rawBlock(l, 0);
      switch (style) {
        case GEMM_PLUS_SKIP_MATMUL: {
          String gemmOut = g.node("Gemm", List.of(h, g.doubles("w" + l, new long[] {n, p}, Storage.RAW, w),
              g.doubles("b" + l, new long[] {n}, Storage.RAW, net.rawBias(l))), skip ? "/" + l + "/gemm" : target,
              OnnxAttribute.ofInt("transB", 1));
          if (skip) g.node("Add", List.of(gemmOut, g.node("MatMul", List.of("x",
              g.doubles("v" + l, new long[] {d, n}, Storage.RAW, transpose(v, n, d))))), target);
          break;
        }
        case CONCAT: {
          String in = skip ? g.node("Concat", List.of(h, "x"), OnnxAttribute.ofInt("axis", 1)) : h;
          int cols = skip ? p + d : p;
          double[] wv = new double[n * cols];
          for (int i = 0; i < n; i++) {
            System.arraycopy(w, i * p, wv, i * cols, p);
            if (skip) System.arraycopy(v, i * d, wv, i * cols + p, d);
          }
          g.node("Gemm", List.of(in, g.doubles("w" + l, new long[] {n, cols}, Storage.RAW, wv),
              g.doubles("b" + l, new long[] {n}, Storage.RAW, net.rawBias(l))), target, OnnxAttribute.ofInt("transB", 1));
          break;
        }
        default: {
          String acc = g.node("MatMul", List.of(h, g.doubles("w" + l, new long[] {p, n}, Storage.TYPED, transpose(w, n, p))));
          if (skip) acc = g.node("Add", List.of(acc, g.node("MatMul", List.of("x",
              g.doubles("v" + l, new long[] {d, n}, Storage.TYPED, transpose(v, n, d))))));
          g.node("Add", List.of(acc, g.doubles("b" + l, new long[] {n}, Storage.TYPED, net.rawBias(l))), target);
        }
      }
      if (l < out) h = g.node("Relu", List.of(target));
    }
    return g.bytes();
  }

  static double[] transpose(double[] a, int rows, int cols) {
    double[] t = new double[a.length];
    for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) t[j * rows + i] = a[i * cols + j];
    return t;
  }

  @Property(tries = 120)
  void everyLayoutImportsToTheSameNetwork(@ForAll Style style, @ForAll boolean skip, @ForAll @IntRange(min = 1, max = 4) int dim,
      @ForAll @IntRange(min = 0, max = 3) int depth, @ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] widths = new int[depth];
    for (int i = 0; i < depth; i++) widths[i] = 1 + r.nextInt(6);
    Network net = skip ? RandomNetworks.skipMlp(dim, widths, seed) : RandomNetworks.mlp(dim, widths, seed);
    assertThat(Onnx.read(write(net, style), style + ".onnx")).isEqualTo(net);
  }

  @Test
  void nodesOutOfOrderAreSortedAndCyclesRefused() {
    Network net = RandomNetworks.skipMlp(2, new int[] {3, 3}, 5);
    OnnxGraph g = OnnxParser.parse(write(net, Style.CONCAT), "g");
    List<OnnxNode> shuffled = new ArrayList<>(g.nodes());
    Collections.reverse(shuffled);
    OnnxGraph reversed = new OnnxGraph(7, 13, "t", shuffled, g.initializers(), g.inputs(), g.outputs());
    assertThat(Onnx.read(OnnxWriter.write(reversed), "reversed.onnx")).isEqualTo(net);

    OnnxGraphBuilder cyc = new OnnxGraphBuilder().input("x", 1).output("y");
    cyc.node("Add", List.of("x", "b"), "a");
    cyc.node("Relu", List.of("a"), "b");
    cyc.node("Identity", List.of("b"), "y");
    assertThatThrownBy(() -> Onnx.read(cyc.bytes(), "cycle.onnx")).isInstanceOf(BadInputException.class)
        .hasMessageContaining("cycle");
  }
}
