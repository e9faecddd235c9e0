package org.reluconvex;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java example that opens README.md's developer section compiles against the library and prints
 * what the README shows after it: its import lines become the imports, its other lines the body of a
 * {@code main} method, compiled in-process and run.
 */
class ReadmeJavaExampleTest {
  private static final String SECTION = "## For developers";

  @Test
  void theDeveloperSectionStartsWithAJavaExampleThatCompilesRunsAndPrintsWhatTheReadmeShows(@TempDir Path dir) throws Exception {
    List<String> readme = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8);
    int section = readme.indexOf(SECTION);
    assertThat(section).as("README.md has the section " + SECTION).isGreaterThanOrEqualTo(0);
    int open = fence(readme, section, "```java");
    List<String> snippet = block(readme, open);
    List<String> expected = block(readme, fence(readme, open + snippet.size() + 2, "```"));
    assertThat(snippet.stream().filter(l -> !l.isBlank() && !l.startsWith("import ")).count())
        .as("statements of the example").isBetween(2L, 10L);

    StringBuilder src = new StringBuilder();
    for (String l : snippet) if (l.startsWith("import ")) src.append(l).append('\n');
    src.append("public class ReadmeSnippet {\n  public static void main(String[] args) throws Exception {\n");
    for (String l : snippet) if (!l.startsWith("import ")) src.append("    ").append(l).append('\n');
    src.append("  }\n}\n");
    Path file = dir.resolve("ReadmeSnippet.java");
    Files.writeString(file, src);

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    // the library's classes, wherever the build put them (surefire's class path may be a manifest jar)
    String classes = Path.of(ReluConvex.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    StringWriter diagnostics = new StringWriter();
    boolean ok = javac.getTask(diagnostics, null, null, List.of("-cp", classes, "-d", dir.toString(), "--release", "17"), null,
        javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(file.toFile())).call();
    assertThat(ok).as("the README example compiles:\n" + src + diagnostics).isTrue();

    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream saved = System.out;
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      loader.loadClass("ReadmeSnippet").getMethod("main", String[].class).invoke(null, (Object) new String[0]);
    } finally {
      System.setOut(saved);
    }
    assertThat(printed.toString(StandardCharsets.UTF_8).lines().toList()).isEqualTo(expected);
  }

  /** The index of the first line {@code fence} from line index {@code from} on. */
  private static int fence(List<String> lines, int from, String fence) {
    int i = from;
    while (i < lines.size() && !lines.get(i).equals(fence)) i++;
    assertThat(i).as("a block " + fence + " after README.md line " + (from + 1)).isLessThan(lines.size());
    return i;
  }

  /** The lines of the fenced block opened at line index {@code start}. */
  private static List<String> block(List<String> lines, int start) {
    List<String> out = new ArrayList<>();
    for (int i = start + 1; i < lines.size() && !lines.get(i).equals("```"); i++) out.add(lines.get(i));
    return out;
  }
}
