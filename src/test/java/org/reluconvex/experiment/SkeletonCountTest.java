package org.reluconvex.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reluconvex.convexity.SkeletonChecker;

/** The engine with the real checker. */
class SkeletonCountTest {
  @TempDir Path tmp;

  private static List<CountRow> run(Sweep sweep, int draws, int threads, Path dir) {
    PrintWriter sink = new PrintWriter(new StringWriter());
    return CountExperiment.run(new CountExperiment.Settings(sweep, draws, 7, "-100,100", "skeleton", threads, dir, false, false, true, false),
        SkeletonChecker::new, sink, sink);
  }

  @Test
  void oneHiddenLayerAgreesWithTheClosedForm() {
    // one hidden layer on [-100,100]^2: every hyperplane meets the box (almost surely), so convex iff all
    // output weights are >= 0 iff ICNN; the exact checker must never separate the two counts
    List<CountRow> rows = run(Sweep.depthWidth(2, new int[] {1}, new int[] {1, 2, 3, 5}, false), 500, 2, tmp);
    for (CountRow r : rows) {
      assertThat(r.convex()).as(r.toCsv()).isEqualTo(r.icnn());
      assertThat(r.unknown()).isZero();
    }
  }

  @Test
  void sameCountsWithOneAndTwoThreads() throws Exception {
    Sweep sweep = Sweep.pairs(2, new int[] {2, 3}, false);
    List<CountRow> one = run(sweep, 300, 1, tmp.resolve("1"));
    List<CountRow> two = run(sweep, 300, 2, tmp.resolve("2"));
    for (int i = 0; i < one.size(); i++) {
      String a = one.get(i).toCsv(), b = two.get(i).toCsv();
      assertThat(b.substring(0, b.lastIndexOf(','))).isEqualTo(a.substring(0, a.lastIndexOf(',')));
    }
    // an ICNN is convex: convex >= icnn in every row, and the 2x2 draws contain both kinds
    for (CountRow r : one) assertThat(r.convex()).isGreaterThanOrEqualTo(r.icnn());
    assertThat(one.get(0).convex()).isPositive();
    assertThat(one.get(0).convex()).isLessThan(300);
    assertThat(Files.readAllLines(tmp.resolve("1/counts.csv"))).hasSize(5);
  }
}
