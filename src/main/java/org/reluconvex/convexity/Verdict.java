package org.reluconvex.convexity;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.reluconvex.network.Domain;
import org.reluconvex.precision.PrecisionPolicy;

/**
 * The answer of a convexity check and what backs it. A {@link VerdictKind#NOT_CONVEX} verdict always
 * carries a witness verified by forward evaluation; an {@link VerdictKind#UNKNOWN} one carries the
 * reason. Counts are {@link #NO_COUNT} where the method does not produce them; minGain is NaN when
 * no gain was computed (no neuron switches in the domain, or the method does not use gains).
 * {@code precision} is the policy under which every sign behind the verdict was decided.
 *
 * <p>Build one with the named factories {@link #convex}, {@link #notConvex} and {@link #unknown},
 * then add what the method measured: {@code Verdict.convex("skeleton", box,
 * policy).withCounts(v, e, c).withMinGain(g)}.
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

  /** A count the method did not produce. */
  public static final long NO_COUNT = -1;

  /** Proven convex by {@code method} on the domain; no counts, no gain yet. */
  public static Verdict convex(String method, Domain domain, PrecisionPolicy precision) {
    return new Verdict(VerdictKind.CONVEX, method, domain, NO_COUNT, NO_COUNT, NO_COUNT, Double.NaN, null, null, null, precision);
  }

  /** Not convex: the witness (verified by forward evaluation) is the proof. */
  public static Verdict notConvex(Witness witness, String method, Domain domain, PrecisionPolicy precision) {
    if (witness == null) throw new IllegalArgumentException("a not_convex verdict needs a witness");
    return new Verdict(VerdictKind.NOT_CONVEX, method, domain, NO_COUNT, NO_COUNT, NO_COUNT, Double.NaN, witness, null, null, precision);
  }

  /** Undecided, for the given reason. */
  public static Verdict unknown(String reason, String method, Domain domain, PrecisionPolicy precision) {
    if (reason == null) throw new IllegalArgumentException("an unknown verdict needs a reason");
    return new Verdict(VerdictKind.UNKNOWN, method, domain, NO_COUNT, NO_COUNT, NO_COUNT, Double.NaN, null, reason, null, precision);
  }

  public boolean isConvex() { return kind == VerdictKind.CONVEX; }

  /** Whether the method counted the vertices and edges of the complex. */
  public boolean hasCounts() { return vertices != NO_COUNT; }

  /** The vertices of the complex, when the method counted them. */
  public OptionalLong vertexCount() { return count(vertices); }

  /** The edges of the complex, when the method counted them. */
  public OptionalLong edgeCount() { return count(edges); }

  /** The cells of the complex, when the method counted them. */
  public OptionalLong cellCount() { return count(cells); }

  /** The minimum gain over the zero sets, when one was computed. */
  public OptionalDouble minimumGain() { return Double.isNaN(minGain) ? OptionalDouble.empty() : OptionalDouble.of(minGain); }

  private static OptionalLong count(long n) { return n == NO_COUNT ? OptionalLong.empty() : OptionalLong.of(n); }

  /** The same verdict with the counts of the complex ({@link #NO_COUNT} for one not produced). */
  public Verdict withCounts(long v, long e, long c) {
    return new Verdict(kind, method, domain, v, e, c, minGain, witness, reason, neurons, precision);
  }

  /** The same verdict with the minimum gain found (NaN: none computed). */
  public Verdict withMinGain(double g) {
    return new Verdict(kind, method, domain, vertices, edges, cells, g, witness, reason, neurons, precision);
  }

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

  /** Kind, method, domain, counts, minimum gain, witness and reason, each where present. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(kind.label()).append(" by ").append(method);
    if (domain != null) sb.append(" on ").append(domain.describe());
    if (vertices != NO_COUNT) sb.append(", ").append(vertices).append(" vertices");
    if (edges != NO_COUNT) sb.append(", ").append(edges).append(" edges");
    if (cells != NO_COUNT) sb.append(", ").append(cells).append(" cells");
    if (!Double.isNaN(minGain)) sb.append(String.format(Locale.ROOT, ", min gain %.6g", minGain));
    if (witness != null)
      sb.append(", witness ").append(witness);
    if (reason != null) sb.append(", reason: ").append(reason);
    return sb.toString();
  }
}
