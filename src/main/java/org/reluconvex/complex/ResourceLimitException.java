package org.reluconvex.complex;

import java.util.Locale;

/**
 * A complex that would need more memory than the limit allows ({@link MemoryLimit}): thrown before
 * the allocation that would pass it, with the limit and the size reached, so that a too-large
 * request stops early with a message instead of running out of memory much later.
 */
public final class ResourceLimitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long neededBytes;
  private final long limitBytes;
  private final String reached;

  public ResourceLimitException(long neededBytes, long limitBytes, String reached) {
    super(String.format(Locale.ROOT, "the complex needs more than %s (limit %s)%s", bytes(neededBytes), bytes(limitBytes),
        reached == null ? "" : "; " + reached));
    this.neededBytes = neededBytes;
    this.limitBytes = limitBytes;
    this.reached = reached;
  }

  /** What was reached or estimated when the limit was hit (sizes), or null. */
  public String reached() { return reached; }

  /** Bytes the next step would have needed (a lower bound on what the whole complex needs). */
  public long neededBytes() { return neededBytes; }

  /** The limit in bytes. */
  public long limitBytes() { return limitBytes; }

  /** A size for people: 3.2 GB, 512 MB, 12 kB. */
  public static String bytes(long n) {
    if (n >= 1L << 30) return String.format(Locale.ROOT, "%.1f GB", n / (double) (1L << 30));
    if (n >= 1L << 20) return String.format(Locale.ROOT, "%.1f MB", n / (double) (1L << 20));
    if (n >= 1L << 10) return String.format(Locale.ROOT, "%.1f kB", n / (double) (1L << 10));
    return n + " B";
  }
}
