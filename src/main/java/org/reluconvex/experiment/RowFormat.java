package org.reluconvex.experiment;

/** How the rows of one experiment's CSV are made from outcomes, written and read back. */
public interface RowFormat<R> {
  String header();

  R of(Outcomes outcomes);

  String toCsv(R row);

  R parse(String line);

  /** {@code input_dim,widths}: matches {@link DrawSpec#key()}. */
  String key(R row);

  int draws(R row);
}
