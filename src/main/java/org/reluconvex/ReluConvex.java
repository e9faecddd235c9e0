package org.reluconvex;

import org.reluconvex.complex.MemoryLimit;
import java.nio.file.Path;
import org.reluconvex.network.Domain;
import org.reluconvex.complex.ComplexCounts;
import org.reluconvex.complex.EdgeSubdivision;
import org.reluconvex.complex.PolyhedralComplex;
import org.reluconvex.convexity.Checks;
import org.reluconvex.convexity.MilpChecker;
import org.reluconvex.convexity.Verdict;
import org.reluconvex.io.ModelFiles;
import org.reluconvex.network.Network;
import org.reluconvex.precision.PrecisionPolicy;
import org.reluconvex.properties.Lipschitz;
import org.reluconvex.properties.LipschitzResult;
import org.reluconvex.properties.Monotonicity;
import org.reluconvex.properties.MonotoneVerdict;
import org.reluconvex.properties.Norm;
import org.reluconvex.properties.PartialConvexity;
import org.reluconvex.properties.Range;
import org.reluconvex.properties.RangeResult;

/**
 * The front door of the library: read a model, decide whether it is convex on a domain, and the
 * properties read from the same machinery (docs/math.md section 11): concavity, convexity in some
 * inputs, monotonicity, Lipschitz constants and ranges.
 *
 * <pre>{@code
 * Network net = ReluConvex.read(Path.of("model.onnx"));
 * Verdict v = ReluConvex.check(net, Domain.cube(net.inputDim(), -1, 1));
 * }</pre>
 *
 * <p>Every call delegates to {@link Checks} (the methods, {@code auto} and its fallbacks) and
 * {@link ModelFiles} (ONNX and JSON); nothing is decided here. A verdict is {@code convex} only
 * when proven, {@code not_convex} always with a {@link org.reluconvex.convexity.Witness} verified
 * by forward evaluation, otherwise {@code unknown} with its reason.
 */
public final class ReluConvex {
  private ReluConvex() {}

  /**
   * How a check runs: every setting of {@code check} in one place. {@code earlyTrials}: seeded
   * trials of the early witness search before a complex is built (0: none; the command line uses
   * {@link org.reluconvex.convexity.WitnessSearch#EARLY_TRIALS}); the verdict is the same either way.
   * {@code exhaustive}: the complex is built and counted where the method can ({@code auto} in d
   * &le; 3 builds it, as pieces when it is too large to hold, rather than deciding by integer
   * programs), as {@code check --exhaustive} does. {@code maxMemoryBytes}: the memory a complex may
   * take during this check (0: {@link MemoryLimit#bytes()}, by default 80% of the heap), as
   * {@code --max-memory}; a complex that needs more is a {@link org.reluconvex.complex.ResourceLimitException}.
   * The time limit and threads of the integer programs are in {@code milp}
   * ({@link #withTimeLimit}, {@link #withThreads}).
   */
  public record Options(Checks.Method method, PrecisionPolicy precision, MilpChecker.Settings milp, int earlyTrials, boolean exhaustive,
      long maxMemoryBytes) {
    public Options {
      if (method == null || precision == null || milp == null) throw new IllegalArgumentException("options need a method, a precision policy and milp settings");
      if (earlyTrials < 0) throw new IllegalArgumentException("earlyTrials must be at least 0, got " + earlyTrials);
      if (maxMemoryBytes < 0) throw new IllegalArgumentException("maxMemoryBytes must be at least 0 (0: the default), got " + maxMemoryBytes);
    }

    /** {@code auto}, the default precision policy, default integer-program settings, no early search, the default memory limit. */
    public static Options defaults() {
      return new Options(Checks.Method.AUTO, PrecisionPolicy.DEFAULT, MilpChecker.Settings.defaults(), 0, false, 0);
    }

    public Options withMethod(Checks.Method m) { return new Options(m, precision, milp, earlyTrials, exhaustive, maxMemoryBytes); }

    public Options withPrecision(PrecisionPolicy p) { return new Options(method, p, milp, earlyTrials, exhaustive, maxMemoryBytes); }

    public Options withMilp(MilpChecker.Settings s) { return new Options(method, precision, s, earlyTrials, exhaustive, maxMemoryBytes); }

    public Options withEarlyTrials(int trials) { return new Options(method, precision, milp, trials, exhaustive, maxMemoryBytes); }

    public Options withExhaustive(boolean e) { return new Options(method, precision, milp, earlyTrials, e, maxMemoryBytes); }

    /** The memory a complex may take during the check (bytes; 0: the default). */
    public Options withMaxMemory(long bytes) { return new Options(method, precision, milp, earlyTrials, exhaustive, bytes); }

    /** The time limit of the integer programs (seconds, for the whole check; infinite: none), as {@code --time-limit}. */
    public Options withTimeLimit(double seconds) { return withMilp(milp.withTimeLimit(seconds)); }

    /** The threads of the integer programs, as {@code --threads} (the verdict does not depend on it). */
    public Options withThreads(int threads) { return withMilp(milp.withThreads(threads)); }
  }

