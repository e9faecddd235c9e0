package org.reluconvex.cli;

import org.reluconvex.train.TrainingConfig;
import picocli.CommandLine.Option;

/** The convexity regulariser's options, shared by train and the training experiments. */
final class RegularizerOptions {
  @Option(names = "--lambda", description = "Weight of the regulariser (default ${DEFAULT-VALUE}).", defaultValue = "0.1")
  double lambda;

  @Option(names = "--margin", description = "Regularized mode: penalise max(0, margin - gain) so that gains end >= margin (default ${DEFAULT-VALUE}: the regulariser R).", defaultValue = "0")
  double margin;

  @Option(names = "--reg-every", paramLabel = "K", description = "Recompute the constraints every K steps (default ${DEFAULT-VALUE}).",
      defaultValue = "" + TrainingConfig.DEFAULT_REG_EVERY)
  int regEvery;
}
