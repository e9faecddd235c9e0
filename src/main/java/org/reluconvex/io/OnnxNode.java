package org.reluconvex.io;

import java.util.List;
import java.util.Map;

/** A node of an ONNX graph. An empty input name means an omitted optional input. */
record OnnxNode(String name, String opType, String domain, List<String> inputs, List<String> outputs,
    Map<String, OnnxAttribute> attributes) {

  OnnxAttribute attribute(String key) { return attributes.get(key); }

  /** Name for messages: the node name, or its op and first output when unnamed. */
  String label() {
    if (name != null && !name.isEmpty()) return name;
    return opType + " -> " + (outputs.isEmpty() ? "?" : outputs.get(0));
  }
}
