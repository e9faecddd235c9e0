package org.reluconvex.cli;

import java.io.PrintWriter;
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

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Network net = model.load();
    double[][] xs = PointsCsv.read(points, CliSupport.in(spec), net.inputDim());
    PrintWriter out = CliSupport.out(spec);
    if (exact) {
      org.reluconvex.network.ExactForward ef = new org.reluconvex.network.ExactForward(net);
      java.math.MathContext digits = new java.math.MathContext(17, java.math.RoundingMode.HALF_EVEN);
      for (double[] x : xs) out.println(ef.output(org.reluconvex.network.ExactForward.exact(x)).round(digits).stripTrailingZeros().toString());
    } else {
      Forward f = new Forward(net);
      for (double[] x : xs) out.println(Double.toString(f.output(x)));
    }
    out.flush();
    return CliSupport.OK;
  }
}
