package org.reluconvex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String corpus(String name) {
    return Path.of(System.getProperty("reluconvex.shared", "."), "reference", "corpus", name).toString();
  }

  @Test
  void theReadmeCommandSaysConvex() {
    CliRun r = CliRun.of("check", "--example", "beyond-icnn");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("verdict:  convex").contains("domain:   [-100, 100]^2").contains("method:   skeleton+kink");
  }

  @Test
  void jsonHasTheDocumentedFields() throws Exception {
    CliRun r = CliRun.of("check", "example:non-icnn-weights", "--json");
    assertThat(r.code()).isZero();
    JsonNode j = JSON.readTree(r.out());
    assertThat(j.get("verdict").asText()).isEqualTo("convex");
    assertThat(j.get("method").asText()).startsWith("skeleton");
    assertThat(j.get("domain").get("type").asText()).isEqualTo("box");
    assertThat(j.get("vertices").asInt()).isPositive();
    assertThat(j.get("edges").asInt()).isPositive();
    assertThat(j.has("min_gain")).isTrue();
    assertThat(j.get("witness").isNull()).isTrue();
    // exactly the fields README.md documents, in its order; the time is a JSON number
    assertThat(j.fieldNames()).toIterable().containsExactly("verdict", "exit_code", "method", "domain", "vertices",
        "edges", "cells", "min_gain", "witness", "precision", "model", "check_seconds");
    assertThat(j.get("check_seconds").isNumber()).isTrue();
    assertThat(j.get("exit_code").asInt()).isZero();
  }

  @Test
  void notConvexExitsOneWithAWitnessThatEvalConfirms() throws Exception {
    String model = corpus("fig3_d2_2x2_11_1.onnx");
    CliRun r = CliRun.of("check", model, "--json");
    assertThat(r.code()).isEqualTo(1);
    JsonNode w = JSON.readTree(r.out()).get("witness");
    double[] a = {w.get("a").get(0).asDouble(), w.get("a").get(1).asDouble()};
    double[] b = {w.get("b").get(0).asDouble(), w.get("b").get(1).asDouble()};
    String points = a[0] + "," + a[1] + "\n" + b[0] + "," + b[1] + "\n" + (0.5 * (a[0] + b[0])) + "," + (0.5 * (a[1] + b[1])) + "\n";
    CliRun e = CliRun.withStdin(points, "eval", model, "--points", "-");
    assertThat(e.code()).isZero();
    double[] y = e.out().lines().mapToDouble(Double::parseDouble).toArray();
    double excess = y[2] - 0.5 * (y[0] + y[1]);
    assertThat(excess).isPositive().isCloseTo(w.get("excess").asDouble(), org.assertj.core.api.Assertions.within(1e-9));
  }

  @Test
  void boxesPerCoordinateAndExplain() {
    CliRun r = CliRun.of("check", "example:non-icnn-weights", "--box", "-2:2,-1:3", "--explain");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("[-2, 2] x [-1, 3]", "L1[0]", "L2[1]", "switches");
  }

  @Test
  void explainInJsonReportsEveryNeuron() throws Exception {
    JsonNode j = JSON.readTree(CliRun.of("check", "example:non-icnn-weights", "--json", "--explain").out());
    assertThat(j.get("neurons")).hasSize(4);
    JsonNode n = j.get("neurons").get(1);
    assertThat(n.get("layer").asInt()).isEqualTo(1);
    assertThat(n.get("switches").asBoolean()).isTrue();
    assertThat(n.get("min_gain").asDouble()).isEqualTo(-2.0);
    assertThat(n.has("seconds")).isFalse(); // no program ran for it
  }

  /** A witness in high dimension is abbreviated in text (a d = 10,000 one was 454 KB) and whole in JSON. */
  @Test
  void aLongWitnessIsAbbreviatedInTextAndWholeInJson() throws Exception {
    String model = "example:random?dim=40&widths=8,8&seed=3";
    CliRun text = CliRun.of("check", model, "--box=-1,1");
    assertThat(text.code()).as(text.err()).isEqualTo(1);
    String a = text.out().lines().filter(l -> l.startsWith("witness:")).findFirst().orElseThrow();
    assertThat(a).contains("... (40 coordinates; --json has them all)");
    assertThat(a.split(",")).hasSize(15); // twelve, the note, the last two
    JsonNode j = JSON.readTree(CliRun.of("check", model, "--box=-1,1", "--json").out());
    assertThat(j.get("witness").get("a")).hasSize(40);
  }

  /** With milp, each neuron that had a program reports the program's wall seconds; the others none. */
  @Test
  void explainWithMilpReportsEachProgramsTime() throws Exception {
    String model = java.nio.file.Path.of(System.getProperty("reluconvex.shared", "."), "src/test/resources/trained-convex/d2-3x16.onnx").toString();
    JsonNode j = JSON.readTree(CliRun.of("check", model, "--box=-0.5,0.5", "--method", "milp", "--json", "--explain").out());
    assertThat(j.get("verdict").asText()).isEqualTo("convex");
    long timed = 0;
    for (JsonNode n : j.get("neurons")) {
      if (!n.has("seconds")) continue;
      timed++;
      assertThat(n.get("seconds").asDouble()).isGreaterThanOrEqualTo(0);
    }
    assertThat(timed).isPositive();
  }

  @Test
  void badBoxesAreOneLineErrors() {
    CliTest.assertBadInput(CliRun.of("check", "example:non-icnn-weights", "--box", "3,1"), "lower bound");
    CliTest.assertBadInput(CliRun.of("check", "example:non-icnn-weights", "--box", "0:1"), "input dimension 2");
    CliTest.assertBadInput(CliRun.of("check", "example:non-icnn-weights", "--box", "a,b"), "not a number");
    CliTest.assertBadInput(CliRun.of("check", "example:non-icnn-weights", "--method", "magic"), "unknown method");
  }

  @Test
  void regionsCountsTheSkeleton() throws Exception {
    CliRun r = CliRun.of("regions", corpus("fig3_d2_2x2_11_1.onnx"), "--json");
    assertThat(r.code()).isZero();
    JsonNode j = JSON.readTree(r.out());
    assertThat(j.get("vertices").asInt()).isEqualTo(12);
    assertThat(j.get("edges").asInt()).isEqualTo(17);
    assertThat(j.get("cells").asInt()).isEqualTo(6);
  }

  @Test
  void benchReportsAMedian() throws Exception {
    CliRun r = CliRun.of("bench", "example:non-icnn-weights", "--repeat", "3", "--warmup", "2", "--warmup-seconds", "0", "--json");
    assertThat(r.code()).isZero();
    JsonNode j = JSON.readTree(r.out());
    assertThat(j.get("runs")).hasSize(3);
    assertThat(j.get("warmup").asInt()).isEqualTo(2);
    assertThat(j.get("median_seconds").asDouble()).isPositive();
    assertThat(j.get("verdict").asText()).isEqualTo("convex");
    assertThat(j.get("vertices").asInt()).isPositive();
    CliTest.assertBadInput(CliRun.of("bench", "example:non-icnn-weights", "--repeat", "0"), "--repeat");
    CliTest.assertBadInput(CliRun.of("bench", "example:non-icnn-weights", "--warmup-seconds", "-1"), "--warmup-seconds");
  }

  @Test
  void benchWarmsUpForTheTimeAsked() throws Exception {
    CliRun r = CliRun.of("bench", "example:non-icnn-weights", "--repeat", "1", "--warmup", "1", "--warmup-seconds", "0.3", "--json");
    assertThat(r.code()).isZero();
    JsonNode j = JSON.readTree(r.out());
    // the non-icnn-weights check takes well under 0.3 s, so the time, not the count, ends the warm-up
    assertThat(j.get("warmup_seconds").asDouble()).isGreaterThanOrEqualTo(0.3);
    assertThat(j.get("warmup").asInt()).isGreaterThan(1);
  }

  /** One model's --json without its timing, for comparing runs. */
  private static JsonNode untimed(String json) throws Exception {
    com.fasterxml.jackson.databind.node.ObjectNode o = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(json);
    o.remove("check_seconds");
    return o;
  }

  @Test
  void severalModelsGiveOneJsonLineEachEqualToTheirSingleChecks(@TempDir Path dir) throws Exception {
    String a = corpus("fig3_d2_2x2_11_1.onnx"), b = "example:non-icnn-weights";
    java.nio.file.Path list = dir.resolve("models.txt");
    java.nio.file.Files.writeString(list, "# two models\n" + a + "\n\n  " + b + "  \n");
    for (CliRun r : new CliRun[] {CliRun.of("check", a, b, "--box=-5,5", "--json"), CliRun.of("check", "--list", list.toString(), "--box=-5,5", "--json"),
        CliRun.withStdin(a + "\n", "check", b, "--list", "-", "--box=-5,5", "--json")}) {
      java.util.List<String> lines = r.out().lines().toList();
      assertThat(lines).hasSize(2);
      java.util.List<JsonNode> got = java.util.List.of(untimed(lines.get(0)), untimed(lines.get(1)));
      JsonNode ja = untimed(CliRun.of("check", a, "--box=-5,5", "--json").out()), jb = untimed(CliRun.of("check", b, "--box=-5,5", "--json").out());
      assertThat(got).containsExactlyInAnyOrder(ja, jb);
      assertThat(r.code()).isEqualTo(1); // the largest: a is not convex, b is
    }
    // positional models come first, then the list, in order
    assertThat(untimed(CliRun.withStdin(a + "\n", "check", b, "--list", "-", "--json").out().lines().findFirst().orElseThrow()).get("model").asText())
        .isEqualTo(b);
  }

  @Test
  void aFailingModelIsReportedAndTheOthersAreChecked() throws Exception {
    CliRun r = CliRun.of("check", "example:non-icnn-weights", "missing.onnx", "example:nope", "--json");
    assertThat(r.code()).isEqualTo(CliSupport.BAD_INPUT);
    java.util.List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(JSON.readTree(lines.get(0)).get("verdict").asText()).isEqualTo("convex");
    JsonNode missing = JSON.readTree(lines.get(1));
    assertThat(missing.get("model").asText()).isEqualTo("missing.onnx");
    assertThat(missing.get("error").asText()).isEqualTo("missing.onnx: no such file");
    assertThat(missing.get("exit_code").asInt()).isEqualTo(2);
    assertThat(JSON.readTree(lines.get(2)).get("error").asText()).contains("unknown example 'nope'");

    CliRun text = CliRun.of("check", "example:non-icnn-weights", "missing.onnx", corpus("fig3_d2_2x2_11_1.onnx"));
    assertThat(text.code()).isEqualTo(CliSupport.BAD_INPUT);
    assertThat(text.out()).contains("verdict:  convex", "verdict:  not_convex");
    assertThat(text.err().strip()).isEqualTo("reluconvex: missing.onnx: no such file");
  }

  @Test
  void badListsAreOneLineErrors(@TempDir Path dir) throws Exception {
    CliTest.assertBadInput(CliRun.of("check", "--list", dir.resolve("none.txt").toString()), "none.txt: no such file");
    java.nio.file.Path empty = dir.resolve("empty.txt");
    java.nio.file.Files.writeString(empty, "# nothing\n");
    CliTest.assertBadInput(CliRun.of("check", "--list", empty.toString()), "names no model");
  }
}
