package org.reluconvex.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
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
    subcommands = {CountCommand.class, TimingCommand.class, ExperimentRegularizationCommand.class,
        ExperimentBeyondIcnnCommand.class})
public class ExperimentCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing experiment: one of "
        + String.join(", ", spec.subcommands().keySet()));
  }
}
