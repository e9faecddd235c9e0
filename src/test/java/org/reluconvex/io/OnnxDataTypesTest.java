package org.reluconvex.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.reluconvex.io.HandBuiltOnnxTest.load;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.reluconvex.io.OnnxTensor.Storage;
import org.reluconvex.network.Network;

/**
 * Initializers of every element type load as constants (their decoding against onnx's own is the
 * fixture f64-every-dtype); half and bfloat16 values are exact, and Cast to them rounds to nearest
 * even as IEEE 754 says.
 */
class OnnxDataTypesTest {
  @Test
  void halfPrecisionBitsDecodeToTheirIeeeValues() {
    assertThat(OnnxDataType.halfToDouble(0x3c00)).isEqualTo(1.0);
    assertThat(OnnxDataType.halfToDouble(0xc000)).isEqualTo(-2.0);
    assertThat(OnnxDataType.halfToDouble(0x3555)).isEqualTo(0.333251953125);
    assertThat(OnnxDataType.halfToDouble(0x7bff)).isEqualTo(65504.0);
    assertThat(OnnxDataType.halfToDouble(0x0400)).isEqualTo(0x1p-14); // smallest normal
    assertThat(OnnxDataType.halfToDouble(0x0001)).isEqualTo(0x1p-24); // smallest subnormal
    assertThat(OnnxDataType.halfToDouble(0x83ff)).isEqualTo(-1023 * 0x1p-24);
    assertThat(OnnxDataType.halfToDouble(0x8000)).isEqualTo(-0.0);
    assertThat(OnnxDataType.halfToDouble(0x7c00)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(OnnxDataType.bfloat16ToDouble(0x3f80)).isEqualTo(1.0);
    assertThat(OnnxDataType.bfloat16ToDouble(0xc0a0)).isEqualTo(-5.0);
    assertThat(OnnxDataType.bfloat16ToDouble(0x3eab)).isEqualTo(0.333984375);
    assertThat(OnnxDataType.bfloat16ToDouble(0x0001)).isEqualTo(0x1p-133);
  }

  @Test
  void everyFiniteHalfIsItsOwnRoundingAndEncodesToItsBits() {
    double previous = Double.NEGATIVE_INFINITY;
    for (int bits = 0xfbff; bits >= 0x8000; bits--) { // negative halves, increasing
      double v = OnnxDataType.halfToDouble(bits);
      assertThat(v).isGreaterThanOrEqualTo(previous);
      previous = v;
    }
    for (int bits = 0; bits < 0x10000; bits++) {
      double v = OnnxDataType.halfToDouble(bits);
      if (!Double.isFinite(v)) continue;
      assertThat(OnnxDataType.FLOAT16.cast(v)).isEqualTo(v);
      assertThat(OnnxDataType.halfBits(v)).as("bits %x", bits).isEqualTo(bits);
    }
  }

  @Test
  void castToHalfAndBfloat16RoundsToNearestEven() {
    OnnxDataType h = OnnxDataType.FLOAT16, b = OnnxDataType.BFLOAT16;
    assertThat(h.cast(1 + 0x1p-11)).isEqualTo(1.0); // a tie, to the even neighbour
    assertThat(h.cast(1 + 3 * 0x1p-11)).isEqualTo(1 + 0x1p-9);
    assertThat(h.cast(1 + 0x1p-11 + 0x1p-30)).isEqualTo(1 + 0x1p-10); // above the tie
    assertThat(h.cast(0.1)).isEqualTo(0.0999755859375);
    assertThat(h.cast(0x1p-25)).isEqualTo(0.0); // half the smallest subnormal: a tie to 0
    assertThat(h.cast(3 * 0x1p-25)).isEqualTo(0x1p-23);
    assertThat(h.cast(65519.0)).isEqualTo(65504.0);
    assertThat(h.cast(65520.0)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(h.cast(-70000.0)).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(b.cast(1 + 0x1p-8)).isEqualTo(1.0);
    assertThat(b.cast(1 + 3 * 0x1p-8)).isEqualTo(1 + 0x1p-6);
    assertThat(b.cast(0.1)).isEqualTo(0.10009765625);
    assertThat(b.cast(-3.0e38)).isEqualTo(-226 * 0x1p120); // 3e38 = 225.7 * 2^120, spacing 2^120 near 2^127
    assertThat(b.cast(0x1.ffp127)).isEqualTo(Double.POSITIVE_INFINITY); // halfway to 2^128, ties to even
    assertThat(OnnxDataType.FLOAT.cast(0.1)).isEqualTo((double) 0.1f);
    assertThat(OnnxDataType.INT8.cast(-2.7)).isEqualTo(-2.0);
    assertThat(OnnxDataType.BOOL.cast(-0.5)).isEqualTo(1.0);
  }

  /** y = x . cast(W) for W of the given type and storage, written by our writer and read back. */
  private static Network castWeight(int type, Storage storage, double... w) {
    OnnxGraphBuilder g = new OnnxGraphBuilder().input("x", w.length).output("y");
    String raw = g.tensor("w", type, new long[] {w.length, 1}, w, storage);
    g.node("MatMul", List.of("x", g.node("Cast", List.of(raw), OnnxAttribute.ofInt("to", OnnxSchema.DT_DOUBLE))), "y");
    return load(g);
  }

  @Test
  void everyTypeLoadsInRawDataAndInItsTypedField() {
    double[] ints = {-3, 0, 7};
    for (Storage s : Storage.values()) {
      for (OnnxDataType t : List.of(OnnxDataType.INT8, OnnxDataType.INT16, OnnxDataType.INT32, OnnxDataType.INT64,
          OnnxDataType.FLOAT, OnnxDataType.DOUBLE, OnnxDataType.FLOAT16, OnnxDataType.BFLOAT16))
        assertThat(castWeight(t.code, s, ints).eval(new double[] {1, 10, 100})).as(t + " " + s).isEqualTo(697.0);
      for (OnnxDataType t : List.of(OnnxDataType.UINT8, OnnxDataType.UINT16, OnnxDataType.UINT32, OnnxDataType.UINT64))
        assertThat(castWeight(t.code, s, 250, 0, 3).eval(new double[] {1, 10, 100})).as(t + " " + s).isEqualTo(550.0);
      assertThat(castWeight(OnnxDataType.BOOL.code, s, 1, 0, 1).eval(new double[] {1, 10, 100})).isEqualTo(101.0);
      // 2^53 + 2 in uint64: the sign bit is clear; 2^63 + 2^12 has it set and still reads as unsigned
      assertThat(castWeight(OnnxDataType.UINT64.code, s, 0x1p63 + 0x1p12).eval(new double[] {1})).isEqualTo(0x1p63 + 0x1p12);
    }
    // a weight given in half precision keeps its exact value
    assertThat(castWeight(OnnxDataType.FLOAT16.code, Storage.RAW, 0.0999755859375).eval(new double[] {1})).isEqualTo(0.0999755859375);
  }

  @Test
  void castOfAWeightToHalfRoundsItAsTorchDoes() {
    // W.half().float(): Cast to FLOAT16, then to FLOAT
    OnnxGraphBuilder g = new OnnxGraphBuilder().input("x", 2).output("y");
    String w = g.doubles("w", new long[] {2, 1}, Storage.RAW, 0.1, 1 + 3 * 0x1p-11);
    String half = g.node("Cast", List.of(w), OnnxAttribute.ofInt("to", OnnxDataType.FLOAT16.code));
    g.node("MatMul", List.of("x", g.node("Cast", List.of(half), OnnxAttribute.ofInt("to", OnnxSchema.DT_FLOAT))), "y");
    Network net = load(g);
    assertThat(net.eval(new double[] {1, 0})).isEqualTo(0.0999755859375);
    assertThat(net.eval(new double[] {0, 1})).isEqualTo(1 + 0x1p-9);
  }

  @Test
  void unsupportedTypesAreRefusedNamingThem() throws java.io.IOException {
    OnnxGraphBuilder g = new OnnxGraphBuilder().input("x", 1).output("y");
    g.node("Identity", List.of("x"), "y");
    // a second graph field, which protobuf merges into the first, with a STRING initializer
    java.io.ByteArrayOutputStream tensor = new java.io.ByteArrayOutputStream(), graph = new java.io.ByteArrayOutputStream(),
        model = new java.io.ByteArrayOutputStream();
    com.google.protobuf.CodedOutputStream t = com.google.protobuf.CodedOutputStream.newInstance(tensor);
    t.writeInt64(OnnxSchema.TENSOR_DIMS, 1);
    t.writeInt32(OnnxSchema.TENSOR_DATA_TYPE, 8);
    t.writeString(OnnxSchema.TENSOR_NAME, "c");
    t.flush();
    com.google.protobuf.CodedOutputStream gr = com.google.protobuf.CodedOutputStream.newInstance(graph);
    gr.writeByteArray(OnnxSchema.GRAPH_INITIALIZER, tensor.toByteArray());
    gr.flush();
    model.write(g.bytes());
    com.google.protobuf.CodedOutputStream m = com.google.protobuf.CodedOutputStream.newInstance(model);
    m.writeByteArray(OnnxSchema.MODEL_GRAPH, graph.toByteArray());
    m.flush();
    assertThatThrownBy(() -> Onnx.read(model.toByteArray(), "c.onnx")).isInstanceOf(BadInputException.class)
        .hasMessage("c.onnx: initializer 'c' has data type STRING, which reluconvex does not support (supported: FLOAT, "
            + "UINT8, INT8, UINT16, INT16, INT32, INT64, BOOL, FLOAT16, DOUBLE, UINT32, UINT64, BFLOAT16)");
  }
}
