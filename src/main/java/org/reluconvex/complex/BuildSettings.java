package org.reluconvex.complex;

import org.reluconvex.precision.PrecisionPolicy;

/**
 * How a complex is built: the memory it may take (a build that would need more is refused early,
 * with {@link ResourceLimitException}), the snapping band of the precision policy ({@link
 * PrecisionPolicy#snapRelative}: a vertex within it of a neuron's zero set is put on it, a
 * heuristic the audit then proves or refuses), and a listener of the pieces done when a complex is
 * built piece after piece (null: none). Handed down by each call that builds, so that calls side by
 * side each keep their own.
 */
public record BuildSettings(long memoryBytes, double snapRelative, PieceRun.Listener progress) {
  public BuildSettings {
    if (memoryBytes <= 0) throw new IllegalArgumentException("memory limit must be positive, got " + memoryBytes);
    if (!(snapRelative >= 0 && snapRelative < 1e-3)) throw new IllegalArgumentException("snap band must be in [0, 1e-3), got " + snapRelative);
  }

  /** {@link MemoryLimit#defaultBytes()}, the default policy's snapping band, no listener. */
  public static BuildSettings defaults() {
    return of(PrecisionPolicy.DEFAULT);
  }

  /** {@link MemoryLimit#defaultBytes()}, the policy's snapping band, no listener. */
  public static BuildSettings of(PrecisionPolicy policy) {
    return new BuildSettings(MemoryLimit.defaultBytes(), policy.snapRelative(), null);
  }

  /** These settings with another memory limit. */
  public BuildSettings withMemory(long bytes) { return new BuildSettings(bytes, snapRelative, progress); }

  /** These settings with the policy's snapping band. */
  public BuildSettings withPolicy(PrecisionPolicy policy) { return new BuildSettings(memoryBytes, policy.snapRelative(), progress); }

  /** These settings with another listener of the pieces done. */
  public BuildSettings withProgress(PieceRun.Listener listener) { return new BuildSettings(memoryBytes, snapRelative, listener); }
}
