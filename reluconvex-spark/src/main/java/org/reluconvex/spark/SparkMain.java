package org.reluconvex.spark;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.reluconvex.convexity.Failures;
import org.reluconvex.experiment.CountCommandProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code reluconvex spark JOB ...}: the jobs of the command line on Apache Spark. Run by
 * {@code bin/reluconvex spark} in local mode (Spark embedded, no cluster), or by {@code spark-submit}
 * with the job jar on a cluster, whose master then comes from spark-submit.
 */
@Command(name = "reluconvex spark", mixinStandardHelpOptions = true,
    description = {"Run reluconvex jobs on Apache Spark: on this machine (local mode, the default) or on a cluster with spark-submit.",
        "  count   experiment count with the draws spread over the executors (same options, same counts.csv)",
        "  corpus  check every model of folders or lists (any Hadoop file system): one check --json line per model",
        "  huge    one check with the box cut into pieces, each piece checked on an executor"},
    footer = Failures.EXIT_CODES)
public final class SparkMain implements Callable<Integer>, AutoCloseable {
  @Option(names = "--master", scope = ScopeType.INHERIT, paramLabel = "URL",
      description = "Spark master (default: the one spark-submit sets, else local[*], all cores of this machine).")
  String master;

  @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Stack traces with errors.")
  boolean verbose;

  private JavaSparkContext context;
  /** Where the jobs' one-line progress goes (the command's standard error). */
  PrintWriter err = new PrintWriter(System.err, true);
  private final boolean ownsContext;

  public SparkMain() {
    ownsContext = true;
  }

  /** On a running context (tests: one per test class); it is not stopped here. */
  public SparkMain(JavaSparkContext context) {
    this.context = context;
    ownsContext = false;
  }

  /** The Spark context, started on first use: jobs that fail on their arguments start none. */
  JavaSparkContext context() {
    if (context == null) {
      SparkConf conf = new SparkConf().setAppName("reluconvex");
      if (master != null) conf.setMaster(master);
      else if (!conf.contains("spark.master")) conf.setMaster("local[*]");
      context = new JavaSparkContext(conf);
    }
    return context;
  }

  @Override
  public void close() {
    if (ownsContext && context != null) context.stop();
  }

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(new CommandLine(this), "name a job: count, corpus or huge");
  }

  public static void main(String... args) {
    int code = run(System.out, System.err, new SparkMain(), args);
    System.exit(code);
  }

  /** Runs a job on the given streams and returns the exit code; closes the context it started. */
  public static int run(PrintStream out, PrintStream err, SparkMain main, String... args) {
    PrintWriter o = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    PrintWriter e = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    boolean verbose = List.of(args).contains("--verbose"), json = List.of(args).contains("--json");
    main.err = e;
    try (main) {
      CommandLine cl = new CommandLine(main);
      // the command line's own count command (found as a service: this module does not name the
      // command line's classes), its draws run by Spark
      cl.addSubcommand("count", CountCommandProvider.find().countCommand(new SparkDraws.Factory(main)));
      cl.addSubcommand("corpus", new CorpusJob(main));
      cl.addSubcommand("huge", new HugeJob(main));
      cl.setOut(o);
      cl.setErr(e);
      cl.setExecutionExceptionHandler(Errors.execution(verbose, json));
      cl.setParameterExceptionHandler(Errors.parameters(verbose, json));
      return cl.execute(args);
    } catch (Throwable t) {
      return Failures.report(t, o, e, verbose, json);
    } finally {
      o.flush();
      e.flush();
    }
  }
}
