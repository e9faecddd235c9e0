package org.reluconvex.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.reluconvex.io.AffineValue.Layout;
import org.reluconvex.network.Network;

/**
 * Turns an ONNX graph into a {@link Network} by symbolic evaluation. Every tensor is either a
 * constant or an affine function of the input and of the outputs of earlier ReLU nodes
 * ({@link AffineValue}); each Relu node on an affine tensor creates a group of hidden neurons whose
 * pre-activation is that function. {@link Layering} then turns the groups into layers.
 */
final class OnnxImporter {

  /** Ops that may act on a value depending on the input (all of them piecewise linear in it). */
  private static final java.util.Set<String> AFFINE_OPS = java.util.Set.of(
      "Gemm", "MatMul", "Add", "Sub", "Mul", "Div", "Neg", "Relu", "Clip", "Max", "Min", "BatchNormalization",
      "Concat", "Identity", "Dropout", "Cast", "Flatten", "Reshape", "Squeeze", "Unsqueeze", "Shape", "Constant",
      "Abs", "LeakyRelu", "PRelu", "Sum", "Transpose", "ReduceSum", "ReduceMean", "Slice", "Gather");

  static final String SUPPORTED = String.join(", ", new java.util.TreeSet<>(AFFINE_OPS))
      + "; on constants also " + String.join(", ", new java.util.TreeSet<>(ConstFold.OPS));

  /** Ops that are not piecewise linear, named as such when they act on the input. */
  private static final java.util.Set<String> SMOOTH_OPS = java.util.Set.of(
      "Sigmoid", "Tanh", "Softplus", "Exp", "Log", "Sqrt", "Pow", "Softsign", "Elu", "Selu", "Celu", "Gelu",
      "Erf", "Softmax", "LogSoftmax", "HardSigmoid", "Reciprocal", "Sin", "Cos", "Mish");

  /** Ops whose result jumps where the value crosses a threshold: comparisons, logic on them, rounding. */
  private static final java.util.Set<String> STEP_OPS = java.util.Set.of(
      "Greater", "Less", "Equal", "GreaterOrEqual", "LessOrEqual", "Not", "And", "Or", "Xor", "Sign", "Floor",
      "Ceil", "Round");

  /** A group of hidden neurons created by one Relu node. */
  private record Group(String node, AffineValue pre) {}

  private final String source;
  private final Map<String, SymbolicValue> env = new HashMap<>();
  private final List<Group> groups = new ArrayList<>(); // index = source id - 1
  private int inputDim;
  /** The declared batch size of the input, or -1 when it is symbolic or absent. */
  private long fixedBatch = -1;

  private OnnxImporter(String source) {
    this.source = source;
  }

  static Network toNetwork(OnnxGraph graph, String source) {
    return new OnnxImporter(source).run(graph);
  }

  private Network run(OnnxGraph g) {
    for (OnnxTensor t : g.initializers()) env.put(t.name(), ConstValue.of(t));
    bindInput(g);
    List<OnnxNode> order = topologicalOrder(g.nodes());
    refuseUnsupportedOnInput(order);
    for (OnnxNode node : order) evaluate(node);
    return assemble(outputValue(g));
  }

  /**
   * The nodes in an order where every node comes after the producers of its inputs (the file order
   * when it already is one, as ONNX requires). A node whose inputs are never produced keeps its
   * place and fails when evaluated, naming the missing tensor; a cycle is an error.
   */
  private List<OnnxNode> topologicalOrder(List<OnnxNode> nodes) {
    Map<String, Integer> producer = new HashMap<>();
    for (int k = 0; k < nodes.size(); k++)
      for (String out : nodes.get(k).outputs()) if (!out.isEmpty()) producer.putIfAbsent(out, k);
    List<OnnxNode> order = new ArrayList<>(nodes.size());
    int[] state = new int[nodes.size()]; // 0 new, 1 on the stack, 2 done
    for (int k = 0; k < nodes.size(); k++) {
      if (state[k] != 0) continue;
      // iterative depth-first search, so that a long chain cannot overflow the stack
      java.util.ArrayDeque<int[]> stack = new java.util.ArrayDeque<>();
      stack.push(new int[] {k, 0});
      state[k] = 1;
      while (!stack.isEmpty()) {
        int[] top = stack.peek();
        OnnxNode n = nodes.get(top[0]);
        if (top[1] < n.inputs().size()) {
          String in = n.inputs().get(top[1]++);
          Integer p = env.containsKey(in) ? null : producer.get(in);
          if (p == null || state[p] == 2) continue;
          if (state[p] == 1)
            throw bad(n, "is part of a cycle through '" + in + "'; an ONNX graph must be acyclic");
          state[p] = 1;
          stack.push(new int[] {p, 0});
        } else {
          state[top[0]] = 2;
          order.add(n);
          stack.pop();
        }
      }
    }
    return order;
  }

  /**
   * Refuses, before anything is evaluated, the first node that applies an op reluconvex cannot
   * represent to a value depending on the input, so that the message names the real cause (a Conv,
   * not the Unsqueeze that prepares its input). Shape ends the dependence: it yields only sizes.
   */
  private void refuseUnsupportedOnInput(List<OnnxNode> order) {
    java.util.Set<String> dependent = new java.util.HashSet<>();
    for (Map.Entry<String, SymbolicValue> e : env.entrySet()) if (e.getValue() instanceof AffineValue) dependent.add(e.getKey());
    for (OnnxNode node : order) {
      boolean dep = node.inputs().stream().anyMatch(dependent::contains);
      if (!dep) continue;
      String op = node.opType();
      String domain = node.domain();
      boolean standard = domain == null || domain.isEmpty() || domain.equals("ai.onnx");
      if (standard && SMOOTH_OPS.contains(op))
        throw bad(node, "applies " + op + " to a value that depends on the network input; " + op
            + " is not piecewise linear, so the network is not a ReLU network");
      if (standard && STEP_OPS.contains(op))
        throw bad(node, "applies " + op + " to a value that depends on the network input; " + op
            + " jumps where that value crosses a threshold, so the network is not continuous, let alone a ReLU network");
      if (!standard || !AFFINE_OPS.contains(op))
        throw new BadInputException(source + ": node '" + node.label() + "' has op " + (standard ? "" : domain + ".") + op
            + " on a value that depends on the network input, which reluconvex does not support (supported: "
            + String.join(", ", new java.util.TreeSet<>(AFFINE_OPS)) + ")");
      if (!op.equals("Shape")) dependent.addAll(node.outputs());
    }
  }

