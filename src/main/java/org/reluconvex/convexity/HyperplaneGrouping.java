package org.reluconvex.convexity;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Groups neurons whose zero sets are one hyperplane, exactly: j and k share one iff
 * (w_k, b_k) = lambda (w_j, b_j) for a real lambda != 0. No tolerance: two distinct hyperplanes, however
 * close, stay apart (merging them could hide a negative kink).
 *
 * <p>Every non-zero double is +-m 2^e with m an odd integer. If v' = lambda v for double vectors v, v',
 * then lambda = +-(p/q) 2^s with p, q odd, and entry by entry q m'_i = p m_i and e'_i = e_i + s (an
 * odd integer times a power of two is written so in one way only). Hence the <em>canonical form</em>
 * of v (odd parts divided by their gcd, signs relative to the pivot (the first non-zero entry of w),
 * exponents relative to the pivot's) is the same for two vectors iff they are proportional. It is
 * computed in long arithmetic and hashed: O(n d) expected time, equality decided on the whole form.
 */
final class HyperplaneGrouping {
  private HyperplaneGrouping() {}

  /**
   * Group labels of the rows (w_j, b_j) of a row-major n x d matrix w: label[j] = the smallest index of
   * j's group, or -1 where w_j = 0 (a dead neuron).
   */
  static int[] group(double[] w, double[] b, int n, int d) {
    int[] label = new int[n];
    Map<Form, Integer> first = new HashMap<>(2 * n);
    for (int j = 0; j < n; j++) {
      long[] form = canonicalForm(w, b, j, d);
      if (form == null) {
        label[j] = -1;
        continue;
      }
      Integer opened = first.putIfAbsent(new Form(form), j);
      label[j] = opened == null ? j : opened;
    }
    return label;
  }

  /** Index of the first non-zero entry of w_j, or -1 when w_j = 0. */
  static int pivot(double[] w, int j, int d) {
    for (int i = 0; i < d; i++) if (w[j * d + i] != 0) return i;
    return -1;
  }

  /**
   * The canonical form of (w_j, b_j), or null when w_j = 0: for every entry i of the d + 1, the pair
   * (s_i m_i / g, e_i - e_p) with s_i the sign relative to the pivot p, m_i the odd part, g the gcd of the
   * odd parts, e_i the exponent of the odd part; (0, 0) for a zero entry.
   */
  static long[] canonicalForm(double[] w, double[] b, int j, int d) {
    int p = pivot(w, j, d);
    if (p < 0) return null;
    long[] form = new long[2 * (d + 1)];
    long g = 0;
    for (int i = 0; i <= d; i++) {
      double v = i < d ? w[j * d + i] : b[j];
      if (v == 0) continue;
      long bits = Double.doubleToRawLongBits(v);
      int biased = (int) ((bits >>> 52) & 0x7ff);
      long m = bits & ((1L << 52) - 1);
      int e;
      if (biased == 0) e = -1074; // subnormal
      else {
        m |= 1L << 52;
        e = biased - 1075;
      }
      int tz = Long.numberOfTrailingZeros(m);
      m >>>= tz;
      form[2 * i] = v < 0 ? -m : m;
      form[2 * i + 1] = e + tz;
      g = g == 1 ? 1 : gcd(g, m);
    }
    boolean flip = form[2 * p] < 0;
    long ep = form[2 * p + 1];
    for (int i = 0; i <= d; i++) {
      if (form[2 * i] == 0) continue;
      form[2 * i] = (flip ? -form[2 * i] : form[2 * i]) / g;
      form[2 * i + 1] -= ep;
    }
    return form;
  }

  private static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  /** A canonical form as a hash key; equality compares every entry. */
  private static final class Form {
    final long[] form;
    final int hash;

    Form(long[] form) {
      this.form = form;
      this.hash = Arrays.hashCode(form);
    }

    @Override
    public boolean equals(Object o) { return o instanceof Form f && f.hash == hash && Arrays.equals(f.form, form); }

    @Override
    public int hashCode() { return hash; }
  }
}
