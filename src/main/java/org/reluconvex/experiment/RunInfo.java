package org.reluconvex.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings that determine the rows of a run ({@code run.properties} beside the CSV), so that
 * {@code --resume} only continues a run made with the same ones. Written as sorted key=value lines.
 */
public record RunInfo(Map<String, String> values) {
  public static final String FILE = "run.properties";

  public RunInfo {
    values = Map.copyOf(values);
  }

  public static RunInfo of(String experiment, long seed, int draws, String box, boolean skip, String checker) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("experiment", experiment);
    m.put("seed", Long.toString(seed));
    m.put("draws", Integer.toString(draws));
    m.put("box", box);
    m.put("skip", Boolean.toString(skip));
    m.put("checker", checker);
    return new RunInfo(m);
  }

  public void write(Path dir) {
    StringBuilder sb = new StringBuilder("# settings of this run; --resume requires the same ones\n");
    values.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> sb.append(e.getKey()).append('=').append(e.getValue()).append('\n'));
    try {
      Files.writeString(dir.resolve(FILE), sb, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(FILE) + ": " + e.getMessage(), e);
    }
  }

  /** The settings stored in dir, or null when there are none. */
  public static RunInfo read(Path dir) {
    Path p = dir.resolve(FILE);
    if (!Files.exists(p)) return null;
    Map<String, String> m = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
        if (line.isBlank() || line.startsWith("#")) continue;
        int eq = line.indexOf('=');
        if (eq > 0) m.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
    }
    return new RunInfo(m);
  }

  /** Throws a one-line message naming the first setting that differs from {@code stored}. */
  public void requireSameAs(RunInfo stored, Path dir) {
    for (String k : new java.util.TreeSet<>(values.keySet())) {
      String old = stored.values.get(k);
      if (!values.get(k).equals(old))
        throw new IllegalArgumentException("cannot resume: " + dir.resolve(FILE) + " has " + k + "=" + old
            + ", this run asks for " + k + "=" + values.get(k));
    }
  }
}
