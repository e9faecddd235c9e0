package org.reluconvex.cli;

import org.reluconvex.convexity.CheckOptions;
import org.reluconvex.ReluConvex;
import org.reluconvex.convexity.Checks;
import org.reluconvex.io.BadInputException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What {@code monotone}, {@code lipschitz} and {@code range} share with {@code check}: box, method, time limit, memory, JSON. */
public final class PropertyOptions {
  @Mixin DomainOptions domain;

  @Mixin MemoryOptions memory;

  @Mixin MilpOptions milp;

  @Option(names = "--method", paramLabel = "METHOD",
      description = "auto (default): the complex (cells, or its vertices for range) when the neurons that switch in the box make few cells, "
          + "the integer programs (milp) otherwise; or cells, skeleton (range only), milp.")
  String method = "auto";

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  Checks.Method method() {
    try {
      return Checks.Method.parse(method);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--method: " + e.getMessage());
    }
  }

  /** Prints the answer: its JSON under --json, else its text. */
  void print(picocli.CommandLine.Model.CommandSpec spec, com.fasterxml.jackson.databind.node.ObjectNode answer, String text) throws Exception {
    java.io.PrintWriter out = CliSupport.out(spec);
    out.print(json ? new com.fasterxml.jackson.databind.ObjectMapper().enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
        .writeValueAsString(answer) + "\n" : text);
    out.flush();
  }

  CheckOptions options() {
    return CheckOptions.defaults().withMethod(method()).withMilp(milp.settings());
  }
}
