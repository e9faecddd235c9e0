package org.reluconvex.io;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** Arithmetic on constant tensors (ONNX semantics, numpy broadcasting), for constant folding. */
final class ConstMath {
  private ConstMath() {}

  private static final long MAX_SIZE = 1L << 24;

  static ConstValue scale(ConstValue c, double a) {
    if (a == 1.0) return c;
    double[] v = c.values().clone();
    for (int k = 0; k < v.length; k++) v[k] *= a;
    return new ConstValue(c.dims(), v);
  }

  /** A' B' for matrices, transposed as asked (Gemm). */
  static ConstValue matMul(ConstValue a, ConstValue b, boolean transA, boolean transB, Function<String, BadInputException> err) {
    int m = transA ? a.cols() : a.rows(), k = transA ? a.rows() : a.cols();
    int k2 = transB ? b.cols() : b.rows(), n = transB ? b.rows() : b.cols();
    if (k != k2) throw err.apply("multiplies matrices of shapes " + a.shape() + " and " + b.shape() + " with mismatched inner size");
    if ((long) m * n > MAX_SIZE) throw err.apply("produces a constant that is too large");
    double[] r = new double[m * n];
    for (int i = 0; i < m; i++)
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int t = 0; t < k; t++) s += a.at(i, t, transA) * b.at(t, j, transB);
        r[i * n + j] = s;
      }
    return new ConstValue(new long[] {m, n}, r);
  }

  /** numpy matmul for ranks 1 and 2. */
  static ConstValue matMulNumpy(ConstValue a, ConstValue b, Function<String, BadInputException> err) {
    if (a.rank() < 1 || a.rank() > 2 || b.rank() < 1 || b.rank() > 2)
      throw err.apply("multiplies constants of shapes " + a.shape() + " and " + b.shape() + "; only ranks 1 and 2 are supported");
    ConstValue a2 = a.rank() == 1 ? a.reshaped(new long[] {1, a.size()}) : a;
    ConstValue b2 = b.rank() == 1 ? b.reshaped(new long[] {b.size(), 1}) : b;
    ConstValue r = matMul(a2, b2, false, false, err);
    if (a.rank() == 1 && b.rank() == 1) return r.reshaped(new long[0]);
    if (a.rank() == 1) return r.reshaped(new long[] {r.cols()});
    if (b.rank() == 1) return r.reshaped(new long[] {r.rows()});
    return r;
  }

  /** Element-wise sum with numpy broadcasting. */
  static ConstValue add(ConstValue a, ConstValue b, Function<String, BadInputException> err) {
    int rank = Math.max(a.rank(), b.rank());
    long[] da = pad(a.dims(), rank), db = pad(b.dims(), rank), d = new long[rank];
    long size = 1;
    for (int k = 0; k < rank; k++) {
      if (da[k] != db[k] && da[k] != 1 && db[k] != 1)
        throw err.apply("adds constants of shapes " + a.shape() + " and " + b.shape() + ", which do not broadcast");
      d[k] = da[k] == 1 ? db[k] : da[k];
      size *= d[k];
    }
    if (size > MAX_SIZE) throw err.apply("produces a constant that is too large");
    double[] r = new double[(int) size];
    int[] idx = new int[rank];
    for (int flat = 0; flat < r.length; flat++) {
      r[flat] = a.values()[index(idx, da)] + b.values()[index(idx, db)];
      for (int k = rank - 1; k >= 0; k--) {
        if (++idx[k] < d[k]) break;
        idx[k] = 0;
      }
    }
    return new ConstValue(d, r);
  }

  /** dims left-padded with 1s to the given rank (numpy broadcasting). */
  static long[] pad(long[] dims, int rank) {
    long[] p = new long[rank];
    Arrays.fill(p, 1);
    System.arraycopy(dims, 0, p, rank - dims.length, dims.length);
    return p;
  }

  /** Flat index of a broadcast multi-index into a tensor of the given dims. */
  static int index(int[] idx, long[] dims) {
    int f = 0;
    for (int k = 0; k < dims.length; k++) f = (int) (f * dims[k] + (dims[k] == 1 ? 0 : idx[k]));
    return f;
  }

  static ConstValue concat(List<ConstValue> parts, long axis, Function<String, BadInputException> err) {
    ConstValue first = parts.get(0);
    int rank = first.rank();
    long ax = axis < 0 ? axis + rank : axis;
    if (ax < 0 || ax >= rank) throw err.apply("has axis " + axis + " for tensors of rank " + rank);
    long[] d = first.dims().clone();
    d[(int) ax] = 0;
    for (ConstValue p : parts) {
      if (p.rank() != rank) throw err.apply("concatenates tensors of ranks " + rank + " and " + p.rank());
      for (int k = 0; k < rank; k++)
        if (k != ax && p.dims()[k] != first.dims()[k])
          throw err.apply("concatenates tensors of shapes " + first.shape() + " and " + p.shape());
      d[(int) ax] += p.dims()[(int) ax];
    }
    long outer = 1, inner = 1;
    for (int k = 0; k < ax; k++) outer *= d[k];
    for (int k = (int) ax + 1; k < rank; k++) inner *= d[k];
    double[] r = new double[(int) (outer * d[(int) ax] * inner)];
    int pos = 0;
    for (int o = 0; o < outer; o++)
      for (ConstValue p : parts) {
        int chunk = (int) (p.dims()[(int) ax] * inner);
        System.arraycopy(p.values(), o * chunk, r, pos, chunk);
        pos += chunk;
      }
    return new ConstValue(d, r);
  }

  /** Resolves 0 (copy) and -1 (infer) in a Reshape target. */
  static long[] resolveShape(ConstValue c, long[] target, Function<String, BadInputException> err) {
    long[] d = target.clone();
    int infer = -1;
    long known = 1;
    for (int k = 0; k < d.length; k++) {
      if (d[k] == 0) {
        if (k >= c.rank()) throw err.apply("copies dimension " + k + " of a tensor of shape " + c.shape());
        d[k] = c.dims()[k];
      }
      if (d[k] == -1) {
        if (infer >= 0) throw err.apply("has two -1 entries in its shape " + Arrays.toString(target));
        infer = k;
      } else if (d[k] < 0) throw err.apply("has a negative entry in its shape " + Arrays.toString(target));
      else known *= d[k];
      if (known > MAX_SIZE) throw err.apply("has a shape that is too large: " + Arrays.toString(target));
    }
    if (infer >= 0) {
      if (known == 0 || c.size() % known != 0) throw err.apply("cannot reshape " + c.shape() + " to " + Arrays.toString(target));
      d[infer] = c.size() / known;
      known *= d[infer];
    }
    if (known != c.size()) throw err.apply("cannot reshape " + c.shape() + " to " + Arrays.toString(target));
    return d;
  }

  static ConstValue squeeze(ConstValue c, long[] axes, boolean unsqueeze, Function<String, BadInputException> err) {
    if (unsqueeze) {
      if (axes == null) throw err.apply("has no axes");
      int rank = c.rank() + axes.length;
      boolean[] added = new boolean[rank];
      for (long a : axes) {
        long ax = a < 0 ? a + rank : a;
        if (ax < 0 || ax >= rank || added[(int) ax]) throw err.apply("has invalid axes " + Arrays.toString(axes));
        added[(int) ax] = true;
      }
      long[] d = new long[rank];
      for (int k = 0, src = 0; k < rank; k++) d[k] = added[k] ? 1 : c.dims()[src++];
      return c.reshaped(d);
    }
    boolean[] drop = new boolean[c.rank()];
    if (axes == null) for (int k = 0; k < drop.length; k++) drop[k] = c.dims()[k] == 1;
    else
      for (long a : axes) {
        long ax = a < 0 ? a + c.rank() : a;
        if (ax < 0 || ax >= c.rank() || c.dims()[(int) ax] != 1) throw err.apply("cannot squeeze axes " + Arrays.toString(axes) + " of shape " + c.shape());
        drop[(int) ax] = true;
      }
    long[] d = new long[c.rank()];
    int n = 0;
    for (int k = 0; k < drop.length; k++) if (!drop[k]) d[n++] = c.dims()[k];
    return c.reshaped(Arrays.copyOf(d, n));
  }
}