  private void bindInput(OnnxGraph g) {
    List<OnnxValueInfo> inputs = new ArrayList<>();
    for (OnnxValueInfo v : g.inputs()) if (!env.containsKey(v.name())) inputs.add(v);
    if (inputs.isEmpty()) throw new BadInputException(source + ": the graph declares no input");
    if (inputs.size() > 1)
      throw new BadInputException(source + ": the graph has " + inputs.size() + " inputs ("
          + String.join(", ", inputs.stream().map(OnnxValueInfo::name).toList())
          + "); reluconvex needs exactly one input vector");
    OnnxValueInfo x = inputs.get(0);
    List<Long> s = x.shape();
    if (s == null || s.isEmpty())
      throw new BadInputException(source + ": input '" + x.name() + "' has no declared shape, so its dimension is unknown");
    if (s.size() > 2 || (s.size() == 2 && s.get(0) != OnnxValueInfo.SYMBOLIC && s.get(0) < 1))
      throw new BadInputException(source + ": input '" + x.name() + "' has shape " + x.shapeString()
          + "; reluconvex needs a batch of vectors [batch, d] or one vector [d]");
    long d = s.get(s.size() - 1);
    if (d < 1 || d > Integer.MAX_VALUE / 2)
      throw new BadInputException(source + ": input '" + x.name() + "' has shape " + x.shapeString()
          + "; the last dimension must be a fixed positive size");
    if (x.elemType() != 0 && x.elemType() != OnnxSchema.DT_FLOAT && x.elemType() != OnnxSchema.DT_DOUBLE)
      throw new BadInputException(source + ": input '" + x.name() + "' has element type "
          + OnnxSchema.dataTypeName(x.elemType()) + "; reluconvex needs FLOAT or DOUBLE");
    // every input coordinate that reaches a scalar output passes through a stored weight, so a
    // dimension beyond the number of stored values is a corrupt shape (and would be a huge allocation)
    long stored = storedValues(g);
    if (d > Math.max(1, stored))
      throw new BadInputException(source + ": input '" + x.name() + "' has dimension " + d + " but the model stores only "
          + stored + " numbers, so it cannot use every coordinate");
    inputDim = (int) d;
    if (s.size() == 2 && s.get(0) != OnnxValueInfo.SYMBOLIC) fixedBatch = s.get(0);
    env.put(x.name(), AffineValue.source(0, inputDim, Layout.ROW, s.size()));
  }

  private static long storedValues(OnnxGraph g) {
    long n = 0;
    for (OnnxTensor t : g.initializers()) n += t.values().length;
    for (OnnxNode node : g.nodes())
      for (OnnxAttribute a : node.attributes().values()) {
        if (a.t() != null) n += a.t().values().length;
        if (a.floats() != null) n += a.floats().length;
        if (a.ints() != null) n += a.ints().length;
        n++; // value_float, value_int
      }
    return n;
  }

  private SymbolicValue outputValue(OnnxGraph g) {
    if (g.outputs().isEmpty()) throw new BadInputException(source + ": the graph declares no output");
    if (g.outputs().size() > 1)
      throw new BadInputException(source + ": the graph has " + g.outputs().size() + " outputs; reluconvex needs exactly one scalar output");
    String name = g.outputs().get(0).name();
    SymbolicValue v = env.get(name);
    if (v == null) throw new BadInputException(source + ": output '" + name + "' is not computed by any node");
    if (v instanceof ShapeValue) throw new BadInputException(source + ": output '" + name + "' is a shape, not a value of the network");
    int n = v instanceof AffineValue a ? a.n : ((ConstValue) v).size();
    if (n != 1)
      throw new BadInputException(source + ": output '" + name + "' has " + n + " entries per input; reluconvex needs a scalar output");
    return v;
  }

  // ---------------------------------------------------------------- nodes

  private BadInputException bad(OnnxNode node, String what) {
    return new BadInputException(source + ": node '" + node.label() + "' (" + node.opType() + ") " + what);
  }

  private SymbolicValue in(OnnxNode node, int k) {
    if (k >= node.inputs().size() || node.inputs().get(k).isEmpty())
      throw bad(node, "is missing input " + (k + 1));
    String name = node.inputs().get(k);
    SymbolicValue v = env.get(name);
    if (v == null) throw bad(node, "uses '" + name + "', which no earlier node, initializer or input defines");
    return v;
  }

  /** The first input, which must be the one depending on the network input (the others are parameters). */
  private AffineValue affineIn(OnnxNode node) {
    if (in(node, 0) instanceof AffineValue a) return a;
    throw bad(node, "has a parameter that depends on the network input (input '" + node.inputs().get(0)
        + "' is constant); reluconvex needs parameters to be constants");
  }

  private SymbolicValue optionalIn(OnnxNode node, int k) {
    if (k >= node.inputs().size() || node.inputs().get(k).isEmpty()) return null;
    return in(node, k);
  }

  private ConstValue constIn(OnnxNode node, int k, String role) {
    SymbolicValue v = in(node, k);
    if (v instanceof ConstValue c) return c;
    throw bad(node, "needs a constant " + role + ", but input '" + node.inputs().get(k) + "' depends on the network input");
  }

  private long intAttr(OnnxNode node, String key, long dflt) {
    OnnxAttribute a = node.attribute(key);
    if (a == null) return dflt;
    if (a.type() != OnnxSchema.ATTR_TYPE_INT && a.type() != 0) throw bad(node, "has attribute " + key + " of the wrong type");
    return a.i();
  }

  private double floatAttr(OnnxNode node, String key, double dflt) {
    OnnxAttribute a = node.attribute(key);
    if (a == null) return dflt;
    if (a.type() != OnnxSchema.ATTR_TYPE_FLOAT && a.type() != 0) throw bad(node, "has attribute " + key + " of the wrong type");
    if (!Float.isFinite(a.f())) throw bad(node, "has a non-finite attribute " + key + " (" + a.f() + ")");
    return a.f();
  }

  private void evaluate(OnnxNode node) {
    String domain = node.domain();
    if (!(domain == null || domain.isEmpty() || domain.equals("ai.onnx")))
      throw new BadInputException(source + ": node '" + node.label() + "' has op " + domain + "." + node.opType()
          + ", which reluconvex does not support (supported: " + SUPPORTED + ")");
    if (node.outputs().isEmpty() || node.outputs().get(0).isEmpty()) throw bad(node, "has no output");
    List<SymbolicValue> ins = new ArrayList<>();
    boolean anyAffine = false, anyShape = false;
    for (int k = 0; k < node.inputs().size(); k++) {
      SymbolicValue v = optionalIn(node, k);
      ins.add(v);
      anyAffine |= v instanceof AffineValue;
      anyShape |= v instanceof ShapeValue;
    }
    SymbolicValue result;
    if (ConstFold.OPS.contains(node.opType()) && !anyAffine && !ins.isEmpty() && ins.get(0) != null) {
      if (anyShape) result = shapeArithmetic(node, ins);
      else {
        List<ConstValue> cs = new ArrayList<>();
        for (SymbolicValue v : ins) cs.add((ConstValue) v);
        result = ConstFold.eval(node, cs, m -> bad(node, m));
      }
      env.put(node.outputs().get(0), result);
      return;
    }
    if (anyShape && !node.opType().equals("Reshape"))
      throw bad(node, "combines the symbolic batch size with a value of the network");
    switch (node.opType()) {
      case "Gemm": result = gemm(node); break;
      case "MatMul": result = matMul(node); break;
      case "Add": result = addLike(node, 1); break;
      case "Sub": result = addLike(node, -1); break;
      case "Mul": result = mulDiv(node, false); break;
      case "Div": result = mulDiv(node, true); break;
      case "Neg": result = (affineIn(node)).scaled(-1); break;
      case "Dropout": result = in(node, 0); break;
      case "Cast": {
        long to = intAttr(node, "to", OnnxSchema.DT_FLOAT);
        OnnxDataType type = OnnxDataType.of(to);
        if (type == null || !type.isFloat())
          throw bad(node, "casts a value that depends on the network input to " + OnnxSchema.dataTypeName((int) to)
              + ", which rounds it and is not piecewise linear");
        result = in(node, 0);
        break;
      }
      case "Clip": result = clip(node); break;
      case "Max": case "Min": result = maxMin(node, node.opType().equals("Max")); break;
      case "BatchNormalization": result = batchNorm(node); break;
      case "Shape": result = shapeOf(node); break;
      case "Abs": { // |h| = 2 relu(h) - h
        AffineValue h = affineIn(node);
        result = reluValue(node, h).scaled(2).plus(h.scaled(-1)).withShape(h.layout, h.rank);
        break;
      }
      case "LeakyRelu": case "PRelu": result = leakyRelu(node); break;
      case "Sum": result = sum(node); break;
      case "Transpose": result = transpose(node); break;
      case "ReduceSum": case "ReduceMean": result = reduce(node); break;
      case "Slice": case "Gather": result = select(node); break;
      case "Relu": result = relu(node); break;
      case "Concat": result = concat(node); break;
      case "Identity": result = in(node, 0); break;
      case "Flatten": result = flatten(node); break;
      case "Reshape": result = reshape(node); break;
      case "Squeeze":
      case "Unsqueeze": result = squeeze(node, node.opType().equals("Unsqueeze")); break;
      case "Constant": result = constant(node); break;
      default:
        throw new BadInputException(source + ": node '" + node.label() + "' has op " + node.opType()
            + ", which reluconvex does not support (supported: " + SUPPORTED + ")");
    }
    env.put(node.outputs().get(0), result);
  }

