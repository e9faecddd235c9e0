package org.reluconvex.complex;

/**
 * What building a complex may use and whom it tells: the memory a complex may take (a build that
 * would need more is refused early, with {@link ResourceLimitException}) and a listener of the pieces
 * done when a complex is built piece after piece (null: none). Handed down by each call that builds,
 * so that calls side by side each keep their own.
 */
public record Resources(long memoryBytes, PieceRun.Listener progress) {
  public Resources {
    if (memoryBytes <= 0) throw new IllegalArgumentException("memory limit must be positive, got " + memoryBytes);
  }

  /** {@link MemoryLimit#defaultBytes()} and no listener. */
  public static Resources defaults() {
    return new Resources(MemoryLimit.defaultBytes(), null);
  }

  /** These resources with another memory limit. */
  public Resources withMemory(long bytes) { return new Resources(bytes, progress); }

  /** These resources with another listener of the pieces done. */
  public Resources withProgress(PieceRun.Listener listener) { return new Resources(memoryBytes, listener); }
}
