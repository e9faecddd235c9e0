package org.reluconvex.io;

import java.util.Arrays;

/**
 * A dense tensor of an ONNX file: initializer, Constant value or tensor attribute. Values are held
 * as doubles (float32 and int32 widen exactly; int64 is exact up to 2^53, enough for shapes).
 *
 * @param storage how the values are (or are to be) encoded on the wire
 */
record OnnxTensor(String name, int dataType, long[] dims, double[] values, Storage storage) {
  /** Little-endian {@code raw_data}, or the typed repeated fields ({@code float_data}, ...). */
  enum Storage { RAW, TYPED }

  long size() {
    long n = 1;
    for (long d : dims) n *= d;
    return n;
  }

  int rank() { return dims.length; }

  String shapeString() { return Arrays.toString(dims); }
}
