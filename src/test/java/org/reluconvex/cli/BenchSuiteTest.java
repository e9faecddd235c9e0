package org.reluconvex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.reluconvex.convexity.CheckOptions;
import org.reluconvex.network.Domain;
import org.reluconvex.complex.EdgeSubdivision;
import org.reluconvex.complex.PolyhedralComplex;
import org.reluconvex.convexity.Checks;
import org.reluconvex.convexity.MilpChecker;
import org.reluconvex.convexity.Verdict;
import org.reluconvex.convexity.VerdictKind;
import org.reluconvex.convexity.Witness;
import org.reluconvex.convexity.WitnessSearch;
import org.reluconvex.network.Network;
import org.reluconvex.precision.PrecisionPolicy;

/** bench --suite: its networks, and rows that agree with the check and the complex computed on their own. */
class BenchSuiteTest {
  @Test
  void rowsAgreeWithCheckAndWithTheComplex() throws Exception {
    CliRun r = CliRun.of("bench", "--suite", "--only", "d3-torus-sdf-3x16,d2-64x64", "--repeat", "1", "--warmup", "0",
        "--warmup-seconds", "0", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    String[] lines = r.out().strip().split("\n");
    assertThat(lines).hasSize(2);
    for (String line : lines) {
      JsonNode row = new ObjectMapper().readTree(line);
      BenchSuite.Entry e = BenchSuite.ENTRIES.stream().filter(x -> x.name().equals(row.get("network").asText())).findFirst().orElseThrow();
      Network net = e.load();
      Domain box = e.box(net.inputDim());
      PolyhedralComplex cx = EdgeSubdivision.build(net, box);
      assertThat(row.get("vertices").asLong()).as(e.name()).isEqualTo(cx.vertexCount());
      assertThat(row.get("edges").asLong()).as(e.name()).isEqualTo(cx.edgeCount());
      assertThat(row.get("verdict").asText()).isEqualTo(Checks.check(net, box, Checks.Method.SKELETON).kind().label());
      assertThat(row.get("method").asText()).isEqualTo(Checks.EARLY_METHOD);
      assertThat(row.get("exhaustive_method").asText()).startsWith("skeleton");
      assertThat(row.get("median_seconds").asDouble()).isPositive();
      assertThat(row.get("peak_heap_bytes").asLong()).isPositive();
    }
  }

  @Test
  void theTorusNetworkApproximatesTheTorusSignedDistance() {
    Network net = BenchSuite.ENTRIES.stream().filter(e -> e.name().equals("d3-torus-sdf-3x16")).findFirst().orElseThrow().load();
    assertThat(net.inputDim()).isEqualTo(3);
    assertThat(net.hiddenWidths()).containsExactly(16, 16, 16);
    // docs/bench/torus_sdf.py: major radius 0.25, minor radius 0.1, axis x3, on [-0.5, 0.5]^3
    SplittableRandom rnd = new SplittableRandom(5);
    double sq = 0, range = 0;
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      double[] x = {rnd.nextDouble() - 0.5, rnd.nextDouble() - 0.5, rnd.nextDouble() - 0.5};
      double q = Math.hypot(x[0], x[1]) - 0.25, sdf = Math.hypot(q, x[2]) - 0.1;
      sq += Math.pow(net.eval(x) - sdf, 2);
      range = Math.max(range, Math.abs(sdf));
    }
    assertThat(Math.sqrt(sq / n)).as("root mean square error").isLessThan(0.03 * range / 0.5);
    // an SDF of a torus is not convex, and the network is not either
    assertThat(Checks.check(net, Domain.cube(3, -0.5, 0.5), Checks.Method.SKELETON).kind()).isEqualTo(VerdictKind.NOT_CONVEX);
  }

  @Test
  void theSpheresNetworksAreOptInAndNotConvexWithAnExactWitness() {
    assertThat(BenchSuite.selected(null)).extracting(BenchSuite.Entry::name)
        .doesNotContain(BenchSuite.SDF_8X32, BenchSuite.SDF_8X32_512, BenchSuite.SDF_8X32_1024).contains("d2-64x64");
    for (String name : new String[] {BenchSuite.SDF_8X32, BenchSuite.SDF_8X32_512, BenchSuite.SDF_8X32_1024}) {
      assertThat(BenchSuite.selected(java.util.List.of(name))).extracting(BenchSuite.Entry::name).containsExactly(name);
      assertNotConvexWithAnExactWitness(BenchSuite.ENTRIES.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow().load());
    }
  }

  private static void assertNotConvexWithAnExactWitness(Network net) {
    assertThat(net.hiddenWidths()).containsExactly(32, 32, 32, 32, 32, 32, 32, 32);
    Verdict v = Checks.check(net, Domain.cube(3, -0.5, 0.5), CheckOptions.defaults().withEarlyTrials(WitnessSearch.EARLY_TRIALS));
    assertThat(v.kind()).isEqualTo(VerdictKind.NOT_CONVEX);
    assertThat(v.method()).isEqualTo(Checks.EARLY_METHOD);
    // proven again here in exact arithmetic, with both points in the box
    Witness w = v.witness();
    assertThat(Witness.exactExcess(net, w.a(), w.b()).signum()).isPositive();
    for (double[] p : new double[][] {w.a(), w.b()}) for (double x : p) assertThat(x).isBetween(-0.5, 0.5);
  }

  @Test
  void badSuiteRequestsAreOneLine() {
    CliRun both = CliRun.of("bench", "example:beyond-icnn", "--suite");
    assertThat(both.code()).isEqualTo(2);
    assertThat(both.err()).contains("either MODEL or --suite");
    CliRun unknown = CliRun.of("bench", "--suite", "--only", "d9-nothing");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("no benchmark network 'd9-nothing'", "d2-128x128");
    assertThat(CliRun.of("bench", "example:beyond-icnn", "--only", "d2-64x64").code()).isEqualTo(2);
  }
}
