package org.reluconvex.train;

import java.util.List;
import org.reluconvex.network.Network;

/**
 * The outcome of a run.
 *
 * @param network the trained network (the best-validation one when early stopping is on)
 * @param config the configuration used
 * @param epochs the per-epoch log
 * @param steps optimisation steps taken
 * @param timing where the time went
 */
public record TrainingResult(Network network, TrainingConfig config, List<EpochLog> epochs, long steps, Timing timing) {
  public TrainingResult {
    epochs = List.copyOf(epochs);
  }

  /** The last log line, or null when no epoch ran. */
  public EpochLog last() { return epochs.isEmpty() ? null : epochs.get(epochs.size() - 1); }

  /**
   * Wall-clock seconds spent in each part of the optimisation steps (the per-epoch evaluation and
   * logging is counted separately).
   *
   * @param dataSeconds forward/backward passes of the data term
   * @param regularizerSeconds evaluating R and its gradient
   * @param constraintSeconds recomputing the constraint list (the complex)
   * @param constraintRecomputations how many times it was recomputed during the steps
   * @param loggingSeconds end-of-epoch evaluation: validation loss, R, verdict
   * @param totalSeconds the whole run
   */
  public record Timing(
      double dataSeconds,
      double regularizerSeconds,
      double constraintSeconds,
      int constraintRecomputations,
      double loggingSeconds,
      double totalSeconds) {
    /** Time of the optimisation itself: the run without the end-of-epoch evaluation. */
    public double optimisationSeconds() { return totalSeconds - loggingSeconds; }
  }
}
