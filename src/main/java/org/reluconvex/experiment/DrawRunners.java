package org.reluconvex.experiment;

import java.util.function.Supplier;
import org.reluconvex.convexity.ConvexityChecker;

/**
 * What runs the draws of {@code experiment count}, given the checker's name, the --witness-search
 * tries, the checkers they make and --threads: local threads ({@link #LOCAL}), or a cluster job in
 * the Spark module, which makes its checkers on the executors from the name and the tries
 * ({@link CheckerNames#of}).
 */
@FunctionalInterface
public interface DrawRunners {
  DrawRunners LOCAL = (checker, witnessSearch, checkers, threads) -> ResumableRun.local(checkers, threads);

  DrawRunner make(String checker, int witnessSearch, Supplier<ConvexityChecker> checkers, int threads);
}
