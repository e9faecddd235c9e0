package org.reluconvex.cli;

import org.reluconvex.convexity.CheckOptions;
import org.reluconvex.convexity.VerdictJson;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.reluconvex.network.Domain;
import org.reluconvex.convexity.GainConstraints;
import org.reluconvex.io.BadInputException;
import org.reluconvex.network.ActivationPattern;
import org.reluconvex.network.Architecture;
import org.reluconvex.network.Network;
import org.reluconvex.pathlift.GainConstraint;
import org.reluconvex.pathlift.Gains;
import org.reluconvex.train.GainRegularizer;
import org.reluconvex.train.ParameterLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code reluconvex constraints MODEL}: the constraints g_nu(a) &ge; 0 of criterion C1 on a box
 * (docs/math.md sections 4 and 7), as the regulariser of {@code train} uses them, with their gains, the
 * regulariser's value and, with {@code --gradient}, its gradient in the order of
 * {@link ParameterLayout}. The mathematics is the library's (GainConstraints, Gains,
 * GainRegularizer); this class only prints.
 */
@Command(name = "constraints", description = {
    "List the constraints g(neuron, downstream pattern) >= 0 of criterion C1 on a box, as the convexity regulariser "
        + "uses them (docs/math.md section 7): one per pattern realised on a neuron's zero set, with its gain; then "
        + "R = sum of max(0, margin - gain). Not a verdict: `check` decides convexity.",
    "MLPs and SkipMLPs (the layout of `train`)."})
public final class ConstraintsCommand implements Callable<Integer> {
  @Mixin ModelSource model;

  @Mixin DomainOptions domain;

  @Mixin MemoryOptions memory;

  @Option(names = "--margin", description = "R sums max(0, margin - gain) (default ${DEFAULT-VALUE}).", defaultValue = "0")
  double margin;

  @Option(names = "--gradient", description = "Also print dR/dtheta, the flat vector of `train`'s parameter layout "
      + "(for each layer l = 1..k+1: weights from layer l-1 row-major [to][from], then a SkipMLP's weights from the "
      + "input for l >= 2, then the biases), and that layout.")
  boolean gradient;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Option(names = "--convex-in", paramLabel = "I,J,...", split = ",",
      description = "Only the constraints of convexity in these inputs (0-based): those of the neurons the inputs reach (partial convexity).")
  int[] convexIn;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Network net = model.load();
    Domain box = domain.box(net.inputDim());
    if (!Double.isFinite(margin) || margin < 0) throw new BadInputException("--margin must be a finite number >= 0, not " + margin);
    if (net.inputDim() > 20)
      throw new BadInputException("the constraints come from the complex, built from the 2^d corners of the box; d = "
          + net.inputDim() + " is too large");
    if (net.architecture() == Architecture.DAG || net.hiddenLayers() < 1)
      throw new BadInputException("constraints takes an MLP or a SkipMLP with at least one hidden layer, not " + net.describe());
    boolean[] inS = convexIn == null ? null : subset(net.inputDim(), convexIn);
    ParameterLayout layout = ParameterLayout.of(net);
    long t0 = System.nanoTime();
    GainRegularizer reg = new GainRegularizer(layout);
    CliSupport.compute(model.spec(), memory, CheckOptions.defaults(), o -> {
      reg.setConstraints(GainConstraints.collect(net, box, inS, o.build().memoryBytes()));
      return null;
    });
    double[] theta = layout.parametersOf(net);
    double[] grad = new double[layout.size()];
    // the regulariser's own value and gradient on the constraints in its canonical order
    double penalty = reg.valueAndGradient(theta, 1.0, margin, grad);
    double seconds = (System.nanoTime() - t0) / 1e9;

