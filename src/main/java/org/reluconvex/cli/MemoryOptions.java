package org.reluconvex.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.reluconvex.complex.MemoryLimit;
import org.reluconvex.complex.ResourceLimitException;
import org.reluconvex.io.BadInputException;
import picocli.CommandLine.Option;

/** {@code --max-memory SIZE}: how much memory the complex may take, as a picocli mixin. */
public final class MemoryOptions {
  private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(?:([kmgt])i?b?|(b)|(%))?", Pattern.CASE_INSENSITIVE);

  @Option(names = "--max-memory", paramLabel = "SIZE",
      description = "Stop with exit code 5 when the complex would need more memory than SIZE (bytes, or with K, M, G, T "
          + "for powers of 1024, or N%% of the JVM's maximum heap; default: "
          + (int) (100 * MemoryLimit.DEFAULT_FRACTION) + "%% of the maximum heap). A larger heap: java -Xmx...")
  String maxMemory;

  /** The limit in bytes. */
  long bytes() {
    return maxMemory == null ? MemoryLimit.defaultBytes() : parse(maxMemory);
  }

  /** SIZE as bytes: 3G, 512M, 2.5GB, 1000000, 50% (of this JVM's maximum heap). */
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
