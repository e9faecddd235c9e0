package org.reluconvex.network;

import java.util.Arrays;
import java.util.Locale;

/**
 * Where a question is asked: an axis-aligned box [lo_i, hi_i] in every coordinate, or all of R^d.
 * Verdicts on a box are about the open box.
 */
public final class Domain {
  /** The box of a check when none is given: the paper's [-100, 100]^d, in {@link #parseBox}'s notation. */
  public static final String DEFAULT_BOX = "-100,100";

  private final int dim;
  private final double[] lo; // null for R^d
  private final double[] hi;

  private Domain(int dim, double[] lo, double[] hi) {
    this.dim = dim;
    this.lo = lo;
    this.hi = hi;
  }

  /** All of R^d. */
  public static Domain whole(int dim) {
    if (dim < 1) throw new IllegalArgumentException("dimension must be at least 1");
    return new Domain(dim, null, null);
  }

  /** The cube [lo, hi]^d. */
  public static Domain cube(int dim, double lo, double hi) {
    double[] l = new double[dim], h = new double[dim];
    Arrays.fill(l, lo);
    Arrays.fill(h, hi);
    return box(l, h);
  }

  /** The box prod [lo_i, hi_i]. */
  public static Domain box(double[] lo, double[] hi) {
    if (lo.length != hi.length || lo.length < 1) throw new IllegalArgumentException("box bounds must have the same positive length");
    for (int i = 0; i < lo.length; i++) {
      if (!Double.isFinite(lo[i]) || !Double.isFinite(hi[i]))
        throw new IllegalArgumentException("box bound of coordinate " + (i + 1) + " is not finite");
      if (!(lo[i] < hi[i]))
        throw new IllegalArgumentException("box coordinate " + (i + 1) + ": lower bound " + lo[i] + " is not below upper bound " + hi[i]);
    }
    return new Domain(lo.length, lo.clone(), hi.clone());
  }

  /**
   * Parses {@code LO,HI} (the same interval in every coordinate) or {@code LO1:HI1,LO2:HI2,...}
   * (one interval per coordinate).
   */
  public static Domain parseBox(String spec, int dim) {
    String s = spec.trim();
    try {
      if (s.contains(":")) {
        String[] parts = s.split(",");
        if (parts.length != dim)
          throw new IllegalArgumentException("box '" + spec + "' gives " + parts.length + " intervals, the network has input dimension " + dim);
        double[] l = new double[dim], h = new double[dim];
        for (int i = 0; i < dim; i++) {
          String[] ab = parts[i].split(":");
          if (ab.length != 2) throw new IllegalArgumentException("box interval '" + parts[i] + "' is not LO:HI");
          l[i] = Double.parseDouble(ab[0].trim());
          h[i] = Double.parseDouble(ab[1].trim());
        }
        return box(l, h);
      }
      String[] ab = s.split(",");
      if (ab.length != 2) throw new IllegalArgumentException("box '" + spec + "' is neither LO,HI nor LO1:HI1,LO2:HI2,...");
      return cube(dim, Double.parseDouble(ab[0].trim()), Double.parseDouble(ab[1].trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("box '" + spec + "' contains a value that is not a number");
    }
  }

  public int dim() { return dim; }

  public boolean isWhole() { return lo == null; }

  public boolean isBox() { return lo != null; }

  public double lo(int i) { return lo[i]; }

  public double hi(int i) { return hi[i]; }

  public double[] lo() { return lo == null ? null : lo.clone(); }

  public double[] hi() { return hi == null ? null : hi.clone(); }

  /** Whether x lies in the closed domain. */
  public boolean contains(double[] x) {
    if (lo == null) return true;
    for (int i = 0; i < dim; i++) if (x[i] < lo[i] || x[i] > hi[i]) return false;
    return true;
  }

  /** Whether x lies in the open box, at least margin inside every facet. */
  public boolean containsStrictly(double[] x, double margin) {
    if (lo == null) return true;
    for (int i = 0; i < dim; i++) if (x[i] <= lo[i] + margin || x[i] >= hi[i] - margin) return false;
    return true;
  }

  /** Largest absolute value of a bound, the magnitude of the coordinates in the box (0 for R^d). */
  public double scale() {
    if (lo == null) return 0;
    double s = 0;
    for (int i = 0; i < dim; i++) s = Math.max(s, Math.max(Math.abs(lo[i]), Math.abs(hi[i])));
    return s;
  }

  /** Human form: {@code R^2}, {@code [-100, 100]^2} or {@code [0, 1] x [-1, 2]}. */
  public String describe() {
    if (lo == null) return "R^" + dim;
    boolean cube = true;
    for (int i = 1; i < dim; i++) if (lo[i] != lo[0] || hi[i] != hi[0]) cube = false;
    if (cube) return "[" + fmt(lo[0]) + ", " + fmt(hi[0]) + "]^" + dim;
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < dim; i++) {
      if (i > 0) sb.append(" x ");
      sb.append('[').append(fmt(lo[i])).append(", ").append(fmt(hi[i])).append(']');
    }
    return sb.toString();
  }

  private static String fmt(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.format(Locale.ROOT, "%d", (long) v);
    return Double.toString(v);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Domain)) return false;
    Domain d = (Domain) o;
    return dim == d.dim && Arrays.equals(lo, d.lo) && Arrays.equals(hi, d.hi);
  }

  @Override
  public int hashCode() { return 31 * dim + Arrays.hashCode(lo) + 7 * Arrays.hashCode(hi); }

  @Override
  public String toString() { return describe(); }
}
