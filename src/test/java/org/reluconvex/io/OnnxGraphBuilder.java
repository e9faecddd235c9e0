package org.reluconvex.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test utility: assembles ONNX graphs node by node, the way torch.onnx.export lays them out, and
 * encodes them with {@link OnnxWriter}, to produce files the corpus lacks.
 */
final class OnnxGraphBuilder {
  private final List<OnnxNode> nodes = new ArrayList<>();
  private final List<OnnxTensor> inits = new ArrayList<>();
  private final List<OnnxValueInfo> inputs = new ArrayList<>();
  private final List<OnnxValueInfo> outputs = new ArrayList<>();
  private int counter;

  /** Input named x of shape [batch, d], float32. */
  OnnxGraphBuilder input(String name, int d) {
    inputs.add(new OnnxValueInfo(name, OnnxSchema.DT_FLOAT, List.of(OnnxValueInfo.SYMBOLIC, (long) d)));
    return this;
  }

  OnnxGraphBuilder input(OnnxValueInfo v) {
    inputs.add(v);
    return this;
  }

  OnnxGraphBuilder output(String name) {
    outputs.add(new OnnxValueInfo(name, OnnxSchema.DT_FLOAT, List.of(OnnxValueInfo.SYMBOLIC, 1L)));
    return this;
  }

  /** A float32 initializer in raw_data (values rounded to float). */
  String floats(String name, long[] dims, double... v) {
    return tensor(name, OnnxSchema.DT_FLOAT, dims, v, OnnxTensor.Storage.RAW);
  }

  /** A float64 initializer in raw_data or in double_data. */
  String doubles(String name, long[] dims, OnnxTensor.Storage storage, double... v) {
    return tensor(name, OnnxSchema.DT_DOUBLE, dims, v, storage);
  }

  String tensor(String name, int type, long[] dims, double[] v, OnnxTensor.Storage storage) {
    inits.add(t(name, type, dims, v, storage));
    return name;
  }

  static OnnxTensor t(String name, int type, long[] dims, double[] v, OnnxTensor.Storage storage) {
    double[] values = v.clone();
    if (type == OnnxSchema.DT_FLOAT) for (int k = 0; k < values.length; k++) values[k] = (float) values[k];
    return new OnnxTensor(name, type, dims, values, storage);
  }

  /** Adds a node and returns the name of its (first) output. */
  String node(String op, List<String> in, OnnxAttribute... attrs) {
    String out = "/" + op + "_" + (counter++) + "_output_0";
    return node(op, in, out, attrs);
  }

  String node(String op, List<String> in, String out, OnnxAttribute... attrs) {
    Map<String, OnnxAttribute> m = new LinkedHashMap<>();
    for (OnnxAttribute a : attrs) m.put(a.name(), a);
    nodes.add(new OnnxNode("/" + op + "_" + counter++, op, "", in, List.of(out), m));
    return out;
  }

  /** Adds a node with several outputs and returns the name of the first. */
  String node(String op, List<String> in, List<String> outs, OnnxAttribute... attrs) {
    Map<String, OnnxAttribute> m = new LinkedHashMap<>();
    for (OnnxAttribute a : attrs) m.put(a.name(), a);
    nodes.add(new OnnxNode("/" + op + "_" + counter++, op, "", in, outs, m));
    return outs.get(0);
  }

  OnnxGraph graph() {
    return new OnnxGraph(7, 13, "test", nodes, inits, inputs, outputs);
  }

  byte[] bytes() { return OnnxWriter.write(graph()); }
}
