package org.reluconvex.io;

import static org.reluconvex.io.OnnxSchema.*;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Writes an {@link OnnxGraph} in the protobuf wire format (the inverse of {@link OnnxParser}). Each
 * tensor is encoded as its {@link OnnxTensor#storage()} says: little-endian {@code raw_data} or the
 * typed repeated field of its data type.
 */
final class OnnxWriter {
  private OnnxWriter() {}

  static byte[] write(OnnxGraph g) {
    return message(out -> {
      out.writeInt64(MODEL_IR_VERSION, g.irVersion());
      out.writeString(MODEL_PRODUCER_NAME, g.producer());
      out.writeString(MODEL_PRODUCER_VERSION, Version.VERSION);
      out.writeByteArray(MODEL_GRAPH, graph(g));
      out.writeByteArray(MODEL_OPSET_IMPORT, message(o -> {
        o.writeString(OPSET_DOMAIN, "");
        o.writeInt64(OPSET_VERSION, g.opsetVersion());
      }));
    });
  }

  private interface Body { void write(CodedOutputStream out) throws IOException; }

  private static byte[] message(Body body) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      body.write(out);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] graph(OnnxGraph g) {
    return message(out -> {
      for (OnnxNode n : g.nodes()) out.writeByteArray(GRAPH_NODE, node(n));
      out.writeString(GRAPH_NAME, "reluconvex");
      for (OnnxTensor t : g.initializers()) out.writeByteArray(GRAPH_INITIALIZER, tensor(t));
      for (OnnxValueInfo v : g.inputs()) out.writeByteArray(GRAPH_INPUT, valueInfo(v));
      for (OnnxValueInfo v : g.outputs()) out.writeByteArray(GRAPH_OUTPUT, valueInfo(v));
    });
  }

  private static byte[] node(OnnxNode n) {
    return message(out -> {
      for (String s : n.inputs()) out.writeString(NODE_INPUT, s);
      for (String s : n.outputs()) out.writeString(NODE_OUTPUT, s);
      if (n.name() != null && !n.name().isEmpty()) out.writeString(NODE_NAME, n.name());
      out.writeString(NODE_OP_TYPE, n.opType());
      for (OnnxAttribute a : n.attributes().values()) out.writeByteArray(NODE_ATTRIBUTE, attribute(a));
      if (n.domain() != null && !n.domain().isEmpty()) out.writeString(NODE_DOMAIN, n.domain());
    });
  }

  private static byte[] attribute(OnnxAttribute a) {
    return message(out -> {
      out.writeString(ATTR_NAME, a.name());
      switch (a.type()) {
        case ATTR_TYPE_FLOAT: out.writeFloat(ATTR_F, a.f()); break;
        case ATTR_TYPE_INT: out.writeInt64(ATTR_I, a.i()); break;
        case ATTR_TYPE_STRING: out.writeString(ATTR_S, a.s()); break;
        case ATTR_TYPE_TENSOR: out.writeByteArray(ATTR_T, tensor(a.t())); break;
        case ATTR_TYPE_FLOATS: for (float f : a.floats()) out.writeFloat(ATTR_FLOATS, f); break;
        case ATTR_TYPE_INTS: for (long i : a.ints()) out.writeInt64(ATTR_INTS, i); break;
        default: throw new IllegalArgumentException("attribute type " + a.type());
      }
      out.writeInt32(ATTR_TYPE, a.type());
    });
  }

  private static byte[] tensor(OnnxTensor t) {
    return message(out -> {
      for (long d : t.dims()) out.writeInt64(TENSOR_DIMS, d);
      out.writeInt32(TENSOR_DATA_TYPE, t.dataType());
      out.writeString(TENSOR_NAME, t.name());
      double[] v = t.values();
      if (t.storage() == OnnxTensor.Storage.RAW) {
        out.writeByteArray(TENSOR_RAW_DATA, raw(t.dataType(), v));
        return;
      }
      OnnxDataType type = type(t.dataType());
      if (type == OnnxDataType.FLOAT || type == OnnxDataType.DOUBLE) {
        out.writeByteArray(type.typedField, raw(t.dataType(), v)); // packed = little-endian values
        return;
      }
      byte[] packed = message(o -> { for (double x : v) o.writeInt64NoTag(type.toVarint(x)); });
      out.writeByteArray(type.typedField, packed);
    });
  }

  private static OnnxDataType type(int code) {
    OnnxDataType type = OnnxDataType.of(code);
    if (type == null) throw new IllegalArgumentException("data type " + code);
    return type;
  }

  /** Little-endian encoding of values in the given data type (float64 -> float32 rounds). */
  static byte[] raw(int dataType, double[] v) {
    OnnxDataType type = type(dataType);
    ByteBuffer b = ByteBuffer.allocate(v.length * type.width).order(ByteOrder.LITTLE_ENDIAN);
    for (double x : v) type.toRaw(b, x);
    return b.array();
  }

  private static byte[] valueInfo(OnnxValueInfo v) {
    byte[] shape = message(out -> {
      List<Long> dims = v.shape();
      if (dims == null) return;
      for (long d : dims)
        out.writeByteArray(SHAPE_DIM, message(o -> {
          if (d == OnnxValueInfo.SYMBOLIC) o.writeString(DIM_PARAM, "batch");
          else o.writeInt64(DIM_VALUE, d);
        }));
    });
    byte[] tensorType = message(out -> {
      out.writeInt32(TENSOR_TYPE_ELEM_TYPE, v.elemType());
      if (v.shape() != null) out.writeByteArray(TENSOR_TYPE_SHAPE, shape);
    });
    return message(out -> {
      out.writeString(VALUE_INFO_NAME, v.name());
      out.writeByteArray(VALUE_INFO_TYPE, message(o -> o.writeByteArray(TYPE_TENSOR_TYPE, tensorType)));
    });
  }
}
