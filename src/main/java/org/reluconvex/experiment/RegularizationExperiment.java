package org.reluconvex.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.reluconvex.complex.Domain;
import org.reluconvex.convexity.ConvexityChecker;
import org.reluconvex.network.Network;
import org.reluconvex.network.RandomNetworks;
import org.reluconvex.train.ConstraintSource;
import org.reluconvex.train.Dataset;
import org.reluconvex.train.Loss;
import org.reluconvex.train.Trainer;
import org.reluconvex.train.TrainingConfig;
import org.reluconvex.train.TrainingMode;
import org.reluconvex.train.TrainingResult;

/**
 * The follow-up experiment of MATH.md section 7: a random convex target that is not an ICNN, fitted
 * by models of the same widths from one initialisation per run, trained unconstrained, as a
 * projected ICNN, and with the convexity regulariser; validation error and exact final verdicts.
 */
public final class RegularizationExperiment {
  private final ConvexityChecker checker;
  private final ConstraintSource constraints;

  public RegularizationExperiment(ConvexityChecker checker, ConstraintSource constraints) {
    this.checker = checker;
    this.constraints = constraints;
  }

  /**
   * @param widths hidden widths of target and models
   * @param skip SkipMLPs instead of plain MLPs
   * @param samples points sampled uniformly in the box per run (train + validation)
   */
  public record Settings(
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
      long seed) {
    public Settings {
      widths = widths.clone();
      if (runs < 1) throw new IllegalArgumentException("runs must be positive");
      if (samples < 10) throw new IllegalArgumentException("need at least 10 samples");
      if (!box.isBox()) throw new IllegalArgumentException("the experiment needs a bounded box");
    }

    /** Widths (4, 8), MLPs, [-10, 10]^2, 50000 samples, 20 epochs, batch 256, lr 1e-3, lambda 0.1, margin 0, 5 runs. */
    public static Settings defaults() {
      return new Settings(new int[] {4, 8}, false, Domain.cube(2, -10, 10), 50_000, 20, 256, 1e-3, 0.1, 0.0,
          TrainingConfig.DEFAULT_REG_EVERY, 0.2, 5, 1);
    }

    @Override
    public int[] widths() { return widths.clone(); }

    public TrainingConfig trainingConfig(TrainingMode mode, long runSeed) {
      return new TrainingConfig(widths, skip, mode, Loss.MSE, lambda, margin, epochs, batchSize, learningRate, regEvery,
          validationFraction, runSeed, 0, box);
    }
  }

  /** The target (with how it was drawn) and every trained model. */
  public record Result(Settings settings, ConvexTargets.Draw target, List<TrainedModel> models) {
    public Result {
      models = List.copyOf(models);
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
    int d = s.box().dim();
    ConvexTargets.Draw target = ConvexTargets.convexNonIcnn(d, s.widths(), s.skip(), s.box(), checker, root.split(), 10_000);
    progress.accept(describe(target, s.box()));
    Trainer trainer = new Trainer().withConstraints(constraints);
    List<TrainedModel> models = new ArrayList<>();
    for (int run = 0; run < s.runs(); run++) {
      SplittableRandom r = root.split();
      Dataset data = Dataset.sample(target.network(), s.box(), s.samples(), r.split());
      Dataset.Split split = data.split(s.validationFraction(), r.split());
      Network init = RandomNetworks.draw(d, s.widths(), s.skip(), false, r.split());
      long runSeed = r.nextLong();
      for (TrainingMode mode : TrainingMode.values()) {
        TrainingResult t = trainer.train(s.trainingConfig(mode, runSeed), init, split.train(), split.validation());
        TrainedModel m = new TrainedModel(run, mode, t, checker.check(t.network(), s.box()).kind());
        models.add(m);
        progress.accept(String.format(java.util.Locale.ROOT, "run %d %-13s val_mse %.4g  %s  %.1f s",
            run, mode.label(), m.validationMse(), m.verdict().label(), m.seconds()));
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
