package org.reluconvex.experiment;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.reluconvex.network.Domain;
import org.reluconvex.convexity.ConvexityChecker;
import org.reluconvex.plot.HeatmapPair;

/**
 * {@code experiment count}: counts convex networks and ICNNs among random draws of every
 * architecture of a {@link Sweep}, writing {@code counts.csv} row by row (in sweep order), then
 * the heatmaps {@code heatmap.png}/{@code .svg} and a summary table.
 *
 * <p>Writing, resuming and interruptions are handled by {@link ResumableRun}.
 */
public final class CountExperiment {
  public static final String CSV = "counts.csv";

  /** What to run. {@code box} is a {@link Domain#parseBox} spec applied in each architecture's dimension. */
  public record Settings(Sweep sweep, int draws, long seed, String box, String checkerName, int threads, Path outDir,
      boolean resume, boolean overwrite, boolean quiet, boolean heatmaps) {}

  private CountExperiment() {}

  /** Runs the experiment; returns the rows in sweep order. */
  public static List<CountRow> run(Settings s, Supplier<? extends ConvexityChecker> checkers, PrintWriter out, PrintWriter err) {
    return run(s, ResumableRun.local(checkers, s.threads()), out, err);
  }

  /** The same with the draws run by 'runner' (a cluster job); {@code threads} is then only reported. */
  public static List<CountRow> run(Settings s, DrawRunner runner, PrintWriter out, PrintWriter err) {
    Map<DrawSpec, Domain> domains = new HashMap<>();
    for (DrawSpec spec : s.sweep().specs()) domains.put(spec, Domain.parseBox(s.box(), spec.inputDim()));
    Path csv = s.outDir().resolve(CSV);
    RunInfo info = RunInfo.of("count", s.seed(), s.draws(), s.box(), s.sweep().specs().get(0).skip(), s.checkerName());
    ResumableRun.Result<CountRow> result = new ResumableRun<>(CountRow.FORMAT, csv, info, s.resume(), s.overwrite())
        .run(s.sweep().specs(), s.draws(), s.seed(), domains::get, runner, s.quiet(), err);
    List<CountRow> rows = result.rows();
    if (s.heatmaps()) heatmaps(s.sweep(), rows, s.draws()).save(s.outDir(), "heatmap");
    out.print(Summary.table(rows));
    out.printf(Locale.ROOT, "%d architectures x %d draws; %d architectures drawn now in %.1f s (%.1f CPU-s) with %d threads; wrote %s%s%n",
        rows.size(), s.draws(), result.drawnNow(), result.seconds(), result.cpuSeconds(), s.threads(), csv,
        s.heatmaps() ? " and " + s.outDir().resolve("heatmap.png") + " (.svg)" : "");
    out.flush();
    return rows;
  }

  /** Convex and ICNN counts on the sweep's grid. */
  public static HeatmapPair heatmaps(Sweep sweep, List<CountRow> rows, int draws) {
    int[][] convex = new int[sweep.rows()][sweep.cols()], icnn = new int[sweep.rows()][sweep.cols()];
    Map<String, CountRow> byKey = new HashMap<>();
    for (CountRow r : rows) byKey.put(r.key(), r);
    for (int i = 0; i < sweep.rows(); i++)
      for (int j = 0; j < sweep.cols(); j++) {
        CountRow r = byKey.get(sweep.spec(i, j).key());
        convex[i][j] = r == null ? -1 : r.convex();
        icnn[i][j] = r == null ? -1 : r.icnn();
      }
    boolean skip = sweep.specs().get(0).skip();
    String title = (skip ? "SkipMLP" : "MLP") + ", " + sweep.title() + ": convex networks and ICNNs among " + draws + " draws";
    long unknown = rows.stream().filter(r -> r != null).mapToLong(CountRow::unknown).sum();
    return new HeatmapPair(title, sweep.rowAxis(), sweep.rowValues(), sweep.colAxis(), sweep.colValues(),
        "convex", convex, "ICNN", icnn)
        .footnote(unknown == 0 ? null : unknown + " draws with verdict unknown are in neither count (see counts.csv)");
  }
}
