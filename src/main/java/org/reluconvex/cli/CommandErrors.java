package org.reluconvex.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;

/**
 * Runs a command body and turns bad input into the one-line message {@code reluconvex: <message>}
 * and exit code 2, as the main command line does, also when a command runs on its own. Anything
 * else is not bad input and goes on to the main handler (internal error, resource limit).
 */
final class CommandErrors {
  private CommandErrors() {}

  static int run(PrintWriter err, Callable<Integer> body) throws Exception {
    try {
      return body.call();
    } catch (IllegalArgumentException | UncheckedIOException | org.reluconvex.io.BadInputException e) {
      err.println("reluconvex: " + CliSupport.oneLine(String.valueOf(e.getMessage())));
      err.flush();
      return CliSupport.BAD_INPUT;
    }
  }
}
