package org.reluconvex.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.reluconvex.ReluConvex;
import org.reluconvex.network.Domain;
import org.reluconvex.complex.PolyhedralComplex;
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
    PolyhedralComplex cx = CliSupport.compute(model.spec(), memory, () -> ReluConvex.regions(net, box));
    double seconds = (System.nanoTime() - t0) / 1e9;
    // counts are facts only when every vertex's sign vector is proven
    org.reluconvex.complex.ComplexAudit.Result audit = cx.isResolved()
        ? new org.reluconvex.complex.ComplexAudit(cx, org.reluconvex.precision.PrecisionPolicy.DEFAULT).run() : null;
    PrintWriter out = CliSupport.out(spec);
    if (json) {
      ObjectNode o = new ObjectMapper().createObjectNode();
      o.put("model", model.spec());
      o.set("domain", VerdictJson.domain(box));
      o.put("vertices", cx.vertexCount());
      o.put("edges", cx.edgeCount());
      if (cx.cellCount() >= 0) o.put("cells", cx.cellCount());
      else o.putNull("cells");
      o.put("resolved", cx.isResolved());
      o.set("degeneracies", new ObjectMapper().valueToTree(cx.degeneracies()));
      o.put("exact", audit != null && audit.certified());
      if (audit != null && !audit.certified()) o.put("exact_reason", audit.failure());
      o.put("seconds", seconds);
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o));
    } else {
      out.printf(Locale.ROOT, "model:    %s%n", model.spec());
      out.printf(Locale.ROOT, "domain:   %s%n", box.describe());
      out.printf(Locale.ROOT, "vertices: %d%n", cx.vertexCount());
      out.printf(Locale.ROOT, "edges:    %d%n", cx.edgeCount());
      out.printf(Locale.ROOT, "cells:    %s%n", cx.cellCount() >= 0 ? Long.toString(cx.cellCount()) : "not counted for d > 2");
      for (String s : cx.degeneracies()) out.printf(Locale.ROOT, "warning:  %s%n", s);
      if (audit != null && !audit.certified())
        out.printf(Locale.ROOT, "warning:  counts not certified: %s%n", audit.failure());
      out.printf(Locale.ROOT, "time:     %.3f s%n", seconds);
    }
    out.flush();
    return CliSupport.OK;
  }
}
