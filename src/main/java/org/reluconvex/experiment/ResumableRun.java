package org.reluconvex.experiment;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.reluconvex.network.Domain;
import org.reluconvex.convexity.ConvexityChecker;

/**
 * The part every experiment shares: draw and check every architecture, append one CSV row per
 * finished architecture (in the given order, see {@link RowFile}), keep the rows of an earlier run
 * with the same {@link RunInfo} when resuming (rows for architectures outside the new list are kept
 * too, after it), and leave the finished file in the given order. A
 * shutdown hook closes the file on Ctrl-C and says how to continue.
 */
public final class ResumableRun<R> {
  private final RowFormat<R> format;
  private final Path csv;
  private final RunInfo info;
  private final boolean resume, overwrite;

  public ResumableRun(RowFormat<R> format, Path csv, RunInfo info, boolean resume, boolean overwrite) {
    this.format = format;
    this.csv = csv;
    this.info = info;
    this.resume = resume;
    this.overwrite = overwrite;
  }

  /** Result of a run: the rows in spec order and how many architectures were drawn now. */
  /**
   * Result of a run: the rows in spec order, how many architectures were drawn now, the wall time
   * and the CPU time the workers spent on them (the figure to extrapolate from on a shared machine).
   */
  public record Result<R>(List<R> rows, int drawnNow, double seconds, double cpuSeconds) {}

  public Result<R> run(List<DrawSpec> specs, int draws, long seed, Function<DrawSpec, Domain> domains,
      Supplier<? extends ConvexityChecker> checkers, int threads, boolean quiet, PrintWriter err) {
    return run(specs, draws, seed, domains, local(checkers, threads), quiet, err);
  }

  /** The draws on 'threads' local threads, each with its own checker. */
  public static DrawRunner local(Supplier<? extends ConvexityChecker> checkers, int threads) {
    // refused here, before a run writes anything
    if (threads < 1) throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
    return (specs, draws, seed, domains, progress, done) -> new DrawEngine(checkers, threads, progress).run(specs, draws, seed, domains, done);
  }

  /** The same with the draws run by 'runner' (local threads, or a cluster). */
  public Result<R> run(List<DrawSpec> specs, int draws, long seed, Function<DrawSpec, Domain> domains,
      DrawRunner runner, boolean quiet, PrintWriter err) {
    if (draws < 1) throw new IllegalArgumentException("--draws must be at least 1, got " + draws);
    for (DrawSpec spec : specs) domains.apply(spec); // a bad box fails before anything is written
    Path dir = csv.toAbsolutePath().getParent();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
    }
    Map<String, R> rows = previousRows(dir, draws);
    // rows of an earlier run with the same settings but outside this sweep are kept, after the sweep's rows
    java.util.Set<String> keys = new java.util.HashSet<>();
    for (DrawSpec spec : specs) keys.add(spec.key());
    List<String> others = new ArrayList<>();
    for (Map.Entry<String, R> e : rows.entrySet()) if (!keys.contains(e.getKey())) others.add(format.toCsv(e.getValue()));
    info.write(dir);
    List<String> carried = new ArrayList<>();
    List<DrawSpec> todo = new ArrayList<>();
    for (DrawSpec spec : specs) {
      R r = rows.get(spec.key());
      if (r != null) carried.add(format.toCsv(r));
      else todo.add(spec);
    }
    carried.addAll(others);
    if (!carried.isEmpty()) err.println("resuming: " + carried.size() + " of " + specs.size() + " architectures already in " + csv);

    long t0 = System.nanoTime();
    long[] cpu = {0};
    try (RowFile file = RowFile.create(csv, format.header(), carried);
        Progress progress = Progress.onStderr(info.values().getOrDefault("experiment", "draws"), (long) todo.size() * draws, quiet)) {
      Thread hook = new Thread(() -> {
        file.close();
        err.println("interrupted: " + file.rows() + " of " + specs.size() + " architectures are in " + csv + "; continue with --resume");
        err.flush();
      }, "reluconvex-flush");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        runner.run(todo, draws, seed, domains, progress, o -> {
          cpu[0] += o.cpuNanos();
          R r = format.of(o);
          file.append(format.toCsv(r));
          rows.put(format.key(r), r);
          if (o.failures() > 0)
            err.println("warning: " + o.failures() + " checks of " + o.spec() + " failed and count as unknown; first: " + o.firstFailure());
          if (o.icnnNotConvex() > 0)
            err.println("warning: the checker found " + o.icnnNotConvex() + " ICNN draws of " + o.spec() + " not convex (an ICNN is always convex)");
        });
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running: nothing to remove
        }
      }
    }
    double seconds = (System.nanoTime() - t0) * 1e-9;
    List<R> ordered = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    for (DrawSpec spec : specs) {
      R r = rows.get(spec.key());
      ordered.add(r);
      lines.add(format.toCsv(r));
    }
    lines.addAll(others);
    RowFile.writeAtomically(csv, format.header(), lines);
    return new Result<>(ordered, todo.size(), seconds, cpu[0] * 1e-9);
  }

  private Map<String, R> previousRows(Path dir, int draws) {
    Map<String, R> kept = new java.util.LinkedHashMap<>(); // file order
    boolean exists = Files.exists(csv);
    if (!resume) {
      if (exists && !overwrite)
        throw new IllegalArgumentException(csv + " already exists: continue it with --resume or replace it with --overwrite");
      return kept;
    }
    if (!exists) return kept;
    RunInfo stored = RunInfo.read(dir);
    if (stored == null) throw new IllegalArgumentException("cannot resume: " + dir.resolve(RunInfo.FILE) + " is missing");
    info.requireSameAs(stored, dir);
    for (String line : RowFile.readRows(csv, format.header())) {
      R r = format.parse(line);
      if (format.draws(r) == draws) kept.put(format.key(r), r);
    }
    return kept;
  }
}
