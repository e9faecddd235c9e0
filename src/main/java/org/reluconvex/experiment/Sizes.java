package org.reluconvex.experiment;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the size lists of the command line: a range {@code a..b}, a list {@code a,b,c}, or a list
 * ending in a progression {@code 1,2,4,...,512}. The progression is inferred from the terms before
 * the ellipsis: geometric when three terms have a constant integer ratio, arithmetic otherwise
 * ({@code 1,2,...,5} is 1..5). Mixed forms such as {@code 2..4,8} are accepted.
 */
public final class Sizes {
  /** More sizes than this in one list is surely a typo. */
  static final int MAX_SIZES = 10_000;

  private Sizes() {}

  /** The sizes in the order given; every size at least {@code min}. */
  public static int[] parse(String spec, String what, int min) {
    if (spec == null || spec.isBlank()) throw new IllegalArgumentException(what + ": empty size list");
    List<Integer> out = new ArrayList<>();
    String[] parts = spec.split(",");
    for (int p = 0; p < parts.length; p++) {
      String s = parts[p].trim();
      if (s.equals("...") || s.equals("…")) {
        if (out.size() < 2 || p + 1 >= parts.length)
          throw new IllegalArgumentException(what + ": '...' needs two numbers before it and one after, as in 1,2,4,...,64");
        int end = number(parts[++p].trim(), what, spec);
        expand(out, end, what, spec);
      } else if (s.contains("..")) {
        String[] ab = s.split("\\.\\.", -1);
        if (ab.length != 2) throw new IllegalArgumentException(what + ": '" + s + "' is not a range a..b");
        int a = number(ab[0].trim(), what, spec), b = number(ab[1].trim(), what, spec);
        if (a > b) throw new IllegalArgumentException(what + ": range " + s + " is empty (" + a + " > " + b + ")");
        if ((long) b - a >= MAX_SIZES) throw new IllegalArgumentException(what + ": range " + s + " has more than " + MAX_SIZES + " sizes");
        for (int v = a; v <= b; v++) out.add(v);
      } else {
        out.add(number(s, what, spec));
      }
    }
    int[] r = new int[out.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = out.get(i);
      if (r[i] < min) throw new IllegalArgumentException(what + ": " + r[i] + " is below the minimum " + min);
    }
    return r;
  }

  private static void expand(List<Integer> out, int end, String what, String spec) {
    int n = out.size();
    long a = out.get(n - 2), b = out.get(n - 1);
    if (b <= a || end <= b)
      throw new IllegalArgumentException(what + ": the progression in '" + spec + "' does not increase");
    boolean geometric = n >= 3 && a > 0 && b % a == 0 && out.get(n - 3) * b == a * a;
    boolean arithmetic = n < 3 || b - a == a - out.get(n - 3);
    if (!geometric && !arithmetic)
      throw new IllegalArgumentException(what + ": '" + spec + "' is neither an arithmetic nor a geometric progression");
    if (geometric) for (long v = b * (b / a); v <= end; v *= b / a) out.add((int) v);
    else {
      if ((end - b) / (b - a) >= MAX_SIZES) throw new IllegalArgumentException(what + ": '" + spec + "' has more than " + MAX_SIZES + " sizes");
      for (long v = 2 * b - a; v <= end; v += b - a) out.add((int) v);
    }
    if (out.get(out.size() - 1) != end)
      throw new IllegalArgumentException(what + ": " + end + " is not a term of the progression in '" + spec + "'");
  }

  private static int number(String s, String what, String spec) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + ": '" + s + "' in '" + spec + "' is not an integer");
    }
  }
}
