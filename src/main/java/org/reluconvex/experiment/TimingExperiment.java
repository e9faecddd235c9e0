package org.reluconvex.experiment;

import java.awt.Color;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.reluconvex.network.Domain;
import org.reluconvex.convexity.ConvexityChecker;
import org.reluconvex.plot.Figure;
import org.reluconvex.plot.LogLogPlot;

/**
 * {@code experiment timing}: time per check, and skeleton size, against the width of {@code depth}
 * equal hidden layers. Writes {@code timing.csv} and {@code timing.png}/{@code .svg} (log-log).
 * One thread by default so that the times are not disturbed by a concurrent check; the checker is
 * warmed up first.
 */
public final class TimingExperiment {
  public static final String CSV = "timing.csv";

  public record Settings(int inputDim, int[] widths, int depth, boolean skip, int draws, long seed, String box,
      String checkerName, int threads, Path outDir, boolean resume, boolean overwrite, boolean quiet) {}

  private TimingExperiment() {}

  public static List<TimingRow> run(Settings s, Supplier<? extends ConvexityChecker> checkers, PrintWriter out, PrintWriter err) {
    if (s.depth() < 1) throw new IllegalArgumentException("--depth must be at least 1, got " + s.depth());
    List<DrawSpec> specs = new ArrayList<>();
    for (int w : s.widths()) {
      int[] ws = new int[s.depth()];
      Arrays.fill(ws, w);
      specs.add(new DrawSpec(s.inputDim(), ws, s.skip()));
    }
    if (specs.stream().map(DrawSpec::key).distinct().count() != specs.size())
      throw new IllegalArgumentException("--widths repeats a value");
    Domain domain = Domain.parseBox(s.box(), s.inputDim());
    Path csv = s.outDir().resolve(CSV);
    RunInfo info = RunInfo.of("timing", s.seed(), s.draws(), s.box(), s.skip(), s.checkerName());
    warmUp(specs.get(0), domain, checkers.get(), s.seed());
    ResumableRun.Result<TimingRow> result = new ResumableRun<>(TimingRow.FORMAT, csv, info, s.resume(), s.overwrite())
        .run(specs, s.draws(), s.seed(), spec -> domain, checkers, s.threads(), s.quiet(), err);
    List<TimingRow> rows = result.rows();
    plot(rows, s).save(s.outDir(), "timing");
    out.print(table(rows));
    out.printf(Locale.ROOT, "%d widths x %d draws in %.1f s (%.1f CPU-s) with %d thread(s); wrote %s and %s (.svg)%n", rows.size(), s.draws(),
        result.seconds(), result.cpuSeconds(), s.threads(), csv, s.outDir().resolve("timing.png"));
    out.flush();
    return rows;
  }

  /**
   * Checks draws of the first architecture (from a stream the run does not use) for up to one second
   * or 200 draws, so that the JIT compiles the checker before the first timed check.
   */
  static void warmUp(DrawSpec spec, Domain domain, ConvexityChecker checker, long seed) {
    long end = System.nanoTime() + 1_000_000_000L;
    for (int i = 0; i < 200 && System.nanoTime() < end; i++) checker.check(spec.draw(~seed, i), domain);
  }

  static String table(List<TimingRow> rows) {
    StringBuilder sb = new StringBuilder();
    String fmt = "%-14s %7s %12s %12s %12s %12s%n";
    sb.append(String.format(Locale.ROOT, fmt, "widths", "draws", "median ms", "mean ms", "vertices", "edges"));
    for (TimingRow r : rows)
      sb.append(String.format(Locale.ROOT, fmt, r.widths(), r.draws(), String.format(Locale.ROOT, "%.3f", r.medianSeconds() * 1e3),
          String.format(Locale.ROOT, "%.3f", r.meanSeconds() * 1e3), String.format(Locale.ROOT, "%.1f", r.meanVertices()),
          String.format(Locale.ROOT, "%.1f", r.meanEdges())));
    return sb.toString();
  }

  /** Left: median and mean seconds per check; right: mean vertices and edges; both against width, log-log. */
  static TwoPanels plot(List<TimingRow> rows, Settings s) {
    int n = rows.size();
    double[] w = new double[n], med = new double[n], mean = new double[n], v = new double[n], e = new double[n];
    for (int i = 0; i < n; i++) {
      TimingRow r = rows.get(i);
      w[i] = r.width();
      med[i] = r.medianSeconds();
      mean[i] = r.meanSeconds();
      v[i] = r.meanVertices();
      e[i] = r.meanEdges();
    }
    String arch = (s.skip() ? "SkipMLP" : "MLP") + ", d = " + s.inputDim() + ", " + s.depth() + " hidden layer" + (s.depth() > 1 ? "s" : "")
        + " of width n, " + s.draws() + " draws, box " + Domain.parseBox(s.box(), s.inputDim()).describe();
    LogLogPlot time = new LogLogPlot("time per check", "width n", "seconds")
        .series("median", new Color(31, 119, 180), w, med).series("mean", new Color(255, 127, 14), w, mean);
    LogLogPlot size = new LogLogPlot("size of the 1-skeleton", "width n", "count")
        .series("vertices", new Color(44, 160, 44), w, v).series("edges", new Color(148, 103, 189), w, e);
    return new TwoPanels(arch, time, size);
  }

  /** Two plots side by side under a title. */
  record TwoPanels(String title, LogLogPlot left, LogLogPlot right) {
    void save(Path dir, String base) {
      int pw = 480, ph = 400;
      Figure.saveBoth(dir, base, 2 * pw + 20, ph + 40, c -> {
        c.text(c.width() / 2.0, 22, title, 14, Color.BLACK, org.reluconvex.plot.Canvas.Anchor.MIDDLE, true, 0);
        left.draw(c, 0, 40, pw, ph);
        right.draw(c, pw + 20, 40, pw, ph);
      });
    }
  }
}
