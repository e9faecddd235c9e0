package org.reluconvex.train;

import java.util.Arrays;
import org.reluconvex.network.Domain;

/**
 * Everything that determines a training run. Two runs with equal configurations, data and
 * initialisation give bit-identical networks.
 *
 * @param hiddenWidths widths (n_1, ..., n_k) of the model
 * @param skip SkipMLP (input skips into every later layer) instead of a plain MLP
 * @param mode unconstrained, icnn (projected) or regularized
 * @param loss per-sample data loss
 * @param lambda weight of the regulariser (regularized mode)
 * @param margin the regularized mode penalises max(0, margin - g) instead of max(0, -g): with a
 *     small margin the gains end strictly positive instead of hovering just below zero (0 is the
 *     regulariser R of docs/math.md section 7; the logged R always uses 0)
 * @param epochs passes over the training data
 * @param batchSize mini-batch size
 * @param learningRate Adam step size
 * @param regEvery the constraint list is recomputed every regEvery optimisation steps
 * @param validationFraction share of the data held out for validation (when the trainer splits)
 * @param seed every random draw of the run (initialisation, split, shuffling) derives from it
 * @param patience early stopping: stop after this many epochs without a better validation loss
 *     and restore the best parameters; 0 disables it
 * @param box where the constraints (and the verdict) are computed; null: bounding box of the data
 * @param beta1 Adam's first-moment decay (0.9 by default; the authors' protocol uses 0.7)
 * @param beta2 Adam's second-moment decay (0.999 by default; the authors' protocol uses 0.9)
 * @param certification regularized mode: the final phase that ends with an exactly convex network or
 *     says it could not ({@link Certification#OFF}: none)
 */
