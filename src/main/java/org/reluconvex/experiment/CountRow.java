package org.reluconvex.experiment;

import java.util.Locale;

/** One line of {@code counts.csv}: the tallies of one architecture. */
public record CountRow(int inputDim, String widths, int draws, int convex, int icnn, int convexNotIcnn, int unknown,
    double meanVertices, double meanSeconds) {

  public static final String HEADER = "input_dim,widths,draws,convex,icnn,convex_not_icnn,unknown,mean_vertices,mean_seconds";

  /** Reads and writes counts.csv. */
  public static final RowFormat<CountRow> FORMAT = new RowFormat<>() {
    @Override public String header() { return HEADER; }
    @Override public CountRow of(Outcomes o) { return CountRow.of(o); }
    @Override public String toCsv(CountRow r) { return r.toCsv(); }
    @Override public CountRow parse(String line) { return CountRow.parse(line); }
    @Override public String key(CountRow r) { return r.key(); }
    @Override public int draws(CountRow r) { return r.draws(); }
  };

  public static CountRow of(Outcomes o) {
    DrawSpec s = o.spec();
    return new CountRow(s.inputDim(), s.widthsLabel(), o.draws(), o.count(org.reluconvex.convexity.VerdictKind.CONVEX),
        o.icnnCount(), o.convexNotIcnn(), o.count(org.reluconvex.convexity.VerdictKind.UNKNOWN), o.meanVertices(), o.meanSeconds());
  }

  /** {@code input_dim,widths}, the identity of the architecture. */
  public String key() { return inputDim + "," + widths; }

  /** The CSV line, without the line break. */
  public String toCsv() {
    return String.format(Locale.ROOT, "%d,%s,%d,%d,%d,%d,%d,%s,%s", inputDim, widths, draws, convex, icnn, convexNotIcnn,
        unknown, Double.isNaN(meanVertices) ? "NaN" : String.format(Locale.ROOT, "%.2f", meanVertices),
        Double.isNaN(meanSeconds) ? "NaN" : String.format(Locale.ROOT, "%.4e", meanSeconds));
  }

  /** Parses a line written by {@link #toCsv()}. */
  public static CountRow parse(String line) {
    String[] f = line.split(",", -1);
    if (f.length != 9) throw new IllegalArgumentException("not a counts.csv row (expected 9 fields): " + line);
    try {
      return new CountRow(Integer.parseInt(f[0]), f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), Integer.parseInt(f[4]),
          Integer.parseInt(f[5]), Integer.parseInt(f[6]), Double.parseDouble(f[7]), Double.parseDouble(f[8]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a counts.csv row (bad number): " + line);
    }
  }
}
