package org.reluconvex.experiment;

import java.util.List;
import java.util.Locale;

/** The summary table printed on stdout after a count. */
public final class Summary {
  private Summary() {}

  public static String table(List<CountRow> rows) {
    StringBuilder sb = new StringBuilder();
    String fmt = "%-3s %-14s %7s %8s %7s %8s %7s %9s %7s %10s %10s%n";
    sb.append(String.format(Locale.ROOT, fmt, "d", "widths", "draws", "convex", "%", "icnn", "%", "cvx\\icnn", "unknown", "vertices", "ms/check"));
    for (CountRow r : rows) {
      sb.append(String.format(Locale.ROOT, fmt, r.inputDim(), r.widths(), r.draws(), r.convex(), pct(r.convex(), r.draws()),
          r.icnn(), pct(r.icnn(), r.draws()), r.convexNotIcnn(), r.unknown(),
          Double.isNaN(r.meanVertices()) ? "-" : String.format(Locale.ROOT, "%.1f", r.meanVertices()),
          String.format(Locale.ROOT, "%.3f", r.meanSeconds() * 1e3)));
    }
    return sb.toString();
  }

  private static String pct(int k, int n) { return String.format(Locale.ROOT, "%.2f", 100.0 * k / n); }
}
