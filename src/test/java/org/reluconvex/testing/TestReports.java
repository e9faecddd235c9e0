package org.reluconvex.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What a test measures for people (harness tallies, timings): appended to target/test-reports/NAME.txt,
 * and printed only with -Dreluconvex.test.verbose, so that a passing build prints nothing.
 */
public final class TestReports {
  private TestReports() {}

  private static final boolean VERBOSE = Boolean.getBoolean("reluconvex.test.verbose");

  /** Appends text to the report 'name' (a line end added when missing). */
  public static synchronized void add(String name, String text) {
    String t = text.endsWith("\n") ? text : text + "\n";
    if (VERBOSE) System.out.print(t);
    Path dir = Path.of("target", "test-reports");
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(name + ".txt"), t, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      System.out.print(t); // the report still reaches someone
    }
  }
}
