package org.reluconvex.soundness;

import org.reluconvex.convexity.CheckOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.reluconvex.ReluConvex;
import org.reluconvex.convexity.Checks;
import org.reluconvex.convexity.Verdict;
import org.reluconvex.convexity.Witness;
import org.reluconvex.convexity.WitnessSearch;
import org.reluconvex.io.JsonModel;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;
import org.reluconvex.soundness.ExactOracle.Restriction;
import org.reluconvex.soundness.ThinGen.ThinCase;

/**
 * Runs the thin-geometry cases ({@link ThinGen}) through every method and judges each verdict
 * against the truth established without any checker: the construction's exact derivation, confirmed
 * (for "not convex") by the exact oracle on a probe line, or the oracle alone.
 *
 * <ul>
 *   <li>{@code convex} where the oracle has a line with a concave kink inside the box: failure;
 *   <li>{@code not_convex} whose witness is outside the closed box, has a midpoint that is not a
 *       double, or has no exact positive excess (computed by the oracle, not by the checker): failure;
 *   <li>an exception or a time-out: failure; {@code unknown}: allowed, counted.
 * </ul>
 *
 * Methods, as the command line runs them ({@code check}, {@code check --method M}: the early witness
 * search of {@link WitnessSearch#EARLY_TRIALS} trials where the method builds a complex): auto, skeleton,
 * cells, milp, onelayer (one hidden layer only); and {@code auto0}, {@link Harness#FRONT_DOOR}
 * ({@code Checks.check} with no early search), so that a wrong answer of the methods behind auto is
 * not hidden by the early search.
 */
final class ThinHarness {
  private ThinHarness() {}

  /** Seconds one checker call may take before it counts as a failure. */
  static final long TIMEOUT_SECONDS = Long.getLong("soundness.thin.timeout", 120);

  /** A method as the CLI runs it. */
  enum M {
    AUTO("auto"), AUTO0("auto0"), SKELETON("skeleton"), CELLS("cells"), MILP("milp"), ONELAYER("onelayer");

    final String label;

    M(String label) { this.label = label; }

    Checks.Method method() {
      return switch (this) {
        case AUTO, AUTO0 -> Checks.Method.AUTO;
        case SKELETON -> Checks.Method.SKELETON;
        case CELLS -> Checks.Method.CELLS;
        case MILP -> Checks.Method.MILP;
        case ONELAYER -> Checks.Method.ONELAYER;
      };
    }

    /** The flags of {@code reluconvex check} for this method. */
    String cli() { return this == AUTO ? "" : this == AUTO0 ? "(Checks.check, no early search)" : "--method " + label; }

    Verdict check(Network net, Domain box) {
      if (this == AUTO0) return Harness.FRONT_DOOR.check(net, box, Checks.Method.AUTO);
      return ReluConvex.check(net, box, CheckOptions.defaults().withMethod(method()).withEarlyTrials(WitnessSearch.EARLY_TRIALS));
    }
  }

