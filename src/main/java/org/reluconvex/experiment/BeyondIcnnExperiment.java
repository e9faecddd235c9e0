package org.reluconvex.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.reluconvex.network.Domain;
import org.reluconvex.convexity.ConvexityChecker;
import org.reluconvex.network.Examples;
import org.reluconvex.network.Network;
import org.reluconvex.network.NetworkBuilder;
import org.reluconvex.network.RandomNetworks;
import org.reluconvex.train.ConstraintSource;
import org.reluconvex.train.Dataset;
import org.reluconvex.train.Loss;
import org.reluconvex.train.Trainer;
import org.reluconvex.train.TrainingConfig;
import org.reluconvex.train.TrainingMode;
import org.reluconvex.train.TrainingResult;

/**
 * docs/math.md section 6 and docs/beyond-icnn.md: fit f_EX ({@link Examples#beyondIcnn()}), a convex
 * SkipMLP_2((2, 2)) that no ICNN of that architecture equals on any neighbourhood of the origin, on
 * [-2, 2]^2 with SkipMLP_2((2, 2)) from many restarts: unconstrained (the architecture can represent
 * it), as a projected ICNN (it cannot) and with the convexity regulariser, and compare the best and
 * median validation errors.
 */
public final class BeyondIcnnExperiment {
  private static final int[] WIDTHS = {2, 2};

  private final ConvexityChecker checker;
  private final ConstraintSource constraints;

  public BeyondIcnnExperiment(ConvexityChecker checker, ConstraintSource constraints) {
    this.checker = checker;
    this.constraints = constraints;
  }

  public record Settings(
      int restarts,
      int samples,
      int epochs,
      int batchSize,
      double learningRate,
      double lambda,
      double margin,
      int regEvery,
      double validationFraction,
      List<TrainingMode> modes,
      long seed,
      double perturbation) {
    public Settings {
      modes = List.copyOf(modes);
      if (restarts < 1) throw new IllegalArgumentException("restarts must be positive");
      if (!(perturbation >= 0)) throw new IllegalArgumentException("perturbation must be at least 0, got " + perturbation);
    }

    /** The same settings with a PyTorch-style random initialisation (perturbation 0). */
    public Settings(int restarts, int samples, int epochs, int batchSize, double learningRate, double lambda, double margin,
        int regEvery, double validationFraction, List<TrainingMode> modes, long seed) {
      this(restarts, samples, epochs, batchSize, learningRate, lambda, margin, regEvery, validationFraction, modes, seed, 0);
    }

    /** 20 restarts, 20000 samples, 40 epochs, batch 128, lr 1e-2, lambda 0.1, all three modes, random starts. */
    public static Settings defaults() {
      return new Settings(20, 20_000, 40, 128, 1e-2, 0.1, 0.0, TrainingConfig.DEFAULT_REG_EVERY, 0.2,
          List.of(TrainingMode.UNCONSTRAINED, TrainingMode.ICNN, TrainingMode.REGULARIZED), 1, 0);
    }

    TrainingConfig trainingConfig(TrainingMode mode, long runSeed) {
      return new TrainingConfig(WIDTHS, true, mode, Loss.MSE, lambda, margin, epochs, batchSize, learningRate, regEvery,
          validationFraction, runSeed, 0, box());
    }
  }

  /** The box [-2, 2]^2. */
  public static Domain box() { return Domain.cube(2, -2, 2); }

  public record Result(Settings settings, Network target, List<TrainedModel> models) {
    public Result {
      models = List.copyOf(models);
    }

    /** The model of the given mode with the smallest validation MSE, or null. */
    public TrainedModel best(TrainingMode mode) {
      TrainedModel best = null;
      for (TrainedModel m : models)
        if (m.mode() == mode && (best == null || m.validationMse() < best.validationMse())) best = m;
      return best;
    }

    public List<ModeSummary> summary() {
      List<ModeSummary> out = new ArrayList<>();
      for (TrainingMode m : settings.modes()) out.add(ModeSummary.of(m, models));
      return out;
    }
  }

  /** The network with every weight and bias moved by an independent U(-eps, eps) draw. */
  static Network perturbed(Network net, double eps, SplittableRandom rnd) {
    NetworkBuilder b = net.toBuilder();
    for (int l = 1; l <= net.outputLayer(); l++) {
      for (int m = 0; m < l; m++) {
        if (!net.hasBlock(l, m)) continue;
        double[] w = b.block(l, m);
        for (int k = 0; k < w.length; k++) w[k] += eps * (2 * rnd.nextDouble() - 1);
      }
      double[] bias = b.bias(l);
      for (int i = 0; i < bias.length; i++) bias[i] += eps * (2 * rnd.nextDouble() - 1);
    }
    return b.build();
  }

  public Result run(Settings s, Consumer<String> progress) {
    Network target = Examples.beyondIcnn();
    SplittableRandom root = new SplittableRandom(s.seed());
    Dataset data = Dataset.sample(target, box(), s.samples(), root.split());
    Dataset.Split split = data.split(s.validationFraction(), root.split());
    Trainer trainer = new Trainer().withConstraints(constraints);
    List<TrainedModel> models = new ArrayList<>();
    for (int restart = 0; restart < s.restarts(); restart++) {
      SplittableRandom r = root.split();
      Network init = s.perturbation() == 0 ? RandomNetworks.draw(2, WIDTHS, true, false, r.split())
          : perturbed(target, s.perturbation(), r.split());
      long runSeed = r.nextLong();
      for (TrainingMode mode : s.modes()) {
        TrainingResult t = trainer.train(s.trainingConfig(mode, runSeed), init, split.train(), split.validation());
        TrainedModel m = new TrainedModel(restart, mode, t, checker.check(t.network(), box()).kind());
        models.add(m);
        progress.accept(String.format(java.util.Locale.ROOT, "restart %d %-13s val_mse %.4g  %s",
            restart, mode.label(), m.validationMse(), m.verdict().label()));
      }
    }
    return new Result(s, target, models);
  }
}
