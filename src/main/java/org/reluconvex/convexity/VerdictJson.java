package org.reluconvex.convexity;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.reluconvex.network.Domain;

/**
 * JSON forms of verdicts, domains and witnesses (the fields of {@code check --json}): in the library, so
 * that every program that prints a verdict (the command line, the Spark jobs) prints the same one.
 */
public final class VerdictJson {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private VerdictJson() {}

  /** What {@code check --json} prints for one model: the verdict, the model and the time of the check alone. */
  public static ObjectNode check(Verdict v, boolean explain, String model, double checkSeconds) {
    ObjectNode o = verdict(v, explain);
    o.put("model", model);
    o.put("check_seconds", checkSeconds);
    return o;
  }

  public static ObjectNode verdict(Verdict v, boolean explain) {
    ObjectNode o = F.objectNode();
    o.put("verdict", v.kind().label());
    o.put("exit_code", v.kind().exitCode());
    o.put("method", v.method());
    o.set("domain", domain(v.domain()));
    putCount(o, "vertices", v.vertices());
    putCount(o, "edges", v.edges());
    putCount(o, "cells", v.cells());
    putNumber(o, "min_gain", v.minGain());
    o.set("witness", v.witness() == null ? F.nullNode() : witness(v.witness()));
    if (v.reason() != null) o.put(v.kind() == VerdictKind.UNKNOWN ? "reason" : "details", v.reason());
    ObjectNode p = o.putObject("precision");
    p.put("name", v.precision().name());
    p.put("error_bound_safety", v.precision().safety());
    p.put("snap_band", v.precision().snapRelative());
    p.put("exact_vertex_budget", v.precision().exactVertexBudget());
    p.put("solver_margin", v.precision().solverMargin());
    if (explain) {
      ArrayNode arr = o.putArray("neurons");
      for (NeuronReport r : v.neurons()) {
        ObjectNode n = arr.addObject();
        n.put("layer", r.neuron().layer());
        n.put("index", r.neuron().index());
        n.put("switches", r.switches());
        n.put("patterns", r.patterns());
        putNumber(n, "min_gain", r.minGain());
        n.set("min_gain_at", r.minGainAt() == null ? F.nullNode() : array(r.minGainAt()));
        if (!Double.isNaN(r.seconds())) n.put("seconds", r.seconds());
      }
    }
    return o;
  }

  public static ObjectNode domain(Domain d) {
    ObjectNode o = F.objectNode();
    o.put("type", d.isBox() ? "box" : "global");
    o.put("dim", d.dim());
    if (d.isBox()) {
      o.set("lo", array(d.lo()));
      o.set("hi", array(d.hi()));
    }
    o.put("text", d.describe());
    return o;
  }

  public static ObjectNode witness(Witness w) {
    ObjectNode o = F.objectNode();
    o.set("a", array(w.a()));
    o.set("b", array(w.b()));
    o.put("excess", w.excess());
    if (w.foundBy() != null) o.put("found_by", w.foundBy());
    return o;
  }

  public static ArrayNode array(double[] x) {
    ArrayNode a = F.arrayNode();
    for (double v : x) a.add(v);
    return a;
  }

  /** A count, or null where it was not counted (negative). */
  public static void putCount(ObjectNode o, String name, long n) {
    if (n < 0) o.putNull(name);
    else o.put(name, n);
  }

  private static void putNumber(ObjectNode o, String name, double v) {
    if (Double.isNaN(v)) o.putNull(name);
    else o.put(name, v);
  }
}