    int n = reg.constraintCount();
    double[] gains = new double[n];
    double minGain = Double.POSITIVE_INFINITY;
    for (int c = 0; c < n; c++) {
      GainConstraint gc = reg.constraint(c);
      gains[c] = Gains.gain(net, gc.neuron().layer(), gc.neuron().index(), gc.pattern());
      minGain = Math.min(minGain, gains[c]);
    }
    PrintWriter out = CliSupport.out(spec);
    if (json) {
      JsonNodeFactory f = JsonNodeFactory.instance;
      ObjectNode o = f.objectNode();
      o.put("model", model.spec());
      o.set("domain", VerdictJson.domain(box));
      o.put("architecture", net.architecture().label());
      if (convexIn != null) {
        ArrayNode s = o.putArray("convex_in");
        for (int i : convexIn) s.add(i);
      }
      ArrayNode widths = o.putArray("hidden_widths");
      for (int w : net.hiddenWidths()) widths.add(w);
      o.put("count", n);
      if (n == 0) o.putNull("min_gain");
      else o.put("min_gain", minGain);
      o.put("margin", margin);
      o.put("penalty", penalty);
      ArrayNode list = o.putArray("constraints");
      for (int c = 0; c < n; c++) list.add(constraintJson(reg.constraint(c), net.hiddenLayers(), gains[c]));
      if (gradient) {
        o.set("gradient", VerdictJson.array(grad));
        o.set("parameter_layout", layoutJson(layout));
      }
      o.put("seconds", seconds);
      out.println(o.toPrettyString());
    } else {
      out.printf(Locale.ROOT, "model:       %s (%s)%n", model.spec(), layout);
      out.printf(Locale.ROOT, "domain:      %s%n", box.describe());
      out.printf(Locale.ROOT, "constraints: %d%s%n", n, n == 0 ? "" : String.format(Locale.ROOT, ", smallest gain %.6g", minGain));
      String shift = margin == 0 ? "-" : BigDecimal.valueOf(margin).stripTrailingZeros().toPlainString() + " - ";
      out.printf(Locale.ROOT, "penalty:     %.6g (sum of max(0, %sgain))%n", penalty, shift);
      for (int c = 0; c < n; c++) {
        GainConstraint gc = reg.constraint(c);
        out.printf(Locale.ROOT, "  layer %d neuron %d  downstream %s  gain %.6g%n", gc.neuron().layer(), gc.neuron().index(),
            downstream(gc.pattern(), gc.neuron().layer(), net.hiddenLayers()), gains[c]);
      }
      if (gradient) {
        out.printf(Locale.ROOT, "gradient:    ");
        for (int p = 0; p < grad.length; p++) out.printf(Locale.ROOT, p == 0 ? "%.6g" : ",%.6g", grad[p]);
        out.println();
      }
    }
    out.flush();
    return CliSupport.OK;
  }

  /** layer, neuron, pattern (one 0/1 array per hidden layer after the neuron's), gain. */
  /** The inputs of --convex-in, checked against the dimension: bad input in its own words. */
  static boolean[] subset(int d, int[] inputs) {
    try {
      return org.reluconvex.properties.Inputs.subset(d, inputs, "--convex-in");
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage());
    }
  }

  static ObjectNode constraintJson(GainConstraint gc, int hiddenLayers, double gain) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    int l = gc.neuron().layer();
    o.put("layer", l);
    o.put("neuron", gc.neuron().index());
    ArrayNode pattern = o.putArray("pattern");
    for (int m = l + 1; m <= hiddenLayers; m++) {
      ArrayNode row = pattern.addArray();
      for (boolean b : gc.pattern().layer(m)) row.add(b ? 1 : 0);
    }
    o.put("gain", gain);
    return o;
  }

  /** Where each block lives in the flat vector: {layer, block: weights|bias, from (weights), offset, shape}. */
  static ArrayNode layoutJson(ParameterLayout layout) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    for (int l = 1; l <= layout.outputLayer(); l++) {
      a.add(block(l, "weights", l - 1, layout.chainOffset(l), layout.width(l), layout.width(l - 1)));
      if (layout.hasSkip(l)) a.add(block(l, "weights", 0, layout.skipOffset(l), layout.width(l), layout.inputDim()));
      ObjectNode b = a.addObject();
      b.put("layer", l).put("block", "bias").put("offset", layout.biasOffset(l));
      b.putArray("shape").add(layout.width(l));
    }
    return a;
  }

  private static ObjectNode block(int layer, String kind, int from, int offset, int rows, int cols) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("layer", layer).put("block", kind).put("from", from).put("offset", offset);
    o.putArray("shape").add(rows).add(cols);
    return o;
  }

  /** The pattern of the layers after the neuron's, as 0/1 groups separated by '|' ("-" for the last hidden layer). */
  private static String downstream(ActivationPattern a, int layer, int hiddenLayers) {
    StringBuilder sb = new StringBuilder();
    for (int m = layer + 1; m <= hiddenLayers; m++) {
      if (m > layer + 1) sb.append('|');
      for (boolean b : a.layer(m)) sb.append(b ? '1' : '0');
    }
    return sb.length() == 0 ? "-" : sb.toString();
  }
}