  private SymbolicValue constant(OnnxNode node) {
    for (OnnxAttribute a : node.attributes().values()) {
      switch (a.name()) {
        case "value":
          if (a.t() == null) throw bad(node, "has a 'value' attribute without a tensor");
          return ConstValue.of(a.t());
        case "value_float": return ConstValue.scalar(checkFinite(node, a.f()));
        case "value_int": return ConstValue.scalar(a.i()).withInteger(true);
        case "value_floats": {
          double[] v = new double[a.floats().length];
          for (int k = 0; k < v.length; k++) v[k] = checkFinite(node, a.floats()[k]);
          return new ConstValue(new long[] {v.length}, v);
        }
        case "value_ints": {
          double[] v = new double[a.ints().length];
          for (int k = 0; k < v.length; k++) v[k] = a.ints()[k];
          return new ConstValue(new long[] {v.length}, v, true);
        }
        default: // other attributes (sparse_value, strings) are not supported
      }
    }
    throw bad(node, "has no numeric value attribute (value, value_float(s), value_int(s))");
  }

  private double checkFinite(OnnxNode node, float f) {
    if (!Float.isFinite(f)) throw bad(node, "has a non-finite value (" + f + ")");
    return f;
  }

  /** Y = alpha A' B' + beta C, where A' and B' are A and B transposed as the attributes say. */
  private SymbolicValue gemm(OnnxNode node) {
    double alpha = floatAttr(node, "alpha", 1.0), beta = floatAttr(node, "beta", 1.0);
    boolean transA = intAttr(node, "transA", 0) != 0, transB = intAttr(node, "transB", 0) != 0;
    SymbolicValue a = in(node, 0), b = in(node, 1);
    SymbolicValue c = optionalIn(node, 2);
    if (c != null && !(c instanceof ConstValue)) throw bad(node, "has a bias C that depends on the network input");
    ConstValue cc = (ConstValue) c;
    if (a instanceof ConstValue ca && b instanceof ConstValue cb) {
      ConstValue p = ConstMath.matMul(matrix(node, ca, "A"), matrix(node, cb, "B"), transA, transB, m -> bad(node, m));
      p = ConstMath.scale(p, alpha);
      return cc == null ? p : ConstMath.add(p, ConstMath.scale(cc, beta), m -> bad(node, m));
    }
    if (a instanceof AffineValue va && b instanceof ConstValue cb) {
      if (va.rank != 2) throw bad(node, "needs a matrix A, but input '" + node.inputs().get(0) + "' is not 2-D");
      boolean rowOperand = va.layout != Layout.SCALARS && (va.layout == Layout.ROW) != transA;
      if (!rowOperand)
        throw bad(node, "would transpose a batch of vectors (transA=" + (transA ? 1 : 0) + ")");
      ConstValue w = matrix(node, cb, "B");
      int rows = transB ? w.cols() : w.rows(), m = transB ? w.rows() : w.cols();
      if (rows != va.n)
        throw bad(node, "multiplies vectors of length " + va.n + " by B of shape " + w.shape()
            + (transB ? " (transposed)" : ""));
      double[] l = new double[m * va.n];
      for (int j = 0; j < m; j++) for (int i = 0; i < va.n; i++) l[j * va.n + i] = w.at(i, j, transB);
      AffineValue y = va.linear(l, m, Layout.ROW, 2).scaled(alpha);
      return cc == null ? y : y.plusBias(biasVector(node, cc, y, beta));
    }
    if (a instanceof ConstValue ca && b instanceof AffineValue vb) {
      if (vb.rank != 2) throw bad(node, "needs a matrix B, but input '" + node.inputs().get(1) + "' is not 2-D");
      boolean columnOperand = vb.layout != Layout.SCALARS && (vb.layout == Layout.COLUMN) != transB;
      if (!columnOperand)
        throw bad(node, "would transpose a batch of vectors (transB=" + (transB ? 1 : 0) + ")");
      ConstValue w = matrix(node, ca, "A");
      int cols = transA ? w.rows() : w.cols(), m = transA ? w.cols() : w.rows();
      if (cols != vb.n)
        throw bad(node, "multiplies A of shape " + w.shape() + (transA ? " (transposed)" : "")
            + " by vectors of length " + vb.n);
      double[] l = new double[m * vb.n];
      for (int j = 0; j < m; j++) for (int i = 0; i < vb.n; i++) l[j * vb.n + i] = w.at(j, i, transA);
      AffineValue y = vb.linear(l, m, Layout.COLUMN, 2).scaled(alpha);
      return cc == null ? y : y.plusBias(biasVector(node, cc, y, beta));
    }
    throw bad(node, "multiplies two tensors that both depend on the network input, which is not affine");
  }

  private ConstValue matrix(OnnxNode node, ConstValue c, String role) {
    if (c.rank() != 2) throw bad(node, "needs a matrix " + role + ", got shape " + c.shape());
    if (c.size() == 0) throw bad(node, "has an empty " + role + " of shape " + c.shape());
    return c;
  }

  /**
   * beta c for a constant c combined elementwise with v: c must broadcast along the feature axis only
   * (one value, or one per feature), so that the result has v's shape.
   */
  private double[] biasVector(OnnxNode node, ConstValue c, AffineValue v, double beta) {
    long[] d = c.dims();
    // a single vector [n] plus [1, n] stays a vector (a batch of one)
    boolean ok = d.length <= v.rank || (v.batchAxis() < 0 && d.length <= 2);
    for (int k = 0; ok && k < d.length; k++) { // aligned at the last axis, as numpy broadcasts
      int axis = v.rank - d.length + k;
      ok = d[k] == 1 || (axis == v.featureAxis() && d[k] == v.n);
    }
    if (!ok) throw bad(node, "combines a constant of shape " + c.shape() + " with " + v.shapeText() + ", which is not one value per feature");
    double[] r = c.values().clone();
    if (beta != 1.0) for (int k = 0; k < r.length; k++) r[k] *= beta;
    return r;
  }

