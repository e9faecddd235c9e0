package org.reluconvex.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.reluconvex.network.Domain;
import org.reluconvex.convexity.Checks;
import org.reluconvex.convexity.GainConstraints;
import org.reluconvex.convexity.MilpChecker;
import org.reluconvex.precision.PrecisionPolicy;
import org.reluconvex.properties.Inputs;
import org.reluconvex.properties.Monotonicity;
import org.reluconvex.properties.PartialConvexity;
import org.reluconvex.io.BadInputException;
import org.reluconvex.network.Network;
import org.reluconvex.train.Certificate;
import org.reluconvex.train.Certifier;
import org.reluconvex.train.ConstraintSource;
import org.reluconvex.train.Dataset;
import org.reluconvex.train.CertificationLogCsv;
import org.reluconvex.train.EpochLogCsv;
import org.reluconvex.train.Loss;
import org.reluconvex.train.Trainer;
import org.reluconvex.train.TrainingConfig;
import org.reluconvex.train.TrainingMode;
import org.reluconvex.train.TrainingResult;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reluconvex train}: fits an MLP or SkipMLP, optionally pushed towards convexity. */
@Command(name = "train",
    description = {
        "Train an MLP or SkipMLP by mini-batch Adam on samples of a target network or on a CSV file,",
        "unconstrained, as an ICNN (hidden-to-hidden and output weights clipped to >= 0 after every step),",
        "or regularized (loss + lambda * sum of max(0, -gain) over the constraints realised in the box).",
        "Writes the trained model, prints the exact convexity verdict on the box. Per-epoch log on stderr",
        "(a progress bar on a terminal, one line per epoch otherwise, nothing with --quiet)."})
public final class TrainCommand implements Callable<Integer> {
  static class Source {
    @Option(names = "--target", paramLabel = "MODEL", required = true,
        description = "Target network (ONNX or JSON file, or example:NAME); sampled uniformly on the box.")
    String target;

    @Option(names = "--data", paramLabel = "FILE.csv", required = true, description = "Data: columns x1..xd,y (header optional).")
    Path data;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Option(names = "--widths", required = true, split = ",", description = "Hidden widths, e.g. 4,8.")
  int[] widths;

  @Option(names = "--skip", description = "SkipMLP: input skips into every later layer and the output.")
  boolean skip;

  @Option(names = "--mode", required = true, description = "unconstrained, icnn or regularized.")
  String mode;

  @Option(names = "--epochs", description = "Epochs (default ${DEFAULT-VALUE}).", defaultValue = "25")
  int epochs;

  @Option(names = "--batch", description = "Mini-batch size (default ${DEFAULT-VALUE}).", defaultValue = "256")
  int batch;

  @Option(names = "--lr", description = "Adam learning rate (default ${DEFAULT-VALUE}).", defaultValue = "1e-3")
  double lr;

  @Option(names = "--loss", description = "mse or l1 (default ${DEFAULT-VALUE}).", defaultValue = "mse")
  String loss;

  @Option(names = "--val", paramLabel = "FRACTION", description = "Validation share of the data (default ${DEFAULT-VALUE}).", defaultValue = "0.2")
  double validation;

  @Option(names = "--patience", description = "Early stopping after this many epochs without a better validation loss; 0 = off (default ${DEFAULT-VALUE}).", defaultValue = "0")
  int patience;

  @Option(names = "--box", description = "Box LO,HI or LO1:HI1,...: sampling, constraints and verdict (default -10,10 with --target, the data's bounding box with --data).")
  String box;

  @Option(names = "--samples", description = "Points sampled from the target (default ${DEFAULT-VALUE}).", defaultValue = "200000")
  int samples;

  @Option(names = "--seed", description = "Seed of every random draw (default ${DEFAULT-VALUE}).", defaultValue = "0")
  long seed;

