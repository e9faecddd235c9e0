package org.reluconvex.cli;

import org.reluconvex.convexity.VerdictJson;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.reluconvex.convexity.VerdictKind;
import org.reluconvex.convexity.Witness;
import org.reluconvex.icnn.IcnnConversion;
import org.reluconvex.icnn.IcnnConversionException;
import org.reluconvex.convexity.OneLayer;
import org.reluconvex.network.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code reluconvex to-icnn MODEL --out FILE}: rewrites a convex one-hidden-layer network as an ICNN
 * of the same width (docs/math.md section 5). Exit codes: 0 written; 1 not convex (the witness is printed);
 * 2 refused (not one hidden layer); 3 convexity could not be decided.
 *
 * <p>Reading and writing model files belong to the io package; the CLI registers an instance built
 * with them, e.g. {@code new ToIcnnCommand(CliSupport::loadModel, ModelFiles::write)}.
 */
@Command(name = "to-icnn",
    description = "Rewrite a convex one-hidden-layer network as an ICNN of the same width: one neuron per"
        + " kink hyperplane with a non-negative output weight, every linear term in the input-to-output skip.")
public final class ToIcnnCommand implements Callable<Integer> {
  public static final int NOT_CONVEX = CliSupport.exitCode(VerdictKind.NOT_CONVEX);
  public static final int REFUSED = 2;
  public static final int UNDECIDED = CliSupport.exitCode(VerdictKind.UNKNOWN);

  @Parameters(paramLabel = "MODEL", description = "Model: a .onnx or .json file, or example:NAME.")
  String model;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the ICNN (.onnx or .json; - for JSON on standard output).")
  Path out;

  @Option(names = "--float32", description = "Store ONNX weights as float32 instead of float64 (the ICNN's "
      + "weights are then rounded; the difference printed is that of the float64 network).")
  boolean float32;

  @Option(names = "--json", description = "Print one JSON object: model, out, description, is_icnn, max_relative_difference, "
      + "exit_code; when refused, error, exit_code and the witness.")
  boolean json;

  @Spec CommandSpec spec;

  private final Function<String, Network> loader;
  private final BiConsumer<Network, Path> writer;

  /** The command as the CLI registers it: models read and written by the io package. */
  public ToIcnnCommand() {
    this(CliSupport::loadModel, org.reluconvex.io.ModelFiles::write);
  }

  public ToIcnnCommand(Function<String, Network> loader, BiConsumer<Network, Path> writer) {
    this.loader = loader;
    this.writer = writer;
  }

  private boolean toStdout() { return out.toString().equals("-"); }

  @Override
  public Integer call() {
    if (toStdout() && (json || float32))
      throw new org.reluconvex.io.BadInputException("--out - writes the ICNN as JSON to standard output; it cannot be combined with " + (json ? "--json" : "--float32"));
    Network net = loader.apply(model);
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    Network icnn;
    try {
      icnn = IcnnConversion.toIcnn(net);
    } catch (IcnnConversionException e) {
      Witness w = e.witness();
      int code = w != null ? NOT_CONVEX : (OneLayer.applies(net) ? UNDECIDED : REFUSED);
      if (json) {
        ObjectNode o = CliSupport.errorJson(code, CliSupport.oneLine(e.getMessage()));
        o.put("model", model);
        o.set("witness", w == null ? o.nullNode() : VerdictJson.witness(w));
        stdout.println(o.toPrettyString());
        stdout.flush();
        return code;
      }
      stderr.println("reluconvex: " + e.getMessage());
      if (w != null) {
        stderr.println("witness: a = " + org.reluconvex.convexity.VerdictText.point(w.a()) + ", b = " + org.reluconvex.convexity.VerdictText.point(w.b()));
        stderr.println(String.format(Locale.ROOT, "         f((a+b)/2) - (f(a)+f(b))/2 = %.6g > 0", w.excess()));
      }
      stderr.flush();
      return code;
    }
    double difference = largestDifference(net, icnn);
    if (toStdout()) { // the model is the output, for a pipe; what was done goes to standard error
      stdout.print(org.reluconvex.io.JsonModel.write(icnn));
      stdout.flush();
      stderr.println(String.format(Locale.ROOT, "reluconvex: wrote %s (%s, ICNN) to standard output; largest relative difference on 1000 random points: %.3g",
          icnn.describe(), icnn.isIcnn() ? "non-negative output weights" : "NOT an ICNN", difference));
      stderr.flush();
      return 0;
    }
    if (float32) org.reluconvex.io.ModelFiles.write(icnn, out, org.reluconvex.io.Onnx.Precision.FLOAT32);
    else writer.accept(icnn, out);
    if (json) {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("model", model);
      o.put("out", out.toString());
      o.put("description", icnn.describe());
      o.put("is_icnn", icnn.isIcnn());
      o.put("max_relative_difference", difference);
      o.put("exit_code", CliSupport.OK);
      stdout.println(o.toPrettyString());
    } else {
      stdout.println(String.format(Locale.ROOT, "wrote %s (%s, ICNN) to %s; largest relative difference on 1000 random points: %.3g",
          icnn.describe(), icnn.isIcnn() ? "non-negative output weights" : "NOT an ICNN", out, difference));
    }
    stdout.flush();
    return 0;
  }

  /** max |f(x) - g(x)| / max(1, |f(x)|) over random points with coordinates in [-10, 10]. */
  static double largestDifference(Network f, Network g) {
    SplittableRandom r = new SplittableRandom(1);
    double worst = 0;
    double[] x = new double[f.inputDim()];
    for (int k = 0; k < 1000; k++) {
      for (int i = 0; i < x.length; i++) x[i] = r.nextDouble(-10, 10);
      double fx = f.eval(x);
      worst = Math.max(worst, Math.abs(fx - g.eval(x)) / Math.max(1, Math.abs(fx)));
    }
    return worst;
  }
}
