package org.reluconvex.convexity;

import java.util.List;
import org.reluconvex.complex.Domain;
import org.reluconvex.precision.PrecisionPolicy;

/**
 * The answer of a convexity check and what backs it. A {@link VerdictKind#NOT_CONVEX} verdict always
 * carries a witness verified by forward evaluation; an {@link VerdictKind#UNKNOWN} one carries the
 * reason. Counts are -1 where the method does not produce them; minGain is NaN when no gain was
 * computed (no neuron switches in the domain, or the method does not use gains). {@code precision}
 * is the policy under which every sign behind the verdict was decided.
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
    List<NeuronReport> neurons,
    PrecisionPolicy precision) {

  public Verdict {
    if (kind == VerdictKind.NOT_CONVEX && witness == null)
      throw new IllegalArgumentException("a not_convex verdict needs a witness");
    neurons = neurons == null ? List.of() : List.copyOf(neurons);
    if (precision == null) precision = PrecisionPolicy.DEFAULT;
  }

  /** A verdict decided under the default precision policy. */
  public Verdict(VerdictKind kind, String method, Domain domain, long vertices, long edges, long cells,
      double minGain, Witness witness, String reason, List<NeuronReport> neurons) {
    this(kind, method, domain, vertices, edges, cells, minGain, witness, reason, neurons, PrecisionPolicy.DEFAULT);
  }

  public boolean isConvex() { return kind == VerdictKind.CONVEX; }

  public Verdict withNeurons(List<NeuronReport> reports) {
    return new Verdict(kind, method, domain, vertices, edges, cells, minGain, witness, reason, reports, precision);
  }

  public Verdict withReason(String r) {
    return new Verdict(kind, method, domain, vertices, edges, cells, minGain, witness, r, neurons, precision);
  }

  public Verdict withMethod(String m) {
    return new Verdict(kind, m, domain, vertices, edges, cells, minGain, witness, reason, neurons, precision);
  }

  /** The same verdict on another domain (a verdict proven on a transformed problem). */
  public Verdict withDomain(Domain dm) {
    return new Verdict(kind, method, dm, vertices, edges, cells, minGain, witness, reason, neurons, precision);
  }

  public Verdict withWitness(Witness w) {
    return new Verdict(kind, method, domain, vertices, edges, cells, minGain, w, reason, neurons, precision);
  }
}
