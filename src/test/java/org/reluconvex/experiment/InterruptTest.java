package org.reluconvex.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reluconvex.complex.Domain;
import org.reluconvex.convexity.ConvexityChecker;
import org.reluconvex.convexity.Verdict;
import org.reluconvex.network.Network;

/** A real process is stopped (SIGTERM, which runs shutdown hooks like Ctrl-C) in the middle of a run. */
class InterruptTest {
  @TempDir Path tmp;

  static final Sweep SWEEP = Sweep.pairs(2, new int[] {1, 2, 3, 4}, false);
  static final int DRAWS = 150;

  static CountExperiment.Settings settings(Path dir, boolean resume) {
    return new CountExperiment.Settings(SWEEP, DRAWS, 9, "-100,100", "slow-hash", 2, dir, resume, false, true, false);
  }

  /** The hash fake, slowed down so that the run lasts a few seconds. */
  static final class SlowChecker implements ConvexityChecker {
    private final HashTestChecker inner = new HashTestChecker();

    @Override public String name() { return "slow-hash"; }

    @Override
    public Verdict check(Network net, Domain d) {
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return inner.check(net, d);
    }
  }

  /** Entry point of the child process: runs the experiment into args[0]. */
  public static void main(String[] args) {
    PrintWriter err = new PrintWriter(System.err, true);
    CountExperiment.run(settings(Path.of(args[0]), false), SlowChecker::new, new PrintWriter(System.out, true), err);
  }

  @Test
  void aStoppedRunLeavesWholeRowsAndResumesToTheSameFile() throws Exception {
    Path part = tmp.resolve("part"), full = tmp.resolve("full");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), InterruptTest.class.getName(), part.toString())
        .redirectError(tmp.resolve("stderr.txt").toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    Path csv = part.resolve("counts.csv");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && (!Files.exists(csv) || Files.readAllLines(csv).size() < 4)) Thread.sleep(20);
    p.destroy();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

    String text = Files.readString(csv, StandardCharsets.UTF_8);
    assertThat(text).endsWith("\n");
    List<String> lines = new ArrayList<>(List.of(text.split("\n")));
    assertThat(lines.get(0)).isEqualTo(CountRow.HEADER);
    assertThat(lines.size() - 1).isBetween(3, SWEEP.specs().size() - 1); // stopped in the middle
    for (String l : lines.subList(1, lines.size())) assertThat(CountRow.parse(l).draws()).isEqualTo(DRAWS);
    assertThat(Files.readString(tmp.resolve("stderr.txt"))).contains("interrupted:").contains("--resume");

    PrintWriter sink = new PrintWriter(new StringWriter());
    CountExperiment.run(settings(part, true), HashTestChecker::new, sink, sink);
    CountExperiment.run(settings(full, false), HashTestChecker::new, sink, sink);
    assertThat(strip(part.resolve("counts.csv"))).isEqualTo(strip(full.resolve("counts.csv")));
  }

  private static List<String> strip(Path csv) throws Exception {
    List<String> out = new ArrayList<>();
    for (String l : Files.readAllLines(csv)) out.add(l.substring(0, l.lastIndexOf(',')));
    return out;
  }

}
