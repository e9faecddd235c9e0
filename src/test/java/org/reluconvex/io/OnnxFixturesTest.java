package org.reluconvex.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reluconvex.network.Network;

/**
 * Files exported by torch.onnx.export (see onnx-fixtures/export.py) load and reproduce torch's outputs:
 * the first batch (ICNN weight constraints, normalisation, batch shape arithmetic, ...) and the second
 * (bias=False layers, BatchNorm on [batch, C, 1], [batch, 1, C] and [batch, C, 1, 1], weights in half,
 * bfloat16 and integer types, bool masks and where() on weights; f64-every-dtype holds every element
 * type in both storages, its outputs computed by numpy).
 */
class OnnxFixturesTest {
  static final Path DIR = Path.of("src/test/resources/onnx-fixtures");

  static Stream<String> fixtures() throws IOException {
    try (Stream<Path> s = Files.list(DIR)) {
      List<String> names = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".onnx")).sorted().toList();
      assertThat(names).hasSizeGreaterThanOrEqualTo(117 + 71);
      return names.stream().filter(n -> !n.startsWith("refused-"));
    }
  }

  static Stream<String> refused() throws IOException {
    try (Stream<Path> s = Files.list(DIR)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("refused-") && n.endsWith(".onnx")).sorted().toList().stream();
    }
  }

  /** refused-OP-...onnx: one line, naming the node and OP (not a shape op before it). */
  @ParameterizedTest
  @MethodSource("refused")
  void refusalNamesTheOpThatIsTheCause(String name) throws IOException {
    String op = name.split("-")[1];
    byte[] bytes = Files.readAllBytes(DIR.resolve(name));
    assertThatThrownBy(() -> Onnx.read(bytes, name)).isInstanceOf(BadInputException.class)
        .satisfies(e -> assertThat(e.getMessage()).startsWith(name + ": node '").doesNotContain("\n")
            .containsAnyOf("(" + op + ") applies " + op, "has op " + op + " on a value"));
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void loadsAndReproducesTorchOutputs(String name) throws IOException {
    Network net = Onnx.read(Files.readAllBytes(DIR.resolve(name)), name);
    List<String> rows = Files.readAllLines(DIR.resolve(name.replace(".onnx", ".csv")));
    assertThat(rows).isNotEmpty();
    for (String row : rows) {
      String[] f = row.split(",");
      double[] x = new double[f.length - 1];
      for (int i = 0; i < x.length; i++) x[i] = Double.parseDouble(f[i]);
      assertThat(x).hasSize(net.inputDim());
      double want = Double.parseDouble(f[f.length - 1]), got = net.eval(x);
      // torch computes in float32 (1e-5 relative, with an absolute floor at the scale of 1) or float64
      double tol = name.startsWith("f64-") ? 1e-12 : 1e-5;
      assertThat(Math.abs(got - want)).as(name + " at " + row).isLessThanOrEqualTo(tol * Math.max(1, Math.abs(want)));
    }
  }
}
