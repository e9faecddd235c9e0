package org.reluconvex.properties;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.reluconvex.convexity.Verdict;
import org.reluconvex.convexity.VerdictJson;
import org.reluconvex.convexity.VerdictKind;

/**
 * The JSON of the properties' answers (the fields of {@code monotone}, {@code lipschitz}, {@code range}
 * and {@code check --concave / --convex-in} under {@code --json}), in the library as the verdicts'
 * ({@link VerdictJson}) are.
 */
public final class PropertyJson {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private PropertyJson() {}

  /** The label of a convexity verdict read as concavity: concave, not_concave, unknown. */
  public static String concaveLabel(VerdictKind k) {
    return switch (k) {
      case CONVEX -> "concave";
      case NOT_CONVEX -> "not_concave";
      case UNKNOWN -> "unknown";
    };
  }

  /**
   * A check's JSON ({@link VerdictJson#check}) for concavity or convexity in some inputs: the verdict
   * named for the property (concave / not_concave; convex / not_convex in the inputs listed), the
   * property, and the inputs.
   */
  public static ObjectNode check(Verdict v, boolean explain, String model, double seconds, boolean concave, int[] convexIn) {
    ObjectNode o = VerdictJson.check(v, explain, model, seconds);
    if (concave) {
      o.put("verdict", concaveLabel(v.kind()));
      o.put("property", "concave");
    } else if (convexIn != null) {
      o.put("property", "convex_in");
      o.set("convex_in", ints(convexIn));
    }
    return o;
  }

  public static ObjectNode monotone(MonotoneVerdict v, String model, double seconds) {
    ObjectNode o = F.objectNode();
    o.put("verdict", v.kind().label());
    o.put("exit_code", v.kind().exitCode());
    o.put("method", v.method());
    o.set("increasing", ints(v.increasing()));
    o.set("decreasing", ints(v.decreasing()));
    o.set("domain", VerdictJson.domain(v.domain()));
    if (v.cells() >= 0) o.put("cells", v.cells());
    if (v.witness() == null) o.putNull("witness");
    else {
      ObjectNode w = o.putObject("witness");
      w.set("a", VerdictJson.array(v.witness().a()));
      w.set("b", VerdictJson.array(v.witness().b()));
      w.put("input", v.witness().input());
      w.put("change", v.witness().change());
    }
    if (v.reason() != null) o.put(v.kind() == MonotoneVerdict.Kind.UNKNOWN ? "reason" : "details", v.reason());
    o.put("model", model);
    o.put("check_seconds", seconds);
    return o;
  }

  public static ObjectNode lipschitz(LipschitzResult r, String model, double seconds) {
    ObjectNode o = F.objectNode();
    number(o, "lipschitz", r.lipschitz());
    o.put("norm", r.norm().label());
    o.put("exact", r.exact());
    number(o, "lower", r.lower());
    number(o, "upper", r.upper());
    o.set("point", r.point() == null ? F.nullNode() : VerdictJson.array(r.point()));
    o.set("gradient", r.gradient() == null ? F.nullNode() : VerdictJson.array(r.gradient()));
    o.put("method", r.method());
    o.set("domain", VerdictJson.domain(r.domain()));
    if (r.reason() != null) o.put("details", r.reason());
    o.put("model", model);
    o.put("seconds", seconds);
    return o;
  }

  public static ObjectNode range(RangeResult r, String model, double seconds) {
    ObjectNode o = F.objectNode();
    number(o, "min", r.min());
    number(o, "max", r.max());
    o.set("argmin", r.argmin() == null ? F.nullNode() : VerdictJson.array(r.argmin()));
    o.set("argmax", r.argmax() == null ? F.nullNode() : VerdictJson.array(r.argmax()));
    o.put("exact", r.exact());
    number(o, "min_lower", r.minLower());
    number(o, "max_upper", r.maxUpper());
    o.put("method", r.method());
    o.set("domain", VerdictJson.domain(r.domain()));
    if (r.reason() != null) o.put("details", r.reason());
    o.put("model", model);
    o.put("seconds", seconds);
    return o;
  }

  private static ArrayNode ints(int[] xs) {
    ArrayNode a = F.arrayNode();
    for (int x : xs) a.add(x);
    return a;
  }

  /** A number, or null where it is not finite (JSON has no infinity). */
  private static void number(ObjectNode o, String name, double v) {
    if (Double.isFinite(v)) o.put(name, v);
    else o.putNull(name);
  }
}
