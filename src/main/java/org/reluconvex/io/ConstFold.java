package org.reluconvex.io;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The one evaluator for nodes whose inputs are all constant (weight parametrisations such as
 * {@code W.clamp(min=0)}, {@code softplus(W)}, and shape arithmetic): ONNX semantics, numpy
 * broadcasting, values held as doubles.
 */
final class ConstFold {
  private ConstFold() {}

  static final Set<String> OPS = Set.of(
      "Clip", "Relu", "Softplus", "Exp", "Log", "Abs", "Neg", "Sqrt", "Pow", "Mul", "Div", "Add", "Sub",
      "Max", "Min", "Sum", "Transpose", "Cast", "Reshape", "Squeeze", "Unsqueeze", "Concat", "Gather", "Slice",
      "Identity", "ConstantOfShape", "Expand", "Sigmoid", "Tanh", "Reciprocal", "Floor", "Ceil", "Round", "Sign",
      "Equal", "Less", "LessOrEqual", "Greater", "GreaterOrEqual", "Where", "Not", "And", "Or", "Xor",
      "Shape", "Size", "Flatten", "MatMul", "Gemm", "Range",
      "Dropout", "LeakyRelu", "Elu", "Softsign", "Mean", "PRelu", "ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin",
      "ReduceProd", "ReduceL2", "ReduceL1", "ReduceSumSquare");

  /** The value of the node's first output; err builds a message naming the node. */
  static ConstValue eval(OnnxNode node, List<ConstValue> in, Function<String, BadInputException> err) {
    try {
      return evalUnchecked(node, in, err);
    } catch (BadInputException e) {
      throw e;
    } catch (RuntimeException e) { // a missing input or inconsistent shapes in a malformed file
      StringBuilder shapes = new StringBuilder();
      for (ConstValue c : in) shapes.append(shapes.length() == 0 ? "" : ", ").append(c == null ? "none" : c.shape());
      throw err.apply("cannot be evaluated on constant inputs of shapes " + shapes);
    }
  }

