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
 * @param secondVerdict the verdict of a second, independent exact method on the same box (the cell
 *     enumeration, in the plane), or null when not computed
 */
public record TrainedModel(int run, TrainingMode mode, TrainingResult training, VerdictKind verdict, VerdictKind secondVerdict) {
  /** Without a second verdict. */
  public TrainedModel(int run, TrainingMode mode, TrainingResult training, VerdictKind verdict) {
    this(run, mode, training, verdict, null);
  }

  public Network network() { return training.network(); }

  /** Validation MSE of the final network (after the certification phase, when there was one). */
  public double validationMse() {
    if (training.certification() != null) return training.certification().validationMseAfter();
    return training.last() == null ? Double.NaN : training.last().validationMse();
  }

  /** Validation MSE of the network as trained, before any certification phase. */
  public double validationMseAsTrained() {
    if (training.certification() != null) return training.certification().validationMseBefore();
    return validationMse();
  }

  /** Optimisation steps of the certification phase (0 when there was none). */
  public long certificationSteps() { return training.certification() == null ? 0 : training.certification().steps(); }

  /**
   * CPU seconds of the optimisation (data term, regulariser, constraint recomputation; the Adam
   * update and per-epoch evaluation excluded).
   */
  public double seconds() { return training.timing().optimisationSeconds(); }

  /** File stem such as {@code run0_regularized}. */
  public String stem() { return "run" + run + "_" + mode.label(); }
}
