package org.reluconvex.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.reluconvex.ReluConvex;
import org.reluconvex.complex.ResourceLimitException;
import org.reluconvex.convexity.CheckOptions;
import org.reluconvex.convexity.VerdictKind;
import org.reluconvex.io.BadInputException;
import org.reluconvex.network.Network;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What every subcommand shares: loading MODEL arguments, the process streams, and the error
 * policy. A command throws {@link BadInputException} (or IllegalArgumentException, while it reads
 * and validates its input) for anything wrong with its input; the handlers here print one line
 * {@code reluconvex: <message>} on stderr and return {@link #BAD_INPUT}. Any other failure is
 * ours: {@link #INTERNAL_ERROR}, one line {@code reluconvex: internal error: ...}. A request too
 * large for the memory allowed is {@link #RESOURCE_LIMIT}. Stack traces only under
 * {@code --verbose}; under {@code --json} the line is a JSON object on stdout instead.
 */
public final class CliSupport {
  public static final int OK = 0;
  public static final int NOT_CONVEX = 1;
  public static final int BAD_INPUT = 2;
  public static final int UNKNOWN = 3;
  public static final int INTERNAL_ERROR = 4;
  public static final int RESOURCE_LIMIT = 5;

  /** The help footer's line on exit codes, for every command (README.md says the same). */
  public static final String EXIT_CODES = "Exit codes: 0 success (check: convex), 1 not convex, 2 bad input, 3 unknown, "
      + "4 internal error, 5 resource limit (see --max-memory).";

  /** Description of a MODEL parameter, for {@code @Parameters(description = ...)}. */
  public static final String MODEL_HELP = "Model: a .onnx or .json file, or example:NAME.";

  private CliSupport() {}

  /** The network named by a MODEL argument (file or example:NAME). */
  public static Network loadModel(String spec) {
    return ReluConvex.load(spec);
  }

  /** Standard output of the command (use instead of System.out, so tests can capture it). */
  public static PrintWriter out(CommandSpec spec) { return spec.commandLine().getOut(); }

  /** Standard error of the command. */
  public static PrintWriter err(CommandSpec spec) { return spec.commandLine().getErr(); }

  /** Standard input of the command (use instead of System.in). */
  public static InputStream in(CommandSpec spec) {
    Object root = spec.root().userObject();
    return root instanceof Main m ? m.stdin : System.in;
  }

  public static CommandLine.IExecutionExceptionHandler executionExceptionHandler(boolean verbose, boolean json) {
    return (ex, cl, parseResult) -> report(ex, cl.getOut(), cl.getErr(), verbose, json);
  }

  public static CommandLine.IParameterExceptionHandler parameterExceptionHandler(boolean verbose, boolean json) {
    return (ex, args) -> {
      CommandLine cl = ex.getCommandLine();
      print(cl.getOut(), cl.getErr(), json, BAD_INPUT,
          oneLine(ex.getMessage()) + " (see '" + cl.getCommandSpec().qualifiedName() + " --help')");
      if (verbose) ex.printStackTrace(cl.getErr());
      cl.getErr().flush();
      return BAD_INPUT;
    };
  }

  /** The exit code of a verdict: 0 convex, 1 not convex, 3 unknown (the one place that maps them). */
  public static int exitCode(VerdictKind kind) { return kind.exitCode(); }

  /** The exit code of a failure: see the class comment. */
  static int exitCode(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause())
      if (t instanceof OutOfMemoryError || t instanceof ResourceLimitReport || t instanceof ResourceLimitException) return RESOURCE_LIMIT;
    return isBadInput(ex) ? BAD_INPUT : INTERNAL_ERROR;
  }

  /** Prints the one line (or JSON object) for a failure and returns its exit code. */
  public static int report(Throwable ex, PrintWriter out, PrintWriter err, boolean verbose, boolean json) {
    int code = exitCode(ex);
    print(out, err, json, code, message(ex, verbose));
    if (verbose) ex.printStackTrace(err);
    err.flush();
    return code;
  }

  /** The one-line message of a failure (without the "reluconvex: " prefix). */
  static String message(Throwable ex, boolean verbose) {
    int code = exitCode(ex);
    String msg;
    if (code == RESOURCE_LIMIT) msg = resourceMessage(ex);
    else if (code == BAD_INPUT) msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    else msg = "internal error: " + ex + (verbose ? "" : " (run with --verbose for details)");
    return oneLine(msg);
  }

  private static String resourceMessage(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof ResourceLimitReport r) return r.getMessage();
      if (t instanceof ResourceLimitException r) return ResourceLimitReport.message("the model", r);
    }
    return "out of memory (the JVM's maximum heap is " + ResourceLimitException.bytes(Runtime.getRuntime().maxMemory())
        + "); try a smaller box or model, a smaller --max-memory to stop such requests early, or a larger heap (java -Xmx...)";
  }

  /** One line on stderr, or under --json one object {"error": ..., "exit_code": ...} on stdout. */
  static void print(PrintWriter out, PrintWriter err, boolean json, int code, String line) {
    if (json) {
      out.println(errorJson(code, line).toPrettyString());
      out.flush();
    } else {
      err.println("reluconvex: " + line);
      err.flush();
    }
  }

  /** The JSON form of a failure: {"error": line, "exit_code": code}. */
  public static ObjectNode errorJson(int code, String line) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("error", line);
    o.put("exit_code", code);
    return o;
  }

  /** Checks what a command was asked against its model: an IllegalArgumentException is bad input, in its own words. */
  static void inputs(Runnable check) {
    try {
      check.run();
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage());
    }
  }

  /** The computation of a command, on its options with the memory limit and the listener set. */
  @FunctionalInterface
  interface Computation<T> {
    T run(CheckOptions options) throws Exception;
  }

  /**
   * Runs the computation of a command whose input has been read and accepted (the model loaded,
   * the box checked against it) on 'options' with the memory limit of {@code --max-memory} and, on
   * a terminal, a progress line for a complex built as pieces: from here on an
   * IllegalArgumentException is no longer bad input but ours, and a resource limit names MODEL.
   */
  static <T> T compute(String model, MemoryOptions memory, CheckOptions options, Computation<T> body) throws Exception {
    PieceLines lines = System.console() == null ? null : new PieceLines();
    try {
      return body.run(options.withMaxMemory(memory.bytes()).withProgress(lines));
    } catch (ResourceLimitException e) {
      throw new ResourceLimitReport(model, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(e.toString(), e);
    } finally {
      if (lines != null) lines.end();
    }
  }

  /**
   * On an interactive terminal, a complex built as pieces (minutes for millions of vertices) shows
   * its progress on one line of standard error, cleared at the end.
   */
  private static final class PieceLines implements org.reluconvex.complex.PieceRun.Listener {
    private boolean shown;
    private long vertices;

    @Override
    public synchronized void done(int finished, int planned, org.reluconvex.complex.Piece piece, int v) {
      vertices += v;
      System.err.printf(Locale.ROOT, "\rpieces: %d of %d done, %,d vertices in them so far ", finished, planned, vertices);
      System.err.flush();
      shown = true;
    }

    synchronized void end() {
      if (shown) System.err.print("\r" + " ".repeat(72) + "\r");
    }
  }

  static boolean isBadInput(Throwable ex) {
    return ex instanceof BadInputException || ex instanceof IllegalArgumentException || ex instanceof UncheckedIOException;
  }

  /** A resource limit reached on a named model, with the way out. */
  static final class ResourceLimitReport extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ResourceLimitReport(String model, ResourceLimitException cause) {
      super(message(model, cause), cause);
    }

    static String message(String model, ResourceLimitException e) {
      return "the complex of " + model + " needs more than " + ResourceLimitException.bytes(e.neededBytes()) + " (limit "
          + ResourceLimitException.bytes(e.limitBytes()) + ", --max-memory" + (e.reached() == null ? "" : "; " + e.reached())
          + "); try a smaller box or a larger --max-memory";
    }
  }

  static String oneLine(String s) {
    return s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
  }
}
