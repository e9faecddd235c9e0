package org.reluconvex.convexity;

import java.util.List;
import org.reluconvex.complex.Domain;

/**
 * The answer of a convexity check and what backs it. A {@link VerdictKind#NOT_CONVEX} verdict always
 * carries a witness verified by forward evaluation; an {@link VerdictKind#UNKNOWN} one carries the
 * reason. Counts are -1 where the method does not produce them; minGain is NaN when no gain was
 * computed (no neuron switches in the domain, or the method does not use gains).
 */
public record Verdict(
    VerdictKind kind,
    String method,
    Domain domain,
    long vertices,
    long edges,
    long cells,
    double minGain,
    Witness witness,
    String reason,
    List<NeuronReport> neurons) {

  public Verdict {
    if (kind == VerdictKind.NOT_CONVEX && witness == null)
      throw new IllegalArgumentException("a not_convex verdict needs a witness");
    neurons = neurons == null ? List.of() : List.copyOf(neurons);
  }

  public boolean isConvex() { return kind == VerdictKind.CONVEX; }

  public Verdict withNeurons(List<NeuronReport> reports) {
    return new Verdict(kind, method, domain, vertices, edges, cells, minGain, witness, reason, reports);
  }

  public Verdict withReason(String r) {
    return new Verdict(kind, method, domain, vertices, edges, cells, minGain, witness, r, neurons);
  }

  public Verdict withMethod(String m) {
    return new Verdict(kind, m, domain, vertices, edges, cells, minGain, witness, reason, neurons);
  }
}
