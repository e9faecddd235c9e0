package org.reluconvex.cli;

import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import org.reluconvex.convexity.ConvexityChecker;
import org.reluconvex.experiment.Sizes;
import org.reluconvex.experiment.TimingExperiment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reluconvex experiment timing}: time per check against width. */
@Command(name = "timing", mixinStandardHelpOptions = true,
    description = {
        "Time the exact check against the width of equal hidden layers, e.g.",
        "  --dim 2 --widths 1,2,4,...,512 --draws 100",
        "Writes DIR/timing.csv (median and mean seconds, mean vertices and edges per width) and a log-log "
            + "plot DIR/timing.png and .svg."})
public class TimingCommand implements Callable<Integer> {
  @Option(names = "--dim", description = "Input dimension (default ${DEFAULT-VALUE}).", defaultValue = "2")
  int dim;

  @Option(names = "--widths", paramLabel = "SIZES", required = true, description = "Widths: a..b, a,b,c or 1,2,4,...,512.")
  String widths;

  @Option(names = "--depth", description = "Hidden layers, all of the same width (default ${DEFAULT-VALUE}).", defaultValue = "2")
  int depth;

  @Option(names = "--draws", description = "Draws per width (default ${DEFAULT-VALUE}).", defaultValue = "100")
  int draws;

  @Option(names = "--seed", description = "Run seed (default ${DEFAULT-VALUE}).", defaultValue = "0")
  long seed;

  @Option(names = "--box", description = "Box LO,HI or LO1:HI1,... (default ${DEFAULT-VALUE}).", defaultValue = "-100,100")
  String box;

  @Option(names = "--skip", description = "Draw SkipMLPs instead of MLPs.")
  boolean skip;

  @Option(names = "--checker", description = "Convexity checker (default ${DEFAULT-VALUE}).", defaultValue = Checkers.DEFAULT)
  String checker;

  @Mixin ExperimentRunOptions run;

  @Spec CommandSpec spec;

  private final Function<String, Supplier<ConvexityChecker>> checkers;

  public TimingCommand() { this(Checkers::byName); }

  public TimingCommand(Function<String, Supplier<ConvexityChecker>> checkers) { this.checkers = checkers; }

  @Override
  public Integer call() throws Exception {
    return CommandErrors.run(spec.commandLine().getErr(), () -> {
      int threads = run.threads(1);
      if (dim < 1) throw new IllegalArgumentException("--dim must be at least 1, got " + dim);
      TimingExperiment.run(new TimingExperiment.Settings(dim, Sizes.parse(widths, "--widths", 1), depth, skip, draws, seed, box,
          checker, threads, run.out, run.resume, run.overwrite, run.quiet), checkers.apply(checker), spec.commandLine().getOut(), spec.commandLine().getErr());
      return 0;
    });
  }
}
