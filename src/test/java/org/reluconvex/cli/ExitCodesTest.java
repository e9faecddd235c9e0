package org.reluconvex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.reluconvex.convexity.CheckOptions;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.reluconvex.convexity.CheckOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** 0 convex, 1 not convex, 2 bad input, 3 unknown, 4 internal error, 5 resource limit: in --help, in --json, never a stack trace. */
class ExitCodesTest {
  private static final String LARGE = "example:random?dim=2&widths=100,100";

  @Test
  void verdictsMapToTheDocumentedCodesInOnePlace() {
    // the library's own codes (the JSON's exit_code, the Spark jobs) are the command line's
    for (org.reluconvex.convexity.VerdictKind k : org.reluconvex.convexity.VerdictKind.values())
      assertThat(CliSupport.exitCode(k)).isEqualTo(k.exitCode());
    assertThat(CliSupport.exitCode(org.reluconvex.convexity.VerdictKind.CONVEX)).isEqualTo(0);
    assertThat(CliSupport.exitCode(org.reluconvex.convexity.VerdictKind.NOT_CONVEX)).isEqualTo(1);
    assertThat(CliSupport.exitCode(org.reluconvex.convexity.VerdictKind.UNKNOWN)).isEqualTo(3);
  }

  @Test
  void aComplexAboveMaxMemoryStopsWithExitFiveAndOneLine() {
    for (String cmd : new String[] {"check", "regions", "bench"}) {
      // regions always builds the complex; check and bench only when asked (--exhaustive), see below
      CliRun r = cmd.equals("regions") ? CliRun.of(cmd, LARGE, "--max-memory", "1M") : CliRun.of(cmd, LARGE, "--max-memory", "1M", "--exhaustive");
      assertThat(r.code()).as(cmd + ": " + r.err()).isEqualTo(5);
      assertThat(r.err()).startsWith("reluconvex: the complex of " + LARGE + " needs more than ")
          .contains("(limit 1.0 MB, --max-memory", "try a smaller box or a larger --max-memory").doesNotContain("\tat ");
      assertThat(r.err().strip().lines()).hasSize(1);
    }
    // in d = 3 the build itself stops where its arrays would pass the limit
    CliRun r = CliRun.of("check", "example:random?dim=3&widths=30,30", "--max-memory", "1M", "--exhaustive");
    assertThat(r.code()).as(r.err()).isEqualTo(5);
    assertThat(r.err()).contains("while building").doesNotContain("\tat ");
  }

  @Test
  void theEarlySearchAnswersWhereTheComplexWouldNotFit() {
    CliRun r = CliRun.of("check", LARGE, "--max-memory", "1M");
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    assertThat(r.out()).contains("method:   witness-search", "found by: early search");
  }

  @Test
  void underJsonAnErrorIsAnObjectOnStdout() throws Exception {
    CliRun r = CliRun.of("check", LARGE, "--max-memory", "1M", "--json", "--exhaustive");
    assertThat(r.code()).isEqualTo(5);
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("exit_code").asInt()).isEqualTo(5);
    assertThat(j.get("error").asText()).contains("--max-memory");
    CliRun bad = CliRun.of("check", "--json", "no-such-file.onnx");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(new ObjectMapper().readTree(bad.out()).get("exit_code").asInt()).isEqualTo(2);
  }

  @Test
  void theVerdictCarriesItsExitCode() throws Exception {
    CliRun r = CliRun.of("check", "example:non-icnn-weights", "--json");
    assertThat(r.code()).isZero();
    assertThat(new ObjectMapper().readTree(r.out()).get("exit_code").asInt()).isZero();
  }

  @Test
  void aBadSizeIsBadInput() {
    CliRun r = CliRun.of("check", "example:non-icnn-weights", "--max-memory", "lots");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--max-memory 'lots'");
    assertThat(org.reluconvex.complex.MemoryLimit.parse("3G")).isEqualTo(3L << 30);
    assertThat(org.reluconvex.complex.MemoryLimit.parse("512mb")).isEqualTo(512L << 20);
    assertThat(org.reluconvex.complex.MemoryLimit.parse("1000")).isEqualTo(1000);
  }

  @Test
  void aBoxOrMethodThatDoesNotFitTheModelIsBadInput() {
    CliRun r = CliRun.of("check", "example:non-icnn-weights", "--method", "onelayer");
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains("onelayer needs exactly one hidden layer");
    assertThat(CliRun.of("check", "example:non-icnn-weights", "--box=-1:1,-1:1,-1:1").code()).isEqualTo(2);
  }

  /** Once the input is accepted, an IllegalArgumentException from inside is ours, not the user's. */
  @Test
  void anInternalFailureIsExitFourWithoutAStackTrace() {
    StringWriter out = new StringWriter(), err = new StringWriter();
    Exception thrown = null;
    try {
      CliSupport.compute("m.onnx", new MemoryOptions(), CheckOptions.defaults(), o -> {
        throw new IllegalArgumentException("normal must be non-zero");
      });
    } catch (Exception e) {
      thrown = e;
    }
    int code = CliSupport.report(thrown, new PrintWriter(out), new PrintWriter(err), false, false);
    assertThat(code).isEqualTo(4);
    assertThat(err.toString()).startsWith("reluconvex: internal error: ").contains("normal must be non-zero").doesNotContain("\tat ");
    assertThat(CliSupport.report(new NullPointerException("x"), new PrintWriter(out), new PrintWriter(err), false, false)).isEqualTo(4);
    assertThat(CliSupport.report(new OutOfMemoryError("Java heap space"), new PrintWriter(out), new PrintWriter(err), false, false)).isEqualTo(5);
  }

  @Test
  void everyHelpListsTheExitCodes() {
    for (String cmd : new String[] {"check", "regions", "bench", "info"}) {
      CliRun h = CliRun.of(cmd, "--help");
      assertThat(h.out().replaceAll("\\s+", " ")).contains("3 unknown, 4 internal error, 5 resource limit");
    }
  }
}
