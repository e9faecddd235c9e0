package org.reluconvex.network;

/** The shape of a network's edges. */
public enum Architecture {
  /** Edges only between consecutive layers. */
  MLP("MLP"),
  /** Consecutive layers plus edges from the input into every later layer. */
  SKIP_MLP("SkipMLP"),
  /** Anything else: edges between arbitrary earlier and later layers. */
  DAG("DAG");

  private final String label;

  Architecture(String label) { this.label = label; }

  public String label() { return label; }
}
