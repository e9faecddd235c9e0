package org.reluconvex.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Tick positions and labels for linear and logarithmic axes. */
public final class Ticks {
  private Ticks() {}

  /**
   * About {@code target} round-numbered ticks (1, 2, 2.5 or 5 times a power of ten) inside [lo, hi].
   * Each tick is an integer multiple of the step scaled once, so that 3 x 0.1 is 0.3 and not
   * 0.30000000000000004.
   */
  public static double[] linear(double lo, double hi, int target) {
    if (!(hi > lo)) return new double[] {lo};
    double raw = (hi - lo) / Math.max(1, target);
    int exp = (int) Math.floor(Math.log10(raw));
    double mag = Math.pow(10, exp);
    double digit = 10;
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      digit = m;
      if (m * mag >= raw) break;
    }
    double step = digit * mag;
    long first = (long) Math.ceil(lo / step - 1e-9), last = (long) Math.floor(hi / step + 1e-9);
    double scale = Math.pow(10, Math.abs(exp));
    double[] t = new double[(int) Math.max(0, last - first + 1)];
    for (int i = 0; i < t.length; i++) {
      double units = (first + i) * digit; // exact: digit is a multiple of 1/2
      t[i] = units == 0 ? 0.0 : exp >= 0 ? units * scale : units / scale;
    }
    return t;
  }

  /** Powers of ten inside [lo, hi] (lo &gt; 0). */
  public static double[] decades(double lo, double hi) {
    List<Double> t = new ArrayList<>();
    for (int e = (int) Math.ceil(Math.log10(lo) - 1e-9); e <= Math.floor(Math.log10(hi) + 1e-9); e++) t.add(Math.pow(10, e));
    return t.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /**
   * Ticks for a logarithmic axis over [lo, hi] (lo &gt; 0): powers of ten when at least two fit,
   * else 1-2-5 multiples of them, else the two ends.
   */
  public static double[] log(double lo, double hi) {
    double[] d = decades(lo, hi);
    if (d.length >= 2) return d;
    List<Double> t = new ArrayList<>();
    for (int e = (int) Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++)
      for (double m : new double[] {1, 2, 5}) {
        double v = m * Math.pow(10, e);
        if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) t.add(v);
      }
    if (t.size() >= 2) return t.stream().mapToDouble(Double::doubleValue).toArray();
    return new double[] {lo, hi};
  }

  /** A short label: integers without a decimal point, otherwise up to 4 significant digits. */
  public static String label(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e6) return Long.toString((long) v);
    double a = Math.abs(v);
    if (a >= 1e-3 && a < 1e6) {
      String s = String.format(Locale.ROOT, "%.4g", v);
      if (s.contains(".")) s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
      return s;
    }
    return String.format(Locale.ROOT, "%.0e", v).replace("e-0", "e-").replace("e+0", "e").replace("e+", "e");
  }
}
