package org.reluconvex;

import java.nio.file.Path;
import org.reluconvex.network.Domain;
import org.reluconvex.complex.ComplexCounts;
import org.reluconvex.complex.EdgeSubdivision;
import org.reluconvex.complex.PolyhedralComplex;
import org.reluconvex.convexity.CheckOptions;
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

  /** Whether net is convex on the domain, by method {@code auto}. */
  public static Verdict check(Network net, Domain domain) {
    return check(net, domain, CheckOptions.defaults());
  }

  /** Whether net is convex on the domain, by the given method. */
  public static Verdict check(Network net, Domain domain, Checks.Method method) {
    return check(net, domain, CheckOptions.defaults().withMethod(method));
  }

  /**
   * Whether net is convex on the domain, with the given options: the method, the precision policy,
   * the integer programs' time limit and threads, the memory a complex may take and who hears of its
   * pieces ({@link CheckOptions}; nothing is set for the whole process).
   */
  public static Verdict check(Network net, Domain domain, CheckOptions options) {
    return Checks.check(net, domain, options);
  }

  /**
   * Whether net is concave on the domain: the check of -f ({@link Network#negated}). Its witness
   * (a, b) has f((a+b)/2) &lt; (f(a)+f(b))/2, and {@code excess} is the amount, for -f.
   */
  public static Verdict checkConcave(Network net, Domain domain, CheckOptions options) {
    return check(net.negated(), domain, options);
  }

  /**
   * Whether net is convex in the inputs listed (0-based) for every value of the others, on the
   * domain (docs/math.md section 11); a witness's two points differ only in those inputs. Methods
   * auto, cells and milp.
   */
  public static Verdict checkConvexIn(Network net, Domain domain, int[] inputs, CheckOptions options) {
    return new PartialConvexity(options.precision(), options.milp(), options.build()).check(net, domain, inputs, options.method());
  }

  /**
   * Whether net is non-decreasing in the inputs 'increasing' and non-increasing in 'decreasing'
   * (0-based) on the domain; a witness is two points that differ in one of them, f in the wrong
   * order. Methods auto, cells and milp.
   */
  public static MonotoneVerdict monotone(Network net, Domain domain, int[] increasing, int[] decreasing, CheckOptions options) {
    return new Monotonicity(options.precision(), options.milp(), options.build()).check(net, domain, increasing, decreasing, options.method());
  }

  /**
   * The Lipschitz constant of net on the domain for the input norm given: exact, with the cell's
   * point and gradient that attain it, or proven bounds when it cannot be. Methods auto, cells and milp.
   */
  public static LipschitzResult lipschitz(Network net, Domain domain, Norm norm, CheckOptions options) {
    return new Lipschitz(options.precision(), options.milp(), options.build()).compute(net, domain, norm, options.method());
  }

  /** The smallest and largest value of net on a box, with points attaining them. Methods auto, skeleton and milp. */
  public static RangeResult range(Network net, Domain box, CheckOptions options) {
    return new Range(options.precision(), options.milp(), options.build()).compute(net, box, options.method());
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

  /** As {@link #count(Network, Domain)} within the options' memory limit, its pieces told to the options' listener. */
  public static ComplexCounts count(Network net, Domain box, CheckOptions options) {
    return ComplexCounts.of(net, box, options.build());
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
