package org.reluconvex.cli;

import org.reluconvex.network.Domain;
import picocli.CommandLine.Option;

/** {@code --box} (and {@code --global} where the command supports it), as a picocli mixin. */
public final class DomainOptions {
  @Option(names = "--box", paramLabel = "LO,HI|LO1:HI1,...",
      description = "The box: LO,HI in every coordinate, or LO1:HI1,LO2:HI2,... one interval per coordinate "
          + "(default: " + Domain.DEFAULT_BOX + ", the paper's [-100, 100]^d).")
  String box;

  /** The box for a network of input dimension d. */
  public Domain box(int d) {
    return Domain.parseBox(box == null ? Domain.DEFAULT_BOX : box, d);
  }
}
