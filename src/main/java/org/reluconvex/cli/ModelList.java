package org.reluconvex.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.reluconvex.io.BadInputException;

/** A list of models, one per line, as {@code ls *.onnx > FILE} writes it ({@code check --list FILE}). */
final class ModelList {
  private ModelList() {}

  /** The models named in {@code source} ('-' for {@code stdin}); blank lines and #-comments skipped. */
  static List<String> read(String source, InputStream stdin) {
    try (Reader r = source.equals("-") ? new InputStreamReader(stdin, StandardCharsets.UTF_8)
        : Files.newBufferedReader(Path.of(source), StandardCharsets.UTF_8)) {
      List<String> models = new ArrayList<>();
      for (String line : new BufferedReader(r).lines().toList()) {
        String m = line.strip();
        if (!m.isEmpty() && !m.startsWith("#")) models.add(m);
      }
      return models;
    } catch (NoSuchFileException e) {
      throw new BadInputException("--list " + source + ": no such file");
    } catch (IOException | java.io.UncheckedIOException | java.nio.file.InvalidPathException e) {
      throw new BadInputException("--list " + source + ": cannot read (" + e.getMessage() + ")", e);
    }
  }
}
