package org.reluconvex.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.reluconvex.network.Domain;
import org.reluconvex.experiment.ExperimentReport;
import org.reluconvex.experiment.RegularizationExperiment;
import org.reluconvex.experiment.TrainingTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reluconvex experiment regularization}: unconstrained vs ICNN vs regularised fits of a convex non-ICNN target. */
@Command(name = "regularization",
    description = {
        "Fit a convex target with three models of one architecture from one initialisation per run:",
        "unconstrained, ICNN (projected) and regularized (loss + lambda R, then the certification phase).",
        "Targets: paper (a random convex (4, 8) network that is not an ICNN, on [-10,10]^2), beyond-icnn and",
        "branching (SkipMLP_2((2, 2)) functions that no ICNN of that architecture computes, docs/math.md section 6),",
        "max-affine, logsumexp, quadratic (on [-2,2]^2). Writes DIR/results.csv (run,mode,val_mse,verdict,seconds: CPU",
        "seconds of the optimisation,val_mse_as_trained: before certification,certification_steps),",
        "DIR/target.onnx (network targets), DIR/run<r>_<mode>.onnx, per-model epoch logs, loss curves and",
        "contour plots (PNG); prints mean and spread per mode."})
public final class ExperimentRegularizationCommand implements Callable<Integer> {
  private static final RegularizationExperiment.Settings DEFAULTS = RegularizationExperiment.Settings.defaults();

  @Option(names = "--runs", description = "Runs (seeds) (default ${DEFAULT-VALUE}).", defaultValue = "5")
  int runs;

  @Option(names = "--target", description = "paper, beyond-icnn, branching, max-affine, logsumexp or quadratic (default ${DEFAULT-VALUE}).",
      defaultValue = "paper")
  String target;

  @Option(names = "--widths", split = ",", description = "Hidden widths of the models (and of the paper target) (default 4,8; beyond-icnn and branching: 2,2 with skips).")
  int[] widths = {4, 8};

  @Option(names = "--skip", description = "SkipMLPs instead of plain MLPs.")
  boolean skip;

  @Option(names = "--box", description = "Box LO,HI or LO1:HI1,... (default: the target's, see above).")
  String box;

  @Option(names = "--samples", description = "Points per run, train + validation (default ${DEFAULT-VALUE}).", defaultValue = "50000")
  int samples;

  @Option(names = "--epochs", description = "Epochs (default ${DEFAULT-VALUE}).", defaultValue = "20")
  int epochs;

  @Option(names = "--batch", description = "Mini-batch size (default ${DEFAULT-VALUE}).", defaultValue = "256")
  int batch;

  @Option(names = "--lr", description = "Adam learning rate (default ${DEFAULT-VALUE}).", defaultValue = "1e-3")
  double lr;

  @Option(names = "--seed", description = "Experiment seed (default ${DEFAULT-VALUE}).", defaultValue = "1")
  long seed;

  @Option(names = "--out", paramLabel = "DIR", required = true, description = "Output directory.")
  Path out;

  @Option(names = "--quiet", description = "No progress lines on stderr.")
  boolean quiet;

  @Mixin RegularizerOptions reg;

  @Mixin CertificationOptions certification;

  @Option(names = "--protocol", paramLabel = "P",
      description = "ours or authors (L1 loss, constraints every step, lambda 0.1, Adam betas 0.7, 0.9, for every mode) (default ${DEFAULT-VALUE}).",
      defaultValue = "ours")
  String protocol;

  @Spec CommandSpec spec;

  private final TrainingTools tools;

  public ExperimentRegularizationCommand() {
    this(TrainingTools.standard());
  }

  /** With other tools (tests). */
  public ExperimentRegularizationCommand(TrainingTools tools) {
    this.tools = tools;
  }

  @Override
  public Integer call() {
    PrintWriter stdout = CliSupport.out(spec), stderr = CliSupport.err(spec);
    long t0 = System.nanoTime();
    RegularizationExperiment.Settings s = new RegularizationExperiment.Settings(TrainingTarget.Kind.parse(target), widths, skip,
        box == null ? null : Domain.parseBox(box, 2), samples, epochs, batch, lr, reg.lambda, reg.margin, reg.regEvery,
        DEFAULTS.validationFraction(), runs, seed, certification.policy(), Protocol.parse(protocol) == Protocol.AUTHORS);
    RegularizationExperiment.Result r = new RegularizationExperiment(tools.checker().get(), tools.constraints())
        .run(s, ExperimentOutput.progress(stderr, quiet));
    ExperimentOutput.write(r.target(), r.models(), out, tools);
    stdout.println(r.target().description());
    stdout.print(ExperimentReport.table(r.summary()));
    if (r.confirmation() != null) stdout.println(r.confirmation());
    stdout.print(ExperimentReport.costs(r.models()));
    stdout.printf(Locale.ROOT, "%d runs in %.1f s; results in %s%n", runs, (System.nanoTime() - t0) * 1e-9, out);
    stdout.flush();
    return CliSupport.OK;
  }
}
