package org.reluconvex.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.reluconvex.complex.Domain;
import org.reluconvex.convexity.ConvexityChecker;
import org.reluconvex.convexity.VerdictKind;
import org.reluconvex.network.Network;

/**
 * Mini-batch Adam for MLPs and SkipMLPs in three modes (unconstrained, projected ICNN, convexity
 * regularised). Single-threaded and seeded: the initialisation, the validation split and every
 * shuffle derive from {@link TrainingConfig#seed()}, so equal inputs give bit-identical networks.
 *
 * <p>Immutable: the {@code with*} methods return configured copies.
 */
public final class Trainer {
  private final ConstraintSource constraintSource;
  private final ConvexityChecker checker;
  private final Consumer<EpochLog> listener;

  public Trainer() {
    this(null, null, null);
  }

  private Trainer(ConstraintSource s, ConvexityChecker c, Consumer<EpochLog> l) {
    this.constraintSource = s;
    this.checker = c;
    this.listener = l;
  }

  /** The source of regulariser constraints; required for the regularized mode, and logs R in every mode. */
  public Trainer withConstraints(ConstraintSource s) { return new Trainer(s, checker, listener); }

  /** A checker whose verdict on the box is logged after every epoch. */
  public Trainer withChecker(ConvexityChecker c) { return new Trainer(constraintSource, c, listener); }

  /** Called after every epoch with its log line. */
  public Trainer withListener(Consumer<EpochLog> l) { return new Trainer(constraintSource, checker, l); }

  /** Splits data by config.validationFraction() (seeded) and trains from a seeded initialisation. */
  public TrainingResult train(TrainingConfig config, Dataset data) {
    Streams r = new Streams(config.seed());
    Dataset.Split split = config.validationFraction() > 0
        ? data.split(config.validationFraction(), r.split)
        : new Dataset.Split(data, null);
    return run(config, null, split.train(), split.validation(), r);
  }

  /** Trains from a seeded initialisation on the given parts (validation may be null). */
  public TrainingResult train(TrainingConfig config, Dataset train, Dataset validation) {
    return run(config, null, train, validation, new Streams(config.seed()));
  }

  /** Trains from the given initial network (its architecture must match the configuration). */
  public TrainingResult train(TrainingConfig config, Network initial, Dataset train, Dataset validation) {
    return run(config, initial, train, validation, new Streams(config.seed()));
  }

  /** The independent random streams of one run, derived from its seed in a fixed order. */
  private static final class Streams {
    final SplittableRandom init;
    final SplittableRandom split;
    final SplittableRandom shuffle;

    Streams(long seed) {
      SplittableRandom root = new SplittableRandom(seed);
      init = root.split();
      split = root.split();
      shuffle = root.split();
    }
  }

  private TrainingResult run(TrainingConfig config, Network initial, Dataset train, Dataset validation, Streams rnd) {
    long t0 = System.nanoTime();
    int d = train.dim();
    ParameterLayout layout = new ParameterLayout(d, config.hiddenWidths(), config.skip());
    if (validation != null && validation.dim() != d) throw new IllegalArgumentException("validation data have dimension " + validation.dim() + ", training data " + d);
    if (validation != null && validation.size() == 0) validation = null;
    TrainingMode mode = config.mode();
    boolean regularized = mode == TrainingMode.REGULARIZED;
    if (regularized && constraintSource == null)
      throw new IllegalStateException("the regularized mode needs a constraint source");
    if (config.patience() > 0 && validation == null)
      throw new IllegalArgumentException("early stopping needs validation data");
    Domain box = config.box() != null ? config.box() : train.boundingBox();
    if (box.dim() != d) throw new IllegalArgumentException("box has dimension " + box.dim() + ", the data " + d);

    double[] theta;
    if (initial != null) {
      theta = layout.parametersOf(initial);
    } else {
      theta = layout.initial(rnd.init);
    }
    if (mode == TrainingMode.ICNN) layout.projectToIcnn(theta);

    DataTerm dataTerm = new DataTerm(layout, config.loss());
    ConvexityRegularizer regularizer = new ConvexityRegularizer(layout);
    ConvexityRegularizer monitor = new ConvexityRegularizer(layout);
    Adam adam = new Adam(layout.size(), config.learningRate());
    double[] grad = new double[layout.size()];
    int n = train.size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) order[i] = i;

    double dataSec = 0, regSec = 0, constraintSec = 0, logSec = 0;
    int recomputations = 0;
    long step = 0;
    List<EpochLog> log = new ArrayList<>();
    double best = Double.POSITIVE_INFINITY;
    double[] bestTheta = null;
    int sinceBest = 0;

    for (int epoch = 1; epoch <= config.epochs(); epoch++) {
      shuffle(order, rnd.shuffle);
      double lossSum = 0;
      for (int from = 0; from < n; from += config.batchSize()) {
        int to = Math.min(n, from + config.batchSize());
        if (regularized && step % config.regEvery() == 0) {
          long a = System.nanoTime();
          regularizer.setConstraints(constraintSource.collect(layout.network(theta), box));
          constraintSec += seconds(a);
          recomputations++;
        }
        Arrays.fill(grad, 0.0);
        long a = System.nanoTime();
        lossSum += dataTerm.valueAndGradient(theta, train, order, from, to, grad) * (to - from);
        dataSec += seconds(a);
        if (regularized && config.lambda() > 0) {
          a = System.nanoTime();
          regularizer.valueAndGradient(theta, config.lambda(), config.margin(), grad);
          regSec += seconds(a);
        }
        adam.step(theta, grad);
        if (mode == TrainingMode.ICNN) layout.projectToIcnn(theta);
        step++;
      }

      long a = System.nanoTime();
      double valLoss = Double.NaN, valMse = Double.NaN;
      if (validation != null) {
        valLoss = dataTerm.value(theta, validation);
        valMse = config.loss() == Loss.MSE ? valLoss : dataTerm.meanLoss(theta, validation, Loss.MSE);
      }
      double r = Double.NaN, minGain = Double.NaN;
      int count = -1;
      Network current = null;
      if (constraintSource != null) {
        current = layout.network(theta);
        monitor.setConstraints(constraintSource.collect(current, box));
        count = monitor.constraintCount();
        r = monitor.value(theta);
        minGain = count > 0 ? monitor.minGain(theta) : Double.NaN;
      }
      VerdictKind verdict = null;
      if (checker != null) {
        if (current == null) current = layout.network(theta);
        verdict = checker.check(current, box).kind();
      }
      logSec += seconds(a);
      EpochLog line = new EpochLog(epoch, lossSum / n, valLoss, valMse, r, count, minGain, verdict, seconds(t0));
      log.add(line);
      if (listener != null) listener.accept(line);

      if (config.patience() > 0) {
        if (valLoss < best) {
          best = valLoss;
          bestTheta = theta.clone();
          sinceBest = 0;
        } else if (++sinceBest >= config.patience()) {
          break;
        }
      }
    }
    if (bestTheta != null) theta = bestTheta;
    TrainingResult.Timing timing = new TrainingResult.Timing(dataSec, regSec, constraintSec, recomputations, logSec, seconds(t0));
    return new TrainingResult(layout.network(theta), config, log, step, timing);
  }

  private static void shuffle(int[] order, SplittableRandom rnd) {
    for (int i = order.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) * 1e-9;
  }
}
