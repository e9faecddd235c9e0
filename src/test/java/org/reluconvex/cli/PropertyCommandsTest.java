package org.reluconvex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reluconvex.io.ModelFiles;
import org.reluconvex.network.ExactForward;
import org.reluconvex.network.Network;

/** The commands of the properties beyond convexity: exit codes, the JSON fields the issue names, bad input in one line. */
class PropertyCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SCORE = "docs/examples/monotone-score.json", TWIN = "docs/examples/monotone-score-twin.json";

  @Test
  void monotoneAnswersWithExitCodesAndAWitnessOfTwoPoints() throws Exception {
    assertThat(CliRun.of("monotone", SCORE, "--increasing", "0,1,2", "--box=-1,1").code()).isZero();
    CliRun r = CliRun.of("monotone", TWIN, "--increasing", "0", "--box=-1,1", "--json", "--method", "milp");
    assertThat(r.code()).isEqualTo(1);
    JsonNode o = JSON.readTree(r.out());
    assertThat(o.get("verdict").asText()).isEqualTo("not_monotone");
    double[] a = JSON.treeToValue(o.get("witness").get("a"), double[].class), b = JSON.treeToValue(o.get("witness").get("b"), double[].class);
    assertThat(a[1]).isEqualTo(b[1]);
    assertThat(a[2]).isEqualTo(b[2]);
    assertThat(a[0]).isLessThan(b[0]);
    Network twin = ModelFiles.resolve(TWIN);
    assertThat(ExactForward.eval(twin, b).compareTo(ExactForward.eval(twin, a))).isNegative();
  }

  @Test
  void lipschitzAndRangePrintTheFieldsOfTheirJson() throws Exception {
    CliRun l = CliRun.of("lipschitz", "example:beyond-icnn", "--box=-1,1", "--norm", "1", "--json");
    assertThat(l.code()).isZero();
    JsonNode o = JSON.readTree(l.out());
    for (String f : new String[] {"lipschitz", "norm", "exact", "lower", "upper", "point", "gradient"}) assertThat(o.has(f)).as(f).isTrue();
    assertThat(o.get("exact").asBoolean()).isTrue();
    // the gradient of beyond-icnn's cells on [-1, 1]^2 has largest coordinate 7 (the 2-norm page's cell (7, 2))
    assertThat(o.get("lipschitz").asDouble()).isEqualTo(7.0);
    CliRun r = CliRun.of("range", "example:beyond-icnn", "--box=-1,1", "--json");
    assertThat(r.code()).isZero();
    JsonNode g = JSON.readTree(r.out());
    for (String f : new String[] {"min", "max", "argmin", "argmax"}) assertThat(g.has(f)).as(f).isTrue();
    Network net = ModelFiles.resolve("example:beyond-icnn");
    double[] argmax = JSON.treeToValue(g.get("argmax"), double[].class);
    assertThat(ExactForward.eval(net, argmax)).isEqualByComparingTo(new BigDecimal(g.get("max").asDouble()));
  }

  @Test
  void aTimeLimitLeavesBoundsAndExitThree() {
    CliRun r = CliRun.of("range", "example:random?dim=6&widths=40,40,40", "--box=-1,1", "--method", "milp", "--time-limit", "0.001");
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(3);
    assertThat(r.out()).contains("exact:    no");
  }

  @Test
  void concaveAndConvexInCheckAsConvexityDoes() throws Exception {
    CliRun c = CliRun.of("check", "example:beyond-icnn", "--concave", "--box=-1,1", "--json");
    assertThat(c.code()).isEqualTo(1);
    assertThat(JSON.readTree(c.out()).get("verdict").asText()).isEqualTo("not_concave");
    CliRun p = CliRun.of("check", "docs/examples/picnn-style.json", "--convex-in", "0", "--box=-2,2", "--json");
    assertThat(p.code()).isZero();
    JsonNode o = JSON.readTree(p.out());
    assertThat(o.get("verdict").asText()).isEqualTo("convex");
    assertThat(o.get("convex_in").toString()).isEqualTo("[0]");
  }

  /** Trained to fall in x0 on data that rise in it, the network still ends certified monotone, and the logs say so in those words. */
  @Test
  void trainEndsCertifiedMonotone(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("m.json"), log = dir.resolve("log.csv");
    CliRun r = CliRun.of("train", "--target", SCORE, "--box=-1,1", "--widths", "4,4", "--mode", "regularized", "--decreasing", "0",
        "--samples", "1500", "--epochs", "3", "--lr", "1e-2", "--log", log.toString(), "--out", model.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("verdict on [-1, 1]^3: monotone (").containsPattern("certification \\(.*\\): monotone ");
    assertThat(Files.readAllLines(org.reluconvex.train.CertificationLogCsv.besides(log))).last().isEqualTo("# final: monotone");
    assertThat(Files.readAllLines(log).get(1)).containsPattern(",(not_)?monotone,");
    assertThat(CliRun.of("monotone", model.toString(), "--decreasing", "0", "--box=-1,1", "--method", "milp").code()).isZero();
  }

  @Test
  void badInputIsOneLineAndExitTwo() {
    String[][] cases = {
        {"monotone", SCORE},
        {"monotone", SCORE, "--increasing", "7"},
        {"lipschitz", SCORE, "--norm", "3"},
        {"range", SCORE, "--method", "cells"},
        {"check", SCORE, "--convex-in", "0", "--concave"},
        {"check", SCORE, "--convex-in", "0", "--method", "skeleton"},
        {"train", "--target", SCORE, "--widths", "2", "--mode", "regularized", "--increasing", "0", "--convex-in", "1", "--out", "never.json"},
        {"train", "--target", SCORE, "--widths", "2", "--mode", "regularized", "--increasing", "5", "--out", "never.json"},
        {"train", "--target", SCORE, "--widths", "2", "--mode", "regularized", "--increasing", "0", "--decreasing", "0", "--out", "never.json"}};
    for (String[] args : cases) {
      CliRun r = CliRun.of(args);
      assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
      assertThat(r.out()).isEmpty();
    }
  }
}
