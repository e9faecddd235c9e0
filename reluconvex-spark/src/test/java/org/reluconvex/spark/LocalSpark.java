package org.reluconvex.spark;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * One Spark context in local mode for every test class of this JVM (starting one takes seconds):
 * two worker threads, and a failed task tried twice, as a cluster would.
 */
final class LocalSpark {
  private static JavaSparkContext context;

  private LocalSpark() {}

  static synchronized JavaSparkContext context() {
    if (context == null) {
      context = new JavaSparkContext(new SparkConf().setMaster("local[2,2]").setAppName("reluconvex-tests").set("spark.ui.enabled", "false"));
      Runtime.getRuntime().addShutdownHook(new Thread(context::stop));
    }
    return context;
  }

  /** What a command printed and its exit code. */
  record Run(int code, String out, String err) {}

  /** {@code reluconvex spark ARGS} on the shared context. */
  static Run spark(String... args) {
    return capture(true, args);
  }

  /** The single-machine {@code reluconvex ARGS}, in this JVM. */
  static Run core(String... args) {
    return capture(false, args);
  }

  private static Run capture(boolean spark, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = spark ? SparkMain.run(o, e, new SparkMain(context()), args)
          : org.reluconvex.cli.Main.run(java.io.InputStream.nullInputStream(), o, e, args);
    }
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
