package org.reluconvex.convexity;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.reluconvex.complex.ResourceLimitException;
import org.reluconvex.io.BadInputException;

/**
 * What a failure reports, the same in every application (the command line, its server, the Spark
 * jobs): its exit code, its one line and its JSON. Anything wrong with the input
 * ({@link BadInputException}, or IllegalArgumentException while the input is read and validated)
 * is {@link #BAD_INPUT}; a request too large for the memory allowed is {@link #RESOURCE_LIMIT};
 * any other failure is ours, {@link #INTERNAL_ERROR}. Verdicts have theirs in {@link VerdictKind#exitCode}.
 */
public final class Failures {
  public static final int OK = 0;
  public static final int NOT_CONVEX = 1;
  public static final int BAD_INPUT = 2;
  public static final int UNKNOWN = 3;
  public static final int INTERNAL_ERROR = 4;
  public static final int RESOURCE_LIMIT = 5;

  /** The help footer's line on exit codes, for every command (README.md says the same). */
  public static final String EXIT_CODES = "Exit codes: 0 success (check: convex), 1 not convex, 2 bad input, 3 unknown, "
      + "4 internal error, 5 resource limit (see --max-memory).";

  private Failures() {}

  /** The exit code of a failure: see the class comment. */
  public static int exitCode(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause())
      if (t instanceof OutOfMemoryError || t instanceof ModelResourceLimit || t instanceof ResourceLimitException) return RESOURCE_LIMIT;
    return isBadInput(ex) ? BAD_INPUT : INTERNAL_ERROR;
  }

  public static boolean isBadInput(Throwable ex) {
    return ex instanceof BadInputException || ex instanceof IllegalArgumentException || ex instanceof UncheckedIOException;
  }

  /** The one-line message of a failure (without the "reluconvex: " prefix). */
  public static String message(Throwable ex, boolean verbose) {
    int code = exitCode(ex);
    String msg;
    if (code == RESOURCE_LIMIT) msg = resourceMessage(ex);
    else if (code == BAD_INPUT) msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    else msg = "internal error: " + ex + (verbose ? "" : " (run with --verbose for details)");
    return oneLine(msg);
  }

  private static String resourceMessage(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof ModelResourceLimit r) return r.getMessage();
      if (t instanceof ResourceLimitException r) return ModelResourceLimit.message("the model", r);
    }
    return "out of memory (the JVM's maximum heap is " + ResourceLimitException.bytes(Runtime.getRuntime().maxMemory())
        + "); try a smaller box or model, a smaller --max-memory to stop such requests early, or a larger heap (java -Xmx...)";
  }

  /** The line of an option or argument refused before 'command' runs, with where its help is. */
  public static String usage(String message, String command) {
    return oneLine(String.valueOf(message)) + " (see '" + command + " --help')";
  }

  /** Prints the one line (or JSON object) for a failure and returns its exit code. */
  public static int report(Throwable ex, PrintWriter out, PrintWriter err, boolean verbose, boolean json) {
    int code = exitCode(ex);
    print(out, err, json, code, message(ex, verbose));
    if (verbose) ex.printStackTrace(err);
    err.flush();
    return code;
  }

  /** One line {@code reluconvex: <line>} on stderr, or under --json one object {"error", "exit_code"} on stdout. */
  public static void print(PrintWriter out, PrintWriter err, boolean json, int code, String line) {
    if (json) {
      out.println(json(code, line).toPrettyString());
      out.flush();
    } else {
      err.println("reluconvex: " + line);
      err.flush();
    }
  }

  /** The JSON form of a failure: {"error": line, "exit_code": code}. */
  public static ObjectNode json(int code, String line) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("error", line);
    o.put("exit_code", code);
    return o;
  }

  /** The line of a model that failed among several ({@code check --json --list}, the corpus job): {"model", "error", "exit_code"}. */
  public static ObjectNode json(String model, int code, String line) {
    ObjectNode o = JsonNodeFactory.instance.objectNode().put("model", model);
    o.setAll(json(code, line));
    return o;
  }

  /** A computation on a model's check options (the memory limit and listener already set). */
  @FunctionalInterface
  public interface Computation<T> {
    T run(CheckOptions options) throws Exception;
  }

  /**
   * Runs the check of a model whose input has been read and accepted (the model loaded, the box
   * checked against it) on 'options': from here on an IllegalArgumentException is no longer bad
   * input but ours, and a resource limit names the model.
   */
  public static <T> T compute(String model, CheckOptions options, Computation<T> body) throws Exception {
    try {
      return body.run(options);
    } catch (ResourceLimitException e) {
      throw new ModelResourceLimit(model, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(e.toString(), e);
    }
  }

  /** A resource limit reached on a named model, with the way out. */
  public static final class ModelResourceLimit extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelResourceLimit(String model, ResourceLimitException cause) {
      super(message(model, cause), cause);
    }

    static String message(String model, ResourceLimitException e) {
      return "the complex of " + model + " needs more than " + ResourceLimitException.bytes(e.neededBytes()) + " (limit "
          + ResourceLimitException.bytes(e.limitBytes()) + ", --max-memory" + (e.reached() == null ? "" : "; " + e.reached())
          + "); try a smaller box or a larger --max-memory";
    }
  }

  public static String oneLine(String s) {
    return s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
  }
}
