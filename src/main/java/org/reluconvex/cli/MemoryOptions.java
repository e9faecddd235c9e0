package org.reluconvex.cli;

import org.reluconvex.complex.MemoryLimit;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --max-memory SIZE} (how much memory the complex may take) and {@code --progress} (how the
 * computation reports on itself), as a picocli mixin of the commands that compute.
 */
public final class MemoryOptions {
  @Option(names = "--max-memory", paramLabel = "SIZE",
      description = "Stop with exit code 5 when the complex would need more memory than SIZE (bytes, or with K, M, G, T "
          + "for powers of 1024, or N%% of the JVM's maximum heap; default: "
          + (int) (100 * MemoryLimit.DEFAULT_FRACTION) + "%% of the maximum heap). A larger heap: java -Xmx...")
  String maxMemory;

  @Option(names = "--progress",
      description = "Report progress on standard error as JSON lines, {\"progress\": {\"kind\": \"pieces\"|\"programs\"|\"models\", \"done\": ...}}, "
          + "also when it is not a terminal (a terminal shows one line anyway). serve and the Python package use it.")
  boolean progress;

  @Spec(Spec.Target.MIXEE) CommandSpec command;

  /** Standard error of the command these options belong to (System.err outside picocli). */
  java.io.PrintWriter err() {
    return command != null ? command.commandLine().getErr() : new java.io.PrintWriter(System.err, true);
  }

  /** The limit in bytes. */
  long bytes() {
    return maxMemory == null ? MemoryLimit.defaultBytes() : MemoryLimit.parse(maxMemory);
  }
}
