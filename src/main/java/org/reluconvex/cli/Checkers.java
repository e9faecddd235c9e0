package org.reluconvex.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.reluconvex.convexity.Checks;
import org.reluconvex.convexity.ConvexityChecker;
import org.reluconvex.plot.ComplexFrontiers;
import org.reluconvex.plot.FrontierSource;

/**
 * The checkers the experiment and plot commands can use, by the names of {@link Checks.Method}
 * ({@code skeleton}, {@code auto}, {@code cells}, {@code onelayer}, {@code milp}); each supplier
 * makes a fresh instance (one per worker thread) with {@link Checks#checker}.
 */
public final class Checkers {
  /** The default for experiments and plots: the exact check on a box. */
  public static final String DEFAULT = "skeleton";

  private static final Map<String, Supplier<ConvexityChecker>> KNOWN = new LinkedHashMap<>();

  static {
    for (Checks.Method m : Checks.Method.values()) KNOWN.put(m.name().toLowerCase(Locale.ROOT), () -> Checks.checker(m));
  }

  private Checkers() {}

  public static Supplier<ConvexityChecker> byName(String name) {
    Supplier<ConvexityChecker> s = KNOWN.get(name);
    if (s == null) throw new IllegalArgumentException("unknown checker '" + name + "' (known: " + String.join(", ", KNOWN.keySet()) + ")");
    return s;
  }

  /** The frontiers of the polyhedral complex, for plots. */
  public static FrontierSource frontiers() { return new ComplexFrontiers(); }
}
