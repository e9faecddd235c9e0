package org.reluconvex.spark;

import org.reluconvex.convexity.Failures;
import picocli.CommandLine;

/** The jobs' error policy: picocli's handlers on the library's {@link Failures}, as the command line has them. */
final class Errors {
  private Errors() {}

  static CommandLine.IExecutionExceptionHandler execution(boolean verbose, boolean json) {
    return (ex, cl, parseResult) -> Failures.report(ex, cl.getOut(), cl.getErr(), verbose, json);
  }

  static CommandLine.IParameterExceptionHandler parameters(boolean verbose, boolean json) {
    return (ex, args) -> {
      CommandLine cl = ex.getCommandLine();
      Failures.print(cl.getOut(), cl.getErr(), json, Failures.BAD_INPUT, Failures.usage(ex.getMessage(), cl.getCommandSpec().qualifiedName()));
      if (verbose) ex.printStackTrace(cl.getErr());
      cl.getErr().flush();
      return Failures.BAD_INPUT;
    };
  }
}
