package org.reluconvex.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.reluconvex.io.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code reluconvex serve}: a long-lived process that answers JSON-line requests (docs/serve.md).
 * Standard output carries only protocol lines: a hello line, then one answer per request, in order.
 * Requests share nothing but the warm JVM; one that fails is answered with an error and the next is read.
 */
@Command(name = "serve", description = {
    "Answer requests read as JSON lines on standard input, one JSON line each on standard output, until end of input.",
    "Ops: check, monotone, lipschitz, range, regions, info, eval, to-icnn, plot, constraints, with the fields of their --json; protocol in docs/serve.md.",
    "Logs (and stack traces under --verbose) go to standard error."})
public final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** The first line: the protocol version and what this server answers. */
  static ObjectNode hello() {
    ObjectNode o = ServeRequest.JSON.createObjectNode();
    o.put("protocol", ServeRequest.PROTOCOL);
    o.put("server", "reluconvex");
    o.put("version", Version.VERSION);
    ServeRequest.OPS.keySet().forEach(o.putArray("ops")::add);
    return o;
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = CliSupport.out(spec);
    PrintWriter log = CliSupport.err(spec);
    boolean verbose = spec.root().userObject() instanceof Main m && m.verbose;
    // whatever a library might print with System.out must not corrupt the protocol: it goes to the log
    PrintStream stdout = System.out;
    System.setOut(System.err);
    try (BufferedReader in = new BufferedReader(new InputStreamReader(CliSupport.in(spec), StandardCharsets.UTF_8))) {
      out.println(hello().toString());
      out.flush();
      for (String line; (line = in.readLine()) != null;) {
        if (line.isBlank()) continue;
        ObjectNode answer = ServeRequest.answer(line, log, verbose, (id, event) -> {
          ObjectNode p = ServeRequest.JSON.createObjectNode();
          p.set("id", id);
          p.set("progress", event);
          synchronized (out) { // events come from the threads doing the work, lines stay whole
            out.println(p.toString());
            out.flush();
          }
        });
        synchronized (out) {
          out.println(answer.toString());
          out.flush();
        }
      }
    } finally {
      System.setOut(stdout);
    }
    return CliSupport.OK;
  }
}
