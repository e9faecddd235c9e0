package org.reluconvex.io;

import java.nio.ByteBuffer;

/**
 * The tensor element types reluconvex reads, writes and casts to: how each is stored in a
 * TensorProto (raw_data width; which repeated field holds it otherwise) and the exact double value
 * of its stored bits. Every type here widens to double exactly (int64 and uint64 up to 2^53).
 */
enum OnnxDataType {
  FLOAT(1, 4, OnnxSchema.TENSOR_FLOAT_DATA),
  UINT8(2, 1, OnnxSchema.TENSOR_INT32_DATA),
  INT8(3, 1, OnnxSchema.TENSOR_INT32_DATA),
  UINT16(4, 2, OnnxSchema.TENSOR_INT32_DATA),
  INT16(5, 2, OnnxSchema.TENSOR_INT32_DATA),
  INT32(6, 4, OnnxSchema.TENSOR_INT32_DATA),
  INT64(7, 8, OnnxSchema.TENSOR_INT64_DATA),
  BOOL(9, 1, OnnxSchema.TENSOR_INT32_DATA),
  /** IEEE half precision; the typed field int32_data holds its 16 bits. */
  FLOAT16(10, 2, OnnxSchema.TENSOR_INT32_DATA),
  DOUBLE(11, 8, OnnxSchema.TENSOR_DOUBLE_DATA),
  UINT32(12, 4, OnnxSchema.TENSOR_UINT64_DATA),
  UINT64(13, 8, OnnxSchema.TENSOR_UINT64_DATA),
  /** The upper 16 bits of a float; int32_data holds them. */
  BFLOAT16(16, 2, OnnxSchema.TENSOR_INT32_DATA);

  /** TensorProto.DataType value. */
  final int code;
  /** Bytes per element in raw_data. */
  final int width;
  /** The repeated field holding the elements when there is no raw_data. */
  final int typedField;

  OnnxDataType(int code, int width, int typedField) {
    this.code = code;
    this.width = width;
    this.typedField = typedField;
  }

  /** The type with this TensorProto.DataType value, or null when reluconvex does not read it. */
  static OnnxDataType of(long code) {
    for (OnnxDataType t : values()) if (t.code == code) return t;
    return null;
  }

  boolean isFloat() { return this == FLOAT || this == DOUBLE || this == FLOAT16 || this == BFLOAT16; }

  /** Integer (and boolean) types: their Div truncates, and casting to them rounds toward zero. */
  boolean isInteger() { return !isFloat(); }

  /** Element k of little-endian raw_data. */
  double fromRaw(ByteBuffer b, int k) {
    int at = k * width;
    switch (this) {
      case FLOAT: return b.getFloat(at);
      case DOUBLE: return b.getDouble(at);
      case UINT8: return b.get(at) & 0xff;
      case INT8: return b.get(at);
      case BOOL: return b.get(at) != 0 ? 1 : 0;
      case UINT16: return b.getShort(at) & 0xffff;
      case INT16: return b.getShort(at);
      case FLOAT16: return halfToDouble(b.getShort(at) & 0xffff);
      case BFLOAT16: return bfloat16ToDouble(b.getShort(at) & 0xffff);
      case INT32: return b.getInt(at);
      case UINT32: return b.getInt(at) & 0xffffffffL;
      case INT64: return b.getLong(at);
      default: return unsignedToDouble(b.getLong(at)); // UINT64
    }
  }

  /** An element of the varint field {@link #typedField} (int32_data, int64_data or uint64_data). */
  double fromVarint(long v) {
    switch (this) {
      case BOOL: return v != 0 ? 1 : 0;
      case FLOAT16: return halfToDouble((int) v & 0xffff);
      case BFLOAT16: return bfloat16ToDouble((int) v & 0xffff);
      case UINT64: return unsignedToDouble(v);
      default: return v;
    }
  }

