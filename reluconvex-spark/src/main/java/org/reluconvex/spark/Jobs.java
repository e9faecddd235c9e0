package org.reluconvex.spark;

import java.util.concurrent.ExecutionException;
import org.apache.spark.api.java.JavaSparkContext;

/** What the jobs share: the line on stderr that says where they run, and failures in one line. */
final class Jobs {
  private Jobs() {}

  /** One line on stderr: the job, where it runs and where Spark's UI shows its progress. */
  static void announce(SparkMain main, String what) {
    JavaSparkContext sc = main.context();
    scala.Option<String> ui = sc.sc().uiWebUrl();
    main.err.println("spark: " + what + " on " + sc.master() + " (" + sc.defaultParallelism() + " cores)"
        + (ui.isDefined() ? "; progress at " + ui.get() : ""));
    main.err.flush();
  }

  /** A failed Spark job as one line (Spark's message holds the executor's stack trace). */
  static IllegalStateException failure(String what, Throwable e) {
    Throwable t = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    String m = String.valueOf(t.getMessage());
    int nl = m.indexOf('\n');
    return new IllegalStateException(what + " failed: " + (nl < 0 ? m : m.substring(0, nl)), t);
  }
}
