package org.reluconvex.experiment;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.reluconvex.network.Domain;

/**
 * Draws and checks every architecture and hands each one's outcomes over, in the order given, on the
 * calling thread: {@link DrawEngine} on local threads, or a cluster job. {@link ResumableRun} writes,
 * resumes and orders the rows whichever runs the draws.
 */
@FunctionalInterface
public interface DrawRunner {
  void run(List<DrawSpec> specs, int draws, long runSeed, Function<DrawSpec, Domain> domains, Progress progress,
      Consumer<Outcomes> done);
}
