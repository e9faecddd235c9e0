package org.reluconvex.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code reluconvex experiment}: the paper's experiments; see the subcommands. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
    description = "Reproduce the paper's experiments: counts of convex networks and ICNNs, check times.",
    subcommands = {CountCommand.class, TimingCommand.class})
public class ExperimentCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() { spec.commandLine().usage(System.err); }
}
