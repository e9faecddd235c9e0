package org.reluconvex.train;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.reluconvex.network.Domain;
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
  private final Certifier checker;
  private final int[] inputSigns; // null: convexity only
  private final Consumer<EpochLog> listener;
  private final Consumer<CertificationRound> certificationListener;
  private final boolean epochVerdicts;

  public Trainer() {
    this(null, null, null, null, null, true);
  }

  private Trainer(ConstraintSource s, Certifier c, int[] inputSigns, Consumer<EpochLog> l, Consumer<CertificationRound> cl, boolean epochVerdicts) {
    this.constraintSource = s;
    this.checker = c;
    this.inputSigns = inputSigns;
    this.listener = l;
    this.certificationListener = cl;
    this.epochVerdicts = epochVerdicts;
  }

  /** The source of regulariser constraints; required for the regularized mode, and logs R in every mode. */
  public Trainer withConstraints(ConstraintSource s) { return new Trainer(s, checker, inputSigns, listener, certificationListener, epochVerdicts); }

  /**
   * An exact convexity checker: its verdict on the box is logged after every epoch, and it decides
   * when the certification phase may stop (required when the configuration asks for that phase).
   */
  public Trainer withChecker(ConvexityChecker c) { return withCertifier(Certifier.of(c)); }

  /** As {@link #withChecker}, for any property a certifier decides (monotonicity, ...). */
  public Trainer withCertifier(Certifier c) { return new Trainer(constraintSource, c, inputSigns, listener, certificationListener, epochVerdicts); }

  /**
   * Monotonicity: signs[i] = +1 (non-decreasing in x_i), -1 (non-increasing) or 0 (free). The
   * regulariser then keeps constraints on input nodes with these signs, and the repair of the
   * certification phase locks, besides the ICNN conditions, the signs of the first-layer weights and
   * input skips of the signed inputs ({@link ParameterLayout#signConditions}).
   */
  public Trainer withInputSigns(int[] signs) {
    return new Trainer(constraintSource, checker, signs.clone(), listener, certificationListener, epochVerdicts);
  }

  /** Called after every epoch with its log line. */
  public Trainer withListener(Consumer<EpochLog> l) { return new Trainer(constraintSource, checker, inputSigns, l, certificationListener, epochVerdicts); }

  /** Called after every round of the certification phase. */
  public Trainer withCertificationListener(Consumer<CertificationRound> l) {
    return new Trainer(constraintSource, checker, inputSigns, listener, l, epochVerdicts);
  }

  /**
   * Whether the checker's verdict is logged after every epoch (default true). Off, the checker is
   * still used by the certification phase; for large networks, where building the complex every
   * epoch costs more than the epoch.
   */
  public Trainer withEpochVerdicts(boolean v) { return new Trainer(constraintSource, checker, inputSigns, listener, certificationListener, v); }

  /** The certification phase runs for regularized runs whose configuration enables it. */
  private static boolean certifying(TrainingConfig config) {
    return config.mode() == TrainingMode.REGULARIZED && config.certification().enabled();
  }

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
    if (certifying(config) && checker == null)
      throw new IllegalStateException("the certification phase needs an exact checker (withChecker or withCertifier)");
    if (inputSigns != null && inputSigns.length != d)
      throw new IllegalArgumentException(inputSigns.length + " input signs for data of dimension " + d);
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
    private final GainRegularizer regularizer;
    private final GainRegularizer monitor;
    private final int[] signConditions; // the repair's: the sign each parameter keeps once locked (0: free)
    private final Adam adam;
    private final double[] grad;
    private final int[] order;
    private final long start = System.nanoTime();
    private double dataSec, regSec, constraintSec, logSec;
    private int recomputations;
    private long step;
    private int certificationCursor = -1; // next batch of the certification phase; -1: reshuffle first

    Run(TrainingConfig config, ParameterLayout layout, Domain box, double[] theta, Dataset train, Dataset validation, SplittableRandom shuffle) {
      this.config = config;
      this.layout = layout;
      this.box = box;
      this.theta = theta;
      this.train = train;
      this.validation = validation;
      this.shuffle = shuffle;
      dataTerm = new DataTerm(layout, config.loss());
      int[] signs = inputSigns != null ? inputSigns : new int[layout.inputDim()];
      regularizer = new GainRegularizer(layout, signs);
      monitor = new GainRegularizer(layout, signs);
      signConditions = layout.signConditions(signs);
      adam = new Adam(layout.size(), config.learningRate(), config.beta1(), config.beta2(), 1e-8);
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
      if (bestTheta != null) System.arraycopy(bestTheta, 0, theta, 0, theta.length);
      CertificationResult certified = certifying(config) ? certify() : null;
      TrainingResult.Timing timing = new TrainingResult.Timing(dataSec, regSec, constraintSec, recomputations, logSec, seconds(start));
      return new TrainingResult(layout.network(theta), config, log, step, timing, certified);
    }

    /**
     * The certification phase (see {@link Certification}): rounds of an exact check followed, when
     * the answer is not convex, by steps on fresh constraints with a rising lambda (or on R alone).
     */
    private CertificationResult certify() {
      Certification policy = config.certification();
      boolean project = policy.strategy() == Certification.Strategy.PROJECT;
      Adam projector = project ? new Adam(layout.size(), config.learningRate(), config.beta1(), config.beta2(), 1e-8) : null;
      double lambda = Math.max(config.lambda(), 1e-3);
      double mseBefore = validationMse();
      List<CertificationRound> rounds = new ArrayList<>();
      long taken = 0;
      double lr = config.learningRate(), previousR = Double.POSITIVE_INFINITY;
      Certificate verdict;
      int decays = 0;
      boolean[] locked = null; // the repair: constrained weights that stay >= 0 from then on
      for (int round = 0; ; round++) {
        long a = cpuNanos();
        Network current = layout.network(theta);
        verdict = checker.certify(current, box);
        monitor.setConstraints(constraintSource.collect(current, box));
        double r = monitor.value(theta);
        double minGain = monitor.constraintCount() > 0 ? monitor.minGain(theta) : Double.NaN;
        double mse = validationMse();
        logSec += cpuSeconds(a);
        if (round > 0 && r >= previousR) { // going round in circles, not merely slow
          lr *= policy.decay();
          decays++;
        }
        previousR = r;
        boolean repairing = !verdict.holds() && (locked != null || round >= policy.rounds() || decays >= Certification.STALLED);
        int zeroed = -1, steps = 0;
        if (repairing) {
          if (locked == null) locked = nonNegativeConstrained();
          zeroed = repairCandidate();
          if (zeroed >= 0) {
            theta[zeroed] = 0.0;
            locked[zeroed] = true;
          }
        } else if (!verdict.holds() && !project) {
          lambda *= policy.growth();
        }
        if (!verdict.holds() && (!repairing || zeroed >= 0)) {
          for (; steps < policy.stepsPerRound(); steps++) {
            boolean moved = project ? projectionStep(projector, lr, policy.margin(), locked)
                : certificationStep(lambda, lr, policy.margin(), locked);
            if (!moved) break;
          }
        }
        taken += steps;
        CertificationRound line = new CertificationRound(round, verdict, zeroed, steps == 0 || project ? Double.NaN : lambda, steps,
            r, monitor.constraintCount(), minGain, mse);
        rounds.add(line);
        if (certificationListener != null) certificationListener.accept(line);
        if (verdict.holds()) break;
        if (repairing && zeroed < 0) break; // nothing left to repair: the checker could not decide even an ICNN
      }
      long polished = verdict.holds() && rounds.size() > 1 ? polish(policy, lambda, lr, locked) : 0;
      return new CertificationResult(policy, verdict, rounds, taken, polished, mseBefore, validationMse());
    }

    /**
     * Steps on the data term + lambda R_margin from a certified network, in blocks each kept only if
     * the checker still says convex after it: the network stays certified, and the fit can only win
     * back what the rounds cost. Returns the number of steps kept.
     */
    private long polish(Certification policy, double lambda, double lr, boolean[] locked) {
      double[] certified = theta.clone();
      long kept = 0;
      int undone = 0;
      for (int taken = 0; taken < policy.polish() && undone < 3; ) {
        int block = Math.min(Certification.POLISH_BLOCK, policy.polish() - taken);
        for (int s = 0; s < block; s++) polishStep(lambda, lr, policy.margin(), locked);
        taken += block;
        long a = cpuNanos();
        boolean convex = checker.certify(layout.network(theta), box).holds();
        logSec += cpuSeconds(a);
        if (convex) {
          System.arraycopy(theta, 0, certified, 0, theta.length);
          kept += block;
          undone = 0;
        } else {
          System.arraycopy(certified, 0, theta, 0, theta.length);
          lr *= 0.5;
          undone++;
        }
      }
      return kept;
    }

    /** One step on a mini-batch: data term + lambda R_margin on fresh constraints (taken even when R_margin is 0). */
    private void polishStep(double lambda, double lr, double margin, boolean[] locked) {
      freshPenaltyGradient(lambda, margin);
      dataStep(lr, locked);
    }

    /** Adds the data gradient of the next mini-batch of the phase to grad and takes the Adam step. */
    private void dataStep(double lr, boolean[] locked) {
      int n = order.length, batch = Math.min(config.batchSize(), n);
      if (certificationCursor < 0 || certificationCursor + batch > n) {
        Trainer.shuffle(order, shuffle);
        certificationCursor = 0;
      }
      long a = cpuNanos();
      dataTerm.valueAndGradient(theta, train, order, certificationCursor, certificationCursor + batch, grad);
      dataSec += cpuSeconds(a);
      certificationCursor += batch;
      adam.step(theta, grad, lr);
      clip(locked);
      step++;
    }

    /**
     * One step on a mini-batch of the data with lambda * R_margin on constraints recomputed now;
     * false (and no step) when every fresh constraint already meets the margin.
     */
    private boolean certificationStep(double lambda, double lr, double margin, boolean[] locked) {
      if (freshPenaltyGradient(lambda, margin) == 0) return false;
      dataStep(lr, locked);
      return true;
    }

    /**
     * Recollects the constraints for the current parameters, sets grad to lambda * dR_margin/dtheta
     * and returns R_margin: the start of every step of the certification phase.
     */
    private double freshPenaltyGradient(double lambda, double margin) {
      long a = cpuNanos();
      regularizer.setConstraints(constraintSource.collect(layout.network(theta), box));
      constraintSec += cpuSeconds(a);
      recomputations++;
      Arrays.fill(grad, 0.0);
      a = cpuNanos();
      double r = regularizer.valueAndGradient(theta, lambda, margin, grad);
      regSec += cpuSeconds(a);
      return r;
    }

    /** The constrained weights (hidden-to-hidden, output; signed inputs' first layer and skips) that keep their sign now. */
    private boolean[] nonNegativeConstrained() {
      boolean[] locked = new boolean[theta.length];
      for (int p = 0; p < theta.length; p++) locked[p] = signConditions[p] != 0 && signConditions[p] * theta[p] >= 0;
      return locked;
    }

    /**
     * Keeps the locked weights at their sign (or 0). The set of wrong-signed constrained weights then
     * only shrinks during the repair, and each repair locks one more: the repair ends, at the latest,
     * at an ICNN whose paths from the signed inputs have their signs (convex, and monotone as asked).
     */
    private void clip(boolean[] locked) {
      if (locked == null) return;
      for (int p = 0; p < theta.length; p++) if (locked[p] && signConditions[p] * theta[p] < 0) theta[p] = 0.0;
    }

    /**
     * The wrong-signed constrained weight whose zeroing lowers R (on fresh constraints) most to first
     * order, dR/dw * (0 - w); -1 when every constrained weight has its sign.
     */
    private int repairCandidate() {
      // the round has just collected the constraints of these parameters into the monitor
      Arrays.fill(grad, 0.0);
      monitor.valueAndGradient(theta, 1.0, 0.0, grad);
      int best = -1;
      double bestChange = Double.POSITIVE_INFINITY;
      for (int p = 0; p < theta.length; p++) {
        if (!(signConditions[p] * theta[p] < 0)) continue;
        double change = -grad[p] * theta[p];
        if (change < bestChange) { // ties: the first in layout order
          bestChange = change;
          best = p;
        }
      }
      return best;
    }

    /** One step on R_margin alone, on constraints recomputed now; false when it is already 0. */
    private boolean projectionStep(Adam projector, double lr, double margin, boolean[] locked) {
      if (freshPenaltyGradient(1.0, margin) == 0) return false;
      projector.step(theta, grad, lr);
      clip(locked);
      step++;
      return true;
    }

    private double validationMse() {
      if (validation == null) return Double.NaN;
      return config.loss() == Loss.MSE ? dataTerm.value(theta, validation) : dataTerm.meanLoss(theta, validation, Loss.MSE);
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
      Certificate verdict = checker == null || !epochVerdicts ? null : checker.certify(current, box);
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
