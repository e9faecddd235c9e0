package org.reluconvex.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.reluconvex.network.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code reluconvex info MODEL}: the shape of a model. */
@Command(name = "info", description = "Describe a model: architecture, input dimension, widths, weight blocks, "
    + "parameter count, and whether its weights make it an ICNN.")
public final class InfoCommand implements Callable<Integer> {
  @Mixin ModelSource model;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Network net = model.load();
    PrintWriter out = CliSupport.out(spec);
    if (json) out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toJson(net)));
    else out.print(text(net));
    out.flush();
    return CliSupport.OK;
  }

  private String text(Network net) {
    StringBuilder sb = new StringBuilder();
    int[] w = net.hiddenWidths();
    sb.append(String.format("model:         %s%n", model.spec()));
    sb.append(String.format("architecture:  %s%n", net.architecture().label()));
    sb.append(String.format("input dim:     %d%n", net.inputDim()));
    StringBuilder widths = new StringBuilder();
    for (int i = 0; i < w.length; i++) widths.append(i > 0 ? ", " : "").append(w[i]);
    sb.append(String.format("hidden widths: %s (%d hidden layer%s, %d neuron%s)%n", w.length == 0 ? "none" : widths,
        w.length, w.length == 1 ? "" : "s", net.hiddenCount(), net.hiddenCount() == 1 ? "" : "s"));
    StringBuilder blocks = new StringBuilder();
    for (int l = 1; l <= net.outputLayer(); l++)
      for (int m = 0; m < l; m++)
        if (net.hasBlock(l, m))
          blocks.append(blocks.length() > 0 ? ", " : "").append(m).append("->").append(l)
              .append(" (").append(net.width(l)).append('x').append(net.width(m)).append(')');
    sb.append(String.format("weight blocks: %s%n", blocks));
    sb.append(String.format("parameters:    %d%n", net.parameterCount()));
    sb.append(String.format("ICNN:          %s%n", net.isIcnn() ? "yes (hidden-to-hidden and output weights are >= 0)"
        : "no (some hidden-to-hidden or output weight is negative)"));
    return sb.toString();
  }

  private ObjectNode toJson(Network net) {
    ObjectMapper m = new ObjectMapper();
    ObjectNode o = m.createObjectNode();
    o.put("model", model.spec());
    o.put("architecture", net.architecture().label());
    o.put("input_dim", net.inputDim());
    ArrayNode widths = o.putArray("hidden_widths");
    for (int w : net.hiddenWidths()) widths.add(w);
    o.put("hidden_layers", net.hiddenLayers());
    o.put("hidden_neurons", net.hiddenCount());
    ArrayNode blocks = o.putArray("blocks");
    for (int l = 1; l <= net.outputLayer(); l++)
      for (int k = 0; k < l; k++)
        if (net.hasBlock(l, k)) {
          ObjectNode b = blocks.addObject();
          b.put("from", k);
          b.put("to", l);
          b.put("rows", net.width(l));
          b.put("cols", net.width(k));
        }
    o.put("parameters", net.parameterCount());
    o.put("icnn", net.isIcnn());
    return o;
  }
}
