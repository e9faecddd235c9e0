package org.reluconvex.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Points for evaluation, one per line, coordinates separated by commas (or, on a line without commas,
 * by whitespace, as {@code np.savetxt} writes them). Blank lines and lines
 * starting with {@code #} are skipped; the first other line is a header (and skipped) when one of
 * its fields is not a number. The source {@code -} is standard input.
 */
public final class PointsCsv {
  private PointsCsv() {}

  /**
   * Reads points of dimension {@code dim} (or, when dim &lt; 1, of the dimension of the first row)
   * from a file, or from {@code stdin} when {@code source} is {@code -}.
   */
  public static double[][] read(String source, InputStream stdin, int dim) {
    if (source.equals("-")) return parse(new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)), "<stdin>", dim);
    Path p = Path.of(source);
    if (Files.isDirectory(p)) throw new BadInputException(source + ": is a directory, not a points file");
    try (BufferedReader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
      return parse(r, source, dim);
    } catch (NoSuchFileException e) {
      throw new BadInputException(source + ": no such file");
    } catch (IOException e) {
      throw new BadInputException(source + ": cannot read (" + e.getMessage() + ")", e);
    }
  }

  /** Parses CSV text; {@code name} is used in messages. */
  public static double[][] parse(BufferedReader r, String name, int dim) {
    List<double[]> rows = new ArrayList<>();
    int lineNo = 0;
    boolean first = true;
    int d = dim;
    try {
      for (String line; (line = r.readLine()) != null; ) {
        lineNo++;
        String t = line.strip();
        if (lineNo == 1 && t.startsWith("\uFEFF")) t = t.substring(1).strip();
        if (t.isEmpty() || t.startsWith("#")) continue;
        // np.savetxt separates by spaces unless told otherwise: a line without commas splits on whitespace
        String[] fields = t.indexOf(',') >= 0 ? t.split(",", -1) : t.split("\\s+");
        if (first) {
          first = false;
          if (!allNumeric(fields)) continue; // header
        }
        if (d < 1) d = fields.length;
        if (fields.length != d)
          throw new BadInputException(name + ": line " + lineNo + " has " + fields.length + " values, expected " + d
              + (dim >= 1 ? " (the model's input dimension)" : ""));
        double[] x = new double[d];
        for (int i = 0; i < d; i++) {
          String f = fields[i].strip();
          try {
            x[i] = Double.parseDouble(f);
          } catch (NumberFormatException e) {
            throw new BadInputException(name + ": line " + lineNo + ", column " + (i + 1) + ": '" + f + "' is not a number");
          }
          if (!Double.isFinite(x[i]))
            throw new BadInputException(name + ": line " + lineNo + ", column " + (i + 1) + ": '" + f + "' is not finite");
        }
        rows.add(x);
      }
    } catch (IOException e) {
      throw new BadInputException(name + ": cannot read (" + e.getMessage() + ")", e);
    }
    return rows.toArray(new double[0][]);
  }

  private static boolean allNumeric(String[] fields) {
    for (String f : fields) {
      String s = f.strip();
      if (s.isEmpty()) return false;
      try {
        Double.parseDouble(s);
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return true;
  }
}
