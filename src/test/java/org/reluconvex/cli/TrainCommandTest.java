package org.reluconvex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reluconvex.convexity.GainConstraints;
import org.reluconvex.convexity.SkeletonChecker;
import org.reluconvex.network.Examples;
import org.reluconvex.network.Network;
import picocli.CommandLine;

class TrainCommandTest {
  private final Map<Path, Network> saved = new HashMap<>();
  private final TrainingTools tools = new TrainingTools(SkeletonChecker::new, GainConstraints::collect,
      name -> {
        if (name.equals("example:beyond-icnn")) return Examples.beyondIcnn();
        throw new IllegalArgumentException("no model '" + name + "'");
      },
      (net, file) -> saved.put(file, net));
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int train(String... args) {
    return new CommandLine(new TrainCommand(tools, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)))
        .execute(args);
  }

  @Test
  void trainsOnSamplesOfATargetAndReportsTheVerdict(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("m.onnx"), log = dir.resolve("log.csv");
    int code = train("--target", "example:beyond-icnn", "--widths", "2,2", "--skip", "--mode", "icnn", "--box", "-2,2",
        "--samples", "2000", "--epochs", "3", "--lr", "1e-2", "--log", log.toString(), "--out", model.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(saved.get(model).isIcnn()).isTrue();
    assertThat(saved.get(model).describe()).isEqualTo("SkipMLP 2 -> 2x2 -> 1");
    assertThat(out.toString()).contains("verdict on [-2, 2]^2: ").contains("wrote " + model);
    List<String> lines = Files.readAllLines(log);
    assertThat(lines).hasSize(4);
    assertThat(lines.get(3)).contains(",convex,"); // icnn mode: every epoch's exact verdict is convex
    assertThat(err.toString().lines().filter(l -> l.contains("epoch"))).hasSize(3); // not a terminal: one line per epoch
  }

  @Test
  void trainsOnACsvFileQuietly(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("d.csv");
    List<String> rows = new ArrayList<>(List.of("x1,x2,y"));
    for (int i = 0; i < 300; i++) {
      double a = (i % 20) / 10.0 - 1, b = (i / 20) / 7.5 - 1;
      rows.add(a + "," + b + "," + (Math.abs(a) + b));
    }
    Files.write(csv, rows);
    Path model = dir.resolve("m.json");
    int code = train("--data", csv.toString(), "--widths", "3", "--mode", "regularized", "--epochs", "2", "--batch", "32",
        "--quiet", "--out", model.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(err.toString()).isEmpty();
    assertThat(out.toString()).contains("regulariser R:").contains("[-1, 0.866");
  }

  @Test
  void badInputIsAOneLineError() {
    assertThat(train("--target", "nothing.onnx", "--widths", "2", "--mode", "icnn", "--out", "x.onnx")).isEqualTo(2);
    assertThat(err.toString().trim()).isEqualTo("error: no model 'nothing.onnx'");
    err.reset();
    assertThat(train("--target", "example:beyond-icnn", "--widths", "2", "--mode", "convex", "--out", "x.onnx")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown mode 'convex'");
  }
}
