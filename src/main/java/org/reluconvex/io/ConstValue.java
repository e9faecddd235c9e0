package org.reluconvex.io;

import java.util.Arrays;

/** A tensor whose value does not depend on the network input (weights, shapes, constants). */
record ConstValue(long[] dims, double[] values, boolean integer) implements SymbolicValue {
  /** A floating-point tensor (integer tensors matter only for Div, which truncates them). */
  ConstValue(long[] dims, double[] values) { this(dims, values, false); }

  static ConstValue of(OnnxTensor t) {
    OnnxDataType type = OnnxDataType.of(t.dataType());
    return new ConstValue(t.dims(), t.values(), type != null && type.isInteger());
  }

  static ConstValue scalar(double v) { return new ConstValue(new long[0], new double[] {v}); }

  int rank() { return dims.length; }

  int size() { return values.length; }

  /** Row count of a matrix (rank 2). */
  int rows() { return (int) dims[0]; }

  int cols() { return (int) dims[1]; }

  /** Entry (i, j) of a rank-2 tensor, read as transposed when {@code transposed}. */
  double at(int i, int j, boolean transposed) {
    return transposed ? values[j * (int) dims[1] + i] : values[i * (int) dims[1] + j];
  }

  ConstValue withInteger(boolean i) { return new ConstValue(dims, values, i); }

  String shape() { return Arrays.toString(dims); }

  ConstValue reshaped(long[] newDims) { return new ConstValue(newDims, values, integer); }
}
