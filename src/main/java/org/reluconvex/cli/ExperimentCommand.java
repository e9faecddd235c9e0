package org.reluconvex.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code reluconvex experiment}: the paper's experiments. Each experiment is its own command class;
 * to add one, list it in {@code subcommands} below (or register it with
 * {@code commandLine.getSubcommands().get("experiment").addSubcommand(...)}).
 */
@Command(name = "experiment", mixinStandardHelpOptions = true,
    description = "Reproduce the paper's experiments: counts of convex networks and ICNNs, check times.",
    subcommands = {CountCommand.class, TimingCommand.class})
public class ExperimentCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() { spec.commandLine().usage(System.err); }
}
