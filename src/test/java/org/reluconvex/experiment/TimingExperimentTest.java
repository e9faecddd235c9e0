package org.reluconvex.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimingExperimentTest {
  @Test
  void writesOneRowPerWidthWithOrderedStatistics() throws Exception {
    Path dir = Path.of("target", "test-figures", "timing");
    PrintWriter sink = new PrintWriter(new java.io.StringWriter());
    TimingExperiment.Settings s = new TimingExperiment.Settings(2, Sizes.parse("1,2,4,...,64", "w", 1), 1, false, 50, 3,
        "-100,100", "test", 1, dir, false, true, true);
    List<TimingRow> rows = TimingExperiment.run(s, OneLayerTestChecker::new, sink, sink);
    assertThat(rows).extracting(TimingRow::widths).containsExactly("1", "2", "4", "8", "16", "32", "64");
    for (TimingRow r : rows) {
      assertThat(r.medianSeconds()).isPositive();
      assertThat(r.meanSeconds()).isPositive();
      assertThat(r.meanVertices()).isEqualTo(r.width() + 4); // the fake's vertex count
    }
    List<String> lines = Files.readAllLines(dir.resolve("timing.csv"));
    assertThat(lines.get(0)).isEqualTo(TimingRow.HEADER);
    assertThat(lines.get(3)).isEqualTo(rows.get(2).toCsv());
    assertThat(TimingRow.parse(lines.get(3)).toCsv()).isEqualTo(lines.get(3));
    assertThat(dir.resolve("timing.png")).exists();
    assertThat(Files.readString(dir.resolve("timing.svg"))).contains("time per check").contains("<polyline");
  }
}
