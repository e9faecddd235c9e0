package org.reluconvex.train;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Writes a training log as CSV: one row per epoch. */
public final class EpochLogCsv {
  public static final String HEADER = "epoch,train_loss,val_loss,val_mse,regularizer,constraints,min_gain,verdict,seconds";

  private EpochLogCsv() {}

  public static void write(List<EpochLog> log, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(log, w);
    }
  }

  public static void write(List<EpochLog> log, Writer w) throws IOException {
    w.write(HEADER);
    w.write('\n');
    for (EpochLog e : log) {
      w.write(row(e));
      w.write('\n');
    }
  }

  /** One CSV row (no newline); empty cells for values that were not computed. */
  public static String row(EpochLog e) {
    return String.join(",",
        Integer.toString(e.epoch()),
        num(e.trainLoss()),
        num(e.validationLoss()),
        num(e.validationMse()),
        num(e.regularizer()),
        e.constraints() < 0 ? "" : Integer.toString(e.constraints()),
        num(e.minGain()),
        e.verdict() == null ? "" : e.verdict().label(),
        String.format(Locale.ROOT, "%.3f", e.seconds()));
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.9g", v);
  }
}
