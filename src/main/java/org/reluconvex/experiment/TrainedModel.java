package org.reluconvex.experiment;

import org.reluconvex.convexity.VerdictKind;
import org.reluconvex.network.Network;
import org.reluconvex.train.TrainingMode;
import org.reluconvex.train.TrainingResult;

/**
 * One trained model of an experiment.
 *
 * @param run 0-based run (or restart) index
 * @param mode how it was trained
 * @param training the trainer's result (network and per-epoch log)
 * @param verdict exact verdict of the final network on the experiment's box
 */
public record TrainedModel(int run, TrainingMode mode, TrainingResult training, VerdictKind verdict) {
  public Network network() { return training.network(); }

  /** Validation MSE of the final network. */
  public double validationMse() { return training.last() == null ? Double.NaN : training.last().validationMse(); }

  /**
   * CPU seconds of the optimisation (data term, regulariser, constraint recomputation; the Adam
   * update and per-epoch evaluation excluded).
   */
  public double seconds() { return training.timing().optimisationSeconds(); }

  /** File stem such as {@code run0_regularized}. */
  public String stem() { return "run" + run + "_" + mode.label(); }
}