  /** Two input-dependent operands of an elementwise op: the same axes (or [n] beside [batch, n]), n equal or one of them 1. */
  private void requireSameAxes(OnnxNode node, AffineValue a, AffineValue b) {
    boolean vectorAndBatch = a.layout == Layout.ROW && b.layout == Layout.ROW && Math.min(a.rank, b.rank) == 1 && Math.max(a.rank, b.rank) == 2;
    if (!(a.layout == b.layout && a.rank == b.rank) && !vectorAndBatch)
      throw bad(node, "combines " + a.shapeText() + " and " + b.shapeText() + ", which would not be a batch of vectors");
    if (a.n != b.n && a.n != 1 && b.n != 1) throw bad(node, "combines vectors of lengths " + a.n + " and " + b.n);
  }

  private SymbolicValue matMul(OnnxNode node) {
    SymbolicValue a = in(node, 0), b = in(node, 1);
    if (a instanceof ConstValue ca && b instanceof ConstValue cb) return ConstMath.matMulNumpy(ca, cb, m -> bad(node, m));
    if (a instanceof AffineValue va && b instanceof ConstValue w) {
      if (va.layout != Layout.ROW) throw bad(node, "multiplies a tensor laid out as " + va.layout + " from the right");
      if (w.rank() == 1) {
        if (w.size() != va.n) throw bad(node, "multiplies vectors of length " + va.n + " by a vector of shape " + w.shape());
        return removeAxes(node, va.linear(w.values(), 1, va.layout, va.rank), new long[] {va.featureAxis()}, "multiplies");
      }
      if (w.rank() != 2 || w.size() == 0) throw bad(node, "needs a matrix as second input, got shape " + w.shape());
      if (w.rows() != va.n) throw bad(node, "multiplies vectors of length " + va.n + " by a matrix of shape " + w.shape());
      int m = w.cols();
      double[] l = new double[m * va.n];
      for (int j = 0; j < m; j++) for (int i = 0; i < va.n; i++) l[j * va.n + i] = w.at(i, j, false);
      return va.linear(l, m, Layout.ROW, va.rank);
    }
    if (a instanceof ConstValue w && b instanceof AffineValue vb) {
      if (vb.layout != Layout.COLUMN) throw bad(node, "multiplies a batch of row vectors from the left");
      if (w.rank() == 1) {
        if (w.size() != vb.n) throw bad(node, "multiplies a vector of shape " + w.shape() + " by vectors of length " + vb.n);
        return vb.linear(w.values(), 1, Layout.SCALARS, 1);
      }
      if (w.rank() != 2 || w.size() == 0) throw bad(node, "needs a matrix as first input, got shape " + w.shape());
      if (w.cols() != vb.n) throw bad(node, "multiplies a matrix of shape " + w.shape() + " by vectors of length " + vb.n);
      return vb.linear(w.values(), w.rows(), Layout.COLUMN, 2);
    }
    throw bad(node, "multiplies two tensors that both depend on the network input, which is not affine");
  }

  /** a + sign b, where at least one side depends on the input. */
  private SymbolicValue addLike(OnnxNode node, double sign) {
    SymbolicValue a = in(node, 0), b = in(node, 1);
    if (a instanceof AffineValue va && b instanceof AffineValue vb) {
      requireSameAxes(node, va, vb);
      int m = Math.max(va.n, vb.n);
      return va.broadcastTo(m).plus(vb.broadcastTo(m).scaled(sign)).withShape(va.layout, Math.max(va.rank, vb.rank));
    }
    if (a instanceof AffineValue va) {
      double[] c = biasVector(node, (ConstValue) b, va, sign);
      return va.plusBias(c);
    }
    AffineValue vb = (AffineValue) b;
    return vb.scaled(sign).plusBias(biasVector(node, (ConstValue) a, vb, 1.0));
  }

  /** Multiplication or division of a batch of vectors by a constant per feature (a diagonal map). */
  private SymbolicValue mulDiv(OnnxNode node, boolean divide) {
    SymbolicValue a = in(node, 0), b = in(node, 1);
    if (a instanceof AffineValue && b instanceof AffineValue)
      throw bad(node, "multiplies two values that depend on the network input, which is not piecewise linear");
    if (divide && !(a instanceof AffineValue))
      throw bad(node, "divides by a value that depends on the network input, which is not piecewise linear");
    AffineValue v = a instanceof AffineValue va ? va : (AffineValue) b;
    double[] c = biasVector(node, (ConstValue) (a instanceof AffineValue ? b : a), v, 1.0);
    double[] diag = new double[v.n];
    for (int k = 0; k < v.n; k++) {
      double x = c.length == 1 ? c[0] : c[k];
      if (divide && x == 0) throw bad(node, "divides by zero");
      diag[k] = divide ? 1 / x : x;
    }
    return scaledPerFeature(v, diag);
  }

  private static AffineValue scaledPerFeature(AffineValue v, double[] diag) {
    double[] l = new double[v.n * v.n];
    for (int k = 0; k < v.n; k++) l[k * v.n + k] = diag[k];
    return v.linear(l, v.n, v.layout, v.rank);
  }

  /** leaky(h) = slope h + (1 - slope) relu(h), with one slope or one per feature (PRelu). */
  private SymbolicValue leakyRelu(OnnxNode node) {
    AffineValue h = affineIn(node);
    double[] slope = node.opType().equals("PRelu")
        ? biasVector(node, constIn(node, 1, "slope"), h, 1.0) : new double[] {floatAttr(node, "alpha", 0.01)};
    double[] a = new double[h.n], b = new double[h.n];
    for (int k = 0; k < h.n; k++) {
      a[k] = slope.length == 1 ? slope[0] : slope[k];
      b[k] = 1 - a[k];
    }
    return scaledPerFeature(h, a).plus(scaledPerFeature(reluValue(node, h), b)).withShape(h.layout, h.rank);
  }

  private SymbolicValue sum(OnnxNode node) {
    SymbolicValue acc = in(node, 0);
    for (int k = 1; k < node.inputs().size(); k++) {
      SymbolicValue b = in(node, k);
      AffineValue x = asAffine(node, acc, b, true), y = asAffine(node, b, acc, true);
      requireSameAxes(node, x, y);
      int m = Math.max(x.n, y.n);
      acc = x.broadcastTo(m).plus(y.broadcastTo(m)).withShape(y.layout, Math.max(x.rank, y.rank));
    }
    return acc;
  }

