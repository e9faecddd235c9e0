package org.reluconvex.convexity;

import org.reluconvex.complex.MemoryLimit;
import org.reluconvex.complex.BuildSettings;
import org.reluconvex.precision.PrecisionPolicy;

/**
 * How a check runs: every setting of {@code check} in one record, handed down to every method (no
 * setting is process-wide). Calls side by side may use different options.
 *
 * @param method the method ({@code auto} chooses by cost)
 * @param precision the policy under which every sign behind the verdict is decided
 * @param milp the integer programs' settings: time limit, threads, solver ({@link #withTimeLimit}, {@link #withThreads})
 * @param earlyTrials seeded trials of the early witness search before a complex is built (0: none; the
 *     command line uses {@link WitnessSearch#EARLY_TRIALS}); the verdict is the same either way
 * @param exhaustive the complex is built and counted where the method can ({@code auto} in d &le; 3
 *     builds it, as pieces when it is too large to hold, rather than deciding by integer programs), as
 *     {@code check --exhaustive}
 * @param maxMemoryBytes the memory a complex may take (0: {@link MemoryLimit#defaultBytes()}, 80% of the
 *     heap), as {@code --max-memory}; a complex that needs more is a {@link
 *     org.reluconvex.complex.ResourceLimitException}, raised before the heap runs out
 * @param progress told of each piece done when a complex is built piece after piece, and of each
 *     integer program solved (null: nobody)
 */
public record CheckOptions(Checks.Method method, PrecisionPolicy precision, MilpChecker.Settings milp, int earlyTrials, boolean exhaustive,
    long maxMemoryBytes, Progress progress) {
  public CheckOptions {
    if (method == null || precision == null || milp == null)
      throw new IllegalArgumentException("options need a method, a precision policy and milp settings");
    if (earlyTrials < 0) throw new IllegalArgumentException("earlyTrials must be at least 0, got " + earlyTrials);
    if (maxMemoryBytes < 0) throw new IllegalArgumentException("maxMemoryBytes must be at least 0 (0: the default), got " + maxMemoryBytes);
  }

  /** {@code auto}, the default precision policy, default integer-program settings, no early search, the default memory limit, no listener. */
  public static CheckOptions defaults() {
    return new CheckOptions(Checks.Method.AUTO, PrecisionPolicy.DEFAULT, MilpChecker.Settings.defaults(), 0, false, 0, null);
  }

  public CheckOptions withMethod(Checks.Method m) { return new CheckOptions(m, precision, milp, earlyTrials, exhaustive, maxMemoryBytes, progress); }

  public CheckOptions withPrecision(PrecisionPolicy p) { return new CheckOptions(method, p, milp, earlyTrials, exhaustive, maxMemoryBytes, progress); }

  public CheckOptions withMilp(MilpChecker.Settings s) { return new CheckOptions(method, precision, s, earlyTrials, exhaustive, maxMemoryBytes, progress); }

  public CheckOptions withEarlyTrials(int trials) { return new CheckOptions(method, precision, milp, trials, exhaustive, maxMemoryBytes, progress); }

  public CheckOptions withExhaustive(boolean e) { return new CheckOptions(method, precision, milp, earlyTrials, e, maxMemoryBytes, progress); }

  /** The memory a complex may take during the check (bytes; 0: the default). */
  public CheckOptions withMaxMemory(long bytes) { return new CheckOptions(method, precision, milp, earlyTrials, exhaustive, bytes, progress); }

  /** Who is told of each piece built and each program solved (null: nobody). */
  public CheckOptions withProgress(Progress l) { return new CheckOptions(method, precision, milp, earlyTrials, exhaustive, maxMemoryBytes, l); }

  /** The time limit of the integer programs (seconds, for the whole check; infinite: none), as {@code --time-limit}. */
  public CheckOptions withTimeLimit(double seconds) { return withMilp(milp.withTimeLimit(seconds)); }

  /** The threads of the integer programs, as {@code --threads} (the verdict does not depend on it). */
  public CheckOptions withThreads(int threads) { return withMilp(milp.withThreads(threads)); }

  /** The memory limit, the policy's snapping band and the listener, as the builds of the complex take them. */
  public BuildSettings build() {
    return new BuildSettings(maxMemoryBytes > 0 ? maxMemoryBytes : MemoryLimit.defaultBytes(), precision.snapRelative(), progress);
  }
}