public record TrainingConfig(
    int[] hiddenWidths,
    boolean skip,
    TrainingMode mode,
    Loss loss,
    double lambda,
    double margin,
    int epochs,
    int batchSize,
    double learningRate,
    int regEvery,
    double validationFraction,
    long seed,
    int patience,
    Domain box,
    double beta1,
    double beta2,
    Certification certification) {

  /**
   * Default period K of constraint recomputation, chosen so that the regulariser costs at most about
   * as much as the data term. Measured for widths (4, 8) on [-10, 10]^2, batch 256, on 2 cores
   * shared with other jobs: the data term costs 0.43 us of CPU per sample (0.11 ms per step), one
   * exact constraint collection 0.16-0.4 ms of CPU on a fresh draw and up to about 1.9 ms (wall) on
   * trained networks, the regulariser gradient under 5% of the data term. The ratio (regulariser +
   * collections) / data term was 0.93 at K = 1 and 0.24-0.30 at K = 10 in the regularization
   * experiment, and 0.33 (experiment) to 0.95 (200000 samples of a random non-convex (4, 8) target,
   * 25 epochs) at K = 5. Smaller K keeps the frozen patterns fresher: with stale ones, small
   * negative gains slip through.
   */
  public static final int DEFAULT_REG_EVERY = 5;

  public TrainingConfig {
    hiddenWidths = hiddenWidths.clone();
    if (hiddenWidths.length < 1) throw new IllegalArgumentException("need at least one hidden layer");
    for (int w : hiddenWidths) if (w < 1) throw new IllegalArgumentException("hidden widths must be positive");
    if (mode == null || loss == null) throw new IllegalArgumentException("mode and loss are required");
    if (!(lambda >= 0) || Double.isInfinite(lambda)) throw new IllegalArgumentException("lambda must be a finite number >= 0");
    if (!(margin >= 0) || Double.isInfinite(margin)) throw new IllegalArgumentException("margin must be a finite number >= 0");
    if (epochs < 0) throw new IllegalArgumentException("epochs must be >= 0");
    if (batchSize < 1) throw new IllegalArgumentException("batch size must be positive");
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) throw new IllegalArgumentException("learning rate must be positive");
    if (regEvery < 1) throw new IllegalArgumentException("reg-every must be positive");
    if (!(validationFraction >= 0 && validationFraction < 1)) throw new IllegalArgumentException("validation fraction must be in [0, 1)");
    if (patience < 0) throw new IllegalArgumentException("patience must be >= 0");
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("Adam's betas must be in [0, 1)");
    if (certification == null) certification = Certification.OFF;
  }

  /** Adam's usual betas (0.9, 0.999) and no certification phase. */
  public TrainingConfig(int[] hiddenWidths, boolean skip, TrainingMode mode, Loss loss, double lambda, double margin, int epochs,
      int batchSize, double learningRate, int regEvery, double validationFraction, long seed, int patience, Domain box) {
    this(hiddenWidths, skip, mode, loss, lambda, margin, epochs, batchSize, learningRate, regEvery, validationFraction, seed, patience,
        box, 0.9, 0.999, Certification.OFF);
  }

  /**
   * The protocol of the paper's authors for the regularized mode: L1 loss, constraints recomputed
   * every step, lambda 0.1, Adam with betas (0.7, 0.9); the rest of this configuration is kept.
   */
  public TrainingConfig withAuthorsProtocol() {
    return withLoss(Loss.L1).withRegEvery(1).withLambda(0.1).withBeta1(0.7).withBeta2(0.9);
  }

  /** Defaults: MSE, lambda 0.1, 25 epochs, batch 256, lr 1e-3, 20% validation, no early stopping. */
  public static TrainingConfig defaults(int[] hiddenWidths, TrainingMode mode) {
    return new TrainingConfig(hiddenWidths, false, mode, Loss.MSE, 0.1, 0.0, 25, 256, 1e-3, DEFAULT_REG_EVERY, 0.2, 0, 0, null,
        0.9, 0.999, Certification.OFF);
  }

  @Override
  public int[] hiddenWidths() { return hiddenWidths.clone(); }

  public TrainingConfig withSkip(boolean v) { return new TrainingConfig(hiddenWidths, v, mode, loss, lambda, margin, epochs, batchSize, learningRate, regEvery, validationFraction, seed, patience, box, beta1, beta2, certification); }

  public TrainingConfig withMode(TrainingMode v) { return new TrainingConfig(hiddenWidths, skip, v, loss, lambda, margin, epochs, batchSize, learningRate, regEvery, validationFraction, seed, patience, box, beta1, beta2, certification); }

  public TrainingConfig withLoss(Loss v) { return new TrainingConfig(hiddenWidths, skip, mode, v, lambda, margin, epochs, batchSize, learningRate, regEvery, validationFraction, seed, patience, box, beta1, beta2, certification); }

  public TrainingConfig withLambda(double v) { return new TrainingConfig(hiddenWidths, skip, mode, loss, v, margin, epochs, batchSize, learningRate, regEvery, validationFraction, seed, patience, box, beta1, beta2, certification); }

  public TrainingConfig withMargin(double v) { return new TrainingConfig(hiddenWidths, skip, mode, loss, lambda, v, epochs, batchSize, learningRate, regEvery, validationFraction, seed, patience, box, beta1, beta2, certification); }

  public TrainingConfig withEpochs(int v) { return new TrainingConfig(hiddenWidths, skip, mode, loss, lambda, margin, v, batchSize, learningRate, regEvery, validationFraction, seed, patience, box, beta1, beta2, certification); }

  public TrainingConfig withBatchSize(int v) { return new TrainingConfig(hiddenWidths, skip, mode, loss, lambda, margin, epochs, v, learningRate, regEvery, validationFraction, seed, patience, box, beta1, beta2, certification); }

  public TrainingConfig withLearningRate(double v) { return new TrainingConfig(hiddenWidths, skip, mode, loss, lambda, margin, epochs, batchSize, v, regEvery, validationFraction, seed, patience, box, beta1, beta2, certification); }

  public TrainingConfig withRegEvery(int v) { return new TrainingConfig(hiddenWidths, skip, mode, loss, lambda, margin, epochs, batchSize, learningRate, v, validationFraction, seed, patience, box, beta1, beta2, certification); }

  public TrainingConfig withValidationFraction(double v) { return new TrainingConfig(hiddenWidths, skip, mode, loss, lambda, margin, epochs, batchSize, learningRate, regEvery, v, seed, patience, box, beta1, beta2, certification); }

  public TrainingConfig withSeed(long v) { return new TrainingConfig(hiddenWidths, skip, mode, loss, lambda, margin, epochs, batchSize, learningRate, regEvery, validationFraction, v, patience, box, beta1, beta2, certification); }

  public TrainingConfig withPatience(int v) { return new TrainingConfig(hiddenWidths, skip, mode, loss, lambda, margin, epochs, batchSize, learningRate, regEvery, validationFraction, seed, v, box, beta1, beta2, certification); }

  public TrainingConfig withBox(Domain v) { return new TrainingConfig(hiddenWidths, skip, mode, loss, lambda, margin, epochs, batchSize, learningRate, regEvery, validationFraction, seed, patience, v, beta1, beta2, certification); }

  public TrainingConfig withBeta1(double v) { return new TrainingConfig(hiddenWidths, skip, mode, loss, lambda, margin, epochs, batchSize, learningRate, regEvery, validationFraction, seed, patience, box, v, beta2, certification); }

  public TrainingConfig withBeta2(double v) { return new TrainingConfig(hiddenWidths, skip, mode, loss, lambda, margin, epochs, batchSize, learningRate, regEvery, validationFraction, seed, patience, box, beta1, v, certification); }

  public TrainingConfig withCertification(Certification v) { return new TrainingConfig(hiddenWidths, skip, mode, loss, lambda, margin, epochs, batchSize, learningRate, regEvery, validationFraction, seed, patience, box, beta1, beta2, v); }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof TrainingConfig)) return false;
    TrainingConfig c = (TrainingConfig) o;
    return Arrays.equals(hiddenWidths, c.hiddenWidths) && skip == c.skip && mode == c.mode && loss == c.loss
        && Double.compare(lambda, c.lambda) == 0 && Double.compare(margin, c.margin) == 0 && epochs == c.epochs && batchSize == c.batchSize
        && Double.compare(learningRate, c.learningRate) == 0 && regEvery == c.regEvery
        && Double.compare(validationFraction, c.validationFraction) == 0 && seed == c.seed
        && patience == c.patience && java.util.Objects.equals(box, c.box)
        && Double.compare(beta1, c.beta1) == 0 && Double.compare(beta2, c.beta2) == 0 && certification.equals(c.certification);
  }

  @Override
  public int hashCode() { return Arrays.hashCode(hiddenWidths) * 31 + mode.hashCode() + Long.hashCode(seed); }

  @Override
  public String toString() {
    return "TrainingConfig[widths=" + Arrays.toString(hiddenWidths) + ", skip=" + skip + ", mode=" + mode.label()
        + ", loss=" + loss.label() + ", lambda=" + lambda + ", margin=" + margin + ", epochs=" + epochs + ", batch=" + batchSize
        + ", lr=" + learningRate + ", regEvery=" + regEvery + ", validation=" + validationFraction
        + ", seed=" + seed + ", patience=" + patience + ", box=" + box + ", betas=(" + beta1 + ", " + beta2 + ")"
        + ", certification=" + certification + "]";
  }
}
