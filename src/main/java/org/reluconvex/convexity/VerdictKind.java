package org.reluconvex.convexity;

/** The three answers a check can give, with the exit code every program that reports one uses. */
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

  /** 0 convex, 1 not convex, 3 unknown: the command line's exit code and the JSON's {@code exit_code}. */
  public int exitCode() { return exitCode; }

  /** As written in JSON and on the command line. */
  public String label() { return label; }
}
