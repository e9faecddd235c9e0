package org.reluconvex.io;

import java.util.List;

/**
 * A graph input or output: name, element type and shape. A dimension is a fixed size (&ge; 0), or
 * {@link #SYMBOLIC} for a named or unknown size such as the batch. {@code shape} is null when the
 * file gives no shape.
 */
record OnnxValueInfo(String name, int elemType, List<Long> shape) {
  static final long SYMBOLIC = -1;

  String shapeString() {
    if (shape == null) return "unknown";
    StringBuilder sb = new StringBuilder("[");
    for (int k = 0; k < shape.size(); k++) {
      if (k > 0) sb.append(", ");
      sb.append(shape.get(k) == SYMBOLIC ? "batch" : Long.toString(shape.get(k)));
    }
    return sb.append(']').toString();
  }
}
