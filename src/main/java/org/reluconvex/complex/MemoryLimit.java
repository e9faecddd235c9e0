package org.reluconvex.complex;

/**
 * The memory a complex may take, for the whole process (the heap is shared too): by default a
 * fraction of the JVM's maximum heap, leaving the rest to the network, the checks that read the
 * complex and the JVM itself. The command line sets it from {@code --max-memory} for one command.
 */
public final class MemoryLimit {
  /** Share of the maximum heap a complex may take by default. */
  public static final double DEFAULT_FRACTION = 0.8;

  private static volatile long bytes = -1;

  private MemoryLimit() {}

  /** The limit in bytes. */
  public static long bytes() {
    long b = bytes;
    return b > 0 ? b : defaultBytes();
  }

  /** The default: {@link #DEFAULT_FRACTION} of {@code Runtime.maxMemory()}. */
  public static long defaultBytes() {
    return (long) (DEFAULT_FRACTION * Runtime.getRuntime().maxMemory());
  }

  /** Sets the limit until the returned scope is closed (then the previous one applies again). */
  public static Scope set(long limit) {
    if (limit <= 0) throw new IllegalArgumentException("memory limit must be positive, got " + limit);
    long before = bytes;
    bytes = limit;
    return () -> bytes = before;
  }

  /** Restores the previous limit on close. */
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
