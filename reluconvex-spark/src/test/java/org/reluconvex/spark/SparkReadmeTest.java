package org.reluconvex.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.reluconvex.cli.ReadmeOutput;

/**
 * Runs the Spark examples of docs/guide.md ({@code $ bin/reluconvex spark ...} and {@code $ spark-submit
 * ... reluconvex-spark.jar ...}) on the shared local context and compares what they print with the
 * README, as the core's ReadmeExamplesTest does for the other commands (same block format: commands
 * after {@code $ }, a trailing backslash continuing one, the output below it, standard output then
 * standard error, {@code ...} eliding lines). Normalised: timings, and where the job runs (the master,
 * its cores and the UI's address, in the one line {@code spark: ...}).
 */
class SparkReadmeTest {
  private static final Path ROOT = Path.of("..");
  private static final Path SHARED = Path.of(System.getProperty("reluconvex.shared", "..")).toAbsolutePath().normalize();

  /** The page with the Spark examples (the guide; the README links to its section On a cluster). */
  private static final String PAGE = "docs/guide.md";

  /** The number of Spark commands in that page; a new example raises it. */
  private static final int SPARK_COMMANDS = 4;

  record Step(int line, String command, List<String> expected) {}

  static boolean isSpark(String command) {
    return command.startsWith("bin/reluconvex spark ") || command.startsWith("spark-submit ");
  }

  @TestFactory
  Stream<DynamicTest> everySparkExampleOfTheReadmePrintsWhatTheReadmeShows() throws IOException {
    List<Step> steps = parse(Files.readAllLines(ROOT.resolve(PAGE), StandardCharsets.UTF_8));
    assertThat(steps).as("Spark commands in " + PAGE + " (update SPARK_COMMANDS)").hasSize(SPARK_COMMANDS);
    return steps.stream().map(s -> DynamicTest.dynamicTest(PAGE + " line " + s.line() + ": " + s.command(), () -> run(s)));
  }

  static List<Step> parse(List<String> lines) {
    List<Step> all = new ArrayList<>();
    boolean inBlock = false;
    Step current = null;
    for (int j = 0; j < lines.size(); j++) {
      String l = lines.get(j);
      if (l.trim().startsWith("```")) {
        inBlock = !inBlock;
        current = null;
        continue;
      }
      if (!inBlock) continue;
      if (l.startsWith("$ ")) {
        int at = j + 1;
        StringBuilder cmd = new StringBuilder(l.substring(2));
        while (cmd.toString().endsWith("\\") && j + 1 < lines.size()) {
          cmd.setLength(cmd.length() - 1);
          cmd.append(' ').append(lines.get(++j).trim());
        }
        String c = cmd.toString().trim().replaceAll("\\s+", " ");
        current = isSpark(c) ? new Step(at, c, new ArrayList<>()) : null;
        if (current != null) all.add(current);
      } else if (current != null) {
        current.expected().add(l);
      }
    }
    return all;
  }

  private void run(Step step) throws IOException {
    List<String> words = split(step.command());
    if (words.get(0).equals("spark-submit")) {
      // what spark-submit runs: the main class of the job jar with the arguments after the jar
      int jar = 1;
      while (!words.get(jar).endsWith("reluconvex-spark.jar")) jar++;
      words = words.subList(jar + 1, words.size());
    } else {
      words = words.subList(2, words.size());
    }
    Path dir = Files.createTempDirectory("spark-readme");
    try {
      List<String> args = new ArrayList<>();
      for (int i = 0; i < words.size(); i++) {
        String a = words.get(i);
        if (i > 0 && words.get(i - 1).equals("--out")) a = dir.resolve(a).toString();
        else if (a.startsWith("reference/")) a = SHARED.resolve(a).toString();
        args.add(a);
      }
      LocalSpark.Run r = LocalSpark.spark(args.toArray(String[]::new));
      String printed = (r.out() + r.err()).replace(dir.toAbsolutePath() + "/", "").replace(SHARED + "/reference/", "reference/");
      compare(PAGE + " line " + step.line() + ": $ " + step.command(), step.expected(), List.of(printed.split("\n", -1)));
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Where the job ran varies (the master, its cores, the UI's address): one placeholder. */
  private static final Pattern MASTER = Pattern.compile("^(spark: .*) on \\S+ \\(\\d+ cores\\)(; progress at \\S+)?$");

  static String normalise(String line) {
    return MASTER.matcher(ReadmeOutput.normalise(line)).replaceAll("$1 on <master>");
  }

  private static void compare(String where, List<String> readme, List<String> printed) {
    ReadmeOutput.compare(where, readme, printed, SparkReadmeTest::normalise);
  }

  private static List<String> split(String line) {
    return ReadmeOutput.split(line);
  }
}
