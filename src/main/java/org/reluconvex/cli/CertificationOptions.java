package org.reluconvex.cli;

import java.util.Arrays;
import java.util.Locale;
import org.reluconvex.train.Certification;
import org.reluconvex.train.CertificationResult;
import org.reluconvex.train.CertificationRound;
import picocli.CommandLine.Option;

/** The certification phase's options (regularized mode), shared by train and the training experiments. */
final class CertificationOptions {
  private static final Certification STANDARD = Certification.STANDARD;

  @Option(names = "--certify", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Regularized mode: end with a final phase that stops when the exact check says convex, or says it could not (default on; --no-certify: off).")
  boolean certify;

  @Option(names = "--certify-strategy", paramLabel = "S",
      description = "continue: keep fitting the data with lambda doubled every round (step size halved when R rises), then a repair if needed; project: descend R alone (default ${DEFAULT-VALUE}).",
      defaultValue = "continue")
  String strategy;

  @Option(names = "--certify-rounds", paramLabel = "N", description = "At most N rounds (default ${DEFAULT-VALUE}).",
      defaultValue = "" + 20)
  int rounds;


  @Option(names = "--certify-steps", paramLabel = "N", description = "Steps per round, constraints recomputed every step (default ${DEFAULT-VALUE}).",
      defaultValue = "" + 50)
  int stepsPerRound;

  @Option(names = "--certify-margin", paramLabel = "DELTA", description = "Steps penalise max(0, DELTA - gain) (default ${DEFAULT-VALUE}).",
      defaultValue = "1e-3")
  double margin;

  @Option(names = "--certify-polish", paramLabel = "N",
      description = "After the rounds, up to N more steps, each block of 10 kept only if still convex (default ${DEFAULT-VALUE}; 0: none).",
      defaultValue = "" + 200)
  int polish;

  /** The policy these options describe ({@link Certification#OFF} with --no-certify). */
  Certification policy() {
    if (!certify) return Certification.OFF;
    return new Certification(Certification.Strategy.parse(strategy), rounds, stepsPerRound, STANDARD.growth(), margin, STANDARD.decay(), polish);
  }

  /** One line per round, for the progress log. */
  static String describe(CertificationRound r) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "certify round %d: %s", r.round(), r.verdict().label()));
    if (!Double.isNaN(r.regularizer()))
      sb.append(String.format(Locale.ROOT, "  R %.3g (%d constraints, min gain %.3g)", r.regularizer(), r.constraints(), r.minGain()));
    if (!Double.isNaN(r.validationMse())) sb.append(String.format(Locale.ROOT, "  val_mse %.5g", r.validationMse()));
    if (r.zeroed() >= 0) sb.append(String.format(Locale.ROOT, "  -> repair: weight #%d set to 0", r.zeroed()));
    if (r.steps() > 0)
      sb.append(Double.isNaN(r.lambda()) ? String.format(Locale.ROOT, "  -> %d steps on R", r.steps())
          : String.format(Locale.ROOT, "  -> %d steps at lambda %.3g", r.steps(), r.lambda()));
    return sb.toString();
  }

  /** The outcome, in a few lines: the verdict, its witness when not convex, and the accuracy cost. */
  static String summary(CertificationResult c) {
    StringBuilder sb = new StringBuilder();
    int rounds = c.rounds().size() - 1;
    if (c.certified() && rounds == 0)
      sb.append(String.format(Locale.ROOT, "certification (%s): %s as trained, no step needed", c.policy(), c.verdict().label()));
    else if (c.certified())
      sb.append(String.format(Locale.ROOT, "certification (%s): %s after %d round%s, %d step%s%s", c.policy(), c.verdict().label(), rounds,
          rounds == 1 ? "" : "s", c.steps(), c.steps() == 1 ? "" : "s", c.zeroedWeights() == 0 ? "" : ", " + c.zeroedWeights() + " weights zeroed by the repair"));
    else
      sb.append(String.format(Locale.ROOT, "certification (%s): could not certify: %s after %d rounds, %d steps", c.policy(),
          c.verdict().label(), rounds, c.steps()));
    if (c.polishSteps() > 0) sb.append(String.format(Locale.ROOT, ", %d polishing steps kept", c.polishSteps()));
    if (!Double.isNaN(c.validationMseBefore()))
      sb.append(String.format(Locale.ROOT, "; validation MSE %.6g -> %.6g (%+.1f%%)", c.validationMseBefore(), c.validationMseAfter(),
          100 * c.accuracyCost() / c.validationMseBefore()));
    sb.append(System.lineSeparator());
    if (c.verdict().witness() != null) sb.append("witness: ").append(c.verdict().witness()).append(System.lineSeparator());
    if (c.verdict().reason() != null && !c.certified()) sb.append("reason: ").append(c.verdict().reason()).append(System.lineSeparator());
    return sb.toString();
  }
}
