package org.reluconvex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reluconvex.convexity.GainConstraints;
import org.reluconvex.convexity.SkeletonChecker;
import org.reluconvex.io.ModelFiles;
import org.reluconvex.network.Network;
import picocli.CommandLine;

class TrainCommandTest {
  private final Map<Path, Network> saved = new HashMap<>();
  /** The standard tools, except that models are kept in memory. */
  private final TrainingTools tools = new TrainingTools(SkeletonChecker::new, GainConstraints::collect, ModelFiles::resolve,
      (net, file) -> saved.put(file, net));

  /** Runs a command with the error handling of Main. */
  static CliRun run(Callable<Integer> command, String... args) {
    StringWriter o = new StringWriter(), e = new StringWriter();
    CommandLine cl = new CommandLine(command);
    cl.setOut(new PrintWriter(o, true));
    cl.setErr(new PrintWriter(e, true));
    cl.setExecutionExceptionHandler(CliSupport.executionExceptionHandler(false, false));
    cl.setParameterExceptionHandler(CliSupport.parameterExceptionHandler(false, false));
    int code = cl.execute(args);
    return new CliRun(code, o.toString(), e.toString());
  }

  private CliRun train(String... args) {
    return run(new TrainCommand(tools), args);
  }

  @Test
  void trainsOnSamplesOfATargetAndReportsTheVerdict(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("m.onnx"), log = dir.resolve("log.csv");
    CliRun r = train("--target", "example:non-icnn-weights", "--widths", "2,2", "--skip", "--mode", "icnn", "--box", "-2,2",
        "--samples", "2000", "--epochs", "3", "--lr", "1e-2", "--log", log.toString(), "--out", model.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(saved.get(model).isIcnn()).isTrue();
    assertThat(saved.get(model).describe()).isEqualTo("SkipMLP 2 -> 2x2 -> 1");
    assertThat(r.out()).contains("verdict on [-2, 2]^2: convex (skeleton)").contains("wrote " + model);
    List<String> lines = Files.readAllLines(log);
    assertThat(lines).hasSize(4);
    assertThat(lines.get(3)).contains(",convex,"); // icnn mode: every epoch's exact verdict is convex
    assertThat(r.err().lines().filter(l -> l.contains("epoch"))).hasSize(3); // not a terminal: one line per epoch
  }

  @Test
  void regularizedRunsEndCertifiedAndLogTheRounds(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("m.onnx");
    CliRun r = train("--target", "example:beyond-icnn", "--widths", "4,8", "--mode", "regularized", "--box", "-2,2",
        "--samples", "2000", "--epochs", "2", "--seed", "4", "--out", model.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("certification \\(continue, at most 20 rounds of 50 steps.*\\): convex")
        .contains("validation MSE").contains("verdict on [-2, 2]^2: convex (skeleton)");
    assertThat(r.err()).contains("train certify round 0: ");
    assertThat(new SkeletonChecker().check(saved.get(model), org.reluconvex.network.Domain.cube(2, -2, 2)).isConvex()).isTrue();

    CliRun off = train("--target", "example:beyond-icnn", "--widths", "4,8", "--mode", "regularized", "--box", "-2,2",
        "--samples", "2000", "--epochs", "2", "--seed", "4", "--no-certify", "--quiet", "--out", model.toString());
    assertThat(off.out()).doesNotContain("certification");
    assertThat(off.err()).isEmpty();
  }

  /** The authors' protocol replaces the loss, the period and lambda, and says so in nothing but the results. */
  @Test
  void authorsProtocolAndBadProtocolNames(@TempDir Path dir) {
    Path model = dir.resolve("m.onnx");
    CliRun r = train("--target", "example:beyond-icnn", "--widths", "2,2", "--skip", "--mode", "regularized", "--box", "-2,2",
        "--samples", "500", "--epochs", "1", "--protocol", "authors", "--quiet", "--out", model.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("validation l1 after the last epoch:");
    CliRun bad = train("--target", "example:beyond-icnn", "--widths", "2,2", "--mode", "regularized", "--protocol", "theirs",
        "--out", model.toString());
    assertThat(bad.code()).isEqualTo(CliSupport.BAD_INPUT);
    assertThat(bad.err().trim()).isEqualTo("reluconvex: unknown protocol 'theirs' (known: ours, authors)");
  }

  @Test
  void trainsOnACsvFileQuietlyAndWritesAModelFile(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("d.csv");
    List<String> rows = new ArrayList<>(List.of("x1,x2,y"));
    for (int i = 0; i < 300; i++) {
      double a = (i % 20) / 10.0 - 1, b = (i / 20) / 7.5 - 1;
      rows.add(a + "," + b + "," + (Math.abs(a) + b));
    }
    Files.write(csv, rows);
    Path model = dir.resolve("m.json");
    CliRun r = run(new TrainCommand(), "--data", csv.toString(), "--widths", "3", "--mode", "regularized", "--epochs", "2",
        "--batch", "32", "--quiet", "--out", model.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).contains("regulariser R after the last epoch:").contains("[-1, 0.866");
    assertThat(ModelFiles.read(model).describe()).isEqualTo("MLP 2 -> 3 -> 1");
  }

  @Test
  void withoutEpochChecksTheLogHasNoVerdictsButTheEndHasOne(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("m.onnx"), log = dir.resolve("log.csv");
    CliRun r = train("--target", "example:beyond-icnn", "--widths", "2,2", "--skip", "--mode", "icnn", "--box", "-2,2",
        "--samples", "2000", "--epochs", "2", "--lr", "1e-2", "--log", log.toString(), "--no-epoch-check", "--out", model.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("verdict on [-2, 2]^2: convex (skeleton)").doesNotContain("regulariser R:");
    List<String> lines = Files.readAllLines(log);
    assertThat(lines).hasSize(3);
    assertThat(lines.get(2)).doesNotContain("convex");
  }

  @Test
  void badInputIsAOneLineError(@TempDir Path dir) {
    CliRun r = train("--target", dir.resolve("nothing.onnx").toString(), "--widths", "2", "--mode", "icnn", "--out", "x.onnx");
    assertThat(r.code()).isEqualTo(CliSupport.BAD_INPUT);
    assertThat(r.err().trim()).startsWith("reluconvex: ").endsWith("nothing.onnx: no such file").doesNotContain("\n");
    r = train("--target", "example:non-icnn-weights", "--widths", "2", "--mode", "convex", "--out", "x.onnx");
    assertThat(r.code()).isEqualTo(CliSupport.BAD_INPUT);
    assertThat(r.err()).contains("unknown mode 'convex'");
    r = train("--data", dir.resolve("none.csv").toString(), "--widths", "2", "--mode", "icnn", "--out", "x.onnx");
    assertThat(r.err().trim()).endsWith("none.csv: no such file");
    r = train("--widths", "2", "--mode", "icnn", "--out", "x.onnx");
    assertThat(r.code()).isEqualTo(CliSupport.BAD_INPUT);
    assertThat(r.err()).contains("--target").contains("--data");
  }
}
