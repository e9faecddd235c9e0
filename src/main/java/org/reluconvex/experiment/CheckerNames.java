package org.reluconvex.experiment;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.reluconvex.convexity.Checks;
import org.reluconvex.convexity.ConvexityChecker;

/**
 * The checkers of the experiments by the names of {@link Checks.Method} ({@code skeleton},
 * {@code auto}, {@code cells}, {@code onelayer}, {@code milp}); each supplier makes a fresh
 * instance (one per worker thread). Here rather than in a command line because a cluster's
 * executors make their checkers from the name alone.
 */
public final class CheckerNames {
  /** The default for experiments and plots: the exact check on a box. */
  public static final String DEFAULT = "skeleton";

  private static final Map<String, Supplier<ConvexityChecker>> KNOWN = new LinkedHashMap<>();

  static {
    for (Checks.Method m : Checks.Method.values()) KNOWN.put(m.name().toLowerCase(Locale.ROOT), () -> Checks.checker(m));
  }

  private CheckerNames() {}

  public static Supplier<ConvexityChecker> byName(String name) {
    Supplier<ConvexityChecker> s = KNOWN.get(name);
    if (s == null) throw new IllegalArgumentException("unknown checker '" + name + "' (known: " + String.join(", ", KNOWN.keySet()) + ")");
    return s;
  }

  /** The checkers of {@code --checker NAME --witness-search TRIES}. */
  public static Supplier<ConvexityChecker> of(String name, int witnessSearch) {
    return withWitnessSearch(byName(name), witnessSearch);
  }

  /** 'base' with 'tries' random midpoint tests first (none for 0). */
  public static Supplier<ConvexityChecker> withWitnessSearch(Supplier<ConvexityChecker> base, int tries) {
    return tries == 0 ? base : () -> new WitnessFirst(base.get(), tries);
  }
}
