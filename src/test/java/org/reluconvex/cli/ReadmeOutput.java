package org.reluconvex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How a README example's printed output is compared with the README (timings normalised, {@code ...}
 * eliding lines) and how its command line is split into words: shared by the core's README test and
 * the Spark module's (which reaches it through the core's test jar).
 */
public final class ReadmeOutput {
  private ReadmeOutput() {}

  private static final Pattern SECONDS = Pattern.compile("[0-9]+(\\.[0-9]+)? s\\b");

  private static final List<Map.Entry<Pattern, String>> TIMINGS = List.of(
      Map.entry(Pattern.compile("^(\\s*\"\\w*seconds\" : )[-0-9.eE]+(,?)$"), "$1<seconds>$2"),
      // the same inside one-line JSON (check --json with several models, serve)
      Map.entry(Pattern.compile("(\"\\w*seconds\":)[-0-9.eE]+"), "$1<seconds>"),
      Map.entry(Pattern.compile("^median:(\\s+).*$"), "median:$1<median, warm-up and range>"),
      // experiment count: the last column (ms/check) of a row, and the closing summary's times
      Map.entry(Pattern.compile("^(\\d+\\s+\\S*\\d+x\\d+.*\\s)[0-9.]+$"), "$1<ms>"),
      Map.entry(Pattern.compile(" drawn now in [0-9.]+ s \\([0-9.]+ CPU-s\\) with \\d+ threads?;"),
          " drawn now in <time> with <threads>;"));

  /** The line with what legitimately varies (timings) replaced by placeholders. */
  public static String normalise(String line) {
    String s = line.stripTrailing();
    // on a time line only the seconds vary: counts beside them (recomputations) are compared
    if (s.startsWith("time:")) s = SECONDS.matcher(s).replaceAll("<s>");
    for (Map.Entry<Pattern, String> t : TIMINGS) {
      Matcher m = t.getKey().matcher(s);
      s = m.replaceAll(t.getValue());
    }
    return s;
  }

  /** The lines normalised, trailing empty lines dropped. */
  public static List<String> trim(List<String> lines, UnaryOperator<String> normaliser) {
    List<String> l = new ArrayList<>(lines.stream().map(normaliser).toList());
    while (!l.isEmpty() && l.get(l.size() - 1).isEmpty()) l.remove(l.size() - 1);
    return l;
  }

  /**
   * Asserts that printed matches the README's lines, both normalised: a README line {@code ...}
   * stands for any number of lines, a line ending in {@code ...} for any line starting with what
   * precedes it.
   */
  public static void compare(String where, List<String> readme, List<String> printed, UnaryOperator<String> normaliser) {
    List<String> expected = trim(readme, normaliser);
    List<String> actual = trim(printed, normaliser);
    StringBuilder regex = new StringBuilder();
    for (String e : expected) {
      if (e.trim().equals("...")) {
        regex.append("(?:[^\\n]*\\n)*?");
      } else if (e.endsWith("...")) {
        regex.append(Pattern.quote(e.substring(0, e.length() - 3))).append("[^\\n]*\\n");
      } else {
        regex.append(Pattern.quote(e)).append("\\n");
      }
    }
    String actualText = actual.stream().map(a -> a + "\n").collect(Collectors.joining());
    if (!Pattern.compile(regex.toString()).matcher(actualText).matches()) {
      String expectedText = expected.stream().map(a -> a + "\n").collect(Collectors.joining());
      assertThat(actualText).as(where + " (README output vs. what the tool prints)").isEqualTo(expectedText);
    }
  }

  // ------------------------------------------------------------------ shell

  /** Splits a command line as a POSIX shell does for plain words, quotes, backslashes and {@code |}. */
  public static List<String> split(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean inWord = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\'') {
        int close = line.indexOf('\'', i + 1);
        if (close < 0) throw new IllegalArgumentException("unterminated ' in " + line);
        w.append(line, i + 1, close);
        i = close;
        inWord = true;
      } else if (c == '"') {
        inWord = true;
        for (i++; i < line.length() && line.charAt(i) != '"'; i++) {
          char d = line.charAt(i);
          if (d == '\\' && i + 1 < line.length() && "$`\"\\".indexOf(line.charAt(i + 1)) >= 0) {
            d = line.charAt(++i);
          }
          w.append(d);
        }
        if (i >= line.length()) throw new IllegalArgumentException("unterminated \" in " + line);
      } else if (c == '\\' && i + 1 < line.length()) {
        w.append(line.charAt(++i));
        inWord = true;
      } else if (Character.isWhitespace(c) || c == '|') {
        if (inWord) words.add(w.toString());
        w.setLength(0);
        inWord = false;
        if (c == '|') words.add("|");
      } else {
        w.append(c);
        inWord = true;
      }
    }
    if (inWord) words.add(w.toString());
    return words;
  }
}
