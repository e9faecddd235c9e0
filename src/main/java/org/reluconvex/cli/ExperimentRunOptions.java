package org.reluconvex.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --out/--resume/--overwrite/--quiet/--threads}: where an experiment that writes one row per
 * architecture puts its files, whether it continues or replaces an earlier run, and how it runs; a
 * picocli mixin shared by {@code experiment count} and {@code experiment timing}.
 */
public final class ExperimentRunOptions {
  @Option(names = "--out", paramLabel = "DIR", required = true, description = "Output directory.")
  Path out;

  @Option(names = "--resume", description = "Continue the run in DIR: keep its complete rows, draw the missing architectures.")
  boolean resume;

  @Option(names = "--overwrite", description = "Replace the results of an earlier run in DIR.")
  boolean overwrite;

  @Option(names = "--quiet", description = "No progress bar.")
  boolean quiet;

  @Option(names = "--threads", paramLabel = "N",
      description = "Worker threads (default: all cores for count; 1 for timing, whose times are cleanest alone).")
  Integer threads;

  /** The number of threads asked for, or {@code fallback}; --resume with --overwrite is refused. */
  int threads(int fallback) {
    if (resume && overwrite) throw new IllegalArgumentException("--resume and --overwrite exclude each other");
    return threads == null ? fallback : threads;
  }
}
