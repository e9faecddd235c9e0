package org.reluconvex.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import org.reluconvex.io.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code reluconvex} command line. Each subcommand is one class (a picocli {@code @Command}
 * implementing {@code Callable<Integer>}) listed in {@link #SUBCOMMANDS}; {@link CliSupport} holds
 * what they share: model loading, input streams, and the mapping of errors to exit codes.
 *
 * <p>Exit codes ({@link CliSupport#EXIT_CODES}): 0 success, 1 not convex, 2 bad input (one line
 * {@code reluconvex: <message>} on stderr), 3 unknown, 4 internal error, 5 resource limit.
 */
@Command(name = "reluconvex", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class, sortOptions = false,
    description = "Decides exactly whether a ReLU neural network computes a convex function.",
    footer = {"", "MODEL is a .onnx or .json file, or example:NAME (example:beyond-icnn, example:non-icnn-weights, "
        + "example:random?dim=2&widths=4,8&seed=1&skip=true, example:icnn-random?dim=2&widths=4,8).",
        "", Main.SPARK_HINT, CliSupport.EXIT_CODES})
public final class Main implements Callable<Integer> {
  /** The subcommands, in the order of the help. To add a command, add its class here. */
  public static final List<Class<?>> SUBCOMMANDS = List.of(
      CheckCommand.class,
      MonotoneCommand.class,
      LipschitzCommand.class,
      RangeCommand.class,
      RegionsCommand.class,
      BenchCommand.class,
      ToIcnnCommand.class,
      TrainCommand.class,
      ExperimentCommand.class,
      PlotCommand.class,
      InfoCommand.class,
      EvalCommand.class,
      ConstraintsCommand.class,
      ServeCommand.class,
      ExampleCommand.class,
      picocli.AutoComplete.GenerateCompletion.class);

  /**
   * The names of {@link #SUBCOMMANDS}, in the same order (a test holds them to the annotations): a
   * command line that names its command registers only that one, since picocli's introspection of
   * every command class is most of the start-up time of a single {@code check}.
   */
  static final List<String> NAMES = List.of("check", "monotone", "lipschitz", "range", "regions", "bench", "to-icnn", "train", "experiment", "plot", "info",
      "eval", "constraints", "serve", "example", "generate-completion");

  @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print the stack trace of errors.")
  boolean verbose;

  @Spec CommandSpec spec;

  final InputStream stdin;

  Main(InputStream stdin) {
    this.stdin = stdin;
  }

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: one of "
        + String.join(", ", spec.subcommands().keySet()));
  }

  /** Runs the command line on the process streams and exits with its code. */
  public static void main(String... args) {
    // the plots draw on off-screen images: never look for a display (set here, for this process only,
    // not by the library classes, which must not change a host application's JVM)
    if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    int code = run(System.in, System.out, System.err, args);
    System.exit(code);
  }

  /** Runs on the process streams and returns the exit code (for in-process use). */
  public static int run(String... args) {
    return run(System.in, System.out, System.err, args);
  }

  /** Where the Spark jobs are: not in this jar, which does not carry Spark. */
  static final String SPARK_HINT = "Spark jobs (count, corpus, huge on a cluster or locally): bin/reluconvex spark JOB ... from a checkout "
      + "built with 'mvn package' (docs/guide.md, On a cluster).";

  /** Runs with the given streams and returns the exit code; nothing is thrown, nothing exits. */
  public static int run(InputStream in, PrintStream out, PrintStream err, String... args) {
    for (String a : args) {
      if (a.equals("--verbose")) continue;
      if (a.equals("spark")) { // a command of the launcher, not of this jar: say where it is instead of "unmatched arguments"
        err.println("reluconvex: spark is not a command of this jar; " + SPARK_HINT);
        err.flush();
        return CliSupport.BAD_INPUT;
      }
      break;
    }
    CheckCommand quick = QuickCheck.parse(args);
    return quick != null ? runQuick(quick, in, out, err, args) : run(in, out, err, needed(args), args);
  }

  /** A plain check command line without picocli ({@link QuickCheck}), with the same streams and error policy. */
  private static int runQuick(CheckCommand check, InputStream in, PrintStream out, PrintStream err, String... args) {
    PrintWriter o = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    PrintWriter e = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    boolean verbose = List.of(args).contains("--verbose"), json = List.of(args).contains("--json");
    try {
      return check.execute(o, e, in, verbose);
    } catch (Throwable t) {
      return CliSupport.report(t, o, e, verbose, json);
    } finally {
      o.flush();
      e.flush();
    }
  }

  /**
   * The subcommand the arguments name (the first one that is not an option), alone; all of them
   * when none is named or the name is unknown (then the help, the suggestions and the error name
   * every command, as before).
   */
  static List<Class<?>> needed(String... args) {
    for (String a : args) {
      if (a.startsWith("-")) {
        if (a.equals("--verbose")) continue;
        return SUBCOMMANDS; // --help, --version, or an option picocli will refuse
      }
      int i = NAMES.indexOf(a);
      // the completion script describes every command, so it needs them all
      return i < 0 || a.equals("generate-completion") ? SUBCOMMANDS : List.of(SUBCOMMANDS.get(i));
    }
    return SUBCOMMANDS;
  }

  /**
   * The same with only some of the subcommands registered: building the command line costs a few
   * milliseconds per command class, which {@code serve} does not spend on every request.
   */
  static int run(InputStream in, PrintStream out, PrintStream err, List<Class<?>> subcommands, String... args) {
    PrintWriter o = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    PrintWriter e = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    boolean verbose = List.of(args).contains("--verbose"), json = List.of(args).contains("--json");
    try {
      return commandLine(in, o, e, subcommands, args).execute(args);
    } catch (Throwable t) { // errors picocli does not hand to the exception handler, such as OutOfMemoryError
      // the command line and what it computed are no longer referenced here: the memory is free again
      return CliSupport.report(t, o, e, verbose, json);
    } finally {
      o.flush();
      e.flush();
    }
  }

  /** The configured command line (subcommands, streams, error handling). */
  static CommandLine commandLine(InputStream in, PrintWriter out, PrintWriter err, String[] args) {
    return commandLine(in, out, err, SUBCOMMANDS, args);
  }

  private static CommandLine commandLine(InputStream in, PrintWriter out, PrintWriter err, List<Class<?>> subcommands, String[] args) {
    CommandLine cl = new CommandLine(new Main(in));
    for (Class<?> c : subcommands) cl.addSubcommand(c);
    cl.setOut(out);
    cl.setErr(err);
    boolean verbose = List.of(args).contains("--verbose"), json = List.of(args).contains("--json");
    cl.setExecutionExceptionHandler(CliSupport.executionExceptionHandler(verbose, json));
    cl.setParameterExceptionHandler(CliSupport.parameterExceptionHandler(verbose, json));
    return cl;
  }

  /** Version for {@code --version}. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() { return new String[] {"reluconvex " + Version.VERSION}; }
  }
}