  /** Whether net is convex on the domain, by method {@code auto}. */
  public static Verdict check(Network net, Domain domain) {
    return check(net, domain, Options.defaults());
  }

  /** Whether net is convex on the domain, by the given method. */
  public static Verdict check(Network net, Domain domain, Checks.Method method) {
    return check(net, domain, Options.defaults().withMethod(method));
  }

  /** Whether net is convex on the domain, with the given options. */
  public static Verdict check(Network net, Domain domain, Options options) {
    return withMemory(options, () -> Checks.check(net, domain, options.method(), options.precision(), options.milp(), options.earlyTrials(),
        options.exhaustive()));
  }

  /**
   * Whether net is concave on the domain: the check of -f ({@link Network#negated}). Its witness
   * (a, b) has f((a+b)/2) &lt; (f(a)+f(b))/2, and {@code excess} is the amount, for -f.
   */
  public static Verdict checkConcave(Network net, Domain domain, Options options) {
    return check(net.negated(), domain, options);
  }

  /**
   * Whether net is convex in the inputs listed (0-based) for every value of the others, on the
   * domain (docs/math.md section 11); a witness's two points differ only in those inputs. Methods
   * auto, cells and milp.
   */
  public static Verdict checkConvexIn(Network net, Domain domain, int[] inputs, Options options) {
    return withMemory(options, () -> new PartialConvexity(options.precision(), options.milp()).check(net, domain, inputs, options.method()));
  }

  /**
   * Whether net is non-decreasing in the inputs 'increasing' and non-increasing in 'decreasing'
   * (0-based) on the domain; a witness is two points that differ in one of them, f in the wrong
   * order. Methods auto, cells and milp.
   */
  public static MonotoneVerdict monotone(Network net, Domain domain, int[] increasing, int[] decreasing, Options options) {
    return withMemory(options, () -> new Monotonicity(options.precision(), options.milp()).check(net, domain, increasing, decreasing, options.method()));
  }

  /**
   * The Lipschitz constant of net on the domain for the input norm given: exact, with the cell's
   * point and gradient that attain it, or proven bounds when it cannot be. Methods auto, cells and milp.
   */
  public static LipschitzResult lipschitz(Network net, Domain domain, Norm norm, Options options) {
    return withMemory(options, () -> new Lipschitz(options.precision(), options.milp()).compute(net, domain, norm, options.method()));
  }

  /** The smallest and largest value of net on a box, with points attaining them. Methods auto, skeleton and milp. */
  public static RangeResult range(Network net, Domain box, Options options) {
    return withMemory(options, () -> new Range(options.precision(), options.milp()).compute(net, box, options.method()));
  }

  /** Runs a call with the options' memory limit held for its duration (the limit is the process's: calls side by side share it). */
  private static <T> T withMemory(Options options, java.util.function.Supplier<T> call) {
    if (options.maxMemoryBytes() <= 0) return call.get();
    try (MemoryLimit.Scope limit = MemoryLimit.set(options.maxMemoryBytes())) {
      return call.get();
    }
  }

  /**
   * The polyhedral complex of net on a box: the activation regions, their vertices and edges (as
   * {@code reluconvex regions} counts them; cells are counted for d &le; 2).
   */
  public static PolyhedralComplex regions(Network net, Domain box) {
    return EdgeSubdivision.build(net, box);
  }

  /**
   * The size of net's complex on a box ({@code reluconvex regions}): vertices, edges, cells for d
   * &le; 2, and whether the counts are proven. A complex too large to hold at once is counted from
   * pieces built one after another.
   */
  public static ComplexCounts count(Network net, Domain box) {
    return ComplexCounts.of(net, box);
  }

  /** A model file, ONNX or JSON (by its extension, else by its content). */
  public static Network read(Path file) {
    return ModelFiles.read(file);
  }

  /** A model named as on the command line: a file, or {@code example:NAME} for a built-in. */
  public static Network load(String spec) {
    return ModelFiles.resolve(spec);
  }
}
