package org.reluconvex.experiment;

import java.util.Locale;
import org.reluconvex.convexity.VerdictKind;

/** One line of {@code timing.csv}: check time and skeleton size of one architecture. */
public record TimingRow(int inputDim, String widths, int draws, double medianSeconds, double meanSeconds,
    double meanVertices, double meanEdges, int convex, int unknown) {

  public static final String HEADER = "input_dim,widths,draws,median_seconds,mean_seconds,mean_vertices,mean_edges,convex,unknown";

  public static TimingRow of(Outcomes o) {
    DrawSpec s = o.spec();
    return new TimingRow(s.inputDim(), s.widthsLabel(), o.draws(), o.medianSeconds(), o.meanSeconds(), o.meanVertices(),
        o.meanEdges(), o.count(VerdictKind.CONVEX), o.count(VerdictKind.UNKNOWN));
  }

  /** The first hidden width (all are equal in a timing sweep). */
  public int width() { return Integer.parseInt(widths.split("x")[0]); }

  public String key() { return inputDim + "," + widths; }

  public String toCsv() {
    return String.format(Locale.ROOT, "%d,%s,%d,%s,%s,%s,%s,%d,%d", inputDim, widths, draws, sci(medianSeconds), sci(meanSeconds),
        fix(meanVertices), fix(meanEdges), convex, unknown);
  }

  private static String sci(double v) { return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.4e", v); }

  private static String fix(double v) { return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.2f", v); }

  public static TimingRow parse(String line) {
    String[] f = line.split(",", -1);
    if (f.length != 9) throw new IllegalArgumentException("not a timing.csv row (expected 9 fields): " + line);
    try {
      return new TimingRow(Integer.parseInt(f[0]), f[1], Integer.parseInt(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]),
          Double.parseDouble(f[5]), Double.parseDouble(f[6]), Integer.parseInt(f[7]), Integer.parseInt(f[8]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a timing.csv row (bad number): " + line);
    }
  }

  public static final RowFormat<TimingRow> FORMAT = new RowFormat<>() {
    @Override public String header() { return HEADER; }
    @Override public TimingRow of(Outcomes o) { return TimingRow.of(o); }
    @Override public String toCsv(TimingRow r) { return r.toCsv(); }
    @Override public TimingRow parse(String line) { return TimingRow.parse(line); }
    @Override public String key(TimingRow r) { return r.key(); }
    @Override public int draws(TimingRow r) { return r.draws(); }
  };
}
