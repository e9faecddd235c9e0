package org.reluconvex.cli;

import org.reluconvex.complex.MemoryLimit;
import picocli.CommandLine.Option;

/** {@code --max-memory SIZE}: how much memory the complex may take, as a picocli mixin. */
public final class MemoryOptions {
  @Option(names = "--max-memory", paramLabel = "SIZE",
      description = "Stop with exit code 5 when the complex would need more memory than SIZE (bytes, or with K, M, G, T "
          + "for powers of 1024, or N%% of the JVM's maximum heap; default: "
          + (int) (100 * MemoryLimit.DEFAULT_FRACTION) + "%% of the maximum heap). A larger heap: java -Xmx...")
  String maxMemory;

  /** The limit in bytes. */
  long bytes() {
    return maxMemory == null ? MemoryLimit.defaultBytes() : MemoryLimit.parse(maxMemory);
  }
}
