package org.reluconvex.train;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
    int d = train.dim();
    ParameterLayout layout = new ParameterLayout(d, config.hiddenWidths(), config.skip());
    if (validation != null && validation.dim() != d)
      throw new IllegalArgumentException("validation data have dimension " + validation.dim() + ", training data " + d);
    if (config.mode() == TrainingMode.REGULARIZED && constraintSource == null)
      throw new IllegalStateException("the regularized mode needs a constraint source");
    Dataset val = validation == null || validation.size() == 0 ? null : validation;
    if (config.patience() > 0 && val == null) throw new IllegalArgumentException("early stopping needs validation data");
    Domain box = config.box() != null ? config.box() : train.boundingBox();
    if (box.dim() != d) throw new IllegalArgumentException("box has dimension " + box.dim() + ", the data " + d);
    double[] theta = initial != null ? layout.parametersOf(initial) : layout.initial(rnd.init);
    return new Run(config, layout, box, theta, train, val, rnd.shuffle).train();
  }

  /** The state of one training run. */
  private final class Run {
    private final TrainingConfig config;
    private final ParameterLayout layout;
    private final Domain box;
    private final double[] theta;
    private final Dataset train;
    private final Dataset validation;
    private final SplittableRandom shuffle;
    private final DataTerm dataTerm;
    private final ConvexityRegularizer regularizer;
    private final ConvexityRegularizer monitor;
    private final Adam adam;
    private final double[] grad;
    private final int[] order;
    private final long start = System.nanoTime();
    private double dataSec, regSec, constraintSec, logSec;
    private int recomputations;
    private long step;

    Run(TrainingConfig config, ParameterLayout layout, Domain box, double[] theta, Dataset train, Dataset validation, SplittableRandom shuffle) {
      this.config = config;
      this.layout = layout;
      this.box = box;
      this.theta = theta;
      this.train = train;
      this.validation = validation;
      this.shuffle = shuffle;
      dataTerm = new DataTerm(layout, config.loss());
      regularizer = new ConvexityRegularizer(layout);
      monitor = new ConvexityRegularizer(layout);
      adam = new Adam(layout.size(), config.learningRate());
      grad = new double[layout.size()];
      order = new int[train.size()];
      for (int i = 0; i < order.length; i++) order[i] = i;
      if (config.mode() == TrainingMode.ICNN) layout.projectToIcnn(theta);
    }

    TrainingResult train() {
      List<EpochLog> log = new ArrayList<>();
      double best = Double.POSITIVE_INFINITY;
      double[] bestTheta = null;
      int sinceBest = 0;
      for (int epoch = 1; epoch <= config.epochs(); epoch++) {
        double trainLoss = epoch();
        EpochLog line = evaluate(epoch, trainLoss);
        log.add(line);
        if (listener != null) listener.accept(line);
        if (config.patience() > 0) {
          if (line.validationLoss() < best) {
            best = line.validationLoss();
            bestTheta = theta.clone();
            sinceBest = 0;
          } else if (++sinceBest >= config.patience()) {
            break;
          }
        }
      }
      double[] result = bestTheta != null ? bestTheta : theta;
      TrainingResult.Timing timing = new TrainingResult.Timing(dataSec, regSec, constraintSec, recomputations, logSec, seconds(start));
      return new TrainingResult(layout.network(result), config, log, step, timing);
    }

    /** One pass over the shuffled training data; returns the size-weighted mean batch loss. */
    private double epoch() {
      Trainer.shuffle(order, shuffle);
      int n = order.length;
      double lossSum = 0;
      for (int from = 0; from < n; from += config.batchSize()) {
        int to = Math.min(n, from + config.batchSize());
        lossSum += step(from, to) * (to - from);
      }
      return lossSum / n;
    }

    /** One Adam step on the batch order[from..to); returns its data loss. */
    private double step(int from, int to) {
      boolean regularized = config.mode() == TrainingMode.REGULARIZED;
      if (regularized && step % config.regEvery() == 0) {
        long a = cpuNanos();
        regularizer.setConstraints(constraintSource.collect(layout.network(theta), box));
        constraintSec += cpuSeconds(a);
        recomputations++;
      }
      Arrays.fill(grad, 0.0);
      long a = cpuNanos();
      double loss = dataTerm.valueAndGradient(theta, train, order, from, to, grad);
      dataSec += cpuSeconds(a);
      if (regularized && config.lambda() > 0) {
        a = cpuNanos();
        regularizer.valueAndGradient(theta, config.lambda(), config.margin(), grad);
        regSec += cpuSeconds(a);
      }
      adam.step(theta, grad);
      if (config.mode() == TrainingMode.ICNN) layout.projectToIcnn(theta);
      step++;
      return loss;
    }

    /** The log line at the end of an epoch: validation losses, R on fresh constraints, verdict. */
    private EpochLog evaluate(int epoch, double trainLoss) {
      long a = cpuNanos();
      double valLoss = Double.NaN, valMse = Double.NaN;
      if (validation != null) {
        valLoss = dataTerm.value(theta, validation);
        valMse = config.loss() == Loss.MSE ? valLoss : dataTerm.meanLoss(theta, validation, Loss.MSE);
      }
      double r = Double.NaN, minGain = Double.NaN;
      int count = -1;
      Network current = layout.network(theta);
      if (constraintSource != null) {
        monitor.setConstraints(constraintSource.collect(current, box));
        count = monitor.constraintCount();
        r = monitor.value(theta);
        minGain = count > 0 ? monitor.minGain(theta) : Double.NaN;
      }
      VerdictKind verdict = checker == null ? null : checker.check(current, box).kind();
      logSec += cpuSeconds(a);
      return new EpochLog(epoch, trainLoss, valLoss, valMse, r, count, minGain, verdict, seconds(start));
    }
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

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final boolean CPU_TIME = THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();

  /**
   * CPU time of this thread (wall time where the JVM cannot measure it): the parts of a run are
   * timed in CPU time so that their ratios do not depend on how busy the machine is.
   */
  private static long cpuNanos() {
    return CPU_TIME ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
  }

  private static double cpuSeconds(long since) {
    return (cpuNanos() - since) * 1e-9;
  }
}
