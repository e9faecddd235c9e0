package org.reluconvex.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.reluconvex.io.HandBuiltOnnxTest.assertComputes;
import static org.reluconvex.io.HandBuiltOnnxTest.load;
import static org.reluconvex.io.HandBuiltOnnxTest.relu;
import static org.reluconvex.io.OnnxPatternsTest.ints;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.reluconvex.io.OnnxTensor.Storage;

/**
 * BatchNormalization wherever it is an affine map of each input: on [batch, C], on [batch, C, 1]
 * and [batch, C, 1, 1] (the features as channels), on [batch, 1, C] (one channel for all features),
 * with per-element statistics (spatial = 0); and the reshapes around it. Elsewhere it is refused
 * naming the node and the reason.
 */
class BatchNormShapesTest {
  private static final double[] SCALE = {1.5, -2}, B = {0.25, 1}, MEAN = {0.5, -1}, VAR = {4, 0.25};

  /** y = relu(BN(x)) summed, the BatchNorm given by the caller on x in some shape. */
  private interface Shaped { String apply(OnnxGraphBuilder g, String x); }

  private static String bn(OnnxGraphBuilder g, String in, long[] statShape, int channels, OnnxAttribute... attrs) {
    double[] sc = channels == 1 ? new double[] {SCALE[0]} : SCALE, b = channels == 1 ? new double[] {B[0]} : B;
    double[] mu = channels == 1 ? new double[] {MEAN[0]} : MEAN, var = channels == 1 ? new double[] {VAR[0]} : VAR;
    return g.node("BatchNormalization", stats(g, in, statShape, sc, b, mu, var), attrs);
  }

  private static List<String> stats(OnnxGraphBuilder g, String in, long[] shape, double[]... v) {
    return List.of(in, g.doubles("scale", shape, Storage.RAW, v[0]), g.doubles("B", shape, Storage.RAW, v[1]),
        g.doubles("mean", shape, Storage.RAW, v[2]), g.doubles("var", shape, Storage.RAW, v[3]));
  }

  private static OnnxGraphBuilder net(Shaped body) {
    OnnxGraphBuilder g = new OnnxGraphBuilder().input("x", 2).output("y");
    String h = g.node("Relu", List.of(body.apply(g, "x")));
    g.node("MatMul", List.of(h, g.doubles("v", new long[] {2, 1}, Storage.RAW, 1, 1)), "y");
    return g;
  }

  private static double perChannel(double[] x) {
    double s = 0;
    for (int k = 0; k < 2; k++) s += relu(SCALE[k] * (x[k] - MEAN[k]) / Math.sqrt(VAR[k] + (float) 1e-5) + B[k]);
    return s;
  }

  private static double oneChannel(double[] x) {
    double s = 0;
    for (int k = 0; k < 2; k++) s += relu(SCALE[0] * (x[k] - MEAN[0]) / Math.sqrt(VAR[0] + (float) 1e-5) + B[0]);
    return s;
  }

  @Test
  void onABatchOfVectorsAndWithStatisticsPerElement() {
    assertComputes(load(net((g, x) -> bn(g, x, new long[] {2}, 2))), BatchNormShapesTest::perChannel);
    // opset 7: spatial = 0, statistics of shape [C] per element of a [batch, C] sample
    assertComputes(load(net((g, x) -> bn(g, x, new long[] {2}, 2, OnnxAttribute.ofInt("spatial", 0),
        OnnxAttribute.ofInt("is_test", 1), OnnxAttribute.ofFloat("momentum", 0.9f)))), BatchNormShapesTest::perChannel);
    assertComputes(load(net((g, x) -> bn(g, x, new long[] {2}, 2, OnnxAttribute.ofInt("training_mode", 0)))), BatchNormShapesTest::perChannel);
  }

  @Test
  void onFeaturesAsChannels() {
    // x.unsqueeze(-1) -> BatchNorm1d(2) -> squeeze(-1)
    assertComputes(load(net((g, x) -> g.node("Squeeze", List.of(bn(g, g.node("Unsqueeze", List.of(x, ints(g, "a", -1))), new long[] {2}, 2),
        ints(g, "sa", 2))))), BatchNormShapesTest::perChannel);
    // x.view(batch, 2, 1, 1) -> BatchNorm2d(2) -> flatten(1), the view from a constant target with the batch inferred
    assertComputes(load(net((g, x) -> g.node("Flatten", List.of(bn(g, g.node("Reshape", List.of(x, ints(g, "t", -1, 2, 1, 1))),
        new long[] {2}, 2)), OnnxAttribute.ofInt("axis", 1)))), BatchNormShapesTest::perChannel);
    // [batch, 2, 1] -> transpose(1, 2) -> [batch, 1, 2] -> reshape(0, -1), spatial = 0 statistics [2, 1]
    assertComputes(load(net((g, x) -> g.node("Reshape", List.of(g.node("Transpose", List.of(bn(g, g.node("Unsqueeze", List.of(x),
        OnnxAttribute.ofInts("axes", 2)), new long[] {2, 1}, 2, OnnxAttribute.ofInt("spatial", 0))), OnnxAttribute.ofInts("perm", 0, 2, 1)),
        ints(g, "t", 0, -1))))), BatchNormShapesTest::perChannel);
  }

