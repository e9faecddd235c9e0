package org.reluconvex.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.TaskContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reluconvex.network.Domain;
import org.reluconvex.convexity.VerdictKind;
import org.reluconvex.experiment.DrawSpec;
import org.reluconvex.experiment.Outcomes;

/** {@code spark count} against the single-machine {@code experiment count}: the same counts.csv but for timings. */
class SparkCountTest {
  @TempDir Path dir;

  /** counts.csv without its last column (mean_seconds, a wall time). */
  private static List<String> untimed(Path csv) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(csv)) out.add(line.substring(0, line.lastIndexOf(',')));
    return out;
  }

  private void assertSameRun(Path spark, Path single) throws IOException {
    assertThat(untimed(spark.resolve("counts.csv"))).isEqualTo(untimed(single.resolve("counts.csv")));
    assertThat(Files.readString(spark.resolve("run.properties"))).isEqualTo(Files.readString(single.resolve("run.properties")));
  }

  @Test
  void pairSweepEqualsTheSingleMachineRun() throws IOException {
    Path s = dir.resolve("spark"), one = dir.resolve("one");
    String[] sweep = {"--dim", "2", "--widths", "2..4", "--draws", "300", "--seed", "7", "--quiet"};
    LocalSpark.Run r = LocalSpark.spark(concat(new String[] {"count", "--out", s.toString()}, sweep));
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("spark: count: 9 architectures x 300 draws");
    LocalSpark.Run c = LocalSpark.core(concat(new String[] {"experiment", "count", "--threads", "1", "--out", one.toString()}, sweep));
    assertThat(c.code()).as(c.err()).isZero();
    assertSameRun(s, one);
    // the sweep has convex draws, ICNNs and non-convex ones: the comparison is not between empty tables
    List<String> rows = untimed(s.resolve("counts.csv"));
    assertThat(rows.get(1)).startsWith("2,2x2,300,");
    assertThat(Integer.parseInt(rows.get(1).split(",")[3])).isBetween(1, 299);
  }

  @Test
  void dimensionSweepWithWitnessSearchSkipMlpsAndABoxEqualsTheSingleMachineRun() throws IOException {
    Path s = dir.resolve("spark"), one = dir.resolve("one");
    String[] sweep = {"--dims", "2..3", "--widths", "2..3", "--draws", "120", "--skip", "--witness-search", "16", "--box", "-3,3", "--quiet"};
    assertThat(LocalSpark.spark(concat(new String[] {"count", "--out", s.toString()}, sweep)).code()).isZero();
    assertThat(LocalSpark.core(concat(new String[] {"experiment", "count", "--out", one.toString()}, sweep)).code()).isZero();
    assertSameRun(s, one);
  }

  @Test
  void anInterruptedRunResumesToTheSameFile() throws IOException {
    Path s = dir.resolve("spark"), one = dir.resolve("one");
    String[] sweep = {"--dim", "2", "--widths", "2..3", "--draws", "100", "--quiet"};
    assertThat(LocalSpark.spark(concat(new String[] {"count", "--out", s.toString()}, sweep)).code()).isZero();
    // as a run stopped after two architectures leaves it: whole rows only
    Path csv = s.resolve("counts.csv");
    List<String> lines = Files.readAllLines(csv);
    Files.write(csv, lines.subList(0, 3));
    LocalSpark.Run r = LocalSpark.spark(concat(new String[] {"count", "--resume", "--out", s.toString()}, sweep));
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("resuming: 2 of 4 architectures already in");
    assertThat(LocalSpark.core(concat(new String[] {"experiment", "count", "--out", one.toString()}, sweep)).code()).isZero();
    assertSameRun(s, one);
    assertThat(Files.readAllLines(csv).subList(0, 3)).isEqualTo(lines.subList(0, 3));
  }

  @Test
  void aRetriedTaskGivesTheSameOutcomes() {
    DrawSpec spec = new DrawSpec(2, new int[] {3, 3}, false);
    Domain box = Domain.cube(2, -100, 100);
    List<SparkDraws.Range> ranges = List.of(new SparkDraws.Range(spec, box.lo(), box.hi(), 5, 0, 40),
        new SparkDraws.Range(spec, box.lo(), box.hi(), 5, 40, 80));
    // the second task's first attempt fails after checking its draws; Spark runs it again
    List<Outcomes> retried = LocalSpark.context().parallelize(ranges, 2).map(r -> {
      Outcomes o = SparkDraws.check(r, "skeleton", 0);
      if (r.from() == 40 && TaskContext.get().attemptNumber() == 0) throw new IllegalStateException("executor lost (test)");
      return o;
    }).collect();
    Outcomes whole = new Outcomes(spec, 80), once = new Outcomes(spec, 80);
    for (Outcomes o : retried) whole.add(o);
    for (SparkDraws.Range r : ranges) once.add(SparkDraws.check(r, "skeleton", 0));
    int convex = 0;
    for (int i = 0; i < 80; i++) {
      assertThat(whole.kind(i)).isEqualTo(once.kind(i));
      assertThat(whole.icnn(i)).isEqualTo(once.icnn(i));
      assertThat(whole.vertices(i)).isEqualTo(once.vertices(i));
      assertThat(whole.edges(i)).isEqualTo(once.edges(i));
      if (whole.kind(i) == VerdictKind.CONVEX) convex++;
    }
    assertThat(whole.count(VerdictKind.NOT_CONVEX)).isPositive();
    assertThat(convex + whole.count(VerdictKind.NOT_CONVEX) + whole.count(VerdictKind.UNKNOWN)).isEqualTo(80);
  }

  @Test
  void anUnknownCheckerFailsInOneLineBeforeSparkRuns() {
    LocalSpark.Run r = LocalSpark.spark("count", "--dim", "2", "--widths", "2", "--checker", "nope", "--out", dir.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).startsWith("reluconvex: unknown checker 'nope'").doesNotContain("\n");
  }

  private static String[] concat(String[] a, String[] b) {
    String[] r = new String[a.length + b.length];
    System.arraycopy(a, 0, r, 0, a.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
