package org.reluconvex.convexity;

/** The three answers a check can give. */
public enum VerdictKind {
  CONVEX("convex", 0),
  NOT_CONVEX("not_convex", 1),
  UNKNOWN("unknown", 3);

  private final String label;
  private final int exitCode;

  VerdictKind(String label, int exitCode) {
    this.label = label;
    this.exitCode = exitCode;
  }

  /** As written in JSON and on the command line. */
  public String label() { return label; }

  /** Exit code of {@code reluconvex check}. */
  public int exitCode() { return exitCode; }
}
