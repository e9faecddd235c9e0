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
 * @param timing where the time went (the certification phase included)
 * @param certification what the certification phase did, or null when there was none
 */
public record TrainingResult(Network network, TrainingConfig config, List<EpochLog> epochs, long steps, Timing timing,
    CertificationResult certification) {
  public TrainingResult {
    epochs = List.copyOf(epochs);
  }

  /** A run without certification phase. */
  public TrainingResult(Network network, TrainingConfig config, List<EpochLog> epochs, long steps, Timing timing) {
    this(network, config, epochs, steps, timing, null);
  }

  /** The last log line, or null when no epoch ran. */
  public EpochLog last() { return epochs.isEmpty() ? null : epochs.get(epochs.size() - 1); }

  /**
   * Where the time of a run went. The parts are CPU seconds of the training thread (wall seconds
   * where the JVM cannot measure CPU time), so that their ratios do not depend on the load of the
   * machine; the total is wall time.
   *
   * @param dataSeconds forward/backward passes of the data term
   * @param regularizerSeconds evaluating R and its gradient
   * @param constraintSeconds recomputing the constraint list (the complex)
   * @param constraintRecomputations how many times it was recomputed during the steps
   * @param loggingSeconds end-of-epoch evaluation: validation loss, R, verdict
   * @param totalSeconds the whole run, wall time
   */
  public record Timing(
      double dataSeconds,
      double regularizerSeconds,
      double constraintSeconds,
      int constraintRecomputations,
      double loggingSeconds,
      double totalSeconds) {
    /** CPU time of the optimisation steps: data term, regulariser and constraint recomputation. */
    public double optimisationSeconds() { return dataSeconds + regularizerSeconds + constraintSeconds; }
  }
}
