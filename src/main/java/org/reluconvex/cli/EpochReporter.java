package org.reluconvex.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Consumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.reluconvex.train.EpochLog;

/**
 * Shows the per-epoch log on stderr: a progress bar (drawn on the process's stderr) when there is a
 * terminal, one plain line per epoch on the command's error writer otherwise, nothing when quiet.
 */
final class EpochReporter implements Consumer<EpochLog>, AutoCloseable {
  private final PrintWriter err;
  private final ProgressBar bar;
  private final boolean quiet;
  private final String prefix;

  EpochReporter(PrintWriter err, String task, int epochs, boolean quiet, boolean terminal) {
    this.err = err;
    this.quiet = quiet;
    this.prefix = task;
    this.bar = !quiet && terminal
        ? new ProgressBarBuilder().setTaskName(task).setInitialMax(epochs).setStyle(ProgressBarStyle.ASCII)
            .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(200).build()
        : null;
  }

  /** Whether there is (most likely) a terminal: the JVM has a console (Java 17: stdin and stdout not redirected). */
  static boolean hasTerminal() {
    return System.console() != null;
  }

  @Override
  public void accept(EpochLog e) {
    if (quiet) return;
    if (bar != null) {
      bar.setExtraMessage(compact(e));
      bar.step();
    } else {
      err.println(prefix + " epoch " + e.epoch() + ": " + summary(e));
      err.flush();
    }
  }

  /** A free-standing line of the log (the bar, if any, is redrawn under it). */
  void note(String line) {
    if (quiet) return;
    if (bar != null) {
      bar.setExtraMessage(line);
    } else {
      err.println(prefix + " " + line);
      err.flush();
    }
  }

  /** What fits next to the bar: validation loss (or training loss), R and the verdict. */
  static String compact(EpochLog e) {
    StringBuilder sb = new StringBuilder(Double.isNaN(e.validationLoss())
        ? String.format(Locale.ROOT, "train %.3g", e.trainLoss())
        : String.format(Locale.ROOT, "val %.3g", e.validationLoss()));
    if (!Double.isNaN(e.regularizer())) sb.append(String.format(Locale.ROOT, " R %.2g", e.regularizer()));
    if (e.verdict() != null) sb.append(' ').append(e.verdict().label());
    return sb.toString();
  }

  static String summary(EpochLog e) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "train %.4g", e.trainLoss()));
    if (!Double.isNaN(e.validationLoss())) sb.append(String.format(Locale.ROOT, "  val %.4g", e.validationLoss()));
    if (!Double.isNaN(e.regularizer())) sb.append(String.format(Locale.ROOT, "  R %.3g (%d constraints)", e.regularizer(), e.constraints()));
    if (e.verdict() != null) sb.append("  ").append(e.verdict().label());
    sb.append(String.format(Locale.ROOT, "  %.1f s", e.seconds()));
    return sb.toString();
  }

  @Override
  public void close() {
    if (bar != null) bar.close();
  }
}