  @Option(names = "--log", paramLabel = "FILE.csv", description = "Write the per-epoch log as CSV (and the certification rounds as FILE_certification.csv).")
  Path log;

  @Option(names = "--out", paramLabel = "FILE", required = true, description = "Trained model (.onnx or .json).")
  Path out;

  @Option(names = "--no-epoch-check", description = "No convexity verdict, and outside regularized mode no regulariser value, after each epoch: both build the complex, which takes long for a large network. The verdict at the end is still printed.")
  boolean noEpochCheck;

  @Option(names = "--quiet", description = "No per-epoch log on stderr.")
  boolean quiet;

  /** The sample of the target is drawn from seed + this (the trainer's own streams derive from seed). */
  static final long DATA_STREAM = 0x9E3779B97F4A7C15L;

  @Mixin RegularizerOptions reg;

  @Mixin CertificationOptions certification;

  @Option(names = "--protocol", paramLabel = "P",
      description = "ours (the options as given) or authors: the paper authors' regularized protocol (L1 loss, constraints every step, lambda 0.1, Adam betas 0.7, 0.9), overriding --loss, --reg-every and --lambda (default ${DEFAULT-VALUE}).",
      defaultValue = "ours")
  String protocol;

  @Option(names = "--convex-in", paramLabel = "I,J,...", split = ",",
      description = "Promote and certify convexity in these inputs (0-based) only, for every value of the others (partial convexity): "
          + "the regulariser keeps the constraints of the neurons these inputs reach, and the verdict is check --convex-in's.")
  int[] convexIn;

  @Option(names = "--increasing", paramLabel = "I,J,...", split = ",",
      description = "Promote and certify monotonicity instead: f non-decreasing in these inputs (0-based). The regulariser keeps df/dx_i >= 0 "
          + "on every cell of the box, the repair locks the signs of every path from them, and the verdict is monotone's.")
  int[] increasing;

  @Option(names = "--decreasing", paramLabel = "I,J,...", split = ",",
      description = "As --increasing, for inputs in which f must not increase.")
  int[] decreasing;

  /** Cells walked per collection of the monotonicity constraints (a partial list only weakens the push; the certificate is exact). */
  static final long MONOTONE_CELLS = 4096;

  @Spec CommandSpec spec;

  private final TrainingTools tools;

  /** With the given tools and streams (tests). */
  public TrainCommand() {
    this(TrainingTools.standard());
  }

  /** With other tools (tests). */
  public TrainCommand(TrainingTools tools) {
    this.tools = tools;
  }

