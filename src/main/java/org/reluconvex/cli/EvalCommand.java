package org.reluconvex.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.concurrent.Callable;
import org.reluconvex.io.PointsCsv;
import org.reluconvex.network.Forward;
import org.reluconvex.network.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code reluconvex eval MODEL --points FILE}: f at each point, one per line. */
@Command(name = "eval", description = "Evaluate a model at points: one output per line, in full double precision.")
public final class EvalCommand implements Callable<Integer> {
  @Mixin ModelSource model;

  @Option(names = {"-p", "--points"}, required = true, paramLabel = "FILE",
      description = "CSV file with one point per line, coordinates separated by commas; an optional header line, "
          + "blank lines and #-comments are skipped. '-' reads standard input.")
  String points;

  @Option(names = "--exact", description = "Compute every output exactly (rational arithmetic: weights, biases and "
      + "coordinates are exact binary fractions) and print it to 17 significant digits, also beyond the range of "
      + "double; what a witness's check rests on when double rounding or overflow could decide it.")
  boolean exact;

  @Option(names = "--json", description = "Print one JSON object: model and values (exact values as decimal numbers).")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Network net = model.load();
    double[][] xs = PointsCsv.read(points, CliSupport.in(spec), net.inputDim());
    PrintWriter out = CliSupport.out(spec);
    ObjectNode o = JsonNodeFactory.instance.objectNode().put("model", model.spec());
    ArrayNode values = o.putArray("values");
    if (exact) {
      org.reluconvex.network.ExactForward ef = new org.reluconvex.network.ExactForward(net);
      java.math.MathContext digits = new java.math.MathContext(17, java.math.RoundingMode.HALF_EVEN);
      for (double[] x : xs) {
        BigDecimal y = ef.output(org.reluconvex.network.ExactForward.exact(x)).round(digits).stripTrailingZeros();
        if (json) values.add(y);
        else out.println(y.toString());
      }
    } else {
      Forward f = new Forward(net);
      for (double[] x : xs) {
        double y = f.output(x);
        if (json) values.add(y);
        else out.println(Double.toString(y));
      }
    }
    if (json) out.println(o.toPrettyString());
    out.flush();
    return CliSupport.OK;
  }
}
