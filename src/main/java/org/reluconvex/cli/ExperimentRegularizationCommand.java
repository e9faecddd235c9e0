package org.reluconvex.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.reluconvex.complex.Domain;
import org.reluconvex.experiment.ExperimentReport;
import org.reluconvex.experiment.RegularizationExperiment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reluconvex experiment regularization}: unconstrained vs ICNN vs regularised fits of a convex non-ICNN target. */
@Command(name = "regularization",
    description = {
        "Fit a random convex target that is not an ICNN (widths 4,8 on [-10,10]^2 by default) with three",
        "models of the same widths from one initialisation per run: unconstrained, ICNN (projected) and",
        "regularized (loss + lambda R). Writes DIR/results.csv (run,mode,val_mse,verdict,seconds: CPU seconds",
        "of the optimisation),",
        "DIR/target.onnx, DIR/run<r>_<mode>.onnx, per-model epoch logs, loss curves and contour plots (PNG);",
        "prints mean and spread per mode."})
public final class ExperimentRegularizationCommand implements Callable<Integer> {
  private static final RegularizationExperiment.Settings DEFAULTS = RegularizationExperiment.Settings.defaults();

  @Option(names = "--runs", description = "Runs (seeds) (default ${DEFAULT-VALUE}).", defaultValue = "5")
  int runs;

  @Option(names = "--widths", split = ",", description = "Hidden widths of target and models (default 4,8).")
  int[] widths = {4, 8};

  @Option(names = "--skip", description = "SkipMLPs instead of plain MLPs.")
  boolean skip;

  @Option(names = "--box", description = "Box LO,HI or LO1:HI1,... (default ${DEFAULT-VALUE}).", defaultValue = "-10,10")
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
    RegularizationExperiment.Settings s = new RegularizationExperiment.Settings(widths, skip, Domain.parseBox(box, 2),
        samples, epochs, batch, lr, reg.lambda, reg.margin, reg.regEvery, DEFAULTS.validationFraction(), runs, seed);
    RegularizationExperiment.Result r = new RegularizationExperiment(tools.checker().get(), tools.constraints())
        .run(s, ExperimentOutput.progress(stderr, quiet));
    ExperimentOutput.write(r.target().network(), r.models(), s.box(), out, tools);
    stdout.println(RegularizationExperiment.describe(r.target(), s.box()));
    stdout.print(ExperimentReport.table(r.summary()));
    stdout.print(ExperimentReport.costs(r.models()));
    stdout.printf(Locale.ROOT, "%d runs in %.1f s; results in %s%n", runs, (System.nanoTime() - t0) * 1e-9, out);
    stdout.flush();
    return CliSupport.OK;
  }
}
