package org.reluconvex.properties;

import org.reluconvex.network.Domain;

/**
 * Whether f is monotone in the inputs asked about on a domain: {@code monotone} (proven),
 * {@code not_monotone} (with a witness checked exactly) or {@code unknown} (with the reason).
 *
 * @param increasing the inputs in which f should not decrease
 * @param decreasing the inputs in which f should not increase
 * @param cells the cells walked (-1 when the method walks none)
 */
public record MonotoneVerdict(Kind kind, String method, Domain domain, int[] increasing, int[] decreasing, MonotoneWitness witness,
    String reason, long cells) {

  /** The three answers, with their labels and exit codes (as for convexity: 0, 1, 3). */
  public enum Kind {
    MONOTONE("monotone", 0),
    NOT_MONOTONE("not_monotone", 1),
    UNKNOWN("unknown", 3);

    private final String label;
    private final int exitCode;

    Kind(String label, int exitCode) {
      this.label = label;
      this.exitCode = exitCode;
    }

    public String label() { return label; }

    public int exitCode() { return exitCode; }
  }

  public MonotoneVerdict {
    increasing = increasing.clone();
    decreasing = decreasing.clone();
  }

  public boolean isMonotone() { return kind == Kind.MONOTONE; }
}