  /** Axes permuted: [batch, n] to [n, batch] (the layout Gemm with transA/transB reads) and back, [batch, n, 1] to [batch, 1, n]. */
  private SymbolicValue transpose(OnnxNode node) {
    AffineValue a = affineIn(node);
    long[] perm = ConstFold.longsAttr(node, "perm");
    if (perm == null) { // reversed
      perm = new long[a.rank];
      for (int k = 0; k < a.rank; k++) perm[k] = a.rank - 1 - k;
    }
    if (perm.length != a.rank) throw bad(node, "has perm " + Arrays.toString(perm) + " for a tensor of shape " + a.shapeText());
    boolean[] seen = new boolean[a.rank];
    int b = -1, f = -1;
    for (int k = 0; k < a.rank; k++) {
      if (perm[k] < 0 || perm[k] >= a.rank || seen[(int) perm[k]])
        throw bad(node, "has perm " + Arrays.toString(perm) + " for a tensor of shape " + a.shapeText());
      seen[(int) perm[k]] = true;
      if (perm[k] == a.batchAxis()) b = k;
      if (perm[k] == a.featureAxis()) f = k;
    }
    return reshaped(node, a, a.rank, b, f, "transposes");
  }

  private long[] axesOf(OnnxNode node, int k) {
    long[] attr = ConstFold.longsAttr(node, "axes");
    if (attr != null) return attr;
    return optionalIn(node, k) == null ? null : ConstFold.longs(constIn(node, k, "axes"));
  }

  /** ReduceSum/ReduceMean over the features (a 1 x n linear map) and over axes of length 1 (nothing to do). */
  private SymbolicValue reduce(OnnxNode node) {
    AffineValue a = affineIn(node);
    long[] axes = axesOf(node, 1);
    boolean keep = intAttr(node, "keepdims", 1) != 0;
    if ((axes == null || axes.length == 0) && intAttr(node, "noop_with_empty_axes", 0) != 0) return a;
    boolean[] over = axes == null || axes.length == 0 ? new boolean[a.rank] : axisSet(node, a, axes);
    if (axes == null || axes.length == 0) Arrays.fill(over, true);
    if (a.batchAxis() >= 0 && over[a.batchAxis()])
      throw bad(node, "reduces over axes " + (axes == null ? "(all)" : Arrays.toString(axes)) + " of " + a.shapeText()
          + ", which include the batch");
    AffineValue r = a;
    if (a.featureAxis() >= 0 && over[a.featureAxis()]) {
      double[] l = new double[a.n];
      Arrays.fill(l, node.opType().equals("ReduceMean") ? 1.0 / a.n : 1.0);
      r = a.linear(l, 1, a.layout, a.rank);
    }
    if (keep) return r;
    long[] removed = java.util.stream.IntStream.range(0, a.rank).filter(k -> over[k]).asLongStream().toArray();
    return removeAxes(node, r, removed, "reduces");
  }

  /** Slice or Gather along the features (x[:, 1:3], x[:, 0]): a selection of coordinates. */
  private SymbolicValue select(OnnxNode node) {
    AffineValue a = affineIn(node);
    int fa = a.featureAxis();
    // the feature indices kept, found by applying the op to the index vector 0..n-1 on that axis
    double[] idx = new double[a.n];
    for (int k = 0; k < idx.length; k++) idx[k] = k;
    long[] dims = new long[a.rank];
    Arrays.fill(dims, 1);
    if (fa < 0) throw bad(node, "selects from a tensor of shape [batch], which would select inputs of the batch");
    dims[fa] = a.n;
    List<ConstValue> ins = new ArrayList<>();
    ins.add(new ConstValue(dims, idx));
    for (int k = 1; k < node.inputs().size(); k++) {
      SymbolicValue v = optionalIn(node, k);
      if (v != null && !(v instanceof ConstValue)) throw bad(node, "needs constant indices");
      ins.add((ConstValue) v);
    }
    ConstValue sel = ConstFold.eval(node, ins, m -> bad(node, m));
    // the batch axis (length 1 in the index tensor) must come out untouched
    int batchAxis = a.batchAxis();
    boolean gather = node.opType().equals("Gather");
    long axis = gather ? intAttr(node, "axis", 0) : 0;
    if (gather && (axis < 0 ? axis + a.rank : axis) == batchAxis) throw bad(node, "gathers along the batch axis");
    if (gather && (axis < 0 ? axis + a.rank : axis) != fa)
      throw bad(node, "gathers along axis " + axis + " of " + a.shapeText() + ", which is not the feature axis");
    if (!gather && batchAxis >= 0 && sel.dims()[batchAxis] != 1) throw bad(node, "slices the batch axis");
    int m = sel.size();
    if (m == 0) throw bad(node, "selects no features");
    double[] l = new double[m * a.n];
    for (int j = 0; j < m; j++) l[j * a.n + (int) sel.values()[j]] = 1;
    if (sel.rank() == a.rank) return a.linear(l, m, a.layout, a.rank);
    if (sel.rank() == a.rank - 1 && m == 1) // a scalar index drops the feature axis
      return removeAxes(node, a.linear(l, 1, a.layout, a.rank), new long[] {fa}, "gathers");
    throw bad(node, "selects with indices of shape that reluconvex does not support");
  }

  /**
   * BatchNormalization in inference form, y = scale (x - mean) / sqrt(var + epsilon) + B along the
   * channel axis 1 of [batch, C, ...]: a map per feature when that axis holds the features
   * ([batch, n], [batch, n, 1]) or has length 1 ([batch, 1, n]: one map for all). With spatial = 0 (before
   * opset 9) the statistics are per element of a sample, which is again per feature.
   */
  private SymbolicValue batchNorm(OnnxNode node) {
    if (intAttr(node, "training_mode", 0) != 0) throw bad(node, "is in training mode; export the model in eval mode");
    for (int k = 1; k < node.outputs().size(); k++)
      if (!node.outputs().get(k).isEmpty())
        throw bad(node, "outputs its running statistics, as in training mode; export the model in eval mode");
    AffineValue x = affineIn(node);
    if (x.rank < 2)
      throw bad(node, "normalises " + x.shapeText() + ", but BatchNormalization needs an input [batch, channels, ...]");
    if (x.batchAxis() != 0)
      throw bad(node, "normalises " + x.shapeText() + " along axis 1, which holds the batch: not a map of each input alone");
    boolean spatial = intAttr(node, "spatial", 1) != 0;
    int stats = !spatial || x.featureAxis() == 1 ? x.n : 1;
    String per = spatial ? "channel" : "element of a sample";
    double eps = floatAttr(node, "epsilon", 1e-5);
    double[] scale = statistic(node, 1, "scale", stats, per), bias = statistic(node, 2, "B", stats, per);
    double[] mean = statistic(node, 3, "mean", stats, per), var = statistic(node, 4, "var", stats, per);
    double[] a = new double[x.n], off = new double[x.n];
    for (int k = 0; k < x.n; k++) {
      int j = stats == 1 ? 0 : k;
      if (!(var[j] + (float) eps > 0)) throw bad(node, "has var + epsilon = " + (var[j] + (float) eps) + " at index " + j + ", not positive");
      // float32 epsilon as stored, so that the map matches the exporting framework
      a[k] = scale[j] / Math.sqrt(var[j] + (float) eps);
      off[k] = bias[j] - a[k] * mean[j];
    }
    return scaledPerFeature(x, a).plusBias(off);
  }

  private double[] statistic(OnnxNode node, int k, String role, int n, String per) {
    ConstValue c = constIn(node, k, role);
    if (c.size() != n) throw bad(node, "has a " + role + " of shape " + c.shape() + ", expected " + n + " values, one per " + per);
    return c.values();
  }

