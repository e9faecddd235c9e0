package org.reluconvex.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.reluconvex.network.Domain;
import org.reluconvex.convexity.ConvexityChecker;
import org.reluconvex.network.Network;
import org.reluconvex.network.RandomNetworks;
import org.reluconvex.convexity.Checks;
import org.reluconvex.convexity.VerdictKind;
import org.reluconvex.train.Certification;
import org.reluconvex.train.ConstraintSource;
import org.reluconvex.train.Dataset;
import org.reluconvex.train.Loss;
import org.reluconvex.train.Trainer;
import org.reluconvex.train.TrainingConfig;
import org.reluconvex.train.TrainingMode;
import org.reluconvex.train.TrainingResult;

/**
 * The follow-up experiment of docs/math.md section 7: a convex target ({@link TrainingTarget}: the paper's
 * random non-ICNN network, a function beyond the ICNNs of the models' architecture, or smooth and
 * piecewise-affine convex functions) fitted by models of one architecture from one initialisation
 * per run, trained unconstrained, as a projected ICNN, and with the convexity regulariser (ending
 * with the certification phase); validation error and exact final verdicts.
 */
public final class RegularizationExperiment {
  private final ConvexityChecker checker;
  private final ConstraintSource constraints;

  public RegularizationExperiment(ConvexityChecker checker, ConstraintSource constraints) {
    this.checker = checker;
    this.constraints = constraints;
  }

  /**
   * @param target the family of the target
   * @param widths hidden widths of target and models (the beyond-ICNN target fixes its own)
   * @param skip SkipMLPs instead of plain MLPs
   * @param box where the target is sampled and the models checked (null: the target's own box)
   * @param samples points sampled uniformly in the box per run (train + validation)
   * @param certification the regularized runs' final phase
   * @param authorsProtocol every mode trained by {@link TrainingConfig#withAuthorsProtocol()}
   */
  public record Settings(
      TrainingTarget.Kind target,
      int[] widths,
      boolean skip,
      Domain box,
      int samples,
      int epochs,
      int batchSize,
      double learningRate,
      double lambda,
      double margin,
      int regEvery,
      double validationFraction,
      int runs,
      long seed,
      Certification certification,
      boolean authorsProtocol) {
    public Settings {
      widths = widths.clone();
      if (runs < 1) throw new IllegalArgumentException("runs must be positive");
      if (samples < 10) throw new IllegalArgumentException("need at least 10 samples");
      if (box != null && !box.isBox()) throw new IllegalArgumentException("the experiment needs a bounded box");
      if (target == null) target = TrainingTarget.Kind.PAPER;
      if (certification == null) certification = Certification.OFF;
    }

    /** The paper's target, with the standard certification phase and this project's protocol. */
    public Settings(int[] widths, boolean skip, Domain box, int samples, int epochs, int batchSize, double learningRate, double lambda,
        double margin, int regEvery, double validationFraction, int runs, long seed) {
      this(TrainingTarget.Kind.PAPER, widths, skip, box, samples, epochs, batchSize, learningRate, lambda, margin, regEvery,
          validationFraction, runs, seed, Certification.STANDARD, false);
    }

    /**
     * The paper's target, widths (4, 8), MLPs, [-10, 10]^2, 50000 samples, 20 epochs, batch 256, lr
     * 1e-3, lambda 0.1, margin 0, 5 runs, the standard certification phase.
     */
    public static Settings defaults() {
      return new Settings(new int[] {4, 8}, false, Domain.cube(2, -10, 10), 50_000, 20, 256, 1e-3, 0.1, 0.0,
          TrainingConfig.DEFAULT_REG_EVERY, 0.2, 5, 1);
    }

    public Settings withTarget(TrainingTarget.Kind v) {
      return new Settings(v, widths, skip, box, samples, epochs, batchSize, learningRate, lambda, margin, regEvery, validationFraction,
          runs, seed, certification, authorsProtocol);
    }

    @Override
    public int[] widths() { return widths.clone(); }

    /** The configuration of one model fitting the target. */
    public TrainingConfig trainingConfig(TrainingTarget t, TrainingMode mode, long runSeed) {
      TrainingConfig c = new TrainingConfig(t.widths(), t.skip(), mode, Loss.MSE, lambda, margin, epochs, batchSize, learningRate, regEvery,
          validationFraction, runSeed, 0, t.box()).withCertification(certification);
      return authorsProtocol ? c.withAuthorsProtocol() : c;
    }
  }

