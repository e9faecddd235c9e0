package org.reluconvex.soundness;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.reluconvex.network.Domain;
import org.reluconvex.convexity.Checks;
import org.reluconvex.convexity.Verdict;
import org.reluconvex.convexity.VerdictKind;
import org.reluconvex.convexity.Witness;
import org.reluconvex.io.JsonModel;
import org.reluconvex.network.Network;
import org.reluconvex.soundness.ExactOracle.Restriction;

/**
 * Runs the checker's front door ({@link Checks#check}) on one case and judges the verdict against
 * the exact oracle:
 *
 * <ul>
 *   <li>{@code not_convex}: the witness lies in the closed box, its midpoint is a double, and
 *       f((a+b)/2) &gt; (f(a)+f(b))/2 holds exactly;
 *   <li>{@code convex}: no line known to show a concave kink inside the checked box (found on the
 *       untransformed problem and mapped exactly), and none of a fresh set of exact lines through
 *       the checked box, shows one;
 *   <li>{@code unknown}: allowed, counted (and counted apart when the oracle knows f is not convex).
 * </ul>
 *
 * An exception or a time-out is a failure. Failures are collected, not thrown, so that one run
 * reports every kind; each message carries the network as JSON and the box, enough to replay it.
 */
final class Harness {
  private Harness() {}

  /** Seconds one checker call may take before it counts as a failure (the cases are tiny). */
  static final long TIMEOUT_SECONDS = Long.getLong("soundness.timeout", 60);

