package org.reluconvex.train;


/**
 * One line of the training log.
 *
 * @param epoch 1-based
 * @param trainLoss mean data loss over the epoch's mini-batches, weighted by their sizes (parameters moving during the epoch)
 * @param validationLoss data loss on the validation set at the end of the epoch (NaN without one)
 * @param validationMse mean squared error on the validation set at the end of the epoch (NaN without one)
 * @param regularizer R at the end of the epoch, on constraints recomputed for the final parameters
 *     (NaN when no constraint source is available)
 * @param constraints number of those constraints (-1 when not computed)
 * @param minGain smallest gain over them (NaN when not computed or none)
 * @param verdict exact answer at the end of the epoch, or null when no checker was supplied
 * @param seconds wall time since the start of training
 */
public record EpochLog(
    int epoch,
    double trainLoss,
    double validationLoss,
    double validationMse,
    double regularizer,
    int constraints,
    double minGain,
    Certificate verdict,
    double seconds) {}
