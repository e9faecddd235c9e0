package org.reluconvex.io;

import static org.reluconvex.io.OnnxSchema.*;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the protobuf wire format of an ONNX ModelProto into an {@link OnnxGraph}, with the field
 * numbers of {@link OnnxSchema}. Unknown fields are skipped; a known field with the wrong wire type,
 * a length beyond the remaining bytes, or a tensor whose data does not match its dims is an error.
 * The schema is walked to a fixed depth, so nothing recurses on the input.
 */
final class OnnxParser {
  private final String source;

  private OnnxParser(String source) {
    this.source = source;
  }

  /** Parses a whole file; {@code source} names it in error messages. */
  static OnnxGraph parse(byte[] bytes, String source) {
    OnnxParser p = new OnnxParser(source);
    try {
      CodedInputStream in = CodedInputStream.newInstance(bytes);
      in.pushLimit(bytes.length);
      return p.model(in);
    } catch (IOException e) {
      throw new BadInputException(source + ": not a valid ONNX file (corrupt or truncated protobuf: "
          + e.getMessage() + ")", e);
    }
  }

  private BadInputException bad(String what) {
    return new BadInputException(source + ": not a valid ONNX file (" + what + ")");
  }

  private OnnxGraph model(CodedInputStream in) throws IOException {
    long ir = 0, opset = 0;
    String producer = "";
    Sections graph = null;
    while (true) {
      int tag = in.readTag();
      if (tag == 0) break;
      switch (WireFormat.getTagFieldNumber(tag)) {
        case MODEL_IR_VERSION: expect(tag, WireFormat.WIRETYPE_VARINT, "ir_version"); ir = in.readInt64(); break;
        case MODEL_PRODUCER_NAME: expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "producer_name"); producer = in.readString(); break;
        case MODEL_GRAPH: {
          expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "graph");
          int old = enter(in, "graph");
          Sections g = graph(in);
          in.popLimit(old);
          if (graph == null) graph = g; else graph.merge(g);
          break;
        }
        case MODEL_OPSET_IMPORT: {
          expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "opset_import");
          int old = enter(in, "opset_import");
          String domain = "";
          long version = 0;
          while (true) {
            int t = in.readTag();
            if (t == 0) break;
            int f = WireFormat.getTagFieldNumber(t);
            if (f == OPSET_DOMAIN) { expect(t, WireFormat.WIRETYPE_LENGTH_DELIMITED, "opset domain"); domain = in.readString(); }
            else if (f == OPSET_VERSION) { expect(t, WireFormat.WIRETYPE_VARINT, "opset version"); version = in.readInt64(); }
            else in.skipField(t);
          }
          in.popLimit(old);
          if (domain.isEmpty() || domain.equals("ai.onnx")) opset = version;
          break;
        }
        default: in.skipField(tag);
      }
    }
    if (graph == null) throw bad("no graph in the model; is this an ONNX file?");
    return new OnnxGraph(ir, opset, producer, graph.nodes, graph.initializers, graph.inputs, graph.outputs);
  }

  /** The repeated sections of a GraphProto (protobuf merges a repeated message field). */
  private static final class Sections {
    final List<OnnxNode> nodes = new ArrayList<>();
    final List<OnnxTensor> initializers = new ArrayList<>();
    final List<OnnxValueInfo> inputs = new ArrayList<>();
    final List<OnnxValueInfo> outputs = new ArrayList<>();

    void merge(Sections o) {
      nodes.addAll(o.nodes);
      initializers.addAll(o.initializers);
      inputs.addAll(o.inputs);
      outputs.addAll(o.outputs);
    }
  }

  private Sections graph(CodedInputStream in) throws IOException {
    Sections s = new Sections();
    while (true) {
      int tag = in.readTag();
      if (tag == 0) break;
      int field = WireFormat.getTagFieldNumber(tag);
      switch (field) {
        case GRAPH_NODE: {
          expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "node");
          int old = enter(in, "node");
          s.nodes.add(node(in));
          in.popLimit(old);
          break;
        }
        case GRAPH_INITIALIZER: {
          expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "initializer");
          int old = enter(in, "initializer");
          s.initializers.add(tensor(in, "initializer"));
          in.popLimit(old);
          break;
        }
        case GRAPH_INPUT:
        case GRAPH_OUTPUT: {
          expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, field == GRAPH_INPUT ? "graph input" : "graph output");
          int old = enter(in, "value info");
          OnnxValueInfo v = valueInfo(in);
          in.popLimit(old);
          (field == GRAPH_INPUT ? s.inputs : s.outputs).add(v);
          break;
        }
        case GRAPH_SPARSE_INITIALIZER:
          throw new BadInputException(source + ": the graph has a sparse initializer, which reluconvex does not support");
        default: in.skipField(tag);
      }
    }
    return s;
  }

  private OnnxNode node(CodedInputStream in) throws IOException {
    List<String> inputs = new ArrayList<>(), outputs = new ArrayList<>();
    String name = "", op = "", domain = "";
    Map<String, OnnxAttribute> attrs = new LinkedHashMap<>();
    while (true) {
      int tag = in.readTag();
      if (tag == 0) break;
      switch (WireFormat.getTagFieldNumber(tag)) {
        case NODE_INPUT: expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "node input"); inputs.add(in.readString()); break;
        case NODE_OUTPUT: expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "node output"); outputs.add(in.readString()); break;
        case NODE_NAME: expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "node name"); name = in.readString(); break;
        case NODE_OP_TYPE: expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "op_type"); op = in.readString(); break;
        case NODE_DOMAIN: expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "node domain"); domain = in.readString(); break;
        case NODE_ATTRIBUTE: {
          expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "attribute");
          int old = enter(in, "attribute");
          OnnxAttribute a = attribute(in);
          in.popLimit(old);
          attrs.put(a.name(), a);
          break;
        }
        default: in.skipField(tag);
      }
    }
    return new OnnxNode(name, op, domain, inputs, outputs, attrs);
  }

  private OnnxAttribute attribute(CodedInputStream in) throws IOException {
    String name = "", s = null;
    int type = 0;
    float f = 0;
    long i = 0;
    OnnxTensor t = null;
    FloatList floats = new FloatList();
    LongList ints = new LongList();
    while (true) {
      int tag = in.readTag();
      if (tag == 0) break;
      switch (WireFormat.getTagFieldNumber(tag)) {
        case ATTR_NAME: expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "attribute name"); name = in.readString(); break;
        case ATTR_TYPE: expect(tag, WireFormat.WIRETYPE_VARINT, "attribute type"); type = in.readInt32(); break;
        case ATTR_F: expect(tag, WireFormat.WIRETYPE_FIXED32, "attribute f"); f = in.readFloat(); break;
        case ATTR_I: expect(tag, WireFormat.WIRETYPE_VARINT, "attribute i"); i = in.readInt64(); break;
        case ATTR_S: expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "attribute s"); s = in.readString(); break;
        case ATTR_T: {
          expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "attribute t");
          int old = enter(in, "attribute tensor");
          t = tensor(in, "attribute '" + name + "' tensor");
          in.popLimit(old);
          break;
        }
        case ATTR_FLOATS: readFloats(in, tag, floats, "attribute floats"); break;
        case ATTR_INTS: readVarints(in, tag, ints, "attribute ints"); break;
        default: in.skipField(tag);
      }
    }
    return new OnnxAttribute(name, type, f, i, s, t, floats.toArray(), ints.toArray());
  }

  private OnnxTensor tensor(CodedInputStream in, String what) throws IOException {
    LongList dims = new LongList();
    int dataType = 0;
    String name = "";
    byte[] raw = null;
    FloatList floats = new FloatList();
    LongList ints = new LongList();
    DoubleList doubles = new DoubleList();
    boolean external = false;
    while (true) {
      int tag = in.readTag();
      if (tag == 0) break;
      switch (WireFormat.getTagFieldNumber(tag)) {
        case TENSOR_DIMS: readVarints(in, tag, dims, "tensor dims"); break;
        case TENSOR_DATA_TYPE: expect(tag, WireFormat.WIRETYPE_VARINT, "tensor data_type"); dataType = in.readInt32(); break;
        case TENSOR_NAME: expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "tensor name"); name = in.readString(); break;
        case TENSOR_FLOAT_DATA: readFloats(in, tag, floats, "float_data"); break;
        case TENSOR_INT32_DATA:
        case TENSOR_INT64_DATA:
        case TENSOR_UINT64_DATA: readVarints(in, tag, ints, "int_data"); break;
        case TENSOR_DOUBLE_DATA: readDoubles(in, tag, doubles, "double_data"); break;
        case TENSOR_RAW_DATA: expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "raw_data"); raw = in.readByteArray(); break;
        case TENSOR_EXTERNAL_DATA: in.skipField(tag); external = true; break;
        case TENSOR_DATA_LOCATION: expect(tag, WireFormat.WIRETYPE_VARINT, "data_location"); if (in.readInt32() == 1) external = true; break;
        default: in.skipField(tag);
      }
    }
    String label = what + " '" + name + "'";
    if (external)
      throw new BadInputException(source + ": " + label + " keeps its data in an external file, which reluconvex does not support");
    long[] shape = dims.toArray();
    long size = 1;
    for (long d : shape) {
      if (d < 0) throw new BadInputException(source + ": " + label + " has a negative dimension " + d);
      if (d > 0 && size > Integer.MAX_VALUE / d)
        throw new BadInputException(source + ": " + label + " has shape " + java.util.Arrays.toString(shape) + ", too large");
      size *= d;
    }
    OnnxDataType type = OnnxDataType.of(dataType);
    if (type == null)
      throw new BadInputException(source + ": " + label + " has data type " + dataTypeName(dataType)
          + ", which reluconvex does not support (supported: " + supportedTypes() + ")");
    double[] values;
    OnnxTensor.Storage storage = raw != null ? OnnxTensor.Storage.RAW : OnnxTensor.Storage.TYPED;
    if (raw != null) values = rawValues(raw, type, size, label);
    else if (type == OnnxDataType.FLOAT) values = floats.toDoubleArray();
    else if (type == OnnxDataType.DOUBLE) values = doubles.toArray();
    else {
      values = new double[ints.n];
      for (int k = 0; k < values.length; k++) values[k] = type.fromVarint(ints.a[k]);
    }
    if (values.length != size)
      throw new BadInputException(source + ": " + label + " has shape " + java.util.Arrays.toString(shape)
          + " (" + size + " values) but holds " + values.length + " values");
    if (type.isFloat())
      for (int k = 0; k < values.length; k++)
        if (!Double.isFinite(values[k]))
          throw new BadInputException(source + ": " + label + " has a non-finite value (" + values[k] + ") at index " + k);
    return new OnnxTensor(name, dataType, shape, values, storage);
  }

  private static String supportedTypes() {
    return String.join(", ", java.util.Arrays.stream(OnnxDataType.values()).map(Enum::name).toList());
  }

  private double[] rawValues(byte[] raw, OnnxDataType type, long size, String label) {
    if (raw.length % type.width != 0 || raw.length / type.width != size)
      throw new BadInputException(source + ": " + label + " has " + size + " values in its shape but "
          + raw.length + " bytes of raw_data (" + type.width + " bytes each, " + type + ")");
    ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    double[] v = new double[(int) size];
    for (int k = 0; k < v.length; k++) v[k] = type.fromRaw(b, k);
    return v;
  }

  private OnnxValueInfo valueInfo(CodedInputStream in) throws IOException {
    String name = "";
    int elem = 0;
    List<Long> shape = null;
    while (true) {
      int tag = in.readTag();
      if (tag == 0) break;
      int f = WireFormat.getTagFieldNumber(tag);
      if (f == VALUE_INFO_NAME) { expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "value name"); name = in.readString(); }
      else if (f == VALUE_INFO_TYPE) {
        expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "value type");
        int oldType = enter(in, "type");
        while (true) {
          int t = in.readTag();
          if (t == 0) break;
          if (WireFormat.getTagFieldNumber(t) != TYPE_TENSOR_TYPE) { in.skipField(t); continue; }
          expect(t, WireFormat.WIRETYPE_LENGTH_DELIMITED, "tensor_type");
          int oldTensor = enter(in, "tensor_type");
          while (true) {
            int u = in.readTag();
            if (u == 0) break;
            int g = WireFormat.getTagFieldNumber(u);
            if (g == TENSOR_TYPE_ELEM_TYPE) { expect(u, WireFormat.WIRETYPE_VARINT, "elem_type"); elem = in.readInt32(); }
            else if (g == TENSOR_TYPE_SHAPE) {
              expect(u, WireFormat.WIRETYPE_LENGTH_DELIMITED, "shape");
              int oldShape = enter(in, "shape");
              shape = shape(in);
              in.popLimit(oldShape);
            } else in.skipField(u);
          }
          in.popLimit(oldTensor);
        }
        in.popLimit(oldType);
      } else in.skipField(tag);
    }
    return new OnnxValueInfo(name, elem, shape);
  }

  private List<Long> shape(CodedInputStream in) throws IOException {
    List<Long> dims = new ArrayList<>();
    while (true) {
      int tag = in.readTag();
      if (tag == 0) break;
      if (WireFormat.getTagFieldNumber(tag) != SHAPE_DIM) { in.skipField(tag); continue; }
      expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "dim");
      int old = enter(in, "dim");
      long value = OnnxValueInfo.SYMBOLIC;
      while (true) {
        int t = in.readTag();
        if (t == 0) break;
        if (WireFormat.getTagFieldNumber(t) == DIM_VALUE) {
          expect(t, WireFormat.WIRETYPE_VARINT, "dim_value");
          value = in.readInt64();
          if (value < 0) value = OnnxValueInfo.SYMBOLIC;
        } else in.skipField(t);
      }
      in.popLimit(old);
      dims.add(value);
    }
    return dims;
  }

  /** Reads a length prefix, checks it against the bytes left, and limits reading to it. */
  private int enter(CodedInputStream in, String what) throws IOException {
    int len = in.readRawVarint32();
    int left = in.getBytesUntilLimit();
    if (len < 0 || len > left)
      throw bad(what + " claims " + (len & 0xffffffffL) + " bytes but only " + left + " remain");
    return in.pushLimit(len);
  }

  private void expect(int tag, int wireType, String what) {
    if (WireFormat.getTagWireType(tag) != wireType)
      throw bad("field " + what + " has wire type " + WireFormat.getTagWireType(tag) + ", expected " + wireType);
  }

  private void readFloats(CodedInputStream in, int tag, FloatList out, String what) throws IOException {
    int wt = WireFormat.getTagWireType(tag);
    if (wt == WireFormat.WIRETYPE_FIXED32) { out.add(in.readFloat()); return; }
    expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, what);
    int old = enter(in, what);
    if (in.getBytesUntilLimit() % 4 != 0) throw bad(what + " is not a whole number of floats");
    while (!in.isAtEnd()) out.add(in.readFloat());
    in.popLimit(old);
  }

  private void readDoubles(CodedInputStream in, int tag, DoubleList out, String what) throws IOException {
    int wt = WireFormat.getTagWireType(tag);
    if (wt == WireFormat.WIRETYPE_FIXED64) { out.add(in.readDouble()); return; }
    expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, what);
    int old = enter(in, what);
    if (in.getBytesUntilLimit() % 8 != 0) throw bad(what + " is not a whole number of doubles");
    while (!in.isAtEnd()) out.add(in.readDouble());
    in.popLimit(old);
  }

  private void readVarints(CodedInputStream in, int tag, LongList out, String what) throws IOException {
    int wt = WireFormat.getTagWireType(tag);
    if (wt == WireFormat.WIRETYPE_VARINT) { out.add(in.readInt64()); return; }
    expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, what);
    int old = enter(in, what);
    while (!in.isAtEnd()) out.add(in.readInt64());
    in.popLimit(old);
  }

  /** Growable primitive lists, to keep large tensors unboxed. */
  private static final class FloatList {
    float[] a = new float[8];
    int n;
    void add(float v) { if (n == a.length) a = java.util.Arrays.copyOf(a, 2 * n); a[n++] = v; }
    float[] toArray() { return java.util.Arrays.copyOf(a, n); }
    double[] toDoubleArray() { double[] d = new double[n]; for (int k = 0; k < n; k++) d[k] = a[k]; return d; }
  }

  private static final class DoubleList {
    double[] a = new double[8];
    int n;
    void add(double v) { if (n == a.length) a = java.util.Arrays.copyOf(a, 2 * n); a[n++] = v; }
    double[] toArray() { return java.util.Arrays.copyOf(a, n); }
  }

  private static final class LongList {
    long[] a = new long[8];
    int n;
    void add(long v) { if (n == a.length) a = java.util.Arrays.copyOf(a, 2 * n); a[n++] = v; }
    long[] toArray() { return java.util.Arrays.copyOf(a, n); }
  }
}
