package org.reluconvex.cli;

import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import org.reluconvex.convexity.ConvexityChecker;
import org.reluconvex.experiment.CountExperiment;
import org.reluconvex.experiment.CheckerNames;
import org.reluconvex.experiment.CountCommandProvider;
import org.reluconvex.experiment.DrawRunners;
import org.reluconvex.experiment.Sizes;
import org.reluconvex.experiment.Sweep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reluconvex experiment count}: convex networks and ICNNs among random draws. */
@Command(name = "count", mixinStandardHelpOptions = true,
    description = {
        "Count convex networks and ICNNs among random PyTorch-initialised draws, checked exactly on a box.",
        "  two hidden layers (n1, n2), every pair:  --dim 2 --widths 2..7 --draws 10000",
        "  depth x width (equal widths):            --dim 3 --depths 2..10 --widths 2..10",
        "  input dimension x width (two layers):    --dims 2..10 --widths 2..10",
        "Sizes are ranges a..b or lists a,b,c. Writes DIR/counts.csv (one row per architecture, as it finishes), "
            + "DIR/heatmap.png and .svg, and a summary table on stdout."})
public class CountCommand implements Callable<Integer> {
  @Option(names = "--dim", description = "Input dimension (default ${DEFAULT-VALUE}).", defaultValue = "2")
  int dim;

  @Option(names = "--dims", paramLabel = "SIZES", description = "Input dimensions: sweep d x width with two equal hidden layers.")
  String dims;

  @Option(names = "--depths", paramLabel = "SIZES", description = "Numbers of hidden layers: sweep depth x width with equal widths.")
  String depths;

  @Option(names = "--widths", paramLabel = "SIZES", required = true, description = "Hidden widths.")
  String widths;

  @Option(names = "--draws", description = "Draws per architecture (default ${DEFAULT-VALUE}).", defaultValue = "10000")
  int draws;

  @Option(names = "--seed", description = "Run seed (default ${DEFAULT-VALUE}); draw i of an architecture is seeded from (seed, architecture, i).", defaultValue = "0")
  long seed;

  @Option(names = "--box", description = "Box LO,HI or LO1:HI1,...,LOd:HId (default ${DEFAULT-VALUE}).", defaultValue = "-100,100")
  String box;

  @Option(names = "--skip", description = "Draw SkipMLPs (input skips into every later layer) instead of MLPs.")
  boolean skip;

  @Option(names = "--checker", description = "Convexity checker (default ${DEFAULT-VALUE}).", defaultValue = CheckerNames.DEFAULT)
  String checker;

  @Option(names = "--witness-search", paramLabel = "TRIES", defaultValue = "0",
      description = "Before the exact check, try TRIES random midpoint tests; a verified witness decides the draw "
          + "(not convex) without building the complex. Same verdicts, much faster when most draws are not convex "
          + "(high dimension); such draws report no vertex count. 0 = off (default).")
  int witnessSearch;

  @Mixin ExperimentRunOptions run;

  @Spec CommandSpec spec;

  private final Function<String, Supplier<ConvexityChecker>> checkers;
  private final DrawRunners runners;

  public CountCommand() { this(Checkers::byName); }

  /** With another way to find checkers by name (tests). */
  public CountCommand(Function<String, Supplier<ConvexityChecker>> checkers) {
    this(checkers, DrawRunners.LOCAL);
  }

  /** With another runner of the draws (a cluster). */
  public CountCommand(DrawRunners runners) { this(Checkers::byName, runners); }

  private CountCommand(Function<String, Supplier<ConvexityChecker>> checkers, DrawRunners runners) {
    this.checkers = checkers;
    this.runners = runners;
  }

  /** This command as a service ({@code META-INF/services}): the Spark jobs run it with their engine. */
  public static final class Provider implements CountCommandProvider {
    @Override
    public Callable<Integer> countCommand(DrawRunners runners) { return new CountCommand(runners); }
  }

  @Override
  public Integer call() throws Exception {
    return CommandErrors.run(spec.commandLine().getErr(), () -> {
      Sweep sweep = sweep();
      int t = run.threads(Runtime.getRuntime().availableProcessors());
      if (witnessSearch < 0) throw new IllegalArgumentException("--witness-search must be at least 0, got " + witnessSearch);
      Supplier<ConvexityChecker> used = CheckerNames.withWitnessSearch(checkers.apply(checker), witnessSearch);
      String name = witnessSearch == 0 ? checker : checker + "+witness-search:" + witnessSearch;
      CountExperiment.run(new CountExperiment.Settings(sweep, draws, seed, box, name, t, run.out, run.resume, run.overwrite, run.quiet, true),
          runners.make(checker, witnessSearch, used, t), spec.commandLine().getOut(), spec.commandLine().getErr());
      return 0;
    });
  }

  Sweep sweep() {
    if (draws < 1) throw new IllegalArgumentException("--draws must be at least 1, got " + draws);
    if (dim < 1) throw new IllegalArgumentException("--dim must be at least 1, got " + dim);
    int[] w = Sizes.parse(widths, "--widths", 1);
    if (dims != null && depths != null) throw new IllegalArgumentException("--dims and --depths exclude each other");
    if (dims != null) return Sweep.dimWidth(Sizes.parse(dims, "--dims", 1), w, skip);
    if (depths != null) return Sweep.depthWidth(dim, Sizes.parse(depths, "--depths", 1), w, skip);
    return Sweep.pairs(dim, w, skip);
  }
}
