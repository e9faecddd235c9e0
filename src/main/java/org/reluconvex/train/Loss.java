package org.reluconvex.train;

import java.util.Locale;

/** Per-sample data losses of the residual r = f(x) - y; the data term is their mean. */
public enum Loss {
  /** r^2. */
  MSE {
    @Override public double value(double r) { return r * r; }
    @Override public double derivative(double r) { return 2 * r; }
  },
  /** |r| (derivative 0 at r = 0). */
  L1 {
    @Override public double value(double r) { return Math.abs(r); }
    @Override public double derivative(double r) { return r > 0 ? 1.0 : r < 0 ? -1.0 : 0.0; }
  };

  public abstract double value(double r);

  public abstract double derivative(double r);

  public String label() { return name().toLowerCase(Locale.ROOT); }

  public static Loss parse(String s) {
    for (Loss l : values()) if (l.label().equalsIgnoreCase(s.trim())) return l;
    throw new IllegalArgumentException("unknown loss '" + s + "' (known: mse, l1)");
  }
}
