package org.reluconvex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * info counts parameters as PyTorch does, sum(p.numel() for p in model.parameters()), for the
 * exported models whose parameters are exactly their Linear weights and biases, with or without
 * bias (onnx-fixtures/parameters.csv, written by export.py).
 */
class InfoCommandTest {
  static final Path DIR = Path.of("src/test/resources/onnx-fixtures");

  static Stream<Arguments> torchCounts() throws IOException {
    List<String> rows = Files.readAllLines(DIR.resolve("parameters.csv"));
    assertThat(rows.get(0)).isEqualTo("model,torch_parameters");
    List<String> files;
    try (Stream<Path> s = Files.list(DIR)) {
      files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".onnx")).sorted().toList();
    }
    List<Arguments> cases = new java.util.ArrayList<>();
    for (String row : rows.subList(1, rows.size())) {
      String[] f = row.split(",");
      List<String> exports = files.stream().filter(n -> n.startsWith(f[0] + "-opset")).toList();
      assertThat(exports).as(f[0]).isNotEmpty();
      for (String e : exports) cases.add(Arguments.of(e, Long.parseLong(f[1])));
    }
    assertThat(cases).hasSizeGreaterThanOrEqualTo(110);
    return cases.stream();
  }

  @ParameterizedTest
  @MethodSource("torchCounts")
  void parameterCountIsTorchs(String file, long torch) throws IOException {
    CliRun r = CliRun.of("info", "--json", DIR.resolve(file).toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(new ObjectMapper().readTree(r.out()).get("parameters").asLong()).isEqualTo(torch);
  }

  @ParameterizedTest
  @MethodSource("torchCounts")
  void textSaysTheSame(String file, long torch) {
    CliRun r = CliRun.of("info", DIR.resolve(file).toString());
    assertThat(r.out()).contains(String.format("parameters:    %d%n", torch));
  }
}
