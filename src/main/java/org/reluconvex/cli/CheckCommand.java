package org.reluconvex.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.reluconvex.complex.Domain;
import org.reluconvex.convexity.Checks;
import org.reluconvex.convexity.NeuronReport;
import org.reluconvex.convexity.Verdict;
import org.reluconvex.convexity.VerdictKind;
import org.reluconvex.io.BadInputException;
import org.reluconvex.network.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reluconvex check MODEL}: the exact convexity verdict. */
@Command(name = "check", description = {
    "Decide exactly whether MODEL is convex on a box (default [-100, 100]^d).",
    "Exit code 0 convex, 1 not convex (with a witness anyone can verify with 'eval'), 3 unknown; see the exit codes below."})
public final class CheckCommand implements Callable<Integer> {
  @Mixin ModelSource model;

  @Mixin DomainOptions domain;

  @Mixin MemoryOptions memory;

  @Mixin MilpOptions milp;

  @Option(names = "--global", description = "Decide on all of R^d instead of a box.")
  boolean global;

  @Option(names = "--method", paramLabel = "METHOD", defaultValue = "auto",
      description = {"auto (default): icnn when the weights meet the ICNN sign conditions; onelayer for one hidden layer; "
          + "milp on a box in dimension 4 and above when the complex would be large; otherwise skeleton on a box, "
          + "with cells when the skeleton cannot decide; cells for --global.",
          "skeleton: edge subdivision, the path-lifting criterion and kinks (boxes only).",
          "cells: walk of the activation regions by linear programs, kink on every frontier (box or R^d).",
          "onelayer: the closed form for one hidden layer (any input dimension).",
          "milp: one mixed-integer program per neuron for the minimum gain on its zero set (boxes only; any dimension)."})
  String method;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Option(names = "--explain", description = "Also report every hidden neuron: does it switch, its patterns, its minimum gain.")
  boolean explain;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Network net = model.load();
    if (global && domain.box != null) throw new BadInputException("give either --box or --global, not both");
    Domain dom = global ? Domain.whole(net.inputDim()) : domain.box(net.inputDim());
    Checks.Method m = Checks.Method.parse(method);
    if (m == Checks.Method.ONELAYER && net.hiddenLayers() != 1)
      throw new BadInputException("--method onelayer needs exactly one hidden layer; " + model.spec() + " has " + net.hiddenLayers());
    if (m == Checks.Method.MILP && global) throw new BadInputException("--method milp needs a box (it bounds every neuron over it); use --method cells with --global");
    var settings = milp.settings();
    long t0 = System.nanoTime();
    Verdict v = CliSupport.compute(model.spec(), memory, () -> Checks.check(net, dom, m, org.reluconvex.precision.PrecisionPolicy.DEFAULT, settings));
    double seconds = (System.nanoTime() - t0) / 1e9;
    PrintWriter out = CliSupport.out(spec);
    if (json) {
      ObjectNode o = VerdictJson.verdict(v, explain);
      o.put("model", model.spec());
      o.put("check_seconds", seconds);
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o));
    } else {
      out.print(text(v, seconds));
    }
    out.flush();
    return v.kind().exitCode();
  }

  private String text(Verdict v, double seconds) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "verdict:  %s%n", v.kind().label()));
    sb.append(String.format(Locale.ROOT, "model:    %s%n", model.spec()));
    sb.append(String.format(Locale.ROOT, "domain:   %s%n", v.domain().describe()));
    sb.append(String.format(Locale.ROOT, "method:   %s%n", v.method()));
    if (v.vertices() >= 0)
      sb.append(String.format(Locale.ROOT, "skeleton: %d vertices, %d edges%s%n", v.vertices(), v.edges(),
          v.cells() >= 0 ? ", " + v.cells() + " cells" : ""));
    if (!Double.isNaN(v.minGain())) sb.append(String.format(Locale.ROOT, "min gain: %.6g%n", v.minGain()));
    if (v.isConvex() && v.minGain() < 0)
      sb.append(String.format(Locale.ROOT, "note:     the path criterion C1 fails where several neurons switch on one surface;%n"
          + "          the kink criterion shows every such frontier is convex%n"));
    if (v.witness() != null) {
      sb.append(String.format(Locale.ROOT, "witness:  a = %s%n", Arrays.toString(v.witness().a())));
      sb.append(String.format(Locale.ROOT, "          b = %s%n", Arrays.toString(v.witness().b())));
      sb.append(String.format(Locale.ROOT, "          f((a+b)/2) - (f(a)+f(b))/2 = %.6g > 0%n", v.witness().excess()));
    }
    if (v.reason() != null)
      sb.append(String.format(Locale.ROOT, "%s%s%n", v.kind() == VerdictKind.UNKNOWN ? "reason:   " : "details:  ", v.reason()));
    sb.append(String.format(Locale.ROOT, "time:     %.3f s (check only)%n", seconds));
    if (explain && !v.neurons().isEmpty()) {
      sb.append(String.format(Locale.ROOT, "%nneuron       switches  patterns  min gain      at%n"));
      for (NeuronReport r : v.neurons()) {
        String at = r.minGainAt() == null ? "-" : fmt(r.minGainAt());
        sb.append(String.format(Locale.ROOT, "L%d[%d]%s %-9s %8d  %-12s  %s%n", r.neuron().layer(), r.neuron().index(),
            " ".repeat(Math.max(1, 7 - String.valueOf(r.neuron().index()).length() - String.valueOf(r.neuron().layer()).length())),
            r.switches() ? "yes" : "no", r.patterns(), Double.isNaN(r.minGain()) ? "-" : String.format(Locale.ROOT, "%.6g", r.minGain()), at));
      }
    }
    return sb.toString();
  }

  private static String fmt(double[] x) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < x.length; i++) sb.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.4g", x[i]));
    return sb.append(')').toString();
  }
}
