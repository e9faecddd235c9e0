package org.reluconvex.spark;

import org.reluconvex.CheckRequest;
import org.reluconvex.complex.MemoryLimit;
import org.reluconvex.network.Domain;
import picocli.CommandLine.Option;

/**
 * The options of {@code check} that the corpus job passes on to every model: declared here for
 * this job's help, read by the library's {@link CheckRequest} as {@code check} reads them.
 */
final class CheckFlags {
  @Option(names = "--box", paramLabel = "LO,HI|LO1:HI1,...",
      description = "As check: LO,HI in every coordinate, or LO1:HI1,LO2:HI2,... (default: " + Domain.DEFAULT_BOX + ").")
  String box;

  @Option(names = "--global", description = "As check: decide on all of R^d instead of a box.")
  boolean global;

  @Option(names = "--method", paramLabel = "METHOD", description = "As check (default auto).")
  String method;

  @Option(names = "--time-limit", paramLabel = "SECONDS", description = "As check: the integer programs' time limit per model.")
  Double timeLimit;

  @Option(names = "--solver", paramLabel = "NAME", description = "As check: scip (default) or highs.")
  String solver;

  @Option(names = "--threads", paramLabel = "N", description = "As check: integer programs solved at once within a task.")
  Integer threads;

  @Option(names = "--max-memory", paramLabel = "SIZE",
      description = "As check, on each executor (default: " + (int) (100 * MemoryLimit.DEFAULT_FRACTION) + "%% of its maximum heap).")
  String maxMemory;

  @Option(names = "--exhaustive", description = "As check: build the whole complex even when the early witness search decides.")
  boolean exhaustive;

  @Option(names = "--explain", description = "As check: report every hidden neuron.")
  boolean explain;

  /** The request, refused here (on the driver, before any task) where no model could make it right. */
  CheckRequest request() {
    return new CheckRequest(box, global, method, solver, timeLimit, threads, maxMemory, exhaustive, explain).validated();
  }
}
