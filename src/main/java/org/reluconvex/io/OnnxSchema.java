package org.reluconvex.io;

/**
 * The part of the ONNX protobuf schema (onnx/onnx.proto, IR version 7-9) that reluconvex reads and
 * writes: field numbers and enum values. Everything else in a file is skipped.
 */
final class OnnxSchema {
  private OnnxSchema() {}

  // ModelProto
  static final int MODEL_IR_VERSION = 1;
  static final int MODEL_PRODUCER_NAME = 2;
  static final int MODEL_PRODUCER_VERSION = 3;
  static final int MODEL_GRAPH = 7;
  static final int MODEL_OPSET_IMPORT = 8;

  // OperatorSetIdProto
  static final int OPSET_DOMAIN = 1;
  static final int OPSET_VERSION = 2;

  // GraphProto
  static final int GRAPH_NODE = 1;
  static final int GRAPH_NAME = 2;
  static final int GRAPH_INITIALIZER = 5;
  static final int GRAPH_INPUT = 11;
  static final int GRAPH_OUTPUT = 12;
  static final int GRAPH_SPARSE_INITIALIZER = 15;

  // NodeProto
  static final int NODE_INPUT = 1;
  static final int NODE_OUTPUT = 2;
  static final int NODE_NAME = 3;
  static final int NODE_OP_TYPE = 4;
  static final int NODE_ATTRIBUTE = 5;
  static final int NODE_DOMAIN = 7;

  // AttributeProto
  static final int ATTR_NAME = 1;
  static final int ATTR_F = 2;
  static final int ATTR_I = 3;
  static final int ATTR_S = 4;
  static final int ATTR_T = 5;
  static final int ATTR_FLOATS = 7;
  static final int ATTR_INTS = 8;
  static final int ATTR_TYPE = 20;

  // AttributeProto.AttributeType
  static final int ATTR_TYPE_FLOAT = 1;
  static final int ATTR_TYPE_INT = 2;
  static final int ATTR_TYPE_STRING = 3;
  static final int ATTR_TYPE_TENSOR = 4;
  static final int ATTR_TYPE_FLOATS = 6;
  static final int ATTR_TYPE_INTS = 7;

  // TensorProto
  static final int TENSOR_DIMS = 1;
  static final int TENSOR_DATA_TYPE = 2;
  static final int TENSOR_FLOAT_DATA = 4;
  static final int TENSOR_INT32_DATA = 5;
  static final int TENSOR_INT64_DATA = 7;
  static final int TENSOR_NAME = 8;
  static final int TENSOR_RAW_DATA = 9;
  static final int TENSOR_DOUBLE_DATA = 10;
  static final int TENSOR_UINT64_DATA = 11;
  static final int TENSOR_EXTERNAL_DATA = 13;
  static final int TENSOR_DATA_LOCATION = 14;

  // TensorProto.DataType
  static final int DT_FLOAT = 1;
  static final int DT_INT32 = 6;
  static final int DT_INT64 = 7;
  static final int DT_DOUBLE = 11;

  // ValueInfoProto, TypeProto, TypeProto.Tensor, TensorShapeProto, TensorShapeProto.Dimension
  static final int VALUE_INFO_NAME = 1;
  static final int VALUE_INFO_TYPE = 2;
  static final int TYPE_TENSOR_TYPE = 1;
  static final int TENSOR_TYPE_ELEM_TYPE = 1;
  static final int TENSOR_TYPE_SHAPE = 2;
  static final int SHAPE_DIM = 1;
  static final int DIM_VALUE = 1;
  static final int DIM_PARAM = 2;

  /** Name of a TensorProto.DataType value, for error messages. */
  static String dataTypeName(int t) {
    switch (t) {
      case 0: return "UNDEFINED";
      case 1: return "FLOAT";
      case 2: return "UINT8";
      case 3: return "INT8";
      case 4: return "UINT16";
      case 5: return "INT16";
      case 6: return "INT32";
      case 7: return "INT64";
      case 8: return "STRING";
      case 9: return "BOOL";
      case 10: return "FLOAT16";
      case 11: return "DOUBLE";
      case 12: return "UINT32";
      case 13: return "UINT64";
      case 16: return "BFLOAT16";
      default: return "type " + t;
    }
  }
}
