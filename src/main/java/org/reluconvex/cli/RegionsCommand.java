package org.reluconvex.cli;

import org.reluconvex.convexity.CheckOptions;
import org.reluconvex.convexity.VerdictJson;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.reluconvex.ReluConvex;
import org.reluconvex.network.Domain;
import org.reluconvex.complex.ComplexCounts;
import org.reluconvex.io.BadInputException;
import org.reluconvex.network.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reluconvex regions MODEL}: size of the polyhedral complex in a box. */
@Command(name = "regions", description = "Count the vertices and edges (and, for d <= 2, the cells) of MODEL's "
    + "polyhedral complex in a box (box corners and edges included).")
public final class RegionsCommand implements Callable<Integer> {
  @Mixin ModelSource model;

  @Mixin DomainOptions domain;

  @Mixin MemoryOptions memory;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Network net = model.load();
    Domain box = domain.box(net.inputDim());
    if (net.inputDim() > 20)
      throw new BadInputException("the complex is built from the 2^d corners of the box; d = " + net.inputDim() + " is too large");
    long t0 = System.nanoTime();
    ComplexCounts c = CliSupport.compute(model.spec(), memory, CheckOptions.defaults(), o -> ReluConvex.count(net, box, o));
    double seconds = (System.nanoTime() - t0) / 1e9;
    PrintWriter out = CliSupport.out(spec);
    if (json) {
      ObjectNode o = new ObjectMapper().createObjectNode();
      o.put("model", model.spec());
      o.set("domain", VerdictJson.domain(box));
      VerdictJson.putCount(o, "vertices", c.vertices());
      VerdictJson.putCount(o, "edges", c.edges());
      VerdictJson.putCount(o, "cells", c.cells());
      o.put("resolved", c.degeneracies().isEmpty());
      o.set("degeneracies", new ObjectMapper().valueToTree(c.degeneracies()));
      o.put("exact", c.exact());
      if (!c.exact()) o.put("exact_reason", c.doubt());
      o.put("pieces", c.pieces());
      if (c.how() != null) o.put("details", c.how());
      o.put("seconds", seconds);
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o));
    } else {
      out.printf(Locale.ROOT, "model:    %s%n", model.spec());
      out.printf(Locale.ROOT, "domain:   %s%n", box.describe());
      if (c.counted()) {
        out.printf(Locale.ROOT, "vertices: %d%n", c.vertices());
        out.printf(Locale.ROOT, "edges:    %d%n", c.edges());
        out.printf(Locale.ROOT, "cells:    %s%n", c.cells() >= 0 ? Long.toString(c.cells()) : "not counted for d > 2");
      } else {
        out.printf(Locale.ROOT, "vertices: not counted%nedges:    not counted%ncells:    not counted%n");
      }
      for (String s : c.degeneracies()) out.printf(Locale.ROOT, "warning:  %s%n", s);
      if (!c.exact())
        out.printf(Locale.ROOT, "warning:  counts not certified: %s%n", c.doubt());
      if (c.how() != null) out.printf(Locale.ROOT, "details:  %s%n", c.how());
      out.printf(Locale.ROOT, "time:     %.3f s%n", seconds);
    }
    out.flush();
    return CliSupport.OK;
  }
}
