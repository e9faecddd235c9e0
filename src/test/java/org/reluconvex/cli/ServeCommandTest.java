package org.reluconvex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reluconvex.io.JsonModel;
import org.reluconvex.io.ModelFiles;
import org.reluconvex.io.Onnx;
import org.reluconvex.network.Network;
import org.reluconvex.network.RandomNetworks;

/** {@code reluconvex serve}: every answer is what the command prints under --json, plus the request's id and op. */
class ServeCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String corpus(String name) {
    return Path.of(System.getProperty("reluconvex.shared", "."), "reference", "corpus", name).toString();
  }

  /** The answers to the request lines (the hello line checked and dropped); every output line is JSON. */
  private static List<JsonNode> serve(String... requests) throws Exception {
    CliRun r = CliRun.withStdin(String.join("\n", requests) + "\n", "serve");
    assertThat(r.code()).as(r.err()).isZero();
    List<JsonNode> lines = new ArrayList<>();
    for (String l : r.out().lines().toList()) lines.add(JSON.readTree(l));
    JsonNode hello = lines.remove(0);
    assertThat(hello.get("protocol").asInt()).isEqualTo(ServeRequest.PROTOCOL);
    assertThat(hello.get("ops").toString()).isEqualTo("[\"check\",\"monotone\",\"lipschitz\",\"range\",\"regions\",\"info\",\"eval\",\"to-icnn\",\"plot\",\"constraints\"]");
    assertThat(lines).hasSize(requests.length);
    return lines;
  }

  /** What the command line prints with --json, with the timings removed. */
  private static ObjectNode cli(String stdin, String... args) throws Exception {
    return withoutTimings(JSON.readTree(CliRun.withStdin(stdin, args).out()));
  }

  private static ObjectNode withoutTimings(JsonNode j) {
    ObjectNode o = ((ObjectNode) j).deepCopy();
    o.remove(List.of("check_seconds", "seconds"));
    return o;
  }

  /** The answer without id, op and timings: the fields the command itself printed. */
  private static ObjectNode fields(JsonNode answer) {
    ObjectNode o = withoutTimings(answer);
    o.remove(List.of("id", "op"));
    return o;
  }

  @Test
  void answersAreTheCommandsJsonWithTheRequestId() throws Exception {
    String model = corpus("fig3_d2_3x3_11_1.onnx");
    List<JsonNode> a = serve(
        "{\"id\": 1, \"op\": \"check\", \"model\": \"" + model + "\"}",
        "{\"id\": \"two\", \"op\": \"check\", \"model\": \"example:non-icnn-weights\", \"box\": [[-2, 2], [-1, 3]], \"explain\": true}",
        "{\"id\": [3], \"op\": \"check\", \"model\": \"docs/examples/bad-kink-outside.json\", \"global\": true, \"method\": \"onelayer\"}",
        "{\"id\": 4, \"op\": \"regions\", \"model\": \"" + model + "\", \"box\": [-2.5, 2]}",
        "{\"id\": 5, \"op\": \"info\", \"model\": \"example:non-icnn-weights\"}",
        "{\"id\": 6, \"op\": \"eval\", \"model\": \"example:non-icnn-weights\", \"points\": [[0, 0], [1, 0.5], [-3, 2]]}",
        "{\"id\": 7, \"op\": \"eval\", \"model\": \"example:non-icnn-weights\", \"points\": [[1e300, 0]], \"exact\": true}",
        "{\"id\": 8, \"op\": \"check\", \"model\": \"" + model + "\", \"method\": \"milp\", \"time_limit\": 30, \"solver\": \"highs\", \"threads\": 1}");
    assertThat(a.get(0).get("id").asInt()).isEqualTo(1);
    assertThat(a.get(0).get("op").asText()).isEqualTo("check");
    assertThat(fields(a.get(0))).isEqualTo(cli("", "check", model, "--json"));
    assertThat(a.get(1).get("id").asText()).isEqualTo("two");
    assertThat(fields(a.get(1))).isEqualTo(cli("", "check", "example:non-icnn-weights", "--box=-2:2,-1:3", "--explain", "--json"));
    assertThat(a.get(2).get("id").toString()).isEqualTo("[3]");
    assertThat(fields(a.get(2))).isEqualTo(cli("", "check", "docs/examples/bad-kink-outside.json", "--global", "--method", "onelayer", "--json"));
    assertThat(a.get(2).get("verdict").asText()).isEqualTo("not_convex");
    ObjectNode regions = cli("", "regions", model, "--box=-2.5,2", "--json");
    regions.put("exit_code", 0);
    assertThat(fields(a.get(3))).isEqualTo(regions);
    ObjectNode info = cli("", "info", "example:non-icnn-weights", "--json");
    info.put("exit_code", 0);
    assertThat(fields(a.get(4))).isEqualTo(info);
    ObjectNode eval = cli("0,0\n1,0.5\n-3,2\n", "eval", "example:non-icnn-weights", "--points", "-", "--json");
    eval.put("exit_code", 0);
    assertThat(fields(a.get(5))).isEqualTo(eval);
    assertThat(a.get(5).get("values").toString()).isEqualTo("[0.0,0.5,2.0]");
    // f = max(|x2|, |x1| - 1) exactly, beyond what a double sum would show
    assertThat(a.get(6).get("values").get(0).decimalValue()).isEqualByComparingTo("1e300");
    // options added to check after serve was written reach it by name
    ObjectNode milp = cli("", "check", model, "--method", "milp", "--time-limit", "30", "--solver", "highs", "--threads", "1", "--json");
    assertThat(fields(a.get(7))).isEqualTo(milp);
  }

  @Test
  void inlineModelsAreCheckedLikeTheirFiles(@TempDir Path dir) throws Exception {
    Network net = RandomNetworks.mlp(2, new int[] {6, 5}, 11);
    Path file = dir.resolve("m.onnx");
    ModelFiles.write(net, file);
    String b64 = Base64.getEncoder().encodeToString(Onnx.write(net));
    String json = JSON.writeValueAsString(JSON.readTree(JsonModel.write(net)));
    List<JsonNode> a = serve(
        "{\"id\": 1, \"op\": \"check\", \"model\": {\"onnx_base64\": \"" + b64 + "\", \"name\": \"m.onnx\"}, \"box\": [-3, 3]}",
        "{\"id\": 2, \"op\": \"check\", \"model\": " + json + ", \"box\": [-3, 3]}",
        "{\"id\": 3, \"op\": \"check\", \"model\": {\"onnx_base64\": \"" + b64 + "\"}, \"box\": [-3, 3]}");
    ObjectNode expected = cli("", "check", file.toString(), "--box=-3,3", "--json");
    expected.put("model", "m.onnx");
    assertThat(fields(a.get(0))).isEqualTo(expected);
    expected.put("model", "inline.json");
    assertThat(fields(a.get(1))).isEqualTo(expected);
    assertThat(a.get(2).get("model").asText()).isEqualTo("inline.onnx");
  }

  @Test
  void outputsComeBackInlineOrGoWhereTheRequestSays(@TempDir Path dir) throws Exception {
    String convex = "example:icnn-random?dim=3&widths=6&seed=4";
    Path png = dir.resolve("cli.png"), served = dir.resolve("served.png"), icnnFile = dir.resolve("icnn.json");
    assertThat(CliRun.of("plot", "example:non-icnn-weights", "--out", png.toString()).code()).isZero();
    List<JsonNode> a = serve(
        "{\"id\": 1, \"op\": \"to-icnn\", \"model\": \"" + convex + "\"}",
        "{\"id\": 2, \"op\": \"to-icnn\", \"model\": \"" + convex + "\", \"out\": \"" + icnnFile + "\"}",
        "{\"id\": 3, \"op\": \"plot\", \"model\": \"example:non-icnn-weights\"}",
        "{\"id\": 4, \"op\": \"plot\", \"model\": \"example:non-icnn-weights\", \"out\": \"" + served + "\"}");
    Network icnn = JsonModel.read(a.get(0).get("icnn").toString(), "answer");
    assertThat(icnn.isIcnn()).isTrue();
    assertThat(a.get(0).has("out")).isFalse();
    assertThat(ToIcnnCommand.largestDifference(ModelFiles.resolve(convex), icnn)).isLessThan(1e-12);
    assertThat(fields(a.get(1))).isEqualTo(cli("", "to-icnn", convex, "--out", icnnFile.toString(), "--json"));
    assertThat(ModelFiles.read(icnnFile)).isEqualTo(icnn);
    assertThat(Base64.getDecoder().decode(a.get(2).get("png_base64").asText())).isEqualTo(Files.readAllBytes(png));
    assertThat(a.get(3).get("out").asText()).isEqualTo(served.toString());
    assertThat(Files.readAllBytes(served)).isEqualTo(Files.readAllBytes(png));
  }

  @Test
  void aFailedRequestIsAnErrorAnswerAndTheNextIsAnswered() throws Exception {
    List<JsonNode> a = serve(
        "not json",
        "[1, 2]",
        "{\"id\": 1, \"op\": \"frobnicate\", \"model\": \"example:non-icnn-weights\"}",
        "{\"id\": 2, \"op\": \"check\"}",
        "{\"id\": 3, \"op\": \"check\", \"model\": \"missing.onnx\"}",
        "{\"id\": 4, \"op\": \"check\", \"model\": \"example:non-icnn-weights\", \"bogus\": 1}",
        "{\"id\": 5, \"op\": \"check\", \"model\": \"example:non-icnn-weights\", \"method\": \"magic\"}",
        "{\"id\": 6, \"op\": \"check\", \"model\": \"example:non-icnn-weights\", \"box\": [3, 1]}",
        "{\"id\": 7, \"op\": \"check\", \"model\": \"example:non-icnn-weights\", \"box\": [[1, 2, 3]]}",
        "{\"id\": 8, \"op\": \"check\", \"model\": {\"onnx_base64\": \"AAAA\"}}",
        "{\"id\": 9, \"op\": \"check\", \"model\": {\"onnx_base64\": \"%%%\"}}",
        "{\"id\": 10, \"op\": \"to-icnn\", \"model\": \"example:non-icnn-weights\"}",
        "{\"id\": 11, \"op\": \"check\", \"model\": \"--global\"}",
        "{\"id\": 12, \"op\": \"plot\", \"model\": \"example:non-icnn-weights\", \"out\": \"x.jpg\"}",
        "{\"id\": 13, \"op\": \"check\", \"model\": \"example:non-icnn-weights\"}");
    String[] messages = {"the request is not JSON", "one JSON object per line", "unknown op 'frobnicate'", "missing \"model\"",
        "missing.onnx: no such file", "op check has no field 'bogus'", "unknown method 'magic'", "lower bound",
        "box must be [lo, hi]", "inline.onnx: not a valid ONNX file", "model.onnx_base64 is not base64",
        "to-icnn converts networks with one hidden layer", "--global: no such file", "must end in .png or .svg"};
    for (int i = 0; i < messages.length; i++) {
      JsonNode e = a.get(i);
      assertThat(e.get("error").asText()).as("answer %d", i).contains(messages[i]);
      assertThat(e.get("exit_code").asInt()).as("answer %d", i).isEqualTo(CliSupport.BAD_INPUT);
      assertThat(e.has("id")).isTrue();
    }
    assertThat(a.get(0).get("id").isNull()).isTrue();
    assertThat(a.get(2).get("id").asInt()).isEqualTo(1);
    assertThat(a.get(14).get("verdict").asText()).isEqualTo("convex");
  }

  @Test
  void endOfInputEndsTheServerWithNothingButTheHello() {
    CliRun r = CliRun.withStdin("", "serve");
    assertThat(r.code()).isZero();
    assertThat(r.out().lines()).hasSize(1);
    assertThat(r.err()).isEmpty();
  }
}
