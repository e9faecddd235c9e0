package org.reluconvex.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.reluconvex.io.BadInputException;
import org.reluconvex.io.ModelFiles;
import org.reluconvex.network.Network;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What every subcommand shares: loading MODEL arguments, the process streams, and the error
 * policy. A command throws {@link BadInputException} (or IllegalArgumentException) for anything
 * wrong with its input; the handlers here print one line {@code reluconvex: <message>} on stderr and
 * return {@link #BAD_INPUT}, with the stack trace only under {@code --verbose}.
 */
public final class CliSupport {
  public static final int OK = 0;
  public static final int BAD_INPUT = 2;
  public static final int INTERNAL_ERROR = 3;

  /** Description of a MODEL parameter, for {@code @Parameters(description = ...)}. */
  public static final String MODEL_HELP = "Model: a .onnx or .json file, or example:NAME.";

  private CliSupport() {}

  /** The network named by a MODEL argument (file or example:NAME). */
  public static Network loadModel(String spec) {
    return ModelFiles.resolve(spec);
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

  static CommandLine.IExecutionExceptionHandler executionExceptionHandler(boolean verbose) {
    return (ex, cl, parseResult) -> {
      PrintWriter err = cl.getErr();
      int code = isBadInput(ex) ? BAD_INPUT : INTERNAL_ERROR;
      String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
      if (code == INTERNAL_ERROR) msg = "internal error: " + ex;
      err.println("reluconvex: " + oneLine(msg) + (code == INTERNAL_ERROR && !verbose ? " (run with --verbose for details)" : ""));
      if (verbose) ex.printStackTrace(err);
      err.flush();
      return code;
    };
  }

  static CommandLine.IParameterExceptionHandler parameterExceptionHandler(boolean verbose) {
    return (ex, args) -> {
      CommandLine cl = ex.getCommandLine();
      PrintWriter err = cl.getErr();
      err.println("reluconvex: " + oneLine(ex.getMessage()) + " (see '" + cl.getCommandSpec().qualifiedName() + " --help')");
      if (verbose) ex.printStackTrace(err);
      err.flush();
      return BAD_INPUT;
    };
  }

  static boolean isBadInput(Throwable ex) {
    return ex instanceof BadInputException || ex instanceof IllegalArgumentException || ex instanceof UncheckedIOException;
  }

  static String oneLine(String s) {
    return s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
  }
}
