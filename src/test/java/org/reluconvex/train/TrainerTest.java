package org.reluconvex.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.StringWriter;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.reluconvex.network.Domain;
import org.reluconvex.convexity.GainConstraints;
import org.reluconvex.network.Forward;
import org.reluconvex.network.Network;
import org.reluconvex.network.NetworkBuilder;
import org.reluconvex.network.RandomNetworks;

class TrainerTest {
  private static final Domain BOX = Domain.cube(2, -2, 2);

  /** |x1| + |x2| - x1/2 + 1: convex, exactly an MLP of width 4. */
  private static Network convexTarget() {
    return NetworkBuilder.of(2, 4)
        .weights(1, 0, new double[][] {{1, 0}, {-1, 0}, {0, 1}, {0, -1}})
        .weights(2, 1, new double[][] {{0.5, 1.5, 1, 1}})
        .bias(2, new double[] {1})
        .build();
  }

  private static Dataset data(Network target, int n, long seed) {
    return Dataset.sample(target, BOX, n, new SplittableRandom(seed));
  }

  @Test
  void adamDecreasesTheLossOnASmallConvexFit() {
    TrainingConfig config = TrainingConfig.defaults(new int[] {4}, TrainingMode.UNCONSTRAINED)
        .withEpochs(30).withBatchSize(32).withLearningRate(1e-2).withSeed(3);
    TrainingResult r = new Trainer().train(config, data(convexTarget(), 2000, 1));
    List<EpochLog> log = r.epochs();
    assertThat(log).hasSize(30);
    assertThat(log.get(29).validationLoss()).isLessThan(0.1 * log.get(0).validationLoss());
    assertThat(log.get(29).trainLoss()).isLessThan(log.get(0).trainLoss());
    assertThat(r.steps()).isEqualTo(30L * 50);
  }

  @Test
  void sameSeedGivesBitIdenticalNetworks() {
    Dataset d = data(RandomNetworks.skipMlp(2, new int[] {3, 3}, 4), 1500, 2);
    for (TrainingMode mode : TrainingMode.values()) {
      TrainingConfig config = TrainingConfig.defaults(new int[] {3, 4}, mode)
          .withSkip(true).withEpochs(3).withBatchSize(64).withRegEvery(5).withSeed(77).withBox(BOX);
      Trainer trainer = new Trainer().withConstraints(GainConstraints::collect);
      TrainingResult a = trainer.train(config, d);
      TrainingResult b = trainer.train(config, d);
      assertThat(a.network()).as(mode.label()).isEqualTo(b.network());
      assertThat(a.epochs().get(2).validationLoss()).isEqualTo(b.epochs().get(2).validationLoss());
      TrainingResult c = trainer.train(config.withSeed(78), d);
      assertThat(c.network()).as(mode.label()).isNotEqualTo(a.network());
    }
  }

  @Test
  void icnnModeYieldsAnIcnn() {
    for (boolean skip : new boolean[] {false, true}) {
      TrainingConfig config = TrainingConfig.defaults(new int[] {4, 8}, TrainingMode.ICNN)
          .withSkip(skip).withEpochs(3).withBatchSize(64).withSeed(5);
      Network init = RandomNetworks.draw(2, new int[] {4, 8}, skip, false, new SplittableRandom(1));
      assertThat(init.isIcnn()).isFalse();
      Dataset d = data(RandomNetworks.mlp(2, new int[] {4, 8}, 6), 1000, 3);
      TrainingResult r = new Trainer().train(config, init, d, null);
      assertThat(r.network().isIcnn()).isTrue();
      assertThat(r.network().architecture()).isEqualTo(init.architecture());
      // the unconstrained run from the same start keeps negative weights
      assertThat(new Trainer().train(config.withMode(TrainingMode.UNCONSTRAINED), init, d, null).network().isIcnn()).isFalse();
    }
  }

  /** |x2| - |x1|/2: not convex, so the data term pulls towards negative gains. */
  private static Network saddleTarget() {
    return NetworkBuilder.of(2, 4)
        .weights(1, 0, new double[][] {{1, 0}, {-1, 0}, {0, 1}, {0, -1}})
        .weights(2, 1, new double[][] {{-0.5, -0.5, 1, 1}})
        .build();
  }

  @Test
  void regularizedTrainingDrivesTheRegulariserToZero() {
    Network init = RandomNetworks.mlp(2, new int[] {4, 4}, 12);
    ConstraintSource source = GainConstraints::collect;
    TrainingConfig config = TrainingConfig.defaults(new int[] {4, 4}, TrainingMode.REGULARIZED)
        .withLambda(1.0).withEpochs(12).withBatchSize(64).withLearningRate(5e-3).withRegEvery(10).withSeed(8).withBox(BOX);
    Dataset d = data(saddleTarget(), 2000, 4);
    Trainer trainer = new Trainer().withConstraints(source);
    TrainingResult plain = trainer.train(config.withMode(TrainingMode.UNCONSTRAINED), init, d, null);
    TrainingResult r = trainer.train(config, init, d, null);
    assertThat(plain.last().regularizer()).isGreaterThan(0.1);
    assertThat(r.last().regularizer()).isLessThan(1e-3);
    assertThat(r.last().constraints()).isPositive();
    assertThat(r.timing().constraintRecomputations()).isEqualTo((int) ((r.steps() + 9) / 10));
  }

  @Test
  void earlyStoppingRestoresTheBestValidationNetwork() {
    TrainingConfig config = TrainingConfig.defaults(new int[] {4}, TrainingMode.UNCONSTRAINED)
        .withEpochs(200).withBatchSize(16).withLearningRate(5e-2).withPatience(2).withSeed(1);
    Dataset.Split split = data(convexTarget(), 400, 9).split(0.25, new SplittableRandom(2));
    TrainingResult r = new Trainer().train(config, split.train(), split.validation());
    List<EpochLog> log = r.epochs();
    assertThat(log.size()).isLessThan(200);
    double best = log.stream().mapToDouble(EpochLog::validationLoss).min().orElseThrow();
    // the run stopped because the last epochs did not improve: the last parameters are worse
    assertThat(log.get(log.size() - 1).validationLoss()).isGreaterThan(best);
    // the returned network is the best epoch's, not the last one's: its validation MSE, recomputed
    // here by forward passes, is the best logged value
    Forward f = new Forward(r.network());
    double sum = 0;
    for (int s = 0; s < split.validation().size(); s++) {
      double e = f.output(split.validation().input(s)) - split.validation().target(s);
      sum += e * e;
    }
    assertThat(sum / split.validation().size()).isCloseTo(best, within(1e-12 * best));
  }

  @Test
  void regularizedModeNeedsAConstraintSource() {
    TrainingConfig config = TrainingConfig.defaults(new int[] {2}, TrainingMode.REGULARIZED);
    assertThatThrownBy(() -> new Trainer().train(config, data(convexTarget(), 100, 1)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void epochLogCsvHasOneRowPerEpoch() throws Exception {
    TrainingConfig config = TrainingConfig.defaults(new int[] {2}, TrainingMode.UNCONSTRAINED).withEpochs(2);
    TrainingResult r = new Trainer().withConstraints(GainConstraints::collect).train(config, data(convexTarget(), 200, 1));
    StringWriter w = new StringWriter();
    EpochLogCsv.write(r.epochs(), w);
    String[] lines = w.toString().split("\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[0]).isEqualTo(EpochLogCsv.HEADER);
    assertThat(lines[1].split(",", -1)).hasSize(EpochLogCsv.HEADER.split(",").length);
    assertThat(lines[2]).startsWith("2,");
  }
}