  private static ConstValue evalUnchecked(OnnxNode node, List<ConstValue> in, Function<String, BadInputException> err) {
    ConstValue a = in.isEmpty() ? null : in.get(0);
    switch (node.opType()) {
      case "Identity": case "Dropout": return a;
      case "Relu": return map(a, v -> Math.max(v, 0));
      // log(1 + e^v) without overflow for large v
      case "Softplus": return map(a, v -> Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))));
      case "Exp": return map(a, Math::exp);
      case "Log": return map(a, Math::log);
      case "Abs": return map(a, Math::abs);
      case "Neg": return map(a, v -> -v);
      case "Sqrt": return map(a, Math::sqrt);
      case "Sigmoid": return map(a, v -> 1 / (1 + Math.exp(-v)));
      case "Tanh": return map(a, Math::tanh);
      case "Reciprocal": return map(a, v -> 1 / v);
      case "Floor": return map(a, Math::floor);
      case "Ceil": return map(a, Math::ceil);
      case "Round": return map(a, Math::rint); // halves to even, as ONNX says
      case "Sign": return map(a, Math::signum);
      case "Not": return map(a, v -> v == 0 ? 1 : 0).withInteger(true);
      case "Softsign": return map(a, v -> v / (1 + Math.abs(v)));
      case "LeakyRelu": {
        double alpha = floatAttr(node, "alpha", 0.01);
        return map(a, v -> v >= 0 ? v : alpha * v);
      }
      case "Elu": {
        double alpha = floatAttr(node, "alpha", 1.0);
        return map(a, v -> v >= 0 ? v : alpha * (Math.exp(v) - 1));
      }
      case "Clip": {
        // opset < 11: min and max are attributes; from 11 on: optional inputs
        double lo = clipBound(node, in, 1, "min", Double.NEGATIVE_INFINITY, err);
        double hi = clipBound(node, in, 2, "max", Double.POSITIVE_INFINITY, err);
        return map(a, v -> Math.min(Math.max(v, lo), hi));
      }
      case "Add": case "Sum": return broadcast(in, x -> { double s = 0; for (double v : x) s += v; return s; }, err);
      case "Mean": return broadcast(in, x -> { double s = 0; for (double v : x) s += v; return s / x.length; }, err);
      case "Sub": return broadcast(in, x -> x[0] - x[1], err);
      case "Mul": return broadcast(in, x -> x[0] * x[1], err);
      case "Div": {
        boolean integer = a.integer() && in.get(1).integer(); // integer Div truncates (shape arithmetic)
        ConstValue r = broadcast(in, x -> integer ? (double) ((long) x[0] / (long) x[1]) : x[0] / x[1], err);
        if (integer && Arrays.stream(in.get(1).values()).anyMatch(v -> v == 0)) throw err.apply("divides an integer by zero");
        return r;
      }
      case "PRelu": return broadcast(in, x -> x[0] >= 0 ? x[0] : x[1] * x[0], err);
      case "ReduceSum": return reduce(node, in, 0, Double::sum, v -> v, err).value();
      case "ReduceMean": return reduce(node, in, 0, Double::sum, v -> v, err).withMean();
      case "ReduceMax": return reduce(node, in, Double.NEGATIVE_INFINITY, Math::max, v -> v, err).value();
      case "ReduceMin": return reduce(node, in, Double.POSITIVE_INFINITY, Math::min, v -> v, err).value();
      case "ReduceProd": return reduce(node, in, 1, (p, v) -> p * v, v -> v, err).value();
      case "ReduceL1": return reduce(node, in, 0, (p, v) -> p + Math.abs(v), v -> v, err).value();
      case "ReduceSumSquare": return reduce(node, in, 0, (p, v) -> p + v * v, v -> v, err).value();
      case "ReduceL2": return reduce(node, in, 0, (p, v) -> p + v * v, Math::sqrt, err).value();
      case "Pow": return broadcast(in, x -> Math.pow(x[0], x[1]), err);
      case "Max": return broadcast(in, x -> Arrays.stream(x).max().getAsDouble(), err);
      case "Min": return broadcast(in, x -> Arrays.stream(x).min().getAsDouble(), err);
      // comparisons and logic give BOOL tensors: 1 for true, 0 for false
      case "Equal": return predicate(in, x -> x[0] == x[1], err);
      case "Less": return predicate(in, x -> x[0] < x[1], err);
      case "LessOrEqual": return predicate(in, x -> x[0] <= x[1], err);
      case "Greater": return predicate(in, x -> x[0] > x[1], err);
      case "GreaterOrEqual": return predicate(in, x -> x[0] >= x[1], err);
      case "And": return predicate(in, x -> x[0] != 0 && x[1] != 0, err);
      case "Or": return predicate(in, x -> x[0] != 0 || x[1] != 0, err);
      case "Xor": return predicate(in, x -> (x[0] != 0) != (x[1] != 0), err);
      case "Where": return broadcast(in, x -> x[0] != 0 ? x[1] : x[2], err);
      case "Cast": {
        long to = intAttr(node, "to", OnnxSchema.DT_FLOAT);
        OnnxDataType type = OnnxDataType.of(to);
        if (type == null) throw err.apply("casts to " + OnnxSchema.dataTypeName((int) to) + ", which reluconvex does not support");
        return map(a, type::cast).withInteger(type.isInteger());
      }
      case "Transpose": return transpose(a, longsAttr(node, "perm"), err);
      case "Shape": {
        double[] d = new double[a.rank()];
        for (int k = 0; k < d.length; k++) d[k] = a.dims()[k];
        return new ConstValue(new long[] {d.length}, d, true);
      }
      case "Size": return new ConstValue(new long[0], new double[] {a.size()}, true);
      case "Reshape": return a.reshaped(ConstMath.resolveShape(a, longs(in.get(1)), err));
      case "Flatten": {
        long axis = intAttr(node, "axis", 1);
        long ax = axis < 0 ? axis + a.rank() : axis;
        if (ax < 0 || ax > a.rank()) throw err.apply("has axis " + axis + " for a tensor of rank " + a.rank());
        long outer = 1;
        for (int k = 0; k < ax; k++) outer *= a.dims()[k];
        return a.reshaped(new long[] {outer, outer == 0 ? 0 : a.size() / outer});
      }
      case "Squeeze": case "Unsqueeze":
        return ConstMath.squeeze(a, axes(node, in, 1), node.opType().equals("Unsqueeze"), err);
      case "Concat": {
        if (node.attribute("axis") == null) throw err.apply("has no axis attribute");
        return ConstMath.concat(in, intAttr(node, "axis", 0), err);
      }
      case "Gather": return gather(a, in.get(1), intAttr(node, "axis", 0), err);
      case "Slice": return slice(node, in, err);
      case "ConstantOfShape": {
        OnnxAttribute v = node.attribute("value");
        double fill = v == null || v.t() == null ? 0 : v.t().values()[0];
        boolean integer = v != null && v.t() != null && ConstValue.of(v.t()).integer();
        long[] d = longs(a);
        double[] r = new double[(int) checkedSize(d, err)];
        Arrays.fill(r, fill);
        return new ConstValue(d, r, integer);
      }
      case "Expand": {
        ConstValue ones = new ConstValue(longs(in.get(1)), new double[(int) checkedSize(longs(in.get(1)), err)]);
        return broadcast(List.of(a, ones), x -> x[0], err).withInteger(a.integer());
      }
      case "Range": {
        double start = a.values()[0], limit = in.get(1).values()[0], delta = in.get(2).values()[0];
        if (delta == 0) throw err.apply("has a zero step");
        long n = Math.max((long) Math.ceil((limit - start) / delta), 0);
        if (n > (1 << 24)) throw err.apply("produces a constant that is too large");
        double[] r = new double[(int) n];
        for (int k = 0; k < n; k++) r[k] = start + k * delta;
        return new ConstValue(new long[] {n}, r, a.integer());
      }
      case "MatMul": return ConstMath.matMulNumpy(a, in.get(1), err);
      case "Gemm": {
        if (a.rank() != 2 || in.get(1).rank() != 2) throw err.apply("needs matrices, got shapes " + a.shape() + " and " + in.get(1).shape());
        ConstValue p = ConstMath.matMul(a, in.get(1), intAttr(node, "transA", 0) != 0, intAttr(node, "transB", 0) != 0, err);
        p = ConstMath.scale(p, floatAttr(node, "alpha", 1.0));
        return in.size() < 3 || in.get(2) == null ? p : ConstMath.add(p, ConstMath.scale(in.get(2), floatAttr(node, "beta", 1.0)), err);
      }
      default: throw err.apply("cannot be evaluated on constants");
    }
  }

  // ---------------------------------------------------------------- attributes and inputs

  static long intAttr(OnnxNode node, String key, long dflt) {
    OnnxAttribute a = node.attribute(key);
    return a == null ? dflt : a.i();
  }

  static double floatAttr(OnnxNode node, String key, double dflt) {
    OnnxAttribute a = node.attribute(key);
    return a == null ? dflt : a.f();
  }

  static long[] longsAttr(OnnxNode node, String key) {
    OnnxAttribute a = node.attribute(key);
    return a == null ? null : a.ints();
  }

  static long[] longs(ConstValue c) {
    long[] r = new long[c.size()];
    for (int k = 0; k < r.length; k++) r[k] = (long) c.values()[k];
    return r;
  }

  /** Squeeze/Unsqueeze axes: an attribute before opset 13, the optional input k from 13 on. */
  static long[] axes(OnnxNode node, List<ConstValue> in, int k) {
    long[] attr = longsAttr(node, "axes");
    if (attr != null) return attr;
    return in.size() > k && in.get(k) != null ? longs(in.get(k)) : null;
  }

  private static double clipBound(OnnxNode node, List<ConstValue> in, int k, String key, double dflt,
      Function<String, BadInputException> err) {
    if (in.size() > k && in.get(k) != null) {
      if (in.get(k).size() != 1) throw err.apply("has a " + key + " of shape " + in.get(k).shape() + "; Clip needs a scalar");
      return in.get(k).values()[0];
    }
    return floatAttr(node, key, dflt);
  }

  private static long checkedSize(long[] d, Function<String, BadInputException> err) {
    long n = 1;
    for (long x : d) {
      if (x < 0) throw err.apply("has a negative dimension in " + Arrays.toString(d));
      n *= x;
      if (n > (1 << 24)) throw err.apply("produces a constant that is too large");
    }
    return n;
  }

  // ---------------------------------------------------------------- element-wise

  private static ConstValue map(ConstValue a, java.util.function.DoubleUnaryOperator f) {
    double[] r = a.values().clone();
    for (int k = 0; k < r.length; k++) r[k] = f.applyAsDouble(r[k]);
    return new ConstValue(a.dims(), r, a.integer());
  }

  private static ConstValue predicate(List<ConstValue> in, java.util.function.Predicate<double[]> p,
      Function<String, BadInputException> err) {
    return broadcast(in, x -> p.test(x) ? 1 : 0, err).withInteger(true);
  }

  /** f applied to the inputs' entries under numpy broadcasting. */
  static ConstValue broadcast(List<ConstValue> in, java.util.function.ToDoubleFunction<double[]> f,
      Function<String, BadInputException> err) {
    int rank = 0;
    for (ConstValue c : in) rank = Math.max(rank, c.rank());
    long[][] pd = new long[in.size()][];
    long[] d = new long[rank];
    Arrays.fill(d, 1);
    for (int i = 0; i < in.size(); i++) {
      pd[i] = ConstMath.pad(in.get(i).dims(), rank);
      for (int k = 0; k < rank; k++) {
        long x = pd[i][k];
        if (x == d[k] || x == 1) continue;
        if (d[k] != 1) {
          StringBuilder shapes = new StringBuilder();
          for (ConstValue c : in) shapes.append(shapes.length() == 0 ? "" : " and ").append(c.shape());
          throw err.apply("combines constants of shapes " + shapes + ", which do not broadcast");
        }
        d[k] = x;
      }
    }
    double[] r = new double[(int) checkedSize(d, err)];
    int[] idx = new int[rank];
    double[] x = new double[in.size()];
    for (int flat = 0; flat < r.length; flat++) {
      for (int i = 0; i < x.length; i++) x[i] = in.get(i).values()[ConstMath.index(idx, pd[i])];
      r[flat] = f.applyAsDouble(x);
      for (int k = rank - 1; k >= 0; k--) {
        if (++idx[k] < d[k]) break;
        idx[k] = 0;
      }
    }
    boolean integer = in.stream().allMatch(ConstValue::integer);
    return new ConstValue(d, r, integer);
  }

  // ---------------------------------------------------------------- movement

  private static long[] strides(long[] d) {
    long[] s = new long[d.length];
    long acc = 1;
    for (int k = d.length - 1; k >= 0; k--) { s[k] = acc; acc *= d[k]; }
    return s;
  }

  static ConstValue transpose(ConstValue a, long[] perm, Function<String, BadInputException> err) {
    int rank = a.rank();
    if (perm == null) {
      perm = new long[rank];
      for (int k = 0; k < rank; k++) perm[k] = rank - 1 - k;
    }
    if (perm.length != rank) throw err.apply("has perm " + Arrays.toString(perm) + " for a tensor of shape " + a.shape());
    long[] d = new long[rank], srcStride = strides(a.dims()), st = new long[rank];
    boolean[] seen = new boolean[rank];
    for (int k = 0; k < rank; k++) {
      if (perm[k] < 0 || perm[k] >= rank || seen[(int) perm[k]]) throw err.apply("has an invalid perm " + Arrays.toString(perm));
      seen[(int) perm[k]] = true;
      d[k] = a.dims()[(int) perm[k]];
      st[k] = srcStride[(int) perm[k]];
    }
    double[] r = new double[a.size()];
    int[] idx = new int[rank];
    for (int flat = 0; flat < r.length; flat++) {
      long src = 0;
      for (int k = 0; k < rank; k++) src += idx[k] * st[k];
      r[flat] = a.values()[(int) src];
      for (int k = rank - 1; k >= 0; k--) {
        if (++idx[k] < d[k]) break;
        idx[k] = 0;
      }
    }
    return new ConstValue(d, r, a.integer());
  }

  static ConstValue gather(ConstValue a, ConstValue indices, long axis, Function<String, BadInputException> err) {
    int rank = a.rank();
    long ax = axis < 0 ? axis + rank : axis;
    if (ax < 0 || ax >= rank) throw err.apply("has axis " + axis + " for a tensor of shape " + a.shape());
    long len = a.dims()[(int) ax];
    long outer = 1, inner = 1;
    for (int k = 0; k < ax; k++) outer *= a.dims()[k];
    for (int k = (int) ax + 1; k < rank; k++) inner *= a.dims()[k];
    long[] d = new long[rank - 1 + indices.rank()];
    int p = 0;
    for (int k = 0; k < ax; k++) d[p++] = a.dims()[k];
    for (long x : indices.dims()) d[p++] = x;
    for (int k = (int) ax + 1; k < rank; k++) d[p++] = a.dims()[k];
    double[] r = new double[(int) checkedSize(d, err)];
    int pos = 0;
    for (int o = 0; o < outer; o++)
      for (double iv : indices.values()) {
        long i = (long) iv < 0 ? (long) iv + len : (long) iv;
        if (i < 0 || i >= len) throw err.apply("has index " + (long) iv + " out of range for axis of size " + len);
        System.arraycopy(a.values(), (int) ((o * len + i) * inner), r, pos, (int) inner);
        pos += inner;
      }
    return new ConstValue(d, r, a.integer());
  }

  /** Slice: starts, ends, axes, steps as inputs (opset 10 on) or attributes (before). */
  static ConstValue slice(OnnxNode node, List<ConstValue> in, Function<String, BadInputException> err) {
    ConstValue a = in.get(0);
    long[] starts = in.size() > 1 && in.get(1) != null ? longs(in.get(1)) : longsAttr(node, "starts");
    long[] ends = in.size() > 2 && in.get(2) != null ? longs(in.get(2)) : longsAttr(node, "ends");
    long[] axes = in.size() > 3 && in.get(3) != null ? longs(in.get(3)) : longsAttr(node, "axes");
    long[] steps = in.size() > 4 && in.get(4) != null ? longs(in.get(4)) : null;
    if (starts == null || ends == null || starts.length != ends.length) throw err.apply("has no matching starts and ends");
    int rank = a.rank();
    long[] lo = new long[rank], step = new long[rank], d = a.dims().clone();
    Arrays.fill(step, 1);
    for (int j = 0; j < starts.length; j++) {
      long ax = axes == null ? j : axes[j] < 0 ? axes[j] + rank : axes[j];
      if (ax < 0 || ax >= rank) throw err.apply("slices axis " + (axes == null ? j : axes[j]) + " of a tensor of shape " + a.shape());
      long n = a.dims()[(int) ax], s = steps == null ? 1 : steps[j];
      if (s == 0) throw err.apply("has a zero step");
      long b = starts[j] < 0 ? starts[j] + n : starts[j], e = ends[j] < 0 ? ends[j] + n : ends[j];
      if (s > 0) { b = clamp(b, 0, n); e = clamp(e, 0, n); }
      else { b = clamp(b, 0, n - 1); e = clamp(e, -1, n - 1); }
      lo[(int) ax] = b;
      step[(int) ax] = s;
      d[(int) ax] = s > 0 ? Math.max(0, (e - b + s - 1) / s) : Math.max(0, (b - e - s - 1) / -s);
    }
    long[] st = strides(a.dims());
    double[] r = new double[(int) checkedSize(d, err)];
    int[] idx = new int[rank];
    for (int flat = 0; flat < r.length; flat++) {
      long src = 0;
      for (int k = 0; k < rank; k++) src += (lo[k] + idx[k] * step[k]) * st[k];
      r[flat] = a.values()[(int) src];
      for (int k = rank - 1; k >= 0; k--) {
        if (++idx[k] < d[k]) break;
        idx[k] = 0;
      }
    }
    return new ConstValue(d, r, a.integer());
  }

  /** A reduction and, for ReduceMean, the count of entries reduced into each output. */
  private record Reduced(ConstValue value, long count) {
    ConstValue withMean() {
      double[] r = value.values().clone();
      for (int k = 0; k < r.length; k++) r[k] /= count;
      return new ConstValue(value.dims(), r);
    }
  }

  /** Reduce over axes (attribute, or input 1 from opset 13/18 on); keepdims as the attribute says. */
  private static Reduced reduce(OnnxNode node, List<ConstValue> in, double init, java.util.function.DoubleBinaryOperator f,
      java.util.function.DoubleUnaryOperator finish, Function<String, BadInputException> err) {
    ConstValue a = in.get(0);
    long[] axes = axes(node, in, 1);
    int rank = a.rank();
    boolean[] red = new boolean[rank];
    if (axes == null || axes.length == 0) {
      if (intAttr(node, "noop_with_empty_axes", 0) != 0) return new Reduced(a, 1);
      Arrays.fill(red, true);
    } else
      for (long x : axes) {
        long ax = x < 0 ? x + rank : x;
        if (ax < 0 || ax >= rank) throw err.apply("reduces axis " + x + " of a tensor of shape " + a.shape());
        red[(int) ax] = true;
      }
    boolean keep = intAttr(node, "keepdims", 1) != 0;
    long[] kd = a.dims().clone();
    long count = 1;
    for (int k = 0; k < rank; k++) if (red[k]) { count *= kd[k]; kd[k] = 1; }
    double[] r = new double[(int) checkedSize(kd, err)];
    Arrays.fill(r, init);
    long[] outStride = strides(kd);
    int[] idx = new int[rank];
    for (int flat = 0; flat < a.size(); flat++) {
      long o = 0;
      for (int k = 0; k < rank; k++) if (!red[k]) o += idx[k] * outStride[k];
      r[(int) o] = f.applyAsDouble(r[(int) o], a.values()[flat]);
      for (int k = rank - 1; k >= 0; k--) {
        if (++idx[k] < a.dims()[k]) break;
        idx[k] = 0;
      }
    }
    for (int k = 0; k < r.length; k++) r[k] = finish.applyAsDouble(r[k]);
    long[] d = kd;
    if (!keep) {
      int n = 0;
      d = new long[rank];
      for (int k = 0; k < rank; k++) if (!red[k]) d[n++] = kd[k];
      d = Arrays.copyOf(d, n);
    }
    return new Reduced(new ConstValue(d, r, a.integer()), count);
  }

  private static long clamp(long v, long lo, long hi) { return Math.max(lo, Math.min(hi, v)); }
}