  /** Writes x, rounded to this type, as the next element of raw_data. */
  void toRaw(ByteBuffer b, double x) {
    switch (this) {
      case FLOAT: b.putFloat((float) x); break;
      case DOUBLE: b.putDouble(x); break;
      case UINT8: case INT8: case BOOL: b.put((byte) (long) x); break;
      case UINT16: case INT16: b.putShort((short) (long) x); break;
      case FLOAT16: case BFLOAT16: b.putShort((short) toVarint(x)); break;
      case INT32: case UINT32: b.putInt((int) (long) x); break;
      case UINT64: b.putLong(unsignedBits(x)); break;
      default: b.putLong((long) x);
    }
  }

  /** x, rounded to this type, as an element of its varint field. */
  long toVarint(double x) {
    switch (this) {
      case FLOAT16: return halfBits(cast(x));
      case BFLOAT16: return Float.floatToRawIntBits((float) cast(x)) >>> 16;
      case UINT64: return unsignedBits(x);
      default: return (long) x;
    }
  }

  /** x converted to this type, as ONNX Cast does: floats round to nearest even, integers toward zero. */
  double cast(double x) {
    switch (this) {
      case DOUBLE: return x;
      case FLOAT: return (float) x;
      case FLOAT16: return roundToPrecision(x, 11, -14, 15);
      case BFLOAT16: return roundToPrecision(x, 8, -126, 127);
      case BOOL: return x != 0 ? 1 : 0;
      default: return Double.isFinite(x) ? (double) (long) x : x;
    }
  }

  // ---------------------------------------------------------------- 16-bit floats

  /** The value of IEEE half-precision bits h (exact: every half is a double). */
  static double halfToDouble(int h) {
    int sign = (h & 0x8000) != 0 ? -1 : 1, exp = (h >>> 10) & 0x1f, mant = h & 0x3ff;
    if (exp == 0x1f) return mant == 0 ? sign * Double.POSITIVE_INFINITY : Double.NaN;
    if (exp == 0) return sign * Math.scalb((double) mant, -24); // subnormal
    return sign * Math.scalb((double) (0x400 | mant), exp - 25);
  }

  static double bfloat16ToDouble(int h) { return Float.intBitsToFloat(h << 16); }

  /** The half-precision bits of x, which must be a half value (as {@link #cast} makes it). */
  static int halfBits(double x) {
    int sign = (Double.doubleToRawLongBits(x) < 0) ? 0x8000 : 0;
    double a = Math.abs(x);
    if (Double.isNaN(x)) return 0x7e00;
    if (a == Double.POSITIVE_INFINITY) return sign | 0x7c00;
    if (a < 0x1p-14) return sign | (int) Math.scalb(a, 24); // subnormal (or zero)
    int e = Math.getExponent(a);
    return sign | ((e + 15) << 10) | ((int) Math.scalb(a, 10 - e) & 0x3ff);
  }

  /**
   * x rounded to nearest even in a binary format with p significant bits and exponents emin..emax:
   * below 2^emin the spacing stays 2^(emin - p + 1), as for subnormals; what rounds to 2^(emax + 1)
   * or beyond overflows to infinity.
   */
  private static double roundToPrecision(double x, int p, int emin, int emax) {
    if (!Double.isFinite(x) || x == 0) return x;
    int e = Math.max(Math.getExponent(x), emin);
    double r = Math.scalb(Math.rint(Math.scalb(x, p - 1 - e)), e - p + 1); // both scalings are exact
    return Math.abs(r) >= Math.scalb(1.0, emax + 1) ? Math.copySign(Double.POSITIVE_INFINITY, x) : r;
  }

  /** The uint64 bits of a whole x in [0, 2^64). */
  private static long unsignedBits(double x) {
    return x >= 0x1p63 ? (long) (x - 0x1p63) ^ Long.MIN_VALUE : (long) x;
  }

  private static double unsignedToDouble(long v) {
    return v >= 0 ? v : ((v >>> 1) | (v & 1)) * 2.0; // halve keeping the sticky bit, so rounding is right
  }
}