  private static final ExecutorService POOL = Executors.newFixedThreadPool(
      Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
        Thread t = new Thread(r, "soundness-check");
        t.setDaemon(true);
        return t;
      });

  /**
   * One problem handed to the checker. {@code mustBeConcave}: lines inside the box on which the
   * oracle has shown a concave kink (the verdict must not be convex). {@code freshLines}: how many
   * random lines to search when the checker says convex.
   */
  record Case(String kind, Gen.Family family, String recipe, String transform, Network net, double[] lo, double[] hi,
      List<Restriction> mustBeConcave, int freshLines) {}

  /** Counters of one kind (thread-confined to the property that owns it). */
  static final class Tally {
    final String kind;
    int cases, checks, convex, notConvex, unknown, unknownKnownNotConvex, knownNotConvex, discarded, failures;
    final Map<String, int[]> perFamily = new TreeMap<>(); // family -> {checks, convex, not, unknown, failures}
    final Map<String, Integer> failuresByReason = new TreeMap<>();
    final Map<String, Integer> unknownByReason = new TreeMap<>(); // method and the reason's first words
    final List<String> examples = new ArrayList<>();
    long nanos, oracleNanos;

    Tally(String kind) { this.kind = kind; }

    synchronized void fail(String reason, String message) {
      failures++;
      failuresByReason.merge(reason, 1, Integer::sum);
      if (examples.size() < 4) examples.add(message);
    }

    String summary() {
      StringBuilder sb = new StringBuilder();
      sb.append(String.format(Locale.ROOT,
          "%-18s cases %5d (oracle found a concave kink in %d), checks %5d: convex %5d, not_convex %5d, unknown %4d (%.1f%%; %d of them on known non-convex), failures %d, discarded %d, %.1f s (oracle's fresh lines %.1f s)%n",
          kind, cases, knownNotConvex, checks, convex, notConvex, unknown, checks == 0 ? 0.0 : 100.0 * unknown / checks, unknownKnownNotConvex,
          failures, discarded, nanos / 1e9, oracleNanos / 1e9));
      for (Map.Entry<String, int[]> e : perFamily.entrySet()) {
        int[] v = e.getValue();
        sb.append(String.format(Locale.ROOT, "    %-12s checks %4d: convex %4d, not_convex %4d, unknown %3d, failures %3d%n",
            e.getKey(), v[0], v[1], v[2], v[3], v[4]));
      }
      unknownByReason.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(6)
          .forEach(e -> sb.append("    unknown: ").append(e.getKey()).append(" x").append(e.getValue()).append('\n'));
      for (Map.Entry<String, Integer> e : failuresByReason.entrySet())
        sb.append("    failure: ").append(e.getKey()).append(" x").append(e.getValue()).append('\n');
      return sb.toString();
    }

    String report() {
      StringBuilder sb = new StringBuilder(summary());
      for (int i = 0; i < examples.size(); i++) sb.append("\n---- example ").append(i + 1).append(" ----\n").append(examples.get(i));
      return sb.toString();
    }
  }

  /** Methods to run: AUTO always, SKELETON on boxes of dimension at most 12 (every case here). */
  static List<Checks.Method> methods(int d) {
    return d <= Checks.MAX_SKELETON_DIM ? List.of(Checks.Method.AUTO, Checks.Method.SKELETON) : List.of(Checks.Method.AUTO);
  }

  /** The front door under test; the harness's own tests substitute broken checkers to see them caught. */
  @FunctionalInterface
  interface Checker {
    Verdict check(Network net, Domain box, Checks.Method method);
  }

  static final Checker FRONT_DOOR = Checks::check;

  /** Runs every method on the case (in parallel), judges each verdict and records it in the tally. */
  static void run(Case c, Tally tally, SplittableRandom r, Checker checker) {
    long t0 = System.nanoTime();
    tally.cases++;
    List<Checks.Method> methods = methods(c.net.inputDim());
    List<Future<Verdict>> futures = new ArrayList<>();
    Domain box = Domain.box(c.lo, c.hi);
    for (Checks.Method m : methods) futures.add(POOL.submit(() -> checker.check(c.net, box, m)));
    ExactOracle oracle = new ExactOracle(c.net);
    // the known concave lines are re-verified on the transformed network itself
    List<Restriction> known = new ArrayList<>();
    for (Restriction k : c.mustBeConcave) if (!k.convex()) known.add(k);
    if (known.size() != c.mustBeConcave.size())
      tally.fail("harness: a mapped concave line is not concave on the transformed network", describe(c, null, null, c.mustBeConcave.get(0), "mapped line lost its concave kink"));
    if (!known.isEmpty()) tally.knownNotConvex++;
    Lines.Search fresh = null;
    for (int i = 0; i < methods.size(); i++) {
      Checks.Method m = methods.get(i);
      Verdict v = null;
      String error = null;
      try {
        v = futures.get(i).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        futures.get(i).cancel(true);
        error = "time-out after " + TIMEOUT_SECONDS + " s";
      } catch (ExecutionException e) {
        error = stack(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      tally.checks++;
      int[] fam = tally.perFamily.computeIfAbsent(c.family.name().toLowerCase(Locale.ROOT), k -> new int[5]);
      fam[0]++;
      if (error != null) {
        fam[4]++;
        tally.fail(m + ": " + (error.startsWith("time-out") ? "time-out" : "exception " + error.lines().findFirst().orElse("")),
            describe(c, m, null, null, "the checker threw: " + error));
        continue;
      }
      switch (v.kind()) {
        case NOT_CONVEX -> {
          tally.notConvex++;
          fam[2]++;
          String bad = badWitness(oracle, v.witness(), c.lo, c.hi);
          if (bad != null) {
            fam[4]++;
            tally.fail(m + ": not_convex with a bad witness (" + bad.split(":")[0] + ")", describe(c, m, v, null, bad));
          }
        }
        case CONVEX -> {
          tally.convex++;
          fam[1]++;
          Restriction shown = known.isEmpty() ? null : known.get(0);
          String why = "not convex (expected not_convex or unknown): the oracle's line from the untransformed problem, mapped exactly, shows a concave kink inside the box";
          if (shown == null) {
            if (fresh == null) {
              long o0 = System.nanoTime();
              fresh = Lines.search(oracle, c.lo, c.hi, new SplittableRandom(r.nextLong()), c.freshLines, 1);
              tally.oracleNanos += System.nanoTime() - o0;
            }
            if (fresh.foundConcave()) {
              shown = fresh.concave().get(0);
              why = "not convex (expected not_convex or unknown): a fresh exact line through the checked box shows a concave kink (" + fresh.lines() + " lines searched)";
            }
          }
          if (shown != null) {
            fam[4]++;
            tally.fail(m + ": convex, oracle not convex", describe(c, m, v, shown, why));
          }
        }
        case UNKNOWN -> {
          tally.unknown++;
          fam[3]++;
          if (!known.isEmpty()) tally.unknownKnownNotConvex++;
          String why = String.valueOf(v.reason()).replaceAll("[0-9][-0-9.eE,\\[\\] ]*", "#");
          tally.unknownByReason.merge(m + ": " + why.substring(0, Math.min(90, why.length())), 1, Integer::sum);
        }
      }
    }
    tally.nanos += System.nanoTime() - t0;
  }

  /** Why a witness fails (null when it is good): in the closed box, midpoint a double, exact excess positive. */
  static String badWitness(ExactOracle oracle, Witness w, double[] lo, double[] hi) {
    if (w == null) return "no witness: the verdict carries none";
    double[] a = w.a(), b = w.b();
    if (a == null || b == null || a.length != lo.length || b.length != lo.length) return "malformed: wrong dimension";
    for (int i = 0; i < lo.length; i++) {
      if (!(lo[i] <= a[i] && a[i] <= hi[i])) return "outside the box: a[" + i + "] = " + a[i];
      if (!(lo[i] <= b[i] && b[i] <= hi[i])) return "outside the box: b[" + i + "] = " + b[i];
    }
    for (int i = 0; i < lo.length; i++)
      if (!Rational.of(a[i]).add(Rational.of(b[i])).multiply(Rational.HALF).isDouble())
        return "midpoint not a double: (a+b)/2 in coordinate " + i + " is not representable, eval cannot replay it";
    Rational ex = oracle.excess(Rational.of(a), Rational.of(b));
    if (ex.signum() <= 0) return "does not verify: exact f((a+b)/2) - (f(a)+f(b))/2 = " + ex;
    return null;
  }

  static String stack(Throwable t) {
    StringWriter sw = new StringWriter();
    t.printStackTrace(new PrintWriter(sw));
    String[] lines = sw.toString().split("\n");
    return String.join("\n", Arrays.copyOf(lines, Math.min(lines.length, 8)));
  }

  static String boxSpec(double[] lo, double[] hi) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < lo.length; i++) sb.append(i > 0 ? "," : "").append(lo[i]).append(':').append(hi[i]);
    return sb.toString();
  }

  /** A replayable description: what was checked, what the checker said, what the oracle says. */
  static String describe(Case c, Checks.Method m, Verdict v, Restriction line, String oracleSays) {
    StringBuilder sb = new StringBuilder();
    sb.append("kind: ").append(c.kind).append("; family: ").append(c.family).append(" (").append(c.recipe).append(")\n");
    sb.append("transformation: ").append(c.transform).append('\n');
    sb.append("box: --box ").append(boxSpec(c.lo, c.hi)).append('\n');
    if (m != null) sb.append("method: --method ").append(m.name().toLowerCase(Locale.ROOT)).append('\n');
    if (v != null) {
      sb.append("checker: ").append(v.kind().label()).append(" by ").append(v.method()).append("; reason: ").append(v.reason()).append('\n');
      if (v.witness() != null)
        sb.append("checker witness: a = ").append(Arrays.toString(v.witness().a())).append(", b = ").append(Arrays.toString(v.witness().b())).append('\n');
    }
    sb.append("oracle: ").append(oracleSays).append('\n');
    if (line != null) {
      int k = line.firstConcaveBreak();
      sb.append("oracle line: ").append(line.describe()).append('\n');
      if (k > 0) {
        Rational[][] w = line.witness(k);
        Rational[] mid = line.point(line.pieces().get(k).lo());
        sb.append("oracle witness (exact): a = ").append(Arrays.toString(w[0])).append(", b = ").append(Arrays.toString(w[1]))
            .append(", midpoint = ").append(Arrays.toString(mid)).append(", slope ").append(line.pieces().get(k - 1).slope())
            .append(" then ").append(line.pieces().get(k).slope()).append('\n');
        sb.append("oracle witness (nearest doubles, for eval): a = ").append(Arrays.toString(toDoubles(w[0])))
            .append(", b = ").append(Arrays.toString(toDoubles(w[1]))).append('\n');
      }
    }
    sb.append("network (JSON):\n").append(JsonModel.write(c.net));
    return sb.toString();
  }

  static double[] toDoubles(Rational[] x) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) y[i] = x[i].toDouble();
    return y;
  }
}