  @Override
  public Integer call() {
    PrintWriter stdout = CliSupport.out(spec), stderr = CliSupport.err(spec);
    TrainingMode m = TrainingMode.parse(mode);
    Dataset data;
    Domain domain;
    if (source.target != null) {
      Network target = tools.reader().apply(source.target);
      domain = Domain.parseBox(box == null ? "-10,10" : box, target.inputDim());
      if (samples < 2) throw new IllegalArgumentException("--samples must be at least 2");
      data = Dataset.sample(target, domain, samples, new SplittableRandom(seed + DATA_STREAM));
    } else {
      data = readCsv(source.data);
      domain = box == null ? data.boundingBox() : Domain.parseBox(box, data.dim());
    }
    TrainingConfig config = new TrainingConfig(widths, skip, m, Loss.parse(loss), reg.lambda, reg.margin, epochs, batch, lr, reg.regEvery,
        validation, seed, patience, domain).withCertification(certification.policy());
    config = Protocol.parse(protocol).apply(config);
    boolean monotone = increasing != null || decreasing != null;
    if (monotone && convexIn != null) throw new BadInputException("give either --convex-in or --increasing/--decreasing, not both");
    Certifier checker;
    ConstraintSource constraints;
    int[] inputSigns = null;
    int d = domain.dim();
    if (monotone) {
      int[] inc = increasing == null ? new int[0] : increasing, dec = decreasing == null ? new int[0] : decreasing;
      int[] signs = CliSupport.inputs(() -> Inputs.signs(d, inc, dec));
      inputSigns = signs;
      int[] asked = java.util.stream.IntStream.range(0, d).filter(i -> signs[i] != 0).toArray();
      checker = Certifier.monotone(new Monotonicity(PrecisionPolicy.DEFAULT, MilpChecker.Settings.defaults()), inc, dec, Checks.Method.AUTO);
      constraints = (n, b) -> Monotonicity.constraints(n, b, asked, MONOTONE_CELLS);
    } else if (convexIn != null) {
      boolean[] inS = ConstraintsCommand.subset(d, convexIn);
      checker = Certifier.of(new PartialConvexity(PrecisionPolicy.DEFAULT, MilpChecker.Settings.defaults()).checker(convexIn, Checks.Method.AUTO));
      constraints = (n, b) -> GainConstraints.collect(n, b, inS);
    } else {
      checker = Certifier.of(tools.checker().get());
      constraints = tools.constraints();
    }
    TrainingResult result;
    try (EpochReporter reporter = new EpochReporter(stderr, "train", epochs, quiet, EpochReporter.hasTerminal())) {
      boolean monitor = !noEpochCheck || m == TrainingMode.REGULARIZED;
      Trainer trainer = new Trainer().withConstraints(monitor ? constraints : null).withCertifier(checker).withEpochVerdicts(!noEpochCheck)
          .withListener(reporter).withCertificationListener(r -> reporter.note(CertificationOptions.describe(r)));
      result = (inputSigns != null ? trainer.withInputSigns(inputSigns) : trainer).train(config, data);
    }
    try {
      tools.writer().write(result.network(), out);
      if (log != null) {
        EpochLogCsv.write(result.epochs(), log);
        if (result.certification() != null) CertificationLogCsv.write(result.certification(), CertificationLogCsv.besides(log));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + e.getMessage(), e);
    }
    Certificate v = result.certification() != null ? result.certification().verdict() : checker.certify(result.network(), domain);
    TrainingResult.Timing t = result.timing();
    stdout.printf(Locale.ROOT, "trained %s (%s, %d epochs, %d steps) on %d points%n", result.network().describe(), m.label(),
        result.epochs().size(), result.steps(), data.size());
    if (result.last() != null) {
      if (!Double.isNaN(result.last().validationLoss()))
        stdout.printf(Locale.ROOT, "validation %s after the last epoch: %.6g%n", config.loss().label(), result.last().validationLoss());
      if (!Double.isNaN(result.last().regularizer()))
        stdout.printf(Locale.ROOT, "regulariser R after the last epoch: %.6g over %d constraints%n", result.last().regularizer(),
            result.last().constraints());
    }
    stdout.printf(Locale.ROOT, "time: %.2f s wall; CPU: data term %.2f s, regulariser %.2f s, constraints %.2f s in %d recomputations, evaluation %.2f s%n",
        t.totalSeconds(), t.dataSeconds(), t.regularizerSeconds(), t.constraintSeconds(), t.constraintRecomputations(), t.loggingSeconds());
    if (result.certification() != null) stdout.print(CertificationOptions.summary(result.certification()));
    stdout.println("verdict on " + domain.describe() + ": " + v.label() + " (" + v.method() + ")"
        + (v.reason() != null ? ": " + v.reason() : ""));
    stdout.println("wrote " + out);
    stdout.flush();
    // a regularized run that was asked to end certified and did not says so in its exit code too
    return result.certification() != null && !result.certification().certified() ? CliSupport.exitCode(v.kind()) : CliSupport.OK;
  }

  private static Dataset readCsv(Path file) {
    try {
      return Dataset.readCsv(file);
    } catch (NoSuchFileException e) {
      throw new BadInputException(file + ": no such file");
    } catch (IOException e) {
      throw new BadInputException(e.getMessage(), e);
    }
  }
}
