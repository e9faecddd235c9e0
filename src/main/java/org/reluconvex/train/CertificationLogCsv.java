package org.reluconvex.train;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes what a certification phase did as CSV: one row per round (zeroed: the parameter index the
 * repair set to 0, empty for a round of steps), then a comment line with the final verdict and, when
 * it is not convex, its witness.
 */
public final class CertificationLogCsv {
  public static final String HEADER = "round,verdict,zeroed,lambda,steps,regularizer,constraints,min_gain,val_mse";

  private CertificationLogCsv() {}

  /** The file next to an epoch log: {@code log.csv} gives {@code log_certification.csv}. */
  public static Path besides(Path epochLog) {
    String name = epochLog.getFileName().toString();
    String stem = name.endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
    return epochLog.resolveSibling(stem + "_certification.csv");
  }

  public static void write(CertificationResult c, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(c, w);
    }
  }

  public static void write(CertificationResult c, Writer w) throws IOException {
    w.write(HEADER);
    w.write('\n');
    for (CertificationRound r : c.rounds()) {
      w.write(String.join(",",
          Integer.toString(r.round()),
          r.verdict().label(),
          r.zeroed() < 0 ? "" : Integer.toString(r.zeroed()),
          num(r.lambda()),
          Integer.toString(r.steps()),
          num(r.regularizer()),
          Integer.toString(r.constraints()),
          num(r.minGain()),
          num(r.validationMse())));
      w.write('\n');
    }
    w.write("# final: " + c.verdict().label());
    if (c.verdict().witness() != null) w.write(" witness " + c.verdict().witness().replace(",", "")); // no comma in a CSV line
    if (c.verdict().reason() != null && !c.certified()) w.write(" reason: " + c.verdict().reason().replace('\n', ' '));
    w.write('\n');
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.9g", v);
  }
}
