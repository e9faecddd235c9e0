package org.reluconvex.convexity;

/** The three answers a check can give (the command line maps them to exit codes, in {@code cli.CliSupport}). */
public enum VerdictKind {
  CONVEX("convex"),
  NOT_CONVEX("not_convex"),
  UNKNOWN("unknown");

  private final String label;

  VerdictKind(String label) {
    this.label = label;
  }

  /** As written in JSON and on the command line. */
  public String label() { return label; }
}
