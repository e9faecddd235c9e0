package org.reluconvex.complex;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.reluconvex.io.BadInputException;

/**
 * The default memory a complex may take: a fraction of the JVM's maximum heap, leaving the rest to
 * the network, the checks that read the complex and the JVM itself. A call asks for another limit
 * through its {@link BuildSettings} (the command line's {@code --max-memory}).
 */
public final class MemoryLimit {
  /** Share of the maximum heap a complex may take by default. */
  public static final double DEFAULT_FRACTION = 0.8;

  private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(?:([kmgt])i?b?|(b)|(%))?", Pattern.CASE_INSENSITIVE);

  private MemoryLimit() {}

  /** The default: {@link #DEFAULT_FRACTION} of {@code Runtime.maxMemory()}. */
  public static long defaultBytes() {
    return (long) (DEFAULT_FRACTION * Runtime.getRuntime().maxMemory());
  }

  /**
   * {@code --max-memory SIZE} as bytes: 3G, 512M, 2.5GB, 1000000, 50% (of this JVM's maximum heap);
   * here so that every application reads a size, and words its refusal, the same way.
   */
  public static long parse(String s) {
    Matcher m = SIZE.matcher(s.trim());
    if (!m.matches()) throw new BadInputException("--max-memory '" + s + "' is not a size such as 3G, 512M, 2000000 or 50%");
    double x = Double.parseDouble(m.group(1));
    double bytes;
    if (m.group(4) != null) bytes = x / 100 * Runtime.getRuntime().maxMemory();
    else if (m.group(2) != null) bytes = x * Math.pow(1024, "kmgt".indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1);
    else bytes = x;
    if (!(bytes >= 1) || bytes > Long.MAX_VALUE / 2)
      throw new BadInputException("--max-memory '" + s + "' must be at least 1 byte and at most " + ResourceLimitException.bytes(Long.MAX_VALUE / 2));
    return (long) bytes;
  }
}
