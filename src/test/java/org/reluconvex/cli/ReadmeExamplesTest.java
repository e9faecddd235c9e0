package org.reluconvex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every {@code $ reluconvex ...} example of README.md, docs/guide.md and the pages of {@link #PAGES} in-process and compares
 * what it prints with the page, so that neither can drift from the tool.
 *
 * <p>A README example is a fenced code block whose lines starting with {@code $ } are commands (a
 * trailing backslash continues a command on the next line) and whose other lines are the output of
 * the command before them. Understood commands: {@code reluconvex ARGS}, {@code printf FORMAT ARGS |
 * reluconvex ARGS} (printf's output is standard input), {@code echo $?} (compared with the previous
 * command's exit code) and {@code cat FILE} (its output lines create FILE for the later commands).
 * Standard output and standard error are compared together, in that order.
 *
 * <p>Each block runs in its own temporary directory: the argument of {@code --out}/{@code -o} is
 * placed there, and a relative file argument that exists there (written by an earlier command of the
 * block) is resolved there; every other path resolves against the repository root, where the tests
 * run. The temporary directory's path is removed from the output before comparing.
 *
 * <p>Only what legitimately varies is normalised: timings ({@code time:} lines, {@code *seconds}
 * JSON fields, the {@code median:} line of {@code bench} with its warm-up count, the ms/check column
 * and the closing time/thread summary of {@code experiment count}). Where the README itself elides
 * output, a line {@code ...} stands for any number of lines and a line ending in {@code ...} for any
 * line starting with what precedes it.
 */
class ReadmeExamplesTest {
  /** The pages whose examples run: the front door, the guide and the pages of the properties beyond convexity. */
  static final List<Path> PAGES = List.of(Path.of("README.md"), Path.of("docs", "guide.md"), Path.of("docs", "partial-convexity.md"),
      Path.of("docs", "monotone.md"), Path.of("docs", "lipschitz.md"), Path.of("docs", "range.md"));

  /**
   * What the README shows as a command but the test does not run, with the reason. The build and
   * run example {@code mvn -q package -DskipTests && java -jar target/reluconvex.jar ARGS} is
   * run without its build part, as {@code reluconvex ARGS}, and compared with the code block that
   * follows it.
   */
  static final Map<String, String> SKIPPED = Map.of(
      "mvn -q package -DskipTests", "builds the jar; the test runs Main in-process on the classes under test",
      "mvn -q verify", "runs the whole test suite, this test included");

  /**
   * Commands of the Spark module ({@code bin/reluconvex spark ...}, {@code spark-submit ...}): its own
   * README test runs them on Spark; here they are neither run nor counted.
   */
  static boolean isSpark(String command) {
    return command.startsWith("bin/reluconvex spark ") || command.startsWith("spark-submit ");
  }

  /** The number of {@code reluconvex} commands of the pages; a new example raises it. */
  private static final int README_COMMANDS = 48;

  @TestFactory
  Stream<DynamicTest> everyReadmeExampleRunsAndPrintsWhatTheReadmeShows() throws IOException {
    List<Block> blocks = new ArrayList<>();
    for (Path page : PAGES) blocks.addAll(parse(page.toString(), Files.readAllLines(page, StandardCharsets.UTF_8)));
    long commands = blocks.stream().flatMap(b -> b.steps.stream())
        .filter(s -> s.command.contains("reluconvex ") && !isSpark(s.command)).count();
    assertThat(commands).as("reluconvex commands found in " + PAGES + " (update README_COMMANDS when "
        + "examples are added or removed)").isEqualTo(README_COMMANDS);
    return blocks.stream().map(b -> DynamicTest.dynamicTest(
        b.page + " line " + b.line + ": " + b.steps.get(0).command, () -> run(b)));
  }

  @TestFactory
  Stream<DynamicTest> theShellSplitterAndPrintfBehaveLikeTheShell() {
    return Stream.of(
        DynamicTest.dynamicTest("quotes", () -> assertThat(ReadmeOutput.split("a 'b c' \"d\\\"e\" f\\ g --box=-2:2"))
            .containsExactly("a", "b c", "d\"e", "f g", "--box=-2:2")),
        DynamicTest.dynamicTest("only timings are normalised", () -> {
          assertThat(ReadmeOutput.normalise("time:     0.183 s (check only)")).isEqualTo("time:     <s> (check only)");
          // the README once said 36 recomputations where the command made 156: counts on a time line are compared
          assertThat(ReadmeOutput.normalise("time: 1.37 s wall; CPU: data term 0.03 s, constraints 0.06 s in 156 recomputations"))
              .isEqualTo("time: <s> wall; CPU: data term <s>, constraints <s> in 156 recomputations");
          assertThat(ReadmeOutput.normalise("  \"check_seconds\" : 0.105747259")).isEqualTo("  \"check_seconds\" : <seconds>");
          assertThat(ReadmeOutput.normalise("{\"id\":1,\"check_seconds\":0.067096731}")).isEqualTo("{\"id\":1,\"check_seconds\":<seconds>}");
          assertThat(ReadmeOutput.normalise("min gain: -0.396561")).isEqualTo("min gain: -0.396561");
          assertThat(ReadmeOutput.normalise("  \"min_gain\" : -0.3965611755847931,")).isEqualTo("  \"min_gain\" : -0.3965611755847931,");
          assertThat(ReadmeOutput.normalise("verdict:  not_convex (skeleton), 1780 vertices, 3496 edges"))
              .isEqualTo("verdict:  not_convex (skeleton), 1780 vertices, 3496 edges");
          assertThat(ReadmeOutput.normalise("2   2x2               1000      106   10.60       21    2.10        85       0       14.1      1.340"))
              .isEqualTo("2   2x2               1000      106   10.60       21    2.10        85       0       14.1      <ms>");
        }),
        DynamicTest.dynamicTest("printf", () -> {
          assertThat(printf(List.of("%s\\n", "1,2", "3,4"))).isEqualTo("1,2\n3,4\n");
          assertThat(printf(List.of("2,0\\n-1,1\\n"))).isEqualTo("2,0\n-1,1\n");
        }));
  }

  // ---------------------------------------------------------------------------------------------

  record Step(int line, String command, List<String> expected) {}

  record Block(String page, int line, List<Step> steps) {}

  static List<Block> parse(String page, List<String> lines) {
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).trim().startsWith("```")) continue;
      int start = i + 1;
      int end = start;
      while (end < lines.size() && !lines.get(end).trim().startsWith("```")) end++;
      List<Step> steps = new ArrayList<>();
      for (int j = start; j < end; j++) {
        String l = lines.get(j);
        if (l.startsWith("$ ")) {
          int at = j;
          StringBuilder cmd = new StringBuilder(l.substring(2));
          while (cmd.toString().endsWith("\\") && j + 1 < end) {
            cmd.setLength(cmd.length() - 1);
            cmd.append(' ').append(lines.get(++j).trim());
          }
          steps.add(new Step(at + 1, cmd.toString().trim(), new ArrayList<>()));
        } else if (!steps.isEmpty()) {
          steps.get(steps.size() - 1).expected.add(l);
        }
      }
      String build = "mvn -q package -DskipTests && java -jar target/reluconvex.jar ";
      if (steps.isEmpty() && end == start + 1 && lines.get(start).startsWith(build)) {
        // the build-and-run example: its output is the next code block
        int next = end + 1;
        while (next < lines.size() && !lines.get(next).trim().startsWith("```")) next++;
        int close = next + 1;
        while (close < lines.size() && !lines.get(close).trim().startsWith("```")) close++;
        if (close < lines.size()) {
          steps.add(new Step(start + 1, "reluconvex " + lines.get(start).substring(build.length()),
              new ArrayList<>(lines.subList(next + 1, close))));
        }
      }
      if (steps.stream().anyMatch(s -> s.command.contains("reluconvex "))) {
        blocks.add(new Block(page, start, steps));
      } else if (end == start + 1 && !SKIPPED.containsKey(lines.get(start).trim())
          && lines.get(start).contains("reluconvex")) {
        throw new AssertionError(page + " line " + (start + 1) + ": an example the test neither runs "
            + "nor lists in SKIPPED: " + lines.get(start));
      }
      i = end;
    }
    return blocks;
  }

  private static void run(Block block) throws IOException {
    Path dir = Files.createTempDirectory("readme-example");
    Set<String> before = repoFiles();
    try {
      Integer lastExit = null;
      for (Step step : block.steps) {
        String where = block.page + " line " + step.line + ": $ " + step.command;
        String skip = isSpark(step.command) ? "run by the Spark module's README test" : SKIPPED.get(step.command);
        if (skip != null) {
          org.reluconvex.testing.TestReports.add("readme", "skipped " + where + " (" + skip + ")");
          lastExit = null;
          continue;
        }
        List<String> words = ReadmeOutput.split(step.command);
        if (words.equals(List.of("echo", "$?"))) {
          assertThat(lastExit).as(where + ": no command before it").isNotNull();
          assertThat(String.valueOf(lastExit)).as(where).isEqualTo(String.join("\n", ReadmeOutput.trim(step.expected, ReadmeOutput::normalise)));
          continue;
        }
        if (words.size() == 2 && words.get(0).equals("cat")) {
          Files.write(dir.resolve(words.get(1)), step.expected, StandardCharsets.UTF_8);
          continue;
        }
        byte[] stdin = new byte[0];
        int bar = words.indexOf("|");
        if (bar >= 0) {
          assertThat(words.get(0)).as(where + ": only printf pipes into reluconvex").isEqualTo("printf");
          stdin = printf(words.subList(1, bar)).getBytes(StandardCharsets.UTF_8);
          words = words.subList(bar + 1, words.size());
        }
        assertThat(words.get(0)).as(where).isEqualTo("reluconvex");
        String[] args = resolve(words.subList(1, words.size()), dir);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
            PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
          InputStream in = new ByteArrayInputStream(stdin);
          lastExit = Main.run(in, o, e, args);
        }
        String printed = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        String prefix = dir.toAbsolutePath() + dir.getFileSystem().getSeparator();
        printed = printed.replace(prefix, "").replace(dir.toAbsolutePath().toString(), ".");
        ReadmeOutput.compare(where, step.expected, List.of(printed.split("\n", -1)), ReadmeOutput::normalise);
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
      Set<String> after = repoFiles();
      after.removeAll(before);
      assertThat(after).as("files the README example left in the repository").isEmpty();
    }
  }

  /** The arguments with outputs, and files written earlier in the block, placed in {@code dir}. */
  private static String[] resolve(List<String> words, Path dir) {
    String[] args = words.toArray(String[]::new);
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      boolean output = i > 0 && (args[i - 1].equals("--out") || args[i - 1].equals("-o"));
      if (a.startsWith("--out=")) {
        args[i] = "--out=" + dir.resolve(a.substring(6));
      } else if (output && !a.equals("-")) {
        args[i] = dir.resolve(a).toString();
      } else if (!a.startsWith("-") && !a.contains(":") && Files.exists(dir.resolve(a))) {
        args[i] = dir.resolve(a).toString();
      }
    }
    return args;
  }

  private static Set<String> repoFiles() throws IOException {
    try (Stream<Path> files = Files.walk(Path.of("."))) {
      return files.map(Path::toString)
          .filter(p -> !p.startsWith("./target") && !p.startsWith("./.git"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  /** What {@code printf FORMAT ARGS...} prints, for the escapes and {@code %s} the README uses. */
  static String printf(List<String> words) {
    String format = words.get(0);
    List<String> args = words.subList(1, words.size());
    int conversions = 0;
    for (int i = 0; i + 1 < format.length(); i++) {
      if (format.charAt(i) == '%') {
        if (format.charAt(i + 1) == 's') conversions++;
        else if (format.charAt(i + 1) != '%') throw new IllegalArgumentException("printf: only %s: " + format);
        i++;
      }
    }
    StringBuilder out = new StringBuilder();
    int next = 0;
    do {
      for (int i = 0; i < format.length(); i++) {
        char c = format.charAt(i);
        if (c == '\\' && i + 1 < format.length()) {
          char e = format.charAt(++i);
          out.append(switch (e) {
            case 'n' -> '\n';
            case 't' -> '\t';
            case '\\' -> '\\';
            default -> throw new IllegalArgumentException("printf: escape \\" + e);
          });
        } else if (c == '%' && i + 1 < format.length()) {
          char e = format.charAt(++i);
          if (e == '%') out.append('%');
          else out.append(next < args.size() ? args.get(next++) : "");
        } else {
          out.append(c);
        }
      }
    } while (conversions > 0 && next < args.size());
    return out.toString();
  }
}
