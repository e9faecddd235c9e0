package org.reluconvex.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.reluconvex.convexity.ConvexityChecker;

/** The checkers the commands can use, by name; each supplier makes a fresh instance (one per thread). */
public final class Checkers {
  private static final Map<String, Supplier<ConvexityChecker>> KNOWN = new LinkedHashMap<>();

  static {
    KNOWN.put("skeleton", org.reluconvex.convexity.SkeletonChecker::new);
    KNOWN.put("auto", () -> new ConvexityChecker() {
      @Override public String name() { return "auto"; }

      @Override
      public org.reluconvex.convexity.Verdict check(org.reluconvex.network.Network net, org.reluconvex.complex.Domain d) {
        return org.reluconvex.convexity.Checks.check(net, d, org.reluconvex.convexity.Checks.Method.AUTO);
      }
    });
  }

  private Checkers() {}

  /** The default for experiments and plots. */
  public static final String DEFAULT = "skeleton";

  /** The frontiers of the polyhedral complex, for plots. */
  public static org.reluconvex.plot.FrontierSource frontiers() {
    return new org.reluconvex.plot.ComplexFrontiers();
  }

  public static Supplier<ConvexityChecker> byName(String name) {
    Supplier<ConvexityChecker> s = KNOWN.get(name);
    if (s == null)
      throw new IllegalArgumentException("unknown checker '" + name + "'" + (KNOWN.isEmpty() ? " (no checker in this build)" : " (known: " + String.join(", ", KNOWN.keySet()) + ")"));
    return s;
  }
}
