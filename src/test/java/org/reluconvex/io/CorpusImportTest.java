package org.reluconvex.io;

import org.reluconvex.testing.SharedReference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reluconvex.network.Architecture;
import org.reluconvex.network.Network;

/** Every network exported by PyTorch in the shared reference loads and reproduces its samples. */
class CorpusImportTest {
  static Stream<SharedReference.Entry> corpus() { return SharedReference.manifest("corpus").stream(); }

  static Stream<SharedReference.Entry> extras() { return SharedReference.manifest("extras").stream(); }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void corpusNetworkReproducesSamples(SharedReference.Entry e) {
    Network net = ModelFiles.read(e.onnx());
    assertThat(net.inputDim()).isEqualTo(e.json().get("input_dim").asInt());
    assertThat(net.hiddenWidths()).containsExactly(ints(e.json().get("widths")));
    assertThat(net.architecture()).isEqualTo(Architecture.MLP);
    assertThat(net.isIcnn()).isEqualTo(e.json().get("icnn_weights").asBoolean());
    assertSamples(net, e.json());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("extras")
  void extraNetworkReproducesSamples(SharedReference.Entry e) {
    Network net = ModelFiles.read(e.onnx());
    assertThat(net.inputDim()).isEqualTo(e.json().get("input_dim").asInt());
    if (e.json().has("widths")) assertThat(net.hiddenWidths()).containsExactly(ints(e.json().get("widths")));
    if ("skipmlp".equals(e.json().path("kind").asText())) assertThat(net.architecture()).isEqualTo(Architecture.SKIP_MLP);
    assertSamples(net, e.json());
  }

  static void assertSamples(Network net, JsonNode entry) {
    JsonNode samples = entry.get("samples");
    if (samples == null) return;
    assertThat(samples.size()).isPositive();
    for (JsonNode s : samples) {
      double[] x = new double[s.get("x").size()];
      for (int i = 0; i < x.length; i++) x[i] = s.get("x").get(i).asDouble();
      double y = s.get("y").asDouble();
      double got = net.eval(x);
      double tol = 1e-9 * Math.max(1.0, Math.abs(y));
      assertThat(Math.abs(got - y)).as("f(%s) = %s, expected %s", List.of(x), got, y).isLessThanOrEqualTo(tol);
    }
  }

  private static int[] ints(JsonNode a) {
    int[] r = new int[a.size()];
    for (int i = 0; i < r.length; i++) r[i] = a.get(i).asInt();
    return r;
  }
}
