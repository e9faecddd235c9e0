package org.reluconvex.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.reluconvex.ReluConvex;
import org.reluconvex.convexity.CheckOptions;
import org.reluconvex.convexity.Failures;
import org.reluconvex.convexity.VerdictKind;
import org.reluconvex.io.BadInputException;
import org.reluconvex.network.Network;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What every subcommand shares: loading MODEL arguments, the process streams, and the error
 * policy (its codes, lines and JSON computed by the library's {@link Failures}, which the Spark
 * jobs use too). A command throws {@link BadInputException} (or IllegalArgumentException, while it reads
 * and validates its input) for anything wrong with its input; the handlers here print one line
 * {@code reluconvex: <message>} on stderr and return {@link #BAD_INPUT}. Any other failure is
 * ours: {@link #INTERNAL_ERROR}, one line {@code reluconvex: internal error: ...}. A request too
 * large for the memory allowed is {@link #RESOURCE_LIMIT}. Stack traces only under
 * {@code --verbose}; under {@code --json} the line is a JSON object on stdout instead.
 */
public final class CliSupport {
  // the codes are the library's (Failures), shared with the Spark jobs; named here for the commands
  public static final int OK = Failures.OK;
  public static final int NOT_CONVEX = Failures.NOT_CONVEX;
  public static final int BAD_INPUT = Failures.BAD_INPUT;
  public static final int UNKNOWN = Failures.UNKNOWN;
  public static final int INTERNAL_ERROR = Failures.INTERNAL_ERROR;
  public static final int RESOURCE_LIMIT = Failures.RESOURCE_LIMIT;

  /** The help footer's line on exit codes, for every command (README.md says the same). */
  public static final String EXIT_CODES = Failures.EXIT_CODES;

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
      print(cl.getOut(), cl.getErr(), json, BAD_INPUT, Failures.usage(ex.getMessage(), cl.getCommandSpec().qualifiedName()));
      if (verbose) ex.printStackTrace(cl.getErr());
      cl.getErr().flush();
      return BAD_INPUT;
    };
  }

  /** The exit code of a verdict: 0 convex, 1 not convex, 3 unknown (the one place that maps them). */
  public static int exitCode(VerdictKind kind) { return kind.exitCode(); }

  /** The exit code of a failure ({@link Failures#exitCode}). */
  static int exitCode(Throwable ex) { return Failures.exitCode(ex); }

  /** Prints the one line (or JSON object) for a failure and returns its exit code. */
  public static int report(Throwable ex, PrintWriter out, PrintWriter err, boolean verbose, boolean json) {
    return Failures.report(ex, out, err, verbose, json);
  }

  /** The one-line message of a failure (without the "reluconvex: " prefix). */
  static String message(Throwable ex, boolean verbose) { return Failures.message(ex, verbose); }

  static void print(PrintWriter out, PrintWriter err, boolean json, int code, String line) {
    Failures.print(out, err, json, code, line);
  }

  /** The JSON form of a failure: {"error": line, "exit_code": code}. */
  public static ObjectNode errorJson(int code, String line) { return Failures.json(code, line); }

  /** Checks what a command was asked against its model: an IllegalArgumentException is bad input, in its own words. */
  static void inputs(Runnable check) {
    inputs(() -> {
      check.run();
      return null;
    });
  }

  /** As {@link #inputs(Runnable)}, for a check that also gives what it read. */
  static <T> T inputs(java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage());
    }
  }

  /**
   * Runs the computation of a command whose input has been read and accepted (the model loaded,
   * the box checked against it) on 'options' with the memory limit of {@code --max-memory} and its
   * progress shown ({@link ProgressLines}: on a terminal, or as JSON lines with --progress): from here on an
   * IllegalArgumentException is no longer bad input but ours, and a resource limit names MODEL.
   */
  static <T> T compute(String model, MemoryOptions memory, CheckOptions options, Failures.Computation<T> body) throws Exception {
    ProgressLines lines = ProgressLines.of(memory);
    try {
      return Failures.compute(model, options.withMaxMemory(memory.bytes()).withProgress(lines), body);
    } finally {
      if (lines != null) lines.end();
    }
  }

  static boolean isBadInput(Throwable ex) { return Failures.isBadInput(ex); }

  static String oneLine(String s) { return Failures.oneLine(s); }
}
