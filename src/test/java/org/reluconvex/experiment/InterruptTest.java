package org.reluconvex.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reluconvex.network.Domain;
import org.reluconvex.convexity.ConvexityChecker;
import org.reluconvex.convexity.Verdict;
import org.reluconvex.network.Network;

/**
 * A real process is stopped (SIGTERM, which runs shutdown hooks like Ctrl-C) in the middle of a run,
 * at a point fixed by the checker rather than by the clock: the checks of architecture (1, 4), the
 * fourth of the sweep, all fail, so the run prints a warning right after appending that row; every
 * check of a later architecture blocks until the process ends. The test stops the child when it
 * reads the warning, so the file then holds exactly the first four rows and no later row can appear.
 */
class InterruptTest {
  @TempDir Path tmp;

  static final Sweep SWEEP = Sweep.pairs(2, new int[] {1, 2, 3, 4}, false);
  static final int DRAWS = 150;
  /** Architectures the child finishes before it blocks: (1, 1), (1, 2), (1, 3) and (1, 4). */
  static final int FINISHED = 4;

  /** Never counted down: a blocked check waits for the interruption of its thread. */
  private static final CountDownLatch NEVER = new CountDownLatch(1);

  static CountExperiment.Settings settings(Path dir, boolean resume) {
    return new CountExperiment.Settings(SWEEP, DRAWS, 9, "-100,100", "staged-hash", 2, dir, resume, false, true, false);
  }

  /**
   * The hash fake, except that every check of widths (1, 4) fails (its row counts them as unknown
   * and the run warns after writing it) and, when {@code block}, every check with n1 &gt; 1 waits
   * until its thread is interrupted.
   */
  static final class StagedChecker implements ConvexityChecker {
    private final HashTestChecker inner = new HashTestChecker();
    private final boolean block;

    StagedChecker(boolean block) { this.block = block; }

    @Override public String name() { return "staged-hash"; }

    @Override
    public Verdict check(Network net, Domain d) {
      int[] w = net.hiddenWidths();
      if (Arrays.equals(w, new int[] {1, 4})) throw new IllegalStateException("staged failure");
      if (block && w[0] > 1) {
        try {
          NEVER.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted");
        }
      }
      return inner.check(net, d);
    }
  }

  /** Entry point of the child process: runs the experiment into args[0]. */
  public static void main(String[] args) {
    PrintWriter err = new PrintWriter(System.err, true);
    CountExperiment.run(settings(Path.of(args[0]), false), () -> new StagedChecker(true), new PrintWriter(System.out, true), err);
  }

  @Test
  void aStoppedRunLeavesWholeRowsAndResumesToTheSameFile() throws Exception {
    Path part = tmp.resolve("part"), full = tmp.resolve("full");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), InterruptTest.class.getName(), part.toString())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    List<String> stderr = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        stderr.add(line);
        if (line.startsWith("warning: ") && line.contains("failed")) break; // row 4 is on disk
      }
      assertThat(stderr).as("the child's stderr before it ended").last().asString().startsWith("warning: ");
      p.toHandle().destroy(); // SIGTERM; unlike Process.destroy it leaves the pipe open to read the rest
      while ((line = r.readLine()) != null) stderr.add(line);
    }
    p.waitFor();

    Path csv = part.resolve("counts.csv");
    String text = Files.readString(csv, StandardCharsets.UTF_8);
    assertThat(text).endsWith("\n");
    List<String> lines = new ArrayList<>(List.of(text.split("\n")));
    assertThat(lines.get(0)).isEqualTo(CountRow.HEADER);
    assertThat(lines.size() - 1).isEqualTo(FINISHED);
    for (String l : lines.subList(1, lines.size())) assertThat(CountRow.parse(l).draws()).isEqualTo(DRAWS);
    assertThat(CountRow.parse(lines.get(FINISHED)).unknown()).isEqualTo(DRAWS); // the failed checks
    assertThat(String.join("\n", stderr)).contains("interrupted: " + FINISHED + " of " + SWEEP.specs().size()).contains("--resume");

    PrintWriter sink = new PrintWriter(new StringWriter());
    CountExperiment.run(settings(part, true), () -> new StagedChecker(false), sink, sink);
    CountExperiment.run(settings(full, false), () -> new StagedChecker(false), sink, sink);
    assertThat(strip(part.resolve("counts.csv"))).isEqualTo(strip(full.resolve("counts.csv")));
  }

  /** The rows without their last field, the time. */
  private static List<String> strip(Path csv) throws Exception {
    List<String> out = new ArrayList<>();
    for (String l : Files.readAllLines(csv)) out.add(l.substring(0, l.lastIndexOf(',')));
    return out;
  }
}
