package org.reluconvex.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reluconvex.network.Network;

/**
 * Writes a {@link Network} as the graph {@code torch.onnx.export} would produce for it: for every
 * layer l one Gemm (transB = 1) on the block from the previous layer (or, when there is none, from
 * the nearest earlier layer) with the layer's bias, a MatMul per other incoming block with the
 * transposed weight stored, an Add per MatMul, and a Relu on hidden layers. Input {@code x} is
 * [batch, d], output {@code y} is [batch, 1]; opset 13, IR version 7. A layer none of whose nodes
 * has a bias term gets a Gemm without C, as {@code bias=False} exports, so that it reads back bias-free.
 */
final class OnnxExporter {
  static final long IR_VERSION = 7;
  static final long OPSET = 13;

  private OnnxExporter() {}

  static OnnxGraph graph(Network net, Onnx.Precision precision) {
    int dt = precision == Onnx.Precision.FLOAT32 ? OnnxSchema.DT_FLOAT : OnnxSchema.DT_DOUBLE;
    List<OnnxNode> nodes = new ArrayList<>();
    List<OnnxTensor> inits = new ArrayList<>();
    int out = net.outputLayer();
    String[] post = new String[out + 1];
    post[0] = "x";
    for (int l = 1; l <= out; l++) {
      int n = net.width(l);
      int main = net.hasBlock(l, l - 1) ? l - 1 : -1;
      for (int m = l - 1; main < 0 && m >= 0; m--) if (net.hasBlock(l, m)) main = m;
      String prefix = "/layer" + l;
      String w = "layer" + l + ".weight", b = "layer" + l + ".bias";
      inits.add(tensor(w, dt, new long[] {n, net.width(main)}, net.rawBlock(l, main).clone()));
      boolean biased = false;
      for (int i = 0; i < n; i++) biased |= net.hasBias(l, i);
      if (biased) inits.add(tensor(b, dt, new long[] {n}, net.rawBias(l).clone()));
      String acc = prefix + "/Gemm_output_0";
      nodes.add(node(prefix + "/Gemm", "Gemm", biased ? List.of(post[main], w, b) : List.of(post[main], w), acc,
          OnnxAttribute.ofFloat("alpha", 1f), OnnxAttribute.ofFloat("beta", 1f), OnnxAttribute.ofInt("transB", 1)));
      for (int m = 0; m < l; m++) {
        if (m == main || !net.hasBlock(l, m)) continue;
        int k = net.width(m);
        double[] wt = new double[k * n]; // stored transposed: [k, n]
        double[] blk = net.rawBlock(l, m);
        for (int i = 0; i < n; i++) for (int j = 0; j < k; j++) wt[j * n + i] = blk[i * k + j];
        String name = "layer" + l + ".from" + m + ".weight";
        inits.add(tensor(name, dt, new long[] {k, n}, wt));
        String mm = prefix + "/from" + m + "/MatMul";
        nodes.add(node(mm, "MatMul", List.of(post[m], name), mm + "_output_0"));
        String sum = prefix + "/Add_from" + m;
        nodes.add(node(sum, "Add", List.of(acc, mm + "_output_0"), sum + "_output_0"));
        acc = sum + "_output_0";
      }
      if (l < out) {
        post[l] = prefix + "/Relu_output_0";
        nodes.add(node(prefix + "/Relu", "Relu", List.of(acc), post[l]));
      } else {
        OnnxNode last = nodes.remove(nodes.size() - 1);
        nodes.add(new OnnxNode(last.name(), last.opType(), last.domain(), last.inputs(), List.of("y"), last.attributes()));
      }
    }
    List<OnnxValueInfo> inputs = List.of(new OnnxValueInfo("x", dt, List.of(OnnxValueInfo.SYMBOLIC, (long) net.inputDim())));
    List<OnnxValueInfo> outputs = List.of(new OnnxValueInfo("y", dt, List.of(OnnxValueInfo.SYMBOLIC, 1L)));
    return new OnnxGraph(IR_VERSION, OPSET, "reluconvex", nodes, inits, inputs, outputs);
  }

  private static OnnxTensor tensor(String name, int dt, long[] dims, double[] values) {
    if (dt == OnnxSchema.DT_FLOAT) for (int k = 0; k < values.length; k++) values[k] = (float) values[k];
    return new OnnxTensor(name, dt, dims, values, OnnxTensor.Storage.RAW);
  }

  private static OnnxNode node(String name, String op, List<String> inputs, String output, OnnxAttribute... attrs) {
    Map<String, OnnxAttribute> m = new LinkedHashMap<>();
    for (OnnxAttribute a : attrs) m.put(a.name(), a);
    return new OnnxNode(name, op, "", inputs, List.of(output), m);
  }
}
