package org.reluconvex.experiment;

import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress of a long run: a bar with rate and ETA on stderr, or nothing. Thread-safe. */
public interface Progress extends AutoCloseable {
  void advance(long steps);

  @Override
  void close();

  /** Reports nothing. */
  static Progress none() {
    return new Progress() {
      @Override public void advance(long steps) {}
      @Override public void close() {}
    };
  }

  /**
   * A progress bar on stderr when stderr is an interactive terminal and {@code quiet} is false,
   * otherwise {@link #none()}.
   */
  static Progress onStderr(String task, long total, boolean quiet) {
    if (quiet || System.console() == null) return none();
    ProgressBar bar = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII)
        .setConsumer(new ConsoleProgressBarConsumer(System.err))
        .setUnit(" draws", 1)
        .showSpeed()
        .setSpeedUnit(ChronoUnit.SECONDS)
        .setUpdateIntervalMillis(500)
        .build();
    return new Progress() {
      @Override public void advance(long steps) { bar.stepBy(steps); }
      @Override public void close() { bar.close(); }
    };
  }
}