  /** Clip(h, lo, hi) = lo + relu(h - lo) - relu(h - hi): piecewise linear, one ReLU group per finite bound. */
  private SymbolicValue clip(OnnxNode node) {
    AffineValue h = affineIn(node);
    double lo = clipBound(node, 1, "min", Double.NEGATIVE_INFINITY), hi = clipBound(node, 2, "max", Double.POSITIVE_INFINITY);
    if (lo > hi) throw bad(node, "has min " + lo + " above max " + hi);
    if (Double.isInfinite(lo) && Double.isInfinite(hi)) return h;
    if (Double.isInfinite(hi)) return reluValue(node, h.plusConstant(new double[] {-lo})).plusConstant(new double[] {lo});
    if (Double.isInfinite(lo)) // min(h, hi) = hi - relu(hi - h)
      return reluValue(node, h.scaled(-1).plusConstant(new double[] {hi})).scaled(-1).plusConstant(new double[] {hi});
    AffineValue bottom = reluValue(node, h.plusConstant(new double[] {-lo}));
    AffineValue top = reluValue(node, h.plusConstant(new double[] {-hi}));
    return bottom.plus(top.scaled(-1)).plusConstant(new double[] {lo}).withShape(h.layout, h.rank);
  }

  private double clipBound(OnnxNode node, int k, String key, double dflt) {
    if (optionalIn(node, k) != null) {
      ConstValue c = constIn(node, k, key);
      if (c.size() != 1) throw bad(node, "has a " + key + " of shape " + c.shape() + "; Clip needs a scalar");
      return c.values()[0];
    }
    OnnxAttribute a = node.attribute(key);
    return a == null ? dflt : a.f();
  }

  /** max(a, b) = b + relu(a - b) and min(a, b) = b - relu(b - a), folded over the inputs. */
  private SymbolicValue maxMin(OnnxNode node, boolean max) {
    SymbolicValue acc = in(node, 0);
    for (int k = 1; k < node.inputs().size(); k++) {
      SymbolicValue b = in(node, k);
      AffineValue a = asAffine(node, acc, b, false), bb = asAffine(node, b, acc, false);
      requireSameAxes(node, a, bb);
      if (a.n != bb.n) {
        int m = Math.max(a.n, bb.n);
        a = a.broadcastTo(m);
        bb = bb.broadcastTo(m);
      }
      AffineValue diff = max ? a.plus(bb.scaled(-1)) : bb.plus(a.scaled(-1));
      AffineValue r = reluValue(node, diff.withShape(bb.layout, bb.rank));
      acc = bb.plus(max ? r : r.scaled(-1)).withShape(bb.layout, bb.rank);
    }
    return acc;
  }

  /**
   * v as an affine value shaped like the other operand (a constant must be a per-feature vector),
   * a constant counting as a bias term when {@code bias} (Sum), not when it is an activation's (Max).
   */
  private AffineValue asAffine(OnnxNode node, SymbolicValue v, SymbolicValue other, boolean bias) {
    if (v instanceof AffineValue a) return a;
    AffineValue o = (AffineValue) other;
    double[] c = biasVector(node, (ConstValue) v, o, 1.0);
    AffineValue zero = new AffineValue(o.n, o.layout, o.rank, new double[o.n], new boolean[o.n], new java.util.TreeMap<>());
    return bias ? zero.plusBias(c) : zero.plusConstant(c);
  }

  private SymbolicValue relu(OnnxNode node) { return reluValue(node, affineIn(node)); }

  /** A new group of hidden neurons with pre-activation pre (or the constant relu of a constant). */
  private AffineValue reluValue(OnnxNode node, AffineValue pre) {
    if (pre.isConstant()) {
      double[] r = new double[pre.n];
      for (int k = 0; k < r.length; k++) r[k] = Math.max(pre.offset[k], 0.0);
      return new AffineValue(pre.n, pre.layout, pre.rank, r, new boolean[pre.n], new java.util.TreeMap<>());
    }
    groups.add(new Group(node.label(), pre));
    return AffineValue.source(groups.size(), pre.n, pre.layout, pre.rank);
  }

  private SymbolicValue concat(OnnxNode node) {
    if (node.attribute("axis") == null) throw bad(node, "has no axis attribute");
    long axis = intAttr(node, "axis", 0);
    List<SymbolicValue> vs = new ArrayList<>();
    for (int k = 0; k < node.inputs().size(); k++) vs.add(in(node, k));
    if (vs.isEmpty()) throw bad(node, "has no inputs");
    boolean allConst = vs.stream().allMatch(v -> v instanceof ConstValue);
    if (allConst) return ConstMath.concat(vs.stream().map(v -> (ConstValue) v).toList(), axis, m -> bad(node, m));
    List<AffineValue> parts = new ArrayList<>();
    for (int k = 0; k < vs.size(); k++) {
      if (!(vs.get(k) instanceof AffineValue av))
        throw bad(node, "concatenates the constant '" + node.inputs().get(k) + "' with a batch of vectors");
      parts.add(av);
    }
    AffineValue first = parts.get(0);
    for (AffineValue p : parts)
      if (p.layout != first.layout || p.rank != first.rank)
        throw bad(node, "concatenates tensors of different layouts");
    if (first.layout == Layout.SCALARS) throw bad(node, "concatenates tensors of shape [batch]");
    long featureAxis = first.featureAxis();
    long normalized = axis < 0 ? axis + first.rank : axis;
    if (normalized != featureAxis)
      throw bad(node, "concatenates along axis " + axis + ", which is not the feature axis of a batch of vectors");
    return AffineValue.concat(parts, this::sourceWidth);
  }

  private int sourceWidth(int s) { return s == 0 ? inputDim : groups.get(s - 1).pre().n; }

  private SymbolicValue flatten(OnnxNode node) {
    long axis = intAttr(node, "axis", 1);
    SymbolicValue v = in(node, 0);
    if (v instanceof ConstValue c) {
      int r = c.rank();
      long ax = axis < 0 ? axis + r : axis;
      if (ax < 0 || ax > r) throw bad(node, "has axis " + axis + " for a tensor of rank " + r);
      long outer = 1;
      for (int k = 0; k < ax; k++) outer *= c.dims()[k];
      return c.reshaped(new long[] {outer, c.size() / Math.max(outer, 1)});
    }
    AffineValue a = (AffineValue) v;
    // [axes before axis, axes from axis on]: the batch and the features must land in different parts
    long ax = axis < 0 ? axis + a.rank : axis;
    if (ax < 0 || ax > a.rank) throw bad(node, "has axis " + axis + " for a tensor of shape " + a.shapeText());
    int b = a.batchAxis(), f = a.featureAxis();
    boolean bFirst = b >= 0 && b < ax, fFirst = f >= 0 && f < ax;
    if (b >= 0 && f >= 0 && bFirst == fFirst)
      throw bad(node, "flattens " + a.shapeText() + " with axis " + axis + ", which would mix the batch and the features");
    int nb = b >= 0 ? (bFirst ? 0 : 1) : fFirst ? 1 : 0; // a single vector is a batch of one
    return reshaped(node, a, 2, nb, f < 0 ? -1 : fFirst ? 0 : 1, "flattens");
  }

