package org.reluconvex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The experiment and plot commands under the main command line, as Main registers them. */
class MainRegistrationTest {
  @TempDir Path tmp;

  private static String[] run(String... args) {
    StringWriter out = new StringWriter(), err = new StringWriter();
    CommandLine cl = Main.commandLine(new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true), new PrintWriter(err, true), args);
    int code = cl.execute(args);
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  @Test
  void plotsTheBeyondIcnnExample() {
    Path png = tmp.resolve("beyond.png");
    String[] r = run("plot", "example:non-icnn-weights", "--out", png.toString());
    assertThat(r[0]).as(r[2]).isEqualTo("0");
    assertThat(png).exists();
    String[] s = run("plot", "--example", "non-icnn-weights", "--out", tmp.resolve("b.svg").toString(), "--box", "-2,2");
    assertThat(s[0]).as(s[2]).isEqualTo("0");
  }

  @Test
  void countsWithTheSkeletonChecker() throws Exception {
    String[] r = run("experiment", "count", "--dim", "2", "--widths", "2", "--draws", "50", "--out", tmp.toString(), "--quiet");
    assertThat(r[0]).as(r[2]).isEqualTo("0");
    assertThat(Files.readAllLines(tmp.resolve("counts.csv")).get(1)).startsWith("2,2x2,50,");
    assertThat(Files.readString(tmp.resolve("run.properties"))).contains("checker=skeleton");
  }

  @Test
  void everyCheckMethodCanCount() throws Exception {
    for (String m : new String[] {"auto", "cells", "onelayer"}) {
      Path dir = tmp.resolve(m);
      String[] r = run("experiment", "count", "--depths", "1", "--widths", "3", "--draws", "40", "--checker", m, "--out", dir.toString());
      assertThat(r[0]).as(m + ": " + r[2]).isEqualTo("0");
      String row = Files.readAllLines(dir.resolve("counts.csv")).get(1);
      // one hidden layer on [-100,100]^2: convex iff ICNN (MATH.md section 5), whatever the method
      String[] f = row.split(",");
      assertThat(f[3]).as(m).isEqualTo(f[4]);
    }
  }

  @Test
  void badInputIsOneLineWithExitCode2() {
    String[] r = run("plot", "no-such-file.onnx", "--out", tmp.resolve("x.png").toString());
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2].strip().lines().count()).isEqualTo(1);
    assertThat(r[2]).startsWith("reluconvex: ");
    r = run("experiment");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).startsWith("reluconvex: missing experiment: one of count, timing");
    r = run("experiment", "count", "--widths", "2..x", "--out", tmp.toString());
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2].strip()).isEqualTo("reluconvex: --widths: 'x' in '2..x' is not an integer");
  }
}
