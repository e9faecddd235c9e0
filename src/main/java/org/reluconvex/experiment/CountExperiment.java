package org.reluconvex.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.reluconvex.complex.Domain;
import org.reluconvex.convexity.ConvexityChecker;
import org.reluconvex.plot.HeatmapPair;

/**
 * {@code experiment count}: counts convex networks and ICNNs among random draws of every
 * architecture of a {@link Sweep}, writing {@code counts.csv} row by row (in sweep order), then
 * the heatmaps {@code heatmap.png}/{@code .svg} and a summary table.
 *
 * <p>The CSV is valid at every moment (see {@link RowFile}); with {@code resume} the rows already
 * in it for the same settings ({@link RunInfo}) are kept and only the missing architectures are
 * drawn. The finished file is rewritten in sweep order, so it does not depend on interruptions.
 */
public final class CountExperiment {
  public static final String CSV = "counts.csv";

  /** What to run. {@code box} is a {@link Domain#parseBox} spec applied in each architecture's dimension. */
  public record Settings(Sweep sweep, int draws, long seed, String box, String checkerName, int threads, Path outDir,
      boolean resume, boolean overwrite, boolean quiet, boolean heatmaps) {}

  private CountExperiment() {}

  /** Runs the experiment; returns the rows in sweep order. */
  public static List<CountRow> run(Settings s, Supplier<? extends ConvexityChecker> checkers, PrintStream out, PrintStream err) {
    if (s.draws() < 1) throw new IllegalArgumentException("--draws must be at least 1, got " + s.draws());
    Map<DrawSpec, Domain> domains = new HashMap<>();
    for (DrawSpec spec : s.sweep().specs()) domains.put(spec, Domain.parseBox(s.box(), spec.inputDim()));
    Path dir = s.outDir();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
    }
    Path csv = dir.resolve(CSV);
    RunInfo info = RunInfo.of("count", s.seed(), s.draws(), s.box(), s.sweep().specs().get(0).skip(), s.checkerName());
    Map<String, CountRow> kept = previousRows(s, csv, info, dir);
    info.write(dir);

    List<String> carried = new ArrayList<>();
    List<DrawSpec> todo = new ArrayList<>();
    for (DrawSpec spec : s.sweep().specs()) {
      CountRow r = kept.get(spec.key());
      if (r != null) carried.add(r.toCsv());
      else todo.add(spec);
    }
    if (!carried.isEmpty()) err.println("resuming: " + carried.size() + " of " + s.sweep().specs().size() + " architectures already in " + csv);

    Map<String, CountRow> rows = new LinkedHashMap<>(kept);
    long t0 = System.nanoTime();
    try (RowFile file = RowFile.create(csv, CountRow.HEADER, carried);
        Progress progress = Progress.onStderr("count", (long) todo.size() * s.draws(), s.quiet())) {
      Thread hook = new Thread(() -> {
        file.close();
        err.println("interrupted: " + file.rows() + " of " + s.sweep().specs().size() + " architectures are in " + csv
            + "; continue with --resume");
      }, "reluconvex-flush");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        new DrawEngine(checkers, s.threads(), progress).run(todo, s.draws(), s.seed(), domains::get, o -> {
          CountRow r = CountRow.of(o);
          file.append(r.toCsv());
          rows.put(r.key(), r);
          if (o.failures() > 0)
            err.println("warning: " + o.failures() + " checks of " + o.spec() + " failed and count as unknown; first: " + o.firstFailure());
          if (o.icnnNotConvex() > 0)
            err.println("warning: the checker found " + o.icnnNotConvex() + " ICNN draws of " + o.spec() + " not convex (an ICNN is always convex)");
        });
      } finally {
        Runtime.getRuntime().removeShutdownHook(hook);
      }
    }
    double seconds = (System.nanoTime() - t0) * 1e-9;

    List<CountRow> ordered = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    for (DrawSpec spec : s.sweep().specs()) {
      CountRow r = rows.get(spec.key());
      ordered.add(r);
      lines.add(r.toCsv());
    }
    RowFile.writeAtomically(csv, CountRow.HEADER, lines);
    if (s.heatmaps()) heatmaps(s.sweep(), ordered, s.draws()).save(dir, "heatmap");
    out.print(Summary.table(ordered));
    out.printf(java.util.Locale.ROOT, "%d architectures x %d draws, %d drawn now in %.1f s with %d threads; wrote %s%s%n",
        ordered.size(), s.draws(), todo.size() * s.draws(), seconds, s.threads(), csv,
        s.heatmaps() ? " and " + dir.resolve("heatmap.png") + " (.svg)" : "");
    return ordered;
  }

  private static Map<String, CountRow> previousRows(Settings s, Path csv, RunInfo info, Path dir) {
    Map<String, CountRow> kept = new HashMap<>();
    boolean exists = Files.exists(csv);
    if (!s.resume()) {
      if (exists && !s.overwrite())
        throw new IllegalArgumentException(csv + " already exists: continue it with --resume or replace it with --overwrite");
      return kept;
    }
    if (!exists) return kept;
    RunInfo stored = RunInfo.read(dir);
    if (stored == null) throw new IllegalArgumentException("cannot resume: " + dir.resolve(RunInfo.FILE) + " is missing");
    info.requireSameAs(stored, dir);
    for (String line : RowFile.readRows(csv, CountRow.HEADER)) {
      CountRow r = CountRow.parse(line);
      if (r.draws() == s.draws()) kept.put(r.key(), r);
    }
    return kept;
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
    return new HeatmapPair(title, sweep.rowAxis(), sweep.rowValues(), sweep.colAxis(), sweep.colValues(),
        "convex", convex, "ICNN", icnn);
  }
}
