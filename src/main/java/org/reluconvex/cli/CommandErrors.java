package org.reluconvex.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;

/** Runs a command body and turns bad input into a one-line message and exit code 2. */
final class CommandErrors {
  private CommandErrors() {}

  static int run(PrintStream err, Callable<Integer> body) throws Exception {
    try {
      return body.call();
    } catch (IllegalArgumentException | UncheckedIOException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
  }
}
