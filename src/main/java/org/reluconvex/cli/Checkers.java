package org.reluconvex.cli;

import java.util.function.Supplier;
import org.reluconvex.convexity.ConvexityChecker;
import org.reluconvex.experiment.CheckerNames;
import org.reluconvex.plot.ComplexFrontiers;
import org.reluconvex.plot.FrontierSource;

/**
 * The checkers the experiment and plot commands can use, by name ({@link CheckerNames}, where the
 * Spark jobs find them too), and the frontiers of plots.
 */
public final class Checkers {
  /** The default for experiments and plots: the exact check on a box. */
  public static final String DEFAULT = CheckerNames.DEFAULT;

  private Checkers() {}

  public static Supplier<ConvexityChecker> byName(String name) {
    return CheckerNames.byName(name);
  }

  /** The frontiers of the polyhedral complex, for plots. */
  public static FrontierSource frontiers() { return new ComplexFrontiers(); }
}
