package org.reluconvex.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.reluconvex.network.Network;
import org.reluconvex.network.NetworkBuilder;

/**
 * The human-readable JSON model format (docs/json-format.md):
 *
 * <pre>{"format": "reluconvex-network", "version": 1, "input_dim": d,
 *  "layers": [{"width": n, "bias": [...], "weights": {"m": [[...], ...]}}, ...]}</pre>
 *
 * {@code layers} lists layers 1..k+1 (the last is the output, width 1); {@code weights} maps the
 * index m of an earlier layer (0 = input) to the matrix [target][source] of the edges from layer m.
 * Numbers are written with {@link Double#toString(double)}, so reading back is exact.
 */
public final class JsonModel {
  public static final String FORMAT = "reluconvex-network";
  public static final int VERSION = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build()).build());
  private static final Set<String> MODEL_KEYS = Set.of("format", "version", "input_dim", "layers", "description");
  private static final Set<String> LAYER_KEYS = Set.of("width", "bias", "weights");

  private JsonModel() {}

  /** The network as JSON text (ends with a newline). */
  public static String write(Network net) {
    StringBuilder sb = new StringBuilder();
    sb.append("{\n  \"format\": \"").append(FORMAT).append("\",\n  \"version\": ").append(VERSION)
        .append(",\n  \"input_dim\": ").append(net.inputDim()).append(",\n  \"layers\": [\n");
    for (int l = 1; l <= net.outputLayer(); l++) {
      int n = net.width(l);
      sb.append("    {\n      \"width\": ").append(n).append(",\n      \"bias\": ");
      row(sb, net.rawBias(l), 0, n);
      sb.append(",\n      \"weights\": {");
      boolean first = true;
      for (int m = 0; m < l; m++) {
        if (!net.hasBlock(l, m)) continue;
        sb.append(first ? "\n" : ",\n").append("        \"").append(m).append("\": [\n");
        first = false;
        int k = net.width(m);
        double[] w = net.rawBlock(l, m);
        for (int i = 0; i < n; i++) {
          sb.append("          ");
          row(sb, w, i * k, k);
          sb.append(i + 1 < n ? ",\n" : "\n");
        }
        sb.append("        ]");
      }
      sb.append("\n      }\n    }").append(l < net.outputLayer() ? ",\n" : "\n");
    }
    return sb.append("  ]\n}\n").toString();
  }

  private static void row(StringBuilder sb, double[] v, int from, int len) {
    sb.append('[');
    for (int j = 0; j < len; j++) {
      if (j > 0) sb.append(", ");
      sb.append(Double.toString(v[from + j]));
    }
    sb.append(']');
  }

  /** Reads the JSON model format. {@code source} names the file in error messages. */
  public static Network read(String text, String source) {
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      String msg = JsonProblems.describe(e);
      long line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
      throw new BadInputException(source + ": not valid JSON" + (line > 0 ? " (line " + line + ")" : "") + ": " + msg, e);
    }
    return new Reader(source, text).model(root);
  }

  private static final class Reader {
    private final String source;
    private final String text;

    Reader(String source, String text) {
      this.source = source;
      this.text = text;
    }

    private BadInputException bad(String where, String what) {
      return new BadInputException(source + ": " + where + " " + what);
    }

    Network model(JsonNode root) {
      if (root == null || !root.isObject()) throw bad("the top level", "must be a JSON object");
      unknownKeys(root, MODEL_KEYS, "the top level");
      JsonNode format = root.get("format");
      if (format == null || !FORMAT.equals(format.asText()))
        throw bad("\"format\"", "must be \"" + FORMAT + "\"" + (format == null ? " (missing)" : ", got " + format));
      JsonNode version = root.get("version");
      if (version == null || !version.isIntegralNumber() || version.asInt() != VERSION)
        throw bad("\"version\"", "must be " + VERSION + (version == null ? " (missing)" : ", got " + version));
      int d = positiveInt(root.get("input_dim"), "\"input_dim\"");
      if (d > text.length()) throw bad("\"input_dim\"", "is " + d + ", more than the file could hold weights for");
      JsonNode layers = root.get("layers");
      if (layers == null || !layers.isArray() || layers.isEmpty())
        throw bad("\"layers\"", "must be a non-empty array (hidden layers, then the output layer)");
      int[] widths = new int[layers.size() + 1];
      widths[0] = d;
      for (int l = 1; l < widths.length; l++) {
        JsonNode layer = layers.get(l - 1);
        String where = "layers[" + (l - 1) + "]";
        if (!layer.isObject()) throw bad(where, "must be an object");
        unknownKeys(layer, LAYER_KEYS, where);
        widths[l] = positiveInt(layer.get("width"), where + ".width");
        if (l == widths.length - 1 && widths[l] != 1)
          throw bad(where + ".width", "must be 1 (the output is a scalar), got " + widths[l]);
        JsonNode bias = layer.get("bias"); // checked before anything of size width is allocated
        if (bias == null || !bias.isArray()) throw bad(where + ".bias", "must be an array of " + widths[l] + " numbers");
        if (bias.size() != widths[l]) throw bad(where + ".bias", "has " + bias.size() + " entries, expected " + widths[l]);
      }
      NetworkBuilder b = NetworkBuilder.withWidths(widths);
      for (int l = 1; l < widths.length; l++) {
        JsonNode layer = layers.get(l - 1);
        String where = "layers[" + (l - 1) + "]";
        b.bias(l, vector(layer.get("bias"), widths[l], where + ".bias"));
        JsonNode weights = layer.get("weights");
        if (weights == null || !weights.isObject() || weights.isEmpty())
          throw bad(where + ".weights", "must be an object with at least one source layer");
        for (Iterator<Map.Entry<String, JsonNode>> it = weights.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          String w = where + ".weights[\"" + e.getKey() + "\"]";
          int m;
          try {
            m = Integer.parseInt(e.getKey());
          } catch (NumberFormatException ex) {
            throw bad(w, "has a key that is not a layer index");
          }
          if (m < 0 || m >= l) throw bad(w, "names layer " + m + ", which is not before layer " + l);
          b.block(l, m, matrix(e.getValue(), widths[l], widths[m], w));
        }
      }
      try {
        return b.build();
      } catch (IllegalArgumentException e) {
        throw new BadInputException(source + ": " + e.getMessage());
      }
    }

    private void unknownKeys(JsonNode obj, Set<String> known, String where) {
      for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!known.contains(k)) throw bad(where, "has an unknown key \"" + k + "\" (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
      }
    }

    private int positiveInt(JsonNode n, String where) {
      if (n == null) throw bad(where, "is missing");
      if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 1) throw bad(where, "must be a positive integer, got " + n);
      return n.asInt();
    }

    private double[] vector(JsonNode n, int len, String where) {
      if (n == null || !n.isArray()) throw bad(where, "must be an array of " + len + " numbers");
      if (n.size() != len) throw bad(where, "has " + n.size() + " entries, expected " + len);
      double[] v = new double[len];
      for (int k = 0; k < len; k++) {
        JsonNode x = n.get(k);
        if (!x.isNumber()) throw bad(where + "[" + k + "]", "is not a number: " + x);
        v[k] = x.asDouble();
        if (!Double.isFinite(v[k])) throw bad(where + "[" + k + "]", "is not finite: " + x);
      }
      return v;
    }

    private double[] matrix(JsonNode n, int rows, int cols, String where) {
      if (n == null || !n.isArray()) throw bad(where, "must be a matrix [" + rows + " rows][" + cols + " columns]");
      if (n.size() != rows) throw bad(where, "has " + n.size() + " rows, expected " + rows + " (the width of the target layer)");
      double[] flat = new double[rows * cols];
      for (int i = 0; i < rows; i++) {
        double[] r = vector(n.get(i), cols, where + "[" + i + "]");
        System.arraycopy(r, 0, flat, i * cols, cols);
      }
      return flat;
    }
  }
}
