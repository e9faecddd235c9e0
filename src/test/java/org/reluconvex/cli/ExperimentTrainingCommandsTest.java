package org.reluconvex.cli;

import org.reluconvex.experiment.ExperimentReport;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reluconvex.io.ModelFiles;
import org.reluconvex.network.Network;

class ExperimentTrainingCommandsTest {
  @Test
  void regularizationWritesModelsThatReadBack(@TempDir Path dir) throws Exception {
    CliRun r = TrainCommandTest.run(new ExperimentRegularizationCommand(), "--runs", "1", "--samples", "2000", "--epochs", "1",
        "--quiet", "--out", dir.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("a second exact method (the cell enumeration) agrees on 3 of 3 final verdicts").contains("not an ICNN").contains("unconstrained").contains("regularized").contains("(reg+constr)/data");
    List<String> rows = Files.readAllLines(dir.resolve("results.csv"));
    assertThat(rows).hasSize(4);
    assertThat(rows.get(0)).isEqualTo(ExperimentReport.RESULTS_HEADER).startsWith("run,mode,val_mse,verdict,seconds,");
    Network target = ModelFiles.read(dir.resolve("target.onnx"));
    assertThat(target.isIcnn()).isFalse();
    assertThat(ModelFiles.read(dir.resolve("run0_icnn.onnx")).isIcnn()).isTrue();
    for (String f : List.of("target.png", "run0_regularized.png", "loss_run0.png", "run0_regularized_log.csv"))
      assertThat(dir.resolve(f)).exists();
  }

  @Test
  void beyondIcnnPrintsTheBestRestartPerMode() {
    CliRun r = TrainCommandTest.run(new ExperimentBeyondIcnnCommand(), "--restarts", "2", "--samples", "1000", "--epochs", "1", "--quiet");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("best val_mse").containsPattern("icnn +[0-9.e+-]+ +convex");
  }

  @Test
  void badSettingsAreOneLineErrors(@TempDir Path dir) {
    CliRun r = TrainCommandTest.run(new ExperimentRegularizationCommand(), "--runs", "0", "--out", dir.toString());
    assertThat(r.code()).isEqualTo(CliSupport.BAD_INPUT);
    assertThat(r.err().trim()).isEqualTo("reluconvex: runs must be positive");
  }

  @Test
  void commandsRegisterUnderMainWithItsHelpAndErrorHandling() {
    java.io.StringWriter o = new java.io.StringWriter(), e = new java.io.StringWriter();
    String[] args = {"train", "--help"};
    picocli.CommandLine cl = Main.commandLine(java.io.InputStream.nullInputStream(), new java.io.PrintWriter(o, true),
        new java.io.PrintWriter(e, true), args);
    // as Main does after listing SUBCOMMANDS: streams and handlers reach the subcommands added so far
    cl.setOut(new java.io.PrintWriter(o, true));
    cl.setErr(new java.io.PrintWriter(e, true));
    cl.setExecutionExceptionHandler(CliSupport.executionExceptionHandler(false, false));
    cl.setParameterExceptionHandler(CliSupport.parameterExceptionHandler(false, false));
    assertThat(cl.execute(args)).isZero();
    assertThat(o.toString()).contains("--mode").contains("--reg-every").contains("--verbose");
    assertThat(cl.execute("experiment", "regularization", "--runs", "x")).isEqualTo(CliSupport.BAD_INPUT);
    assertThat(e.toString()).contains("reluconvex: ").contains("--runs");
  }
}