  private SymbolicValue reshape(OnnxNode node) {
    SymbolicValue v = in(node, 0);
    ConstValue shape;
    boolean[] isBatch;
    if (in(node, 1) instanceof ShapeValue sv) {
      shape = sv.value();
      isBatch = new boolean[shape.size()];
      for (int k = 0; k < isBatch.length; k++) isBatch[k] = sv.batch().values()[k] != 0;
    } else {
      shape = constIn(node, 1, "shape");
      isBatch = new boolean[shape.size()];
    }
    if (shape.rank() != 1) throw bad(node, "has a shape input of shape " + shape.shape());
    long[] target = new long[shape.size()];
    for (int k = 0; k < target.length; k++) target[k] = (long) shape.values()[k];
    if (v instanceof ConstValue c) return c.reshaped(ConstMath.resolveShape(c, target, m -> bad(node, m)));
    AffineValue a = (AffineValue) v;
    // the batch size, symbolic or as declared, is as good as -1 in the batch position
    StringBuilder shown = new StringBuilder("[");
    for (int k = 0; k < target.length; k++) shown.append(k > 0 ? ", " : "").append(isBatch[k] ? "batch" : Long.toString(target[k]));
    shown.append(']');
    boolean batchKnown = target.length >= 1 && (isBatch[0] || (fixedBatch > 0 && target[0] == fixedBatch && a.batchAxis() == 0));
    if (batchKnown) target[0] = 0;
    for (int k = 1; k < target.length; k++)
      if (isBatch[k]) throw bad(node, "reshapes to a shape with the batch size at position " + k + ", which would mix the batch and the features");
    if (a.n == 1 && (a.layout == Layout.SCALARS || (a.layout == Layout.ROW && a.rank == 2))) {
      if (target.length == 1 && (target[0] == -1 || target[0] == 0)) return a.withShape(Layout.SCALARS, 1);
      if (target.length == 2 && (target[0] == -1 || target[0] == 0) && (target[1] == 1 || target[1] == -1))
        return a.withShape(Layout.ROW, 2);
    }
    if (a.layout == Layout.ROW && target.length >= 1 && target.length <= 2) {
      long last = target[target.length - 1];
      boolean lastOk = last == a.n || (last == -1 && (target.length == 1 || target[0] != -1 || batchKnown));
      boolean batchOk = target.length == 1 || target[0] == -1 || target[0] == 0 || target[0] == 1;
      if (lastOk && batchOk) return a.withShape(Layout.ROW, target.length);
    }
    AffineValue batchFirst = batchFirst(a, target, batchKnown);
    if (batchFirst != null) return batchFirst;
    throw bad(node, "reshapes a batch of vectors of length " + a.n + " to " + shown
        + ", which is not a batch of vectors of the same length");
  }

  /**
   * A batch-major value reshaped to [batch, 1, .., n, .., 1] ([batch, n, 1] for BatchNorm1d, [batch, n, 1, 1]
   * for BatchNorm2d, and back): the features go to the axis of length n (or the one inferred, -1). Target
   * entry 0 copies the input's size on that axis. Null when the target is not of that form.
   */
  private static AffineValue batchFirst(AffineValue a, long[] target, boolean batchKnown) {
    if (a.batchAxis() != 0 || target.length < 2) return null;
    boolean batchAt0 = batchKnown || target[0] == 0;
    if (!batchAt0 && target[0] != -1) return null;
    int f = -1, infer = -1;
    for (int k = 1; k < target.length; k++) {
      long t = target[k];
      if (t == 0) {
        if (k >= a.rank || k == a.batchAxis()) return null;
        t = k == a.featureAxis() ? a.n : 1;
      }
      if (t == -1 && infer < 0 && batchAt0) infer = k;
      else if (t == a.n && f < 0) f = k;
      else if (t != 1) return null;
    }
    if (infer >= 0) f = f < 0 ? infer : f; // -1 takes what is left: n, or 1 beside an explicit n
    if (f < 0 && a.n != 1) return null;
    return a.withAxes(target.length, 0, f);
  }

  /** Shape of a batch of vectors: [batch, n] with the batch symbolic; opset 15 start/end slice it. */
  private SymbolicValue shapeOf(OnnxNode node) {
    AffineValue a = affineIn(node);
    int r = a.rank;
    double[] v = new double[r], b = new double[r];
    for (int k = 0; k < r; k++) {
      v[k] = k == a.featureAxis() ? a.n : 1; // the batch entry holds the placeholder 1
      b[k] = k == a.batchAxis() ? 1 : 0;
    }
    long start = intAttr(node, "start", 0), end = intAttr(node, "end", r);
    start = Math.max(0, Math.min(r, start < 0 ? start + r : start));
    end = Math.max(start, Math.min(r, end < 0 ? end + r : end));
    v = Arrays.copyOfRange(v, (int) start, (int) end);
    b = Arrays.copyOfRange(b, (int) start, (int) end);
    return shapeValue(new ConstValue(new long[] {v.length}, v, true), new ConstValue(new long[] {b.length}, b, true));
  }

  private static SymbolicValue shapeValue(ConstValue value, ConstValue batch) {
    for (double x : batch.values()) if (x != 0) return new ShapeValue(value, batch);
    return value; // no batch entry left: an ordinary constant
  }

