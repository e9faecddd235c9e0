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

  /** The help names every way in, the launcher's Spark jobs included; 'spark' given to the jar says where they are. */
  @Test
  void theHelpAndASparkCommandPointToTheLauncher() {
    CliRun help = CliRun.of("--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("bin/reluconvex spark");
    CliRun spark = CliRun.of("spark", "count", "--dim", "2");
    assertThat(spark.code()).isEqualTo(CliSupport.BAD_INPUT);
    assertThat(spark.err()).startsWith("reluconvex: spark is not a command of this jar").contains("bin/reluconvex spark").doesNotContain("Unmatched");
    assertThat(spark.err().strip().lines().count()).isEqualTo(1);
  }

  /** generate-completion writes a bash/zsh script that knows every command, though a named command registers alone. */
  @Test
  void theCompletionScriptKnowsEveryCommand() {
    CliRun r = CliRun.of("generate-completion");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("#!/usr/bin/env bash");
    for (String name : Main.NAMES) assertThat(r.out()).as(name).contains(name);
  }

  /** serve's help lists every op it answers. */
  @Test
  void serveHelpListsEveryOp() {
    String help = CliRun.of("serve", "--help").out().replaceAll("\\s+", " ");
    for (String op : ServeRequest.OPS.keySet()) assertThat(help).as(op).contains(op);
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
      // one hidden layer on [-100,100]^2: convex iff ICNN (docs/math.md section 5), whatever the method
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

  @Test
  void theNamesOfTheSubcommandsAreTheirAnnotationsAndANamedCommandRegistersAlone() {
    assertThat(Main.NAMES).hasSameSizeAs(Main.SUBCOMMANDS);
    for (int i = 0; i < Main.NAMES.size(); i++)
      assertThat(Main.SUBCOMMANDS.get(i).getAnnotation(CommandLine.Command.class).name()).isEqualTo(Main.NAMES.get(i));
    assertThat(Main.needed("--verbose", "check", "x.onnx")).containsExactly(CheckCommand.class);
    assertThat(Main.needed("info", "--help")).containsExactly(InfoCommand.class);
    assertThat(Main.needed("--help")).isEqualTo(Main.SUBCOMMANDS);
    assertThat(Main.needed("chekc", "x.onnx")).isEqualTo(Main.SUBCOMMANDS);
    assertThat(Main.needed()).isEqualTo(Main.SUBCOMMANDS);
    // what the user sees does not depend on it
    for (String[] args : new String[][] {{"chekc"}, {"check", "--help"}, {"--help"}, {"info", "example:beyond-icnn"}}) {
      java.io.ByteArrayOutputStream out1 = new java.io.ByteArrayOutputStream(), err1 = new java.io.ByteArrayOutputStream();
      java.io.ByteArrayOutputStream out2 = new java.io.ByteArrayOutputStream(), err2 = new java.io.ByteArrayOutputStream();
      int pruned = Main.run(new ByteArrayInputStream(new byte[0]), new java.io.PrintStream(out1), new java.io.PrintStream(err1), args);
      int all = Main.run(new ByteArrayInputStream(new byte[0]), new java.io.PrintStream(out2), new java.io.PrintStream(err2), Main.SUBCOMMANDS, args);
      assertThat(pruned).isEqualTo(all);
      assertThat(out1.toString()).isEqualTo(out2.toString());
      assertThat(err1.toString()).isEqualTo(err2.toString());
    }
  }
}