  private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "thin-geometry-check");
    t.setDaemon(true);
    return t;
  });

  /** Counts of one family and method. */
  static final class Cell {
    int checks, convex, notConvex, unknown, unknownOnNotConvex, failures;
    long nanos, maxNanos;
    final Map<String, Integer> failuresByKind = new TreeMap<>();
  }

  /** One failure, replayable. */
  record Failure(String family, String key, int size, String text) {}

  /** Everything one run saw: per family (row) and method (column). */
  static final class Stats {

    final Map<String, Map<M, Cell>> cells = new LinkedHashMap<>();
    final Map<String, int[]> cases = new LinkedHashMap<>(); // family -> {cases, truth not convex, truth convex, truth unknown, derived FALSE but oracle missed}
    final Map<String, List<Failure>> failures = new TreeMap<>(); // kind -> the shortest few
    final Map<String, Integer> harnessProblems = new TreeMap<>();
    final List<String> harnessExamples = new ArrayList<>();
    final Map<String, Integer> unknownReasons = new TreeMap<>();
    /** One line per check: family, d, hidden layers, method, verdict, milliseconds, failure kind. */
    final StringBuilder csv = new StringBuilder("family,d,hidden,method,verdict,ms,failure\n");

    synchronized void row(ThinCase c, M m, String verdict, long nanos, String failure) {
      csv.append(c.family()).append(',').append(c.lo().length).append(',').append(c.net().hiddenLayers()).append(',').append(m.label).append(',')
          .append(verdict).append(',').append(String.format(Locale.ROOT, "%.1f", nanos / 1e6)).append(',').append(failure == null ? "" : failure.replace(',', ';')).append('\n');
    }

    synchronized Cell cell(String family, M m) {
      return cells.computeIfAbsent(family, k -> new LinkedHashMap<>()).computeIfAbsent(m, k -> new Cell());
    }

    synchronized int[] caseCounts(String family) { return cases.computeIfAbsent(family, k -> new int[5]); }

    synchronized String fail(String family, M m, String kind, ThinCase c, String text) {
      Cell cell = cell(family, m);
      cell.failures++;
      cell.failuresByKind.merge(kind, 1, Integer::sum);
      String key = m.label + ": " + kind;
      List<Failure> l = failures.computeIfAbsent(key, k -> new ArrayList<>());
      l.add(new Failure(family, key, json(c.net()).length() + Harness.boxSpec(c.lo(), c.hi()).length(), text));
      l.sort(Comparator.comparingInt(Failure::size));
      if (l.size() > 3) l.remove(3);
      return kind;
    }

    synchronized void harness(String what, String text) {
      harnessProblems.merge(what, 1, Integer::sum);
      if (harnessExamples.size() < 5) harnessExamples.add(text);
    }

    synchronized int failuresOf(String family) {
      int n = 0;
      for (Cell c : cells.getOrDefault(family, Map.of()).values()) n += c.failures;
      return n;
    }

    synchronized String table(List<String> families) {
      StringBuilder sb = new StringBuilder();
      sb.append(String.format(Locale.ROOT, "%-9s %-9s %6s %6s %6s %6s %6s %6s %8s %8s  %s%n", "family", "method", "checks", "convex", "not_cv", "unknwn", "unk|nc",
          "fail", "mean ms", "max ms", "failures by kind"));
      int[] tot = new int[6];
      for (String f : families) {
        Map<M, Cell> row = cells.get(f);
        if (row == null) continue;
        int[] cc = caseCounts(f);
        sb.append(String.format(Locale.ROOT, "%s: %d cases (truth: %d not convex, %d convex, %d left to the oracle's search; %d derived not convex that the oracle's lines missed)%n",
            f, cc[0], cc[1], cc[2], cc[3], cc[4]));
        for (M m : M.values()) {
          Cell c = row.get(m);
          if (c == null) continue;
          sb.append(String.format(Locale.ROOT, "%-9s %-9s %6d %6d %6d %6d %6d %6d %8.1f %8.1f  %s%n", f, m.label, c.checks, c.convex, c.notConvex, c.unknown,
              c.unknownOnNotConvex, c.failures, c.checks == 0 ? 0 : c.nanos / 1e6 / c.checks, c.maxNanos / 1e6, c.failuresByKind.isEmpty() ? "" : c.failuresByKind));
          tot[0] += c.checks;
          tot[1] += c.convex;
          tot[2] += c.notConvex;
          tot[3] += c.unknown;
          tot[4] += c.unknownOnNotConvex;
          tot[5] += c.failures;
        }
      }
      sb.append(String.format(Locale.ROOT, "%-19s %6d %6d %6d %6d %6d %6d%n", "total", tot[0], tot[1], tot[2], tot[3], tot[4], tot[5]));
      sb.append("(unk|nc: unknown where the oracle proved not convex; failures: wrong convex, bad witness, exception, time-out)\n");
      if (!harnessProblems.isEmpty()) sb.append("HARNESS PROBLEMS: ").append(harnessProblems).append('\n');
      for (String h : harnessExamples) sb.append("---- harness problem ----\n").append(h).append('\n');
      return sb.toString();
    }

    synchronized String reproducers(String onlyFamily, int perKind) {
      StringBuilder sb = new StringBuilder();
      for (Map.Entry<String, List<Failure>> e : failures.entrySet()) {
        int n = 0;
        for (Failure f : e.getValue()) {
          if (onlyFamily != null && !onlyFamily.equals(f.family())) continue;
          if (n++ >= perKind) break;
          sb.append("==== ").append(e.getKey()).append(" (").append(f.family()).append(") ====\n").append(f.text()).append('\n');
        }
      }
      return sb.toString();
    }

    synchronized String unknownSummary() {
      StringBuilder sb = new StringBuilder();
      unknownReasons.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(15)
          .forEach(e -> sb.append("  unknown x").append(e.getValue()).append(": ").append(e.getKey()).append('\n'));
      return sb.toString();
    }
  }

  /** The network as one line of JSON. */
  static String json(Network net) { return JsonModel.write(net).replaceAll("\\s+", ""); }

  /** Largest d for which {@code --method skeleton} runs on every case (beyond it, up to {@link Checks#MAX_SKELETON_DIM}, on some). */
  static final int SKELETON_EVERY_DIM = Integer.getInteger("soundness.thin.skeletonDim", 8);

  /**
   * Which methods a case runs: auto (as {@code check}), auto0, cells; skeleton for d &le; {@link
   * #SKELETON_EVERY_DIM}, and up to {@link Checks#MAX_SKELETON_DIM} where {@code bigSkeleton} (beyond that
   * the skeleton refuses: 2^d corners, a documented limit and a usage error, not an internal one); milp
   * where {@code withMilp}; onelayer with one hidden layer.
   */
  static List<M> methods(Network net, boolean withMilp, boolean bigSkeleton) {
    List<M> ms = new ArrayList<>(List.of(M.AUTO, M.AUTO0, M.CELLS));
    int d = net.inputDim();
    if (d <= Math.min(SKELETON_EVERY_DIM, Checks.MAX_SKELETON_DIM) || (bigSkeleton && d <= Checks.MAX_SKELETON_DIM)) ms.add(M.SKELETON);
    if (withMilp) ms.add(M.MILP);
    if (net.hiddenLayers() == 1) ms.add(M.ONELAYER);
    return ms;
  }

  /** Runs one case through the methods, establishes the truth with the oracle meanwhile, and judges. */
  static void run(ThinCase c, Stats stats, SplittableRandom r, boolean withMilp, boolean bigSkeleton) {
    String fam = c.family();
    List<M> methods = methods(c.net(), withMilp, bigSkeleton);
    Domain box = Domain.box(c.lo(), c.hi());
    List<Future<Object[]>> futures = new ArrayList<>();
    for (M m : methods)
      futures.add(POOL.submit(() -> {
        long t0 = System.nanoTime();
        Verdict v = m.check(c.net(), box);
        return new Object[] {v, System.nanoTime() - t0};
      }));
    // the truth, without any checker
    ExactOracle oracle = new ExactOracle(c.net());
    Rational[] lo = Rational.of(c.lo()), hi = Rational.of(c.hi());
    Restriction concave = null;
    for (Rational[][] pq : c.probes()) {
      Restriction res = oracle.restrict(pq[0], pq[1], lo, hi);
      if (res != null && !res.convex()) {
        concave = res;
        break;
      }
    }
    if (concave == null && c.derived() != Boolean.TRUE) {
      Lines.Search s = Lines.search(oracle, c.lo(), c.hi(), new SplittableRandom(r.nextLong()), c.derived() == Boolean.FALSE ? 40 : 16, 1);
      if (s.foundConcave()) concave = s.concave().get(0);
    }
    int[] cc = stats.caseCounts(fam);
    synchronized (stats) {
      cc[0]++;
      if (concave != null) cc[1]++;
      else if (c.derived() == Boolean.TRUE) cc[2]++;
      else cc[3]++;
      if (concave == null && c.derived() == Boolean.FALSE) cc[4]++;
    }
    if (c.derived() == Boolean.TRUE && concave != null)
      stats.harness("derivation says convex, the oracle shows a concave kink", describe(c, null, null, concave, "derivation: convex"));
    Lines.Search fresh = null;
    for (int i = 0; i < methods.size(); i++) {
      M m = methods.get(i);
      Verdict v = null;
      String error = null;
      long nanos = 0;
      try {
        Object[] res = futures.get(i).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        v = (Verdict) res[0];
        nanos = (Long) res[1];
      } catch (TimeoutException e) {
        futures.get(i).cancel(true);
        error = "time-out after " + TIMEOUT_SECONDS + " s";
        nanos = TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
      } catch (ExecutionException e) {
        error = Harness.stack(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      Cell cell = stats.cell(fam, m);
      synchronized (stats) {
        cell.checks++;
        cell.nanos += nanos;
        cell.maxNanos = Math.max(cell.maxNanos, nanos);
      }
      if (error != null) {
        String kind = error.startsWith("time-out") ? "time-out" : "exception " + shortError(error);
        stats.fail(fam, m, kind, c, describe(c, m, null, concave, "the checker threw: " + error));
        stats.row(c, m, "error", nanos, kind);
        continue;
      }
      String failed = null;
      switch (v.kind()) {
        case NOT_CONVEX -> {
          synchronized (stats) { cell.notConvex++; }
          String bad = Harness.badWitness(oracle, v.witness(), c.lo(), c.hi());
          if (bad == null) { // the library's own exact excess (what eval --exact prints) must agree with the oracle's
            String mismatch;
            try {
              java.math.BigDecimal ex = Witness.exactExcess(c.net(), v.witness().a(), v.witness().b());
              mismatch = ex.signum() > 0 ? null : "Witness.exactExcess = " + ex + " but the oracle's exact excess is positive";
            } catch (RuntimeException e) {
              mismatch = "Witness.exactExcess threw " + e;
            }
            if (mismatch != null) failed = stats.fail(fam, m, "Witness.exactExcess disagrees with the oracle", c, describe(c, m, v, concave, mismatch));
          }
          if (bad != null) {
            String kind = bad.startsWith("does not verify") ? "witness without positive exact excess"
                : bad.startsWith("outside") ? "witness outside the box" : bad.startsWith("midpoint") ? "witness midpoint not a double" : "no or malformed witness";
            failed = stats.fail(fam, m, kind, c, describe(c, m, v, concave, bad));
          }
        }
        case CONVEX -> {
          synchronized (stats) { cell.convex++; }
          Restriction shown = concave;
          if (shown == null && c.derived() != Boolean.TRUE) {
            if (fresh == null) fresh = Lines.search(oracle, c.lo(), c.hi(), new SplittableRandom(r.nextLong()), 40, 1);
            if (fresh.foundConcave()) shown = fresh.concave().get(0);
          }
          if (shown != null) failed = stats.fail(fam, m, "wrong convex", c, describe(c, m, v, shown, "not convex: an exact line shows a concave kink inside the box"));
        }
        case UNKNOWN -> {
          synchronized (stats) {
            cell.unknown++;
            if (concave != null) cell.unknownOnNotConvex++;
            String why = String.valueOf(v.reason()).replaceAll("[0-9][-0-9.eE,\\[\\] ]*", "#");
            stats.unknownReasons.merge(fam + "/" + m.label + ": " + why.substring(0, Math.min(100, why.length())), 1, Integer::sum);
          }
        }
      }
      stats.row(c, m, v.kind().label(), nanos, failed);
    }
  }

  /** "IllegalStateException: kink across a zero or non-finite normal", numbers left out: the kind of an exception. */
  static String shortError(String stack) {
    String first = stack.lines().findFirst().orElse("");
    first = first.replaceAll("^[a-z.]*\\.(?=[A-Z])", "").replaceAll("[-+]?[0-9][-+0-9.eE,\\[\\] ]*|\\[[^\\]]*\\]", "#");
    return first.length() <= 70 ? first : first.substring(0, 70) + "...";
  }

  private static String cut(Rational x) {
    String s = x.toString();
    return s.length() <= 60 ? s : s.substring(0, 25) + "..." + s.substring(s.length() - 25) + " (~" + x.toDouble() + ")";
  }

  /** A replayable description: model JSON, box, method, verdict, the oracle's line and exact witness. */
  static String describe(ThinCase c, M m, Verdict v, Restriction line, String oracleSays) {
    StringBuilder sb = new StringBuilder();
    sb.append("family: ").append(c.family()).append(" (").append(c.recipe()).append(")\n");
    sb.append("derived: ").append(c.derived() == null ? "(oracle only)" : c.derived() ? "convex" : "not convex").append('\n');
    sb.append("box: --box ").append(Harness.boxSpec(c.lo(), c.hi())).append('\n');
    if (m != null) sb.append("method: ").append(m.label).append(m.cli().isEmpty() ? "" : " " + m.cli()).append('\n');
    if (v != null) {
      sb.append("checker: ").append(v.kind().label()).append(" by ").append(v.method()).append("; reason: ").append(v.reason()).append('\n');
      if (v.witness() != null)
        sb.append("checker witness: a = ").append(Arrays.toString(v.witness().a())).append(", b = ").append(Arrays.toString(v.witness().b()))
            .append(", excess (double) ").append(v.witness().excess()).append('\n');
    }
    sb.append("oracle: ").append(oracleSays).append('\n');
    if (line != null) {
      int k = line.firstConcaveBreak();
      if (k > 0) {
        Rational[][] w = line.witness(k);
        sb.append("oracle line: slope ").append(cut(line.pieces().get(k - 1).slope())).append(" then ").append(cut(line.pieces().get(k).slope()))
            .append(" at t = ").append(cut(line.pieces().get(k).lo())).append('\n');
        sb.append("oracle witness (nearest doubles): a = ").append(Arrays.toString(Harness.toDoubles(w[0]))).append(", b = ")
            .append(Arrays.toString(Harness.toDoubles(w[1]))).append('\n');
      }
    }
    sb.append("model: ").append(json(c.net())).append('\n');
    return sb.toString();
  }
}
