package org.reluconvex.complex;

/**
 * The default memory a complex may take: a fraction of the JVM's maximum heap, leaving the rest to
 * the network, the checks that read the complex and the JVM itself. A call asks for another limit
 * through its {@link BuildSettings} (the command line's {@code --max-memory}).
 */
public final class MemoryLimit {
  /** Share of the maximum heap a complex may take by default. */
  public static final double DEFAULT_FRACTION = 0.8;

  private MemoryLimit() {}

  /** The default: {@link #DEFAULT_FRACTION} of {@code Runtime.maxMemory()}. */
  public static long defaultBytes() {
    return (long) (DEFAULT_FRACTION * Runtime.getRuntime().maxMemory());
  }
}
