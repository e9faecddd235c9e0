package org.reluconvex.experiment;

import java.util.ServiceLoader;
import java.util.concurrent.Callable;

/**
 * The command line's {@code experiment count} with another engine for its draws. The application
 * registers its count command as this service (META-INF/services), so that another application
 * with its own engine (the Spark jobs) runs the very same command, options and output, without
 * depending on the command line's classes. The command is a picocli command object; this package
 * stays free of picocli, hence {@link Callable}.
 */
public interface CountCommandProvider {
  /** A fresh count command whose draws 'runners' run. */
  Callable<Integer> countCommand(DrawRunners runners);

  /** The provider on this class path (the application's). */
  static CountCommandProvider find() {
    return ServiceLoader.load(CountCommandProvider.class, CountCommandProvider.class.getClassLoader()).findFirst()
        .orElseThrow(() -> new IllegalStateException("no count command on the class path (" + CountCommandProvider.class.getName() + ")"));
  }
}
