package org.reluconvex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reluconvex.experiment.HashTestChecker;
import org.reluconvex.experiment.OneLayerTestChecker;
import picocli.CommandLine;

class ExperimentCommandTest {
  @TempDir Path tmp;

  private record Run(int code, String out, String err) {}

  private static Run run(Object command, String... args) {
    java.io.StringWriter out = new java.io.StringWriter(), err = new java.io.StringWriter();
    CommandLine cl = new CommandLine(command);
    cl.setOut(new java.io.PrintWriter(out, true));
    cl.setErr(new java.io.PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void countDepthByWidthWritesRowsInSweepOrder() throws Exception {
    Run r = run(new CountCommand(n -> HashTestChecker::new), "--dim", "3", "--depths", "1..2", "--widths", "2,4", "--draws", "20",
        "--threads", "2", "--out", tmp.toString(), "--quiet");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readAllLines(tmp.resolve("counts.csv"))).extracting(l -> l.split(",")[0] + "," + l.split(",")[1])
        .containsExactly("input_dim,widths", "3,2", "3,4", "3,2x2", "3,4x4");
    assertThat(r.out()).contains("widths").contains("4x4");
    assertThat(tmp.resolve("heatmap.svg")).exists();
  }

  @Test
  void dimsByWidth() throws Exception {
    Run r = run(new CountCommand(n -> HashTestChecker::new), "--dims", "2,3", "--widths", "2", "--draws", "5", "--out", tmp.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readAllLines(tmp.resolve("counts.csv"))).hasSize(3).element(2).asString().startsWith("3,2x2,5,");
  }

  @Test
  void badArgumentsGiveOneLineErrors() {
    Run r = run(new CountCommand(n -> HashTestChecker::new), "--widths", "7..2", "--out", tmp.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("reluconvex: --widths: range 7..2 is empty (7 > 2)");
    r = run(new CountCommand(n -> HashTestChecker::new), "--dims", "2", "--depths", "2", "--widths", "2", "--out", tmp.toString());
    assertThat(r.err().strip()).isEqualTo("reluconvex: --dims and --depths exclude each other");
    r = run(new CountCommand(), "--widths", "2", "--checker", "nope", "--out", tmp.toString());
    assertThat(r.err().strip()).startsWith("reluconvex: unknown checker 'nope'");
    r = run(new CountCommand(n -> HashTestChecker::new), "--widths", "2", "--box", "1,0", "--out", tmp.toString());
    assertThat(r.err().strip()).startsWith("reluconvex: box coordinate 1");
    r = run(new CountCommand(n -> HashTestChecker::new), "--widths", "2", "--threads", "0", "--out", tmp.toString());
    assertThat(r.err().strip()).isEqualTo("reluconvex: --threads must be at least 1, got 0");
    assertThat(tmp.resolve("counts.csv")).doesNotExist(); // nothing written by a run that could not start
    r = run(new CountCommand(n -> HashTestChecker::new), "--widths", "2,2", "--out", tmp.toString());
    assertThat(r.err().strip()).startsWith("reluconvex: the sizes repeat a value");
  }

  @Test
  void timingCommand() throws Exception {
    Run r = run(new TimingCommand(n -> OneLayerTestChecker::new), "--widths", "1,2,4,...,16", "--depth", "1", "--draws", "10",
        "--out", tmp.toString(), "--quiet");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readAllLines(tmp.resolve("timing.csv"))).hasSize(6);
    assertThat(tmp.resolve("timing.png")).exists();
  }

  /** count and timing share --out/--resume/--overwrite/--quiet/--threads: the same options, the same rules. */
  @Test
  void countAndTimingShareTheirRunOptions() throws Exception {
    for (Object command : new Object[] {new CountCommand(n -> HashTestChecker::new), new TimingCommand(n -> OneLayerTestChecker::new)}) {
      CommandLine cl = new CommandLine(command);
      for (String name : new String[] {"--out", "--resume", "--overwrite", "--quiet", "--threads"})
        assertThat(cl.getCommandSpec().findOption(name)).as(cl.getCommandName() + " " + name).isNotNull()
            .extracting(o -> o.description()[0])
            .isEqualTo(new CommandLine(new CountCommand()).getCommandSpec().findOption(name).description()[0]);
    }
    Run r = run(new TimingCommand(n -> OneLayerTestChecker::new), "--widths", "1,2", "--draws", "2", "--resume", "--overwrite",
        "--out", tmp.toString(), "--quiet");
    assertThat(r.code()).isEqualTo(CliSupport.BAD_INPUT);
    assertThat(r.err().strip()).isEqualTo("reluconvex: --resume and --overwrite exclude each other");
    assertThat(tmp.resolve("timing.csv")).doesNotExist();
    r = run(new TimingCommand(n -> OneLayerTestChecker::new), "--widths", "1,2", "--draws", "2", "--depth", "1");
    assertThat(r.code()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(r.err()).contains("Missing required option: '--out=DIR'");
    r = run(new TimingCommand(n -> OneLayerTestChecker::new), "--widths", "1,2", "--draws", "2", "--threads", "2", "--depth", "1",
        "--out", tmp.toString(), "--quiet");
    assertThat(r.code()).as(r.err()).isZero();
    r = run(new TimingCommand(n -> OneLayerTestChecker::new), "--widths", "1,2", "--draws", "2", "--depth", "1",
        "--out", tmp.toString(), "--quiet");
    assertThat(r.err()).contains("--resume").contains("--overwrite"); // the file exists now
  }

  @Test
  void experimentParentListsItsSubcommands() {
    CommandLine cl = new CommandLine(new ExperimentCommand());
    assertThat(cl.getSubcommands()).containsKeys("count", "timing");
  }

  /** The Spark jobs find count through its service, with their own runner of the draws: the same command, options and all. */
  @Test
  void countIsRegisteredAsAServiceWithAnyRunner() throws Exception {
    Object c = org.reluconvex.experiment.CountCommandProvider.find().countCommand(org.reluconvex.experiment.DrawRunners.LOCAL);
    assertThat(c).isInstanceOf(CountCommand.class);
    Run r = run(c, "--dim", "2", "--widths", "2", "--draws", "5", "--checker", "nope", "--out", tmp.toString());
    assertThat(r.code()).isEqualTo(2);
  }
}
