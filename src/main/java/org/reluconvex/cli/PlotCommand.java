package org.reluconvex.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import org.reluconvex.convexity.ConvexityChecker;
import org.reluconvex.network.Network;
import org.reluconvex.plot.FrontierSource;
import org.reluconvex.plot.FunctionPlot;
import org.reluconvex.plot.NetworkPlot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reluconvex plot MODEL --out FILE.(png|svg)}: a picture of the function and its kinks. */
@Command(name = "plot", mixinStandardHelpOptions = true,
    description = {
        "Draw a model's function on a box: for d = 2 filled contours with level lines, the frontiers of its "
            + "polyhedral complex coloured by the sign of the kink (blue convex, red concave), the witness when it "
            + "is not convex, and a colour bar; for d = 1 the graph with its kinks; for d > 2 the 2-D slice through "
            + "--slice along --axes."})
public class PlotCommand implements Callable<Integer> {
  @Mixin ModelSource model;

  @Option(names = "--out", paramLabel = "FILE", required = true, description = "Output file, .png or .svg.")
  Path out;

  @Option(names = "--box", description = "Box LO,HI or LO1:HI1,...,LOd:HId (default ${DEFAULT-VALUE}).", defaultValue = "-3,3")
  String box;

  @Option(names = "--slice", paramLabel = "X1,...,XD", description = "For d > 2: the point the 2-D slice passes through.")
  String slice;

  @Option(names = "--axes", paramLabel = "I,J", description = "For d > 2: the two free coordinates, 1-based (default 1,2).")
  String axes;

  @Option(names = "--checker", description = "Convexity checker (default ${DEFAULT-VALUE}).", defaultValue = Checkers.DEFAULT)
  String checker;

  @Option(names = "--json", description = "Print one JSON object (model, out) instead of the line 'wrote FILE'.")
  boolean json;

  @Spec CommandSpec spec;

  private final Function<String, Supplier<ConvexityChecker>> checkers;
  private final Supplier<FrontierSource> frontiers;
  private final Function<String, Network> models;

  public PlotCommand() { this(Checkers::byName, Checkers::frontiers, CliSupport::loadModel); }

  /** With other checkers, frontiers and model loading (tests). */
  public PlotCommand(Function<String, Supplier<ConvexityChecker>> checkers, Supplier<FrontierSource> frontiers,
      Function<String, Network> models) {
    this.checkers = checkers;
    this.frontiers = frontiers;
    this.models = models;
  }

  @Override
  public Integer call() throws Exception {
    Callable<Integer> body = () -> {
      String name = out.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
      if (!name.endsWith(".png") && !name.endsWith(".svg"))
        throw new IllegalArgumentException("--out " + out + " must end in .png or .svg");
      String source = model.spec();
      Network net = models.apply(source);
      double[] point = slice == null ? null : NetworkPlot.parsePoint(slice, "--slice");
      int[] ax = null;
      if (axes != null) {
        double[] a = NetworkPlot.parsePoint(axes, "--axes");
        ax = new int[a.length];
        for (int i = 0; i < a.length; i++) {
          if (a[i] != Math.rint(a[i])) throw new IllegalArgumentException("--axes '" + axes + "' must be two coordinate numbers i,j");
          ax[i] = (int) a[i] - 1;
        }
      }
      FunctionPlot p = NetworkPlot.prepare(net, source, box, point, ax, checkers.apply(checker).get(), frontiers.get());
      p.save(out);
      if (json) spec.commandLine().getOut().println(JsonNodeFactory.instance.objectNode().put("model", source)
          .put("out", out.toString()).put("exit_code", CliSupport.OK).toPrettyString());
      else spec.commandLine().getOut().println("wrote " + out);
      spec.commandLine().getOut().flush();
      return 0;
    };
    // under --json the main handler prints a failure as a JSON object
    return json ? body.call() : CommandErrors.run(spec.commandLine().getErr(), body);
  }
}
