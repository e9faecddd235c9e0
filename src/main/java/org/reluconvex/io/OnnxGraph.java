package org.reluconvex.io;

import java.util.List;

/** The content of an ONNX model that matters here: one graph and the model header. */
record OnnxGraph(long irVersion, long opsetVersion, String producer, List<OnnxNode> nodes,
    List<OnnxTensor> initializers, List<OnnxValueInfo> inputs, List<OnnxValueInfo> outputs) {}
