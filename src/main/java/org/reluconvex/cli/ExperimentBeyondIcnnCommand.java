package org.reluconvex.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.reluconvex.experiment.BeyondIcnnExperiment;
import org.reluconvex.experiment.ExperimentReport;
import org.reluconvex.experiment.TrainedModel;
import org.reluconvex.io.BadInputException;
import org.reluconvex.network.Examples;
import org.reluconvex.train.TrainingMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reluconvex experiment beyond-icnn}: can training recover a convex network that no ICNN of its architecture is? */
@Command(name = "beyond-icnn",
    description = {
        "Fit example:beyond-icnn, f(x) = max(7x1+2x2, 6x1+3x2, 3x1+3x2, x1+2x2, x1, 3x1-x2, 6x1+x2), on",
        "[-2,2]^2 with SkipMLP_2((2,2)) from many restarts: unconstrained (this architecture computes f exactly),",
        "projected ICNN (no ICNN of this architecture equals f near 0: docs/beyond-icnn.md) and regularized.",
        "Prints the best and median validation MSE per mode; with --out writes results.csv, every model, epoch",
        "logs, loss curves and contour plots."})
public final class ExperimentBeyondIcnnCommand implements Callable<Integer> {
  private static final BeyondIcnnExperiment.Settings DEFAULTS = BeyondIcnnExperiment.Settings.defaults();

  @Option(names = "--restarts", description = "Restarts per mode (default ${DEFAULT-VALUE}).", defaultValue = "20")
  int restarts;

  @Option(names = "--samples", description = "Points, train + validation (default ${DEFAULT-VALUE}).", defaultValue = "20000")
  int samples;

  @Option(names = "--epochs", description = "Epochs (default ${DEFAULT-VALUE}).", defaultValue = "40")
  int epochs;

  @Option(names = "--batch", description = "Mini-batch size (default ${DEFAULT-VALUE}).", defaultValue = "128")
  int batch;

  @Option(names = "--lr", description = "Adam learning rate (default ${DEFAULT-VALUE}).", defaultValue = "1e-2")
  double lr;

  @Option(names = "--seed", description = "Experiment seed (default ${DEFAULT-VALUE}).", defaultValue = "1")
  long seed;

  @Option(names = "--perturb", paramLabel = "EPS", defaultValue = "0",
      description = "Start every restart from the example's own weights with each weight and bias moved by an "
          + "independent U(-EPS, EPS) draw, instead of a PyTorch-style random draw (0, the default).")
  double perturb;

  @Option(names = "--modes", split = ",", paramLabel = "MODE,...",
      description = "Training modes, among unconstrained, icnn, regularized (default: all three).")
  List<String> modes;

  @Option(names = "--out", paramLabel = "DIR", description = "Output directory (optional).")
  Path out;

  @Option(names = "--quiet", description = "No progress lines on stderr.")
  boolean quiet;

  @Mixin RegularizerOptions reg;

  @Spec CommandSpec spec;

  private final TrainingTools tools;

  public ExperimentBeyondIcnnCommand() {
    this(TrainingTools.standard());
  }

  /** With other tools (tests). */
  public ExperimentBeyondIcnnCommand(TrainingTools tools) {
    this.tools = tools;
  }

  private static List<TrainingMode> parseModes(List<String> names) {
    try {
      return names.stream().map(TrainingMode::parse).distinct().toList();
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--modes: " + e.getMessage());
    }
  }

  @Override
  public Integer call() {
    PrintWriter stdout = CliSupport.out(spec), stderr = CliSupport.err(spec);
    long t0 = System.nanoTime();
    BeyondIcnnExperiment.Settings s = new BeyondIcnnExperiment.Settings(restarts, samples, epochs, batch, lr, reg.lambda,
        reg.margin, reg.regEvery, DEFAULTS.validationFraction(),
        modes == null ? DEFAULTS.modes() : parseModes(modes), seed, perturb);
    BeyondIcnnExperiment.Result r = new BeyondIcnnExperiment(tools.checker().get(), tools.constraints())
        .run(s, ExperimentOutput.progress(stderr, quiet));
    if (out != null) ExperimentOutput.write(r.target(), r.models(), BeyondIcnnExperiment.box(), out, tools);
    stdout.println("target: example:beyond-icnn, " + Examples.of("beyond-icnn").formula() + ", on " + BeyondIcnnExperiment.box()
        + "; models SkipMLP_2((2,2)), " + restarts + " restarts per mode, "
        + (perturb == 0 ? "PyTorch-style random starts" : "starts: the example's weights moved by U(-" + perturb + ", " + perturb + ")"));
    stdout.printf(Locale.ROOT, "%-13s %14s %12s %10s%n", "mode", "best val_mse", "verdict", "restart");
    for (TrainingMode m : s.modes()) {
      TrainedModel b = r.best(m);
      stdout.printf(Locale.ROOT, "%-13s %14.4g %12s %10d%n", m.label(), b.validationMse(), b.verdict().label(), b.run());
    }
    stdout.print(ExperimentReport.table(r.summary()));
    stdout.print(ExperimentReport.costs(r.models()));
    stdout.printf(Locale.ROOT, "%.1f s%s%n", (System.nanoTime() - t0) * 1e-9, out == null ? "" : "; results in " + out);
    stdout.flush();
    return CliSupport.OK;
  }
}
