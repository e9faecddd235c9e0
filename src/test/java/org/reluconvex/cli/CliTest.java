package org.reluconvex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reluconvex.io.ModelFiles;
import org.reluconvex.network.Examples;
import org.reluconvex.network.Network;
import org.reluconvex.network.RandomNetworks;

class CliTest {
  /** Bad input: exit 2, exactly one line on stderr starting with "reluconvex: ", no stack trace. */
  static void assertBadInput(CliRun r, String fragment) {
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).startsWith("reluconvex: ").contains(fragment).doesNotContain("\tat ");
    assertThat(r.err().strip().lines()).hasSize(1);
  }

  @Test
  void infoDescribesTheArchitecture() {
    CliRun r = CliRun.of("info", "example:non-icnn-weights");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("architecture:  SkipMLP", "input dim:     2", "hidden widths: 2, 2 (2 hidden layers, 4 neurons)",
        "parameters:    21", "ICNN:          no");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void theModelCanAlsoBeGivenWithExample() {
    CliRun r = CliRun.withStdin("1,0\n", "eval", "--example", "non-icnn-weights", "--points", "-");
    assertThat(r.code()).isZero();
    assertThat(r.out().strip()).isEqualTo("0.0");
    assertThat(CliRun.of("info", "--example", "non-icnn-weights").out()).contains("model:         example:non-icnn-weights");
  }

  @Test
  void infoJsonIsMachineReadable() throws Exception {
    CliRun r = CliRun.of("info", "--json", "example:icnn-random?dim=3&widths=4,5&seed=2");
    assertThat(r.code()).isZero();
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("architecture").asText()).isEqualTo("SkipMLP");
    assertThat(j.get("input_dim").asInt()).isEqualTo(3);
    assertThat(j.get("hidden_widths").toString()).isEqualTo("[4,5]");
    assertThat(j.get("icnn").asBoolean()).isTrue();
    assertThat(j.get("parameters").asLong()).isEqualTo(RandomNetworks.icnn(3, new int[] {4, 5}, 2).parameterCount());
  }

  @Test
  void infoReadsSharedCorpusFiles() {
    Path onnx = Path.of(System.getProperty("reluconvex.shared", "."), "reference", "extras", "skip_d2_3x4.onnx");
    CliRun r = CliRun.of("info", onnx.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("SkipMLP", "hidden widths: 3, 4");
  }

  @Test
  void evalPrintsOneFullPrecisionValuePerPoint(@TempDir Path dir) throws Exception {
    Network net = RandomNetworks.mlp(2, new int[] {5, 3}, 4);
    Path model = dir.resolve("m.onnx");
    ModelFiles.write(net, model);
    Path pts = dir.resolve("pts.csv");
    Files.writeString(pts, "x1,x2\n0.5,-1.25\n\n3,4\n");
    CliRun r = CliRun.of("eval", model.toString(), "--points", pts.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines()).containsExactly(Double.toString(net.eval(new double[] {0.5, -1.25})),
        Double.toString(net.eval(new double[] {3, 4})));
    for (String line : r.out().lines().toList())
      assertThat(Double.parseDouble(line)).isIn(net.eval(new double[] {0.5, -1.25}), net.eval(new double[] {3, 4}));
  }

  @Test
  void evalReadsStandardInput() {
    CliRun r = CliRun.withStdin("1,0\n-3,0.5\n0,-2\n", "eval", "example:non-icnn-weights", "--points", "-");
    assertThat(r.code()).isZero();
    assertThat(r.out().lines()).containsExactly("0.0", "2.0", "2.0");
  }

  @Test
  void evalRejectsWrongColumnCountsWithTheLineNumber() {
    assertBadInput(CliRun.withStdin("1,2\n\n1,2,3\n", "eval", "example:non-icnn-weights", "-p", "-"),
        "<stdin>: line 3 has 3 values, expected 2");
    assertBadInput(CliRun.withStdin("1,2\n1,abc\n", "eval", "example:non-icnn-weights", "-p", "-"), "line 2, column 2: 'abc' is not a number");
    assertBadInput(CliRun.of("eval", "example:non-icnn-weights", "-p", "/nonexistent/pts.csv"), "no such file");
  }

  @Test
  void exampleWritesModelsThatLoadBack(@TempDir Path dir) {
    Path onnx = dir.resolve("b.onnx"), json = dir.resolve("r.json"), f32 = dir.resolve("i.onnx");
    CliRun r = CliRun.of("example", "beyond-icnn", "--out", onnx.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("wrote beyond-icnn (SkipMLP 2 -> 2x2 -> 1) to ");
    assertThat(ModelFiles.read(onnx)).isEqualTo(Examples.beyondIcnn());

    assertThat(CliRun.of("example", "random", "--dim", "3", "--widths", "4,2", "--skip", "--seed", "7", "--out", json.toString()).code()).isZero();
    assertThat(ModelFiles.read(json)).isEqualTo(RandomNetworks.skipMlp(3, new int[] {4, 2}, 7));

    assertThat(CliRun.of("example", "icnn-random", "--dim", "2", "--widths", "3,3", "--float32", "-o", f32.toString()).code()).isZero();
    Network icnn = ModelFiles.read(f32);
    assertThat(icnn.isIcnn()).isTrue();
    assertThat(icnn.rawBlock(2, 1)[0]).isEqualTo((double) (float) RandomNetworks.icnn(2, new int[] {3, 3}, 0).rawBlock(2, 1)[0]);

    CliRun stdout = CliRun.of("example", "beyond-icnn", "--out", "-");
    assertThat(stdout.out()).startsWith("{").contains("\"format\": \"reluconvex-network\"");
  }

  @Test
  void exampleRejectsBadArguments(@TempDir Path dir) {
    assertBadInput(CliRun.of("example", "nope", "--out", dir.resolve("x.onnx").toString()), "unknown example 'nope'");
    assertBadInput(CliRun.of("example", "random", "--out", dir.resolve("x.onnx").toString()), "needs --dim and --widths");
    assertBadInput(CliRun.of("example", "random", "--dim", "2", "--widths", "3,-1", "--out", dir.resolve("x.onnx").toString()),
        "every width must be at least 1");
    assertBadInput(CliRun.of("example", "beyond-icnn", "--out", dir.resolve("x.txt").toString()), "use .onnx or .json");
    assertBadInput(CliRun.of("example", "beyond-icnn", "--out", dir.resolve("no/such/dir/x.onnx").toString()), "does not exist");
    assertBadInput(CliRun.of("example", "random", "--dim", "two", "--widths", "3", "--out", "-"), "--dim");
  }

  @Test
  void badModelsAndUsageErrorsExitTwoWithOneLine(@TempDir Path dir) throws Exception {
    assertBadInput(CliRun.of("info", dir.resolve("missing.onnx").toString()), "missing.onnx: no such file");
    Path garbage = dir.resolve("g.onnx");
    Files.write(garbage, new byte[] {0x0a, 0x05, 0x01});
    assertBadInput(CliRun.of("info", garbage.toString()), "not a valid ONNX file");
    Path json = dir.resolve("m.json");
    Files.writeString(json, "{\"format\": \"reluconvex-network\", \"version\": 1}");
    assertBadInput(CliRun.of("eval", json.toString(), "-p", "-"), "\"input_dim\" is missing");
    assertBadInput(CliRun.of("info"), "no model given");
    assertBadInput(CliRun.of("info", "--example", "non-icnn-weights", "m.onnx"), "either MODEL or --example, not both");
    assertBadInput(CliRun.of("info", "--example", "nope"), "unknown example 'nope'");
    assertBadInput(CliRun.of("info", "--bogus", "x"), "Unknown option: '--bogus'");
    assertBadInput(CliRun.of("frobnicate"), "frobnicate");
    assertBadInput(CliRun.of(), "missing command");
  }

  @Test
  void verbosePrintsTheStackTrace(@TempDir Path dir) {
    CliRun r = CliRun.of("info", "--verbose", dir.resolve("missing.onnx").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("reluconvex: ").contains("BadInputException", "\tat ");
  }

  @Test
  void helpAndVersion() {
    CliRun v = CliRun.of("--version");
    assertThat(v.code()).isZero();
    assertThat(v.out().strip()).isEqualTo("reluconvex 0.1.0");
    CliRun h = CliRun.of("--help");
    assertThat(h.code()).isZero();
    assertThat(h.out()).contains("info", "eval", "example");
    for (String cmd : new String[] {"info", "eval", "example"}) {
      CliRun c = CliRun.of(cmd, "--help");
      assertThat(c.code()).isZero();
      assertThat(c.out()).startsWith("Usage: reluconvex " + cmd);
    }
  }
}
