package org.reluconvex.io;

/** One attribute of a node; only the fields of its {@code type} are meaningful. */
record OnnxAttribute(String name, int type, float f, long i, String s, OnnxTensor t, float[] floats, long[] ints) {
  static OnnxAttribute ofInt(String name, long v) {
    return new OnnxAttribute(name, OnnxSchema.ATTR_TYPE_INT, 0f, v, null, null, null, null);
  }

  static OnnxAttribute ofFloat(String name, float v) {
    return new OnnxAttribute(name, OnnxSchema.ATTR_TYPE_FLOAT, v, 0, null, null, null, null);
  }

  static OnnxAttribute ofInts(String name, long... v) {
    return new OnnxAttribute(name, OnnxSchema.ATTR_TYPE_INTS, 0f, 0, null, null, null, v);
  }

  static OnnxAttribute ofFloats(String name, float... v) {
    return new OnnxAttribute(name, OnnxSchema.ATTR_TYPE_FLOATS, 0f, 0, null, null, v, null);
  }

  static OnnxAttribute ofTensor(String name, OnnxTensor t) {
    return new OnnxAttribute(name, OnnxSchema.ATTR_TYPE_TENSOR, 0f, 0, null, t, null, null);
  }
}
