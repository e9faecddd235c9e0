package org.reluconvex.convexity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;
import org.reluconvex.network.NeuronId;
import org.reluconvex.precision.PrecisionPolicy;

/**
 * Exact check for one hidden layer (docs/math.md section 5): f is convex on the open domain iff the kink
 * c_H of every hyperplane that meets the domain is &ge; 0. No geometry, any input dimension.
 *
 * <p>Decisions are exact, with no tolerance: the grouping of neurons into hyperplanes, the sign of
 * every kink and whether a hyperplane meets the open box are computed on the weights as exact
 * rationals ({@link OneLayer}, {@link Hyperplane#position}). A hyperplane with a negative kink makes
 * the verdict not_convex only with a witness whose excess is proven positive ({@link Witness#verified}:
 * double with a rounding bound, else exact arithmetic, at an exactly representable midpoint); if none
 * is found the verdict is unknown with the reason.
 */
public final class OneLayerChecker implements ConvexityChecker {
  private final PrecisionPolicy policy;

  public OneLayerChecker() { this(PrecisionPolicy.DEFAULT); }

  /** A checker whose witnesses are verified, and verdicts labelled, under the given policy (kink signs are exact under any). */
  public OneLayerChecker(PrecisionPolicy policy) { this.policy = policy; }

  @Override
  public String name() { return "onelayer"; }

  @Override
  public Verdict check(Network net, Domain domain) {
    if (domain.dim() != net.inputDim())
      throw new IllegalArgumentException("domain has dimension " + domain.dim() + ", the network input dimension " + net.inputDim());
    if (!OneLayer.applies(net))
      return unknown(domain, "the onelayer method needs exactly one hidden layer; this network has "
          + net.hiddenLayers() + " (use the cells or skeleton method)", List.of());
    OneLayer ol = OneLayer.of(net);

    List<Hyperplane> bad = new ArrayList<>();
    Map<Hyperplane, double[]> inside = new IdentityHashMap<>(); // hyperplanes meeting the domain, with a point
    int meeting = 0, cancelled = 0;
    double minKink = Double.POSITIVE_INFINITY;
    for (Hyperplane h : ol.hyperplanes()) {
      Hyperplane.Position p = h.position(domain);
      if (p == Hyperplane.Position.MEETS) {
        inside.put(h, h.pointInside(domain));
        meeting++;
        minKink = Math.min(minKink, h.kinkSign() == 0 ? 0 : h.kink());
        if (h.kinkSign() < 0) bad.add(h);
        if (h.kinkSign() == 0) cancelled++;
      }
    }
    List<NeuronReport> reports = reports(ol, inside);
    double minGain = Double.NaN;
    for (NeuronReport r : reports) if (r.switches()) minGain = Double.isNaN(minGain) ? r.minGain() : Math.min(minGain, r.minGain());

    // most negative kink first, relative to its own terms: the easiest witness to confirm
    bad.sort(Comparator.comparingDouble(Hyperplane::relativeKink));
    for (Hyperplane h : bad) {
      Witness w = ol.witnessAcross(h, domain, policy);
      if (w != null) {
        String why = String.format(Locale.ROOT, "hyperplane of neuron %d has kink %.6g < 0 inside %s",
            h.representative(), h.kink(), domain.describe());
        return Verdict.notConvex(w, name(), domain, policy).withMinGain(minGain).withReason(why).withNeurons(reports);
      }
    }
    if (!bad.isEmpty())
      return Verdict.unknown(bad.size() + " hyperplane(s) inside the domain have a negative kink (smallest "
              + String.format(Locale.ROOT, "%.6g", bad.get(0).kink())
              + ") but no witness with a proven excess was found (hyperplanes too close together for double points?)",
          name(), domain, policy).withMinGain(minGain).withNeurons(reports);
    String note = meeting == 0
        ? "no hyperplane meets the domain: f is affine there"
        : String.format(Locale.ROOT, "%d hyperplane(s) meet the domain, smallest kink %.6g", meeting, minKink);
    if (cancelled > 0)
      note += String.format(Locale.ROOT, "; %d kink(s) exactly zero (cancelling neurons)", cancelled);
    return Verdict.convex(name(), domain, policy).withMinGain(minGain).withReason(note).withNeurons(reports);
  }

  private Verdict unknown(Domain domain, String reason, List<NeuronReport> reports) {
    return Verdict.unknown(reason, name(), domain, policy).withNeurons(reports);
  }

  /** One report per hidden neuron: its gain is its output weight a_j. */
  private static List<NeuronReport> reports(OneLayer ol, Map<Hyperplane, double[]> inside) {
    List<NeuronReport> out = new ArrayList<>(ol.width());
    for (int j = 0; j < ol.width(); j++) {
      Hyperplane h = ol.hyperplaneOf(j);
      double[] at = h == null ? null : inside.get(h);
      boolean switches = at != null;
      out.add(new NeuronReport(new NeuronId(1, j), switches, switches ? 1 : 0,
          switches ? ol.outputWeight(j) : Double.NaN, at));
    }
    return out;
  }
}
