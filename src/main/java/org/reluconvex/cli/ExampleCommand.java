package org.reluconvex.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.reluconvex.io.BadInputException;
import org.reluconvex.io.ExampleModels;
import org.reluconvex.io.JsonModel;
import org.reluconvex.io.ModelFiles;
import org.reluconvex.io.Onnx;
import org.reluconvex.network.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code reluconvex example NAME --out FILE}: write a built-in or random network. */
@Command(name = "example", description = "Write a built-in network (beyond-icnn, non-icnn-weights) or a seeded random one "
    + "(random, icnn-random; drawn as PyTorch's nn.Linear does) to a file, ONNX or JSON by its extension.")
public final class ExampleCommand implements Callable<Integer> {
  @Parameters(paramLabel = "NAME", description = "beyond-icnn, non-icnn-weights, random, or icnn-random.")
  String name;

  @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE",
      description = "Output file, .onnx or .json by extension; '-' prints JSON on standard output.")
  String out;

  @Option(names = "--dim", paramLabel = "D", description = "Input dimension (random, icnn-random).")
  Integer dim;

  @Option(names = "--widths", paramLabel = "A,B,...", description = "Hidden widths (random, icnn-random).")
  String widths;

  @Option(names = "--skip", description = "Add input skips into every later layer, a SkipMLP (random).")
  boolean skip;

  @Option(names = "--seed", paramLabel = "S", description = "Seed of the draw (default: ${DEFAULT-VALUE}).")
  long seed = ExampleModels.DEFAULT_SEED;

  @Option(names = "--float32", description = "Store ONNX weights as float32 instead of float64.")
  boolean float32;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Network net = network();
    if (out.equals("-")) {
      CliSupport.out(spec).print(JsonModel.write(net));
    } else {
      Path p = Path.of(out);
      ModelFiles.write(net, p, float32 ? Onnx.Precision.FLOAT32 : Onnx.Precision.FLOAT64);
      CliSupport.out(spec).println("wrote " + name + " (" + net.describe() + ") to " + out);
    }
    CliSupport.out(spec).flush();
    return CliSupport.OK;
  }

  private Network network() {
    switch (name) {
      case "random":
      case "icnn-random": {
        if (dim == null || widths == null) throw new BadInputException("example " + name + " needs --dim and --widths");
        int[] w = ExampleModels.parseWidths(widths);
        if (name.equals("random")) return ExampleModels.random(dim, w, skip, seed);
        if (skip) throw new BadInputException("--skip does not apply to icnn-random: an ICNN always has input skips");
        return ExampleModels.icnnRandom(dim, w, seed);
      }
      default:
        if (dim != null || widths != null || skip)
          throw new BadInputException("example " + name + " takes no --dim, --widths or --skip");
        return ExampleModels.builtIn(name);
    }
  }
}