  /** The target (with how it was drawn) and every trained model. */
  public record Result(Settings settings, TrainingTarget target, List<TrainedModel> models) {
    public Result {
      models = List.copyOf(models);
    }

    /** "the cell enumeration agrees on N of M models", or null when it was not run. */
    public String confirmation() {
      long run = models.stream().filter(m -> m.secondVerdict() != null).count();
      if (run == 0) return null;
      long agree = models.stream().filter(m -> m.secondVerdict() != null && m.secondVerdict() == m.verdict()).count();
      return "a second exact method (the cell enumeration) agrees on " + agree + " of " + run + " final verdicts";
    }

    public List<ModeSummary> summary() {
      List<ModeSummary> out = new ArrayList<>();
      for (TrainingMode m : TrainingMode.values()) out.add(ModeSummary.of(m, models));
      return out;
    }
  }

  /** Runs the experiment; progress messages (one per model) go to the consumer. */
  public Result run(Settings s, Consumer<String> progress) {
    SplittableRandom root = new SplittableRandom(s.seed());
    TrainingTarget target = TrainingTarget.draw(s.target(), s.box(), s.widths(), s.skip(), checker, root.split());
    Domain box = target.box();
    int d = box.dim();
    progress.accept(target.description());
    Trainer trainer = new Trainer().withConstraints(constraints).withChecker(checker);
    List<TrainedModel> models = new ArrayList<>();
    for (int run = 0; run < s.runs(); run++) {
      SplittableRandom r = root.split();
      Dataset data = Dataset.sample(target.function(), d, box, s.samples(), r.split());
      Dataset.Split split = data.split(s.validationFraction(), r.split());
      Network init = RandomNetworks.draw(d, target.widths(), target.skip(), false, r.split());
      long runSeed = r.nextLong();
      for (TrainingMode mode : TrainingMode.values()) {
        TrainingResult t = trainer.train(s.trainingConfig(target, mode, runSeed), init, split.train(), split.validation());
        VerdictKind verdict = t.certification() != null ? t.certification().verdict().kind() : checker.check(t.network(), box).kind();
        // the cell enumeration shares no code with the skeleton's criterion: an independent confirmation
        VerdictKind second = d == 2 ? Checks.check(t.network(), box, Checks.Method.CELLS).kind() : null;
        TrainedModel m = new TrainedModel(run, mode, t, verdict, second);
        models.add(m);
        String certified = t.certification() == null ? ""
            : String.format(java.util.Locale.ROOT, "  (as trained %.4g, %d certification steps)", m.validationMseAsTrained(),
                t.certification().steps());
        String confirmed = second == null ? "" : second == verdict ? "  (cells agree)" : "  (cells: " + second.label() + ")";
        progress.accept(String.format(java.util.Locale.ROOT, "run %d %-13s val_mse %.4g  %s%s  %.1f s%s",
            run, mode.label(), m.validationMse(), m.verdict().label(), confirmed, m.seconds(), certified));
      }
    }
    return new Result(s, target, models);
  }

  /** One line about the target. */
  public static String describe(ConvexTargets.Draw target, Domain box) {
    return String.format(java.util.Locale.ROOT,
        "target: %s, convex on %s, not an ICNN (draw %d); clipping its negative hidden weights changes it by %.1f%% of its range",
        target.network().describe(), box, target.attempts(), 100 * target.clipEffect());
  }
}
