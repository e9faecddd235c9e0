package org.reluconvex.properties;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * The norm of the input space of a Lipschitz constant: |f(x) - f(y)| &le; L |x - y|_p. L is the largest
 * dual norm |grad f|_q (1/p + 1/q = 1) over the cells that meet the domain.
 */
public enum Norm {
  /** p = infinity: L is the largest |grad f|_1. */
  INF("inf"),
  /** p = 1: L is the largest |grad f|_inf. */
  ONE("1"),
  /** p = 2: L is the largest |grad f|_2. */
  TWO("2");

  private final String label;

  Norm(String label) { this.label = label; }

  /** As written on the command line and in JSON: inf, 1, 2. */
  public String label() { return label; }

  public static Norm parse(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "inf", "infinity", "max", "linf" -> INF;
      case "1", "l1" -> ONE;
      case "2", "l2" -> TWO;
      default -> throw new IllegalArgumentException("unknown norm '" + s + "' (known: inf, 1, 2)");
    };
  }

  /**
   * The dual norm of an exact gradient, squared for {@link #TWO} (so that comparisons stay exact);
   * {@link #value} turns it into the norm.
   */
  BigDecimal exactKey(BigDecimal[] g) {
    BigDecimal r = BigDecimal.ZERO;
    for (BigDecimal c : g) {
      switch (this) {
        case INF -> r = r.add(c.abs());
        case ONE -> r = r.max(c.abs());
        case TWO -> r = r.add(c.multiply(c));
      }
    }
    return r;
  }

  /** The norm from its key, rounded to the nearest double (the square root taken to 40 digits first). */
  double value(BigDecimal key) {
    return this == TWO ? key.sqrt(new MathContext(40)).doubleValue() : key.doubleValue();
  }
}