  @Test
  void onOneChannelHoldingAllFeatures() {
    // x.unsqueeze(1) -> BatchNorm1d(1) -> flatten(1)
    assertComputes(load(net((g, x) -> g.node("Flatten", List.of(bn(g, g.node("Unsqueeze", List.of(x, ints(g, "a", 1))), new long[] {1}, 1)),
        OnnxAttribute.ofInt("axis", 1)))), BatchNormShapesTest::oneChannel);
    // and a per-channel constant added on [batch, 2, 1] ([2, 1], as a Conv1d bias broadcasts), a mean over the unit axis
    assertComputes(load(net((g, x) -> {
      String c = g.node("Add", List.of(g.node("Unsqueeze", List.of(x, ints(g, "a", 2))), g.doubles("c", new long[] {2, 1}, Storage.RAW, 1, -1)));
      return g.node("ReduceMean", List.of(bn(g, c, new long[] {2}, 2)), OnnxAttribute.ofInts("axes", -1), OnnxAttribute.ofInt("keepdims", 0));
    })), x -> perChannel(new double[] {x[0] + 1, x[1] - 1}));
  }

  private static void assertRefused(OnnxGraphBuilder g, String... fragments) {
    byte[] bytes = g.bytes();
    assertThatThrownBy(() -> Onnx.read(bytes, "bn.onnx")).isInstanceOf(BadInputException.class)
        .satisfies(e -> assertThat(e.getMessage()).startsWith("bn.onnx: node '/").doesNotContain("\n").contains(fragments));
  }

  @Test
  void refusedWhereItIsNotAMapOfEachInput() {
    // [2, batch]: axis 1 is the batch, so the statistics would be per input
    assertRefused(net((g, x) -> g.node("Transpose", List.of(bn(g, g.node("Transpose", List.of(x)), new long[] {2}, 2)))),
        "(BatchNormalization) normalises [2, batch] along axis 1, which holds the batch");
    assertRefused(net((g, x) -> bn(g, x, new long[] {2}, 2, OnnxAttribute.ofInt("training_mode", 1))), "is in training mode");
    double[] three = {1, 1, 1};
    assertRefused(net((g, x) -> g.node("BatchNormalization", stats(g, x, new long[] {3}, three, three, three, three))),
        "has a scale of shape [3], expected 2 values, one per channel");
    assertRefused(net((g, x) -> bn(g, g.node("Unsqueeze", List.of(x, ints(g, "a", 1))), new long[] {2}, 2)),
        "has a scale of shape [2], expected 1 values, one per channel");
    // the running statistics as more outputs, as an export in training mode has them
    assertRefused(net((g, x) -> g.node("BatchNormalization", stats(g, x, new long[] {2}, SCALE, B, MEAN, VAR), List.of("bn_y", "bn_mean", "bn_var"))),
        "outputs its running statistics, as in training mode");
    assertRefused(net((g, x) -> g.node("BatchNormalization", stats(g, x, new long[] {2}, SCALE, B, MEAN, new double[] {4, -1}))),
        "has var + epsilon = -0.99999");
    OnnxGraphBuilder vector = new OnnxGraphBuilder().input(new OnnxValueInfo("x", OnnxSchema.DT_FLOAT, List.of(2L))).output("y");
    vector.node("ReduceSum", List.of(bn(vector, "x", new long[] {2}, 2)), "y", OnnxAttribute.ofInt("keepdims", 0));
    assertRefused(vector, "normalises [2], but BatchNormalization needs an input [batch, channels, ...]");
  }

  @Test
  void reshapesThatWouldMixTheBatchAreRefusedNamingTheShapes() {
    assertRefused(net((g, x) -> g.node("Unsqueeze", List.of(x, ints(g, "a", 0)))),
        "(Unsqueeze) unsqueezes [batch, 2] into [1, batch, 2], which is not a batch of vectors reluconvex represents");
    assertRefused(net((g, x) -> g.node("Add", List.of(g.node("Unsqueeze", List.of(x, ints(g, "a", 2))),
        g.doubles("c", new long[] {2}, Storage.RAW, 1, 2)))), "combines a constant of shape [2] with [batch, 2, 1], which is not one value per feature");
    assertRefused(net((g, x) -> g.node("Flatten", List.of(g.node("Unsqueeze", List.of(x, ints(g, "a", 2)))), OnnxAttribute.ofInt("axis", 2))),
        "flattens [batch, 2, 1] with axis 2, which would mix the batch and the features");
    assertRefused(net((g, x) -> g.node("Squeeze", List.of(x, ints(g, "a", 1)))), "squeezes away the feature axis of [batch, 2]");
  }
}
