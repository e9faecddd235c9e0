package org.reluconvex.cli;

import org.reluconvex.io.BadInputException;
import org.reluconvex.io.ModelFiles;
import org.reluconvex.network.Network;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The model a command works on, as a picocli mixin: a positional MODEL (file or example:NAME) or
 * {@code --example NAME}. Use it in a command with
 * {@code @Mixin ModelSource model;} and call {@link #load()}; it takes positional index 0.
 */
public final class ModelSource {
  @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", description = CliSupport.MODEL_HELP)
  String model;

  @Option(names = "--example", paramLabel = "NAME",
      description = "Use a built-in model instead of MODEL (the same as MODEL example:NAME).")
  String example;

  /** The network (throws {@link BadInputException} when none, or two, are given, or it cannot be read). */
  public Network load() {
    return CliSupport.loadModel(spec());
  }

  /** Whether a MODEL or --example was given. */
  public boolean given() {
    return model != null || example != null;
  }

  /** The model as given: a path or example:NAME. */
  public String spec() {
    if (model != null && example != null) throw new BadInputException("give either MODEL or --example, not both");
    if (model == null && example == null)
      throw new BadInputException("no model given: pass MODEL (a .onnx or .json file, or example:NAME) or --example NAME");
    return model != null ? model : ModelFiles.EXAMPLE_PREFIX + example;
  }
}
