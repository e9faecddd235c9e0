package org.reluconvex.cli;

import org.reluconvex.convexity.MilpChecker;
import picocli.CommandLine.Option;

/** How the integer programs of {@code milp} run (also when {@code auto} chooses it). */
public final class MilpOptions {
  @Option(names = "--time-limit", paramLabel = "SECONDS",
      description = "Stop the integer programs after this many seconds in all and answer unknown for what is left (default: none).")
  Double timeLimit;

  @Option(names = "--solver", paramLabel = "NAME",
      description = "Integer-programming solver for milp: scip (default) or highs (slower here, and OR-Tools 9.12's HiGHS interface prints diagnostics on standard output: for comparisons, not with --json).")
  String solver = "scip";

  @Option(names = "--threads", paramLabel = "N",
      description = "Programs solved at once (default: one per core). The verdict does not depend on it.")
  Integer threads;

  MilpChecker.Settings settings() {
    return MilpChecker.Settings.parse(solver, timeLimit, threads);
  }
}