  /**
   * Constant folding on shapes holding the symbolic batch size: the values are folded with a
   * placeholder 1 for the batch, and the mask of batch entries is moved by the same op. Arithmetic
   * may keep the batch only unchanged (batch * 1, batch / 1, batch + 0); anything else is refused.
   */
  private SymbolicValue shapeArithmetic(OnnxNode node, List<SymbolicValue> ins) {
    List<ConstValue> values = new ArrayList<>(), masks = new ArrayList<>();
    for (SymbolicValue v : ins) {
      if (v instanceof ShapeValue sv) { values.add(sv.value()); masks.add(sv.batch()); }
      else if (v == null) { values.add(null); masks.add(null); }
      else {
        ConstValue c = (ConstValue) v;
        values.add(c);
        masks.add(new ConstValue(c.dims(), new double[c.size()], true));
      }
    }
    java.util.function.Function<String, BadInputException> err = m -> bad(node, m);
    ConstValue value = ConstFold.eval(node, values, err), mask;
    String op = node.opType();
    switch (op) {
      case "Expand":
        if (ins.get(0) instanceof ShapeValue) throw bad(node, "expands the symbolic batch size");
        return value; // to length 1 along the batch, which broadcasts the same
      case "Identity": case "Cast": case "Gather": case "Slice": case "Unsqueeze": case "Squeeze": case "Reshape": case "Flatten": {
        for (int k = 1; k < ins.size(); k++)
          if (ins.get(k) instanceof ShapeValue) throw bad(node, "uses the symbolic batch size as an index or shape");
        List<ConstValue> m = new ArrayList<>(values);
        m.set(0, masks.get(0));
        mask = ConstFold.eval(node, m, err);
        break;
      }
      case "Concat": mask = ConstFold.eval(node, masks, err); break;
      case "Shape": case "Size": return value; // the length of a shape vector is known
      case "Where": { // where(shape == -1, 1, shape), as torch exports expand(batch, -1)
        if (ins.get(0) instanceof ShapeValue) throw bad(node, "branches on the symbolic batch size");
        List<ConstValue> m = new ArrayList<>(values);
        m.set(1, masks.get(1));
        m.set(2, masks.get(2));
        mask = ConstFold.eval(node, m, err);
        break;
      }
      case "Equal": { // the batch size is at least 1, so it equals no constant below 1
        if (ins.get(0) instanceof ShapeValue && ins.get(1) instanceof ShapeValue) throw bad(node, "compares the symbolic batch size with itself");
        ConstValue batchMask = ConstFold.broadcast(masks, x -> x[0] + x[1], err);
        ConstValue other = ConstFold.broadcast(values.subList(0, 2).stream().toList(), x -> x[0] * x[1], err); // placeholder 1 times the other
        double[] r = value.values().clone();
        for (int k = 0; k < r.length; k++) {
          if (batchMask.values()[k] == 0) continue;
          if (other.values()[k] >= 1) throw bad(node, "compares the symbolic batch size with " + (long) other.values()[k] + ", which reluconvex cannot decide");
          r[k] = 0;
        }
        return new ConstValue(value.dims(), r, true);
      }
      case "ConstantOfShape": // torch.zeros_like(h): length 1 along the batch, which broadcasts the same
        if (ins.size() > 1 && ins.get(1) instanceof ShapeValue) throw bad(node, "uses the symbolic batch size as a value");
        return value;
      case "Mul": case "Add": case "Div": case "Sub": {
        if ((op.equals("Div") || op.equals("Sub")) && ins.get(1) instanceof ShapeValue)
          throw bad(node, "computes with the symbolic batch size as " + (op.equals("Div") ? "divisor" : "subtrahend"));
        mask = ConstFold.broadcast(masks, x -> x[0] + x[1], err);
        for (int k = 0; k < mask.size(); k++) {
          if (mask.values()[k] > 1) throw bad(node, "combines the symbolic batch size with itself");
          if (mask.values()[k] == 1 && value.values()[k] != 1)
            throw bad(node, "changes the symbolic batch size (" + op + "), so the result is not a batch of vectors");
        }
        break;
      }
      default: throw bad(node, "computes " + op + " of the symbolic batch size, which reluconvex does not support");
    }
    return shapeValue(value, mask);
  }

  private SymbolicValue squeeze(OnnxNode node, boolean unsqueeze) {
    SymbolicValue v = in(node, 0);
    long[] axes = null;
    OnnxAttribute attr = node.attribute("axes");
    if (attr != null && attr.ints() != null) axes = attr.ints();
    else if (optionalIn(node, 1) != null) {
      ConstValue c = constIn(node, 1, "axes");
      axes = new long[c.size()];
      for (int k = 0; k < axes.length; k++) axes[k] = (long) c.values()[k];
    }
    if (v instanceof ConstValue c) return ConstMath.squeeze(c, axes, unsqueeze, m -> bad(node, m));
    AffineValue a = (AffineValue) v;
    // torch exports of a fixed batch of one squeeze it away: [1, n] -> [n]
    if (!unsqueeze && a.layout == Layout.ROW && a.rank == 2 && axes != null && axes.length == 1 && axes[0] == 0)
      return a.withShape(Layout.ROW, 1);
    return unsqueeze ? insertAxes(node, a, axes) : removeAxes(node, a, axes, "squeezes");
  }

  /** Unsqueeze: unit axes inserted at the given axes of the result. */
  private AffineValue insertAxes(OnnxNode node, AffineValue a, long[] axes) {
    if (axes == null) throw bad(node, "has no axes");
    int r = a.rank + axes.length;
    boolean[] inserted = new boolean[r];
    for (long x : axes) {
      long k = x < 0 ? x + r : x;
      if (k < 0 || k >= r || inserted[(int) k]) throw bad(node, "has invalid axes " + Arrays.toString(axes) + " for a tensor of rank " + a.rank);
      inserted[(int) k] = true;
    }
    int b = -1, f = -1;
    for (int k = 0, old = 0; k < r; k++) {
      if (inserted[k]) continue;
      if (old == a.batchAxis()) b = k;
      if (old == a.featureAxis()) f = k;
      old++;
    }
    if (b < 0 && inserted[0] && a.batchAxis() < 0) b = 0; // a single vector [n] given a leading axis is a batch of one
    return reshaped(node, a, r, b, f, "unsqueezes");
  }

  /** Squeeze (axes null: every axis of length 1) or a reduction without keepdims: the given axes removed. */
  private AffineValue removeAxes(OnnxNode node, AffineValue a, long[] axes, String verb) {
    boolean[] removed = axisSet(node, a, axes);
    if (axes == null && a.n != 1) removed[a.featureAxis()] = false; // Squeeze without axes: those of length 1
    int b = -1, f = -1, r = 0;
    for (int k = 0; k < a.rank; k++) {
      if (removed[k]) {
        if (k == a.batchAxis()) throw bad(node, verb + " the batch axis " + k + " of " + a.shapeText());
        continue;
      }
      if (k == a.batchAxis()) b = r;
      if (k == a.featureAxis()) f = r;
      r++;
    }
    return reshaped(node, a, r, b, f, verb);
  }

  /** The axes as a set over the value's axes (null: every axis but the batch). */
  private boolean[] axisSet(OnnxNode node, AffineValue a, long[] axes) {
    boolean[] set = new boolean[a.rank];
    if (axes == null) {
      Arrays.fill(set, true);
      if (a.batchAxis() >= 0) set[a.batchAxis()] = false;
      return set;
    }
    for (long x : axes) {
      long k = x < 0 ? x + a.rank : x;
      if (k < 0 || k >= a.rank) throw bad(node, "has axis " + x + " for a tensor of shape " + a.shapeText());
      set[(int) k] = true;
    }
    return set;
  }

  /** a as the rank-r tensor with the batch on axis b and the features on axis f, or refused naming it. */
  private AffineValue reshaped(OnnxNode node, AffineValue a, int r, int b, int f, String verb) {
    if (b < 0 && a.batchAxis() >= 0) throw bad(node, verb + " away the batch axis of " + a.shapeText());
    if (f < 0 && a.n != 1) throw bad(node, verb + " away the feature axis of " + a.shapeText());
    AffineValue out = a.withAxes(r, b, f);
    if (out == null)
      throw bad(node, verb + " " + a.shapeText() + " into " + AffineValue.shapeText(r, b, f, a.n)
          + ", which is not a batch of vectors reluconvex represents");
    return out;
  }

  private Network assemble(SymbolicValue out) {
    AffineValue y;
    if (out instanceof ConstValue c) y = constantOutput(c.values()[0]);
    else if (((AffineValue) out).isConstant()) y = constantOutput(((AffineValue) out).offset[0]);
    else y = (AffineValue) out;
    List<AffineValue> pre = new ArrayList<>();
    for (Group g : groups) pre.add(g.pre());
    return Layering.network(inputDim, pre, y, source);
  }

  /** A constant output still needs an incoming block: zero weights from the input. */
  private AffineValue constantOutput(double c) {
    java.util.TreeMap<Integer, double[]> m = new java.util.TreeMap<>();
    m.put(0, new double[inputDim]);
    return new AffineValue(1, Layout.ROW, 2, new double[] {c}, new boolean[] {true}, m);
  }
}
