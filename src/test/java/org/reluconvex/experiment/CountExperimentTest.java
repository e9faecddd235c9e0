package org.reluconvex.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reluconvex.convexity.ConvexityChecker;

class CountExperimentTest {
  @TempDir Path tmp;

  private static final PrintWriter SINK = new PrintWriter(new java.io.StringWriter());

  private static CountExperiment.Settings settings(Sweep sweep, int draws, int threads, Path dir, boolean resume, boolean heatmaps) {
    return new CountExperiment.Settings(sweep, draws, 42, "-100,100", "test", threads, dir, resume, false, true, heatmaps);
  }

  private static List<CountRow> run(CountExperiment.Settings s, Supplier<ConvexityChecker> c) {
    return CountExperiment.run(s, c, SINK, SINK);
  }

  /** The CSV without the timing column, which is the only one allowed to vary. */
  private static List<String> withoutSeconds(Path csv) throws Exception {
    List<String> out = new ArrayList<>();
    for (String l : Files.readAllLines(csv)) out.add(l.substring(0, l.lastIndexOf(',')));
    return out;
  }

  @Test
  void sameResultsWithOneAndTwoThreads() throws Exception {
    Sweep sweep = Sweep.pairs(2, new int[] {2, 3}, false);
    run(settings(sweep, 300, 1, tmp.resolve("one"), false, false), HashTestChecker::new);
    run(settings(sweep, 300, 2, tmp.resolve("two"), false, false), HashTestChecker::new);
    List<String> one = withoutSeconds(tmp.resolve("one/counts.csv"));
    assertThat(one).hasSize(5);
    assertThat(one.get(0)).isEqualTo("input_dim,widths,draws,convex,icnn,convex_not_icnn,unknown,mean_vertices");
    assertThat(one.get(1)).startsWith("2,2x2,300,");
    assertThat(one.get(2)).startsWith("2,2x3,300,");
    assertThat(withoutSeconds(tmp.resolve("two/counts.csv"))).isEqualTo(one);
  }

  @Test
  void oneHiddenLayerCountsAgreeWithTheExactChecker() {
    // one hidden layer, box [-100,100]^2: convex iff every output weight is >= 0 (hyperplanes meet the box
    // almost surely), which is also the ICNN condition; P = 2^-n.
    Sweep sweep = Sweep.depthWidth(2, new int[] {1}, new int[] {1, 2, 3}, false);
    List<CountRow> rows = run(settings(sweep, 4000, 2, tmp, false, false), OneLayerTestChecker::new);
    for (CountRow r : rows) {
      int n = Integer.parseInt(r.widths());
      assertThat(r.convex()).isEqualTo(r.icnn());
      assertThat(r.convexNotIcnn()).isZero();
      assertWithinBinomial(r.convex(), r.draws(), Math.pow(2, -n));
    }
  }

  @Test
  void icnnCountMatchesItsProbability() {
    icnnCountMatchesItsProbability(false);
  }

  @Test
  void icnnCountOfSkipMlpsMatchesItsProbability() {
    // the input skips are free in an ICNN, so the probability is the same
    icnnCountMatchesItsProbability(true);
  }

  private void icnnCountMatchesItsProbability(boolean skip) {
    // d = 2 MLP (n1, n2): W2 (n2 x n1) and w3 (n2) are symmetric, so P(ICNN) = 2^-(n1 n2 + n2)
    Sweep sweep = Sweep.pairs(2, new int[] {1, 2}, skip);
    int draws = 20000;
    List<CountRow> rows = run(settings(sweep, draws, 2, tmp.resolve("skip" + skip), false, false), HashTestChecker::new);
    for (CountRow r : rows) {
      String[] w = r.widths().split("x");
      int n1 = Integer.parseInt(w[0]), n2 = Integer.parseInt(w[1]);
      assertWithinBinomial(r.icnn(), draws, Math.pow(2, -(n1 * n2 + n2)));
    }
  }

  private static void assertWithinBinomial(int k, int n, double p) {
    double sd = Math.sqrt(n * p * (1 - p));
    assertThat(Math.abs(k - n * p)).as("count %d of %d, p = %f", k, n, p).isLessThan(4.5 * sd + 1);
  }

  @Test
  void resumeAfterAPartialCsvGivesTheUninterruptedResult() throws Exception {
    Sweep sweep = Sweep.pairs(2, new int[] {1, 2, 3}, false);
    Path full = tmp.resolve("full"), part = tmp.resolve("part");
    run(settings(sweep, 200, 2, full, false, false), HashTestChecker::new);
    List<String> lines = Files.readAllLines(full.resolve("counts.csv"));
    // an interrupted run: run.properties, the header, four complete rows and half a line
    run(settings(sweep, 200, 1, part, false, false), HashTestChecker::new);
    String partial = String.join("\n", lines.subList(0, 5)) + "\n" + lines.get(5).substring(0, 7);
    Files.writeString(part.resolve("counts.csv"), partial);
    OneLayerTestChecker.calls.set(0);
    CountingChecker.calls.set(0);
    run(settings(sweep, 200, 2, part, true, true), CountingChecker::new);
    assertThat(CountingChecker.calls.get()).isEqualTo(5 * 200); // only the missing architectures were drawn
    assertThat(withoutSeconds(part.resolve("counts.csv"))).isEqualTo(withoutSeconds(full.resolve("counts.csv")));
    assertThat(Files.readAllLines(part.resolve("counts.csv")).subList(0, 5)).isEqualTo(lines.subList(0, 5));
    assertThat(part.resolve("heatmap.png")).exists();
    assertThat(part.resolve("heatmap.svg")).exists();
  }

  @Test
  void resumingWithAnotherSweepKeepsTheEarlierRows() throws Exception {
    run(settings(Sweep.pairs(2, new int[] {2, 3}, false), 30, 2, tmp, false, false), HashTestChecker::new);
    List<String> before = Files.readAllLines(tmp.resolve("counts.csv"));
    run(settings(Sweep.pairs(2, new int[] {2}, false), 30, 2, tmp, true, false), HashTestChecker::new);
    List<String> after = Files.readAllLines(tmp.resolve("counts.csv"));
    assertThat(after).containsExactlyInAnyOrderElementsOf(before);
    assertThat(after.get(1)).startsWith("2,2x2,"); // the sweep's row first
  }

  @Test
  void refusesToOverwriteOrToResumeOtherSettings() {
    Sweep sweep = Sweep.pairs(2, new int[] {2}, false);
    run(settings(sweep, 10, 1, tmp, false, false), HashTestChecker::new);
    assertThatThrownBy(() -> run(settings(sweep, 10, 1, tmp, false, false), HashTestChecker::new))
        .hasMessageContaining("already exists").hasMessageContaining("--resume");
    assertThatThrownBy(() -> run(settings(sweep, 20, 1, tmp, true, false), HashTestChecker::new))
        .hasMessageContaining("cannot resume").hasMessageContaining("draws=10");
  }

  /** The hash fake, counting its calls. */
  static final class CountingChecker implements ConvexityChecker {
    static final java.util.concurrent.atomic.AtomicLong calls = new java.util.concurrent.atomic.AtomicLong();
    private final HashTestChecker inner = new HashTestChecker();

    @Override public String name() { return inner.name(); }

    @Override
    public org.reluconvex.convexity.Verdict check(org.reluconvex.network.Network net, org.reluconvex.network.Domain d) {
      calls.incrementAndGet();
      return inner.check(net, d);
    }
  }
}
