package org.reluconvex.train;

import java.util.Locale;

/** How convexity is (or is not) encouraged while training. */
public enum TrainingMode {
  /** Plain data fit. */
  UNCONSTRAINED,
  /** Projected: hidden-to-hidden and output weights clipped to &ge; 0 after every step. */
  ICNN,
  /** Data term + lambda * R, R the convexity regulariser of docs/math.md section 7. */
  REGULARIZED;

  public String label() { return name().toLowerCase(Locale.ROOT); }

  public static TrainingMode parse(String s) {
    for (TrainingMode m : values()) if (m.label().equalsIgnoreCase(s.trim())) return m;
    throw new IllegalArgumentException("unknown mode '" + s + "' (known: unconstrained, icnn, regularized)");
  }
}
