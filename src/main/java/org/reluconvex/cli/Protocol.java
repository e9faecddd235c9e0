package org.reluconvex.cli;

import java.util.Locale;
import org.reluconvex.train.TrainingConfig;

/** Training protocols selectable on the command line. */
enum Protocol {
  /** The options as given. */
  OURS,
  /** {@link TrainingConfig#withAuthorsProtocol()}. */
  AUTHORS;

  TrainingConfig apply(TrainingConfig c) { return this == AUTHORS ? c.withAuthorsProtocol() : c; }

  static Protocol parse(String s) {
    for (Protocol p : values()) if (p.name().toLowerCase(Locale.ROOT).equals(s.trim().toLowerCase(Locale.ROOT))) return p;
    throw new IllegalArgumentException("unknown protocol '" + s + "' (known: ours, authors)");
  }
}
