package org.reluconvex.convexity;

import java.util.ArrayList;
import java.util.List;
import org.reluconvex.complex.Domain;
import org.reluconvex.complex.EdgeSubdivision;
import org.reluconvex.complex.PolyhedralComplex;
import org.reluconvex.network.Network;

/**
 * The paper's exact check on a box, made robust: the skeleton by edge subdivision, criterion C1 on
 * every pattern realised on a zero set, a verified witness for a negative gain, and, where C1 fails
 * without a witness (several neurons switching on one surface), the kink criterion on every such
 * frontier piece (d &le; 2; in higher dimension the answer is then unknown, for the cell method
 * to decide).
 */
public final class SkeletonChecker implements ConvexityChecker {
  /** Witness attempts before the kink criterion takes over. */
  private static final int WITNESS_ATTEMPTS = 64;

  @Override
  public String name() { return "skeleton"; }

  @Override
  public Verdict check(Network net, Domain domain) {
    if (!domain.isBox())
      return unknown(domain, -1, -1, "the skeleton method needs a bounded box; use the cell method for " + domain.describe());
    if (net.hiddenLayers() == 0)
      return new Verdict(VerdictKind.CONVEX, name(), domain, 1L << net.inputDim(),
          (long) net.inputDim() << (net.inputDim() - 1), 1, Double.NaN, null, "no hidden layer: f is affine", null);
    return decide(EdgeSubdivision.build(net, domain));
  }

  /** The verdict for a complex already built. */
  public Verdict decide(PolyhedralComplex cx) {
    Domain domain = cx.domain();
    Network net = cx.network();
    long nv = cx.vertexCount(), ne = cx.edgeCount(), cells = cx.cellCount();
    if (!cx.isResolved())
      return unknown(domain, nv, ne, "degenerate configuration not resolved by edge subdivision: " + cx.degeneracies().get(0));
    PathCriterion.Result r = PathCriterion.scan(cx, false);
    List<NeuronReport> reports = reports(cx, r);
    double minGain = r.minGain();
    if (r.unresolved != null)
      return unknown(domain, nv, ne, r.unresolved).withNeurons(reports);
    if (r.failures().isEmpty())
      return new Verdict(VerdictKind.CONVEX, name(), domain, nv, ne, cells, minGain, null, null, reports);

    WitnessSearch search = new WitnessSearch(cx);
    int attempts = 0;
    java.util.Set<Long> triedKeys = new java.util.HashSet<>();
    for (PathCriterion.Failure f : r.failures()) {
      if (attempts >= WITNESS_ATTEMPTS) break;
      // one attempt per (neuron, gain) pair first: elements sharing both usually share a frontier
      if (!triedKeys.add(((long) f.neuron() << 32) ^ Double.hashCode(f.gain()))) continue;
      attempts++;
      Witness w = search.near(f.element(), f.neuron());
      if (w != null) return new Verdict(VerdictKind.NOT_CONVEX, name(), domain, nv, ne, cells, minGain, w, null, reports);
    }
    int d = cx.dim();
    if (d > 2)
      return unknown(domain, nv, ne, r.failingElementCount() + " zero-set pieces fail the path criterion (min gain "
          + minGain + ") but no witness verifies: several neurons switch together there, and the kink test on "
          + "the skeleton is implemented for d <= 2; use the cell method").withNeurons(reports);
    // Kink criterion on every failing piece: in d <= 2 each skeleton element on a zero set lies in one frontier.
    for (int k = 0; k < r.failingElementCount(); k++) {
      int el = r.failingElement(k);
      double[] x0, n;
      if (d == 1) {
        x0 = cx.vertex(el);
        n = new double[] {1};
      } else {
        if (onBoxFacet(cx.edgeTight(el), d)) continue; // not inside the open box
        double[] a = cx.vertex(cx.edgeStart(el)), b = cx.vertex(cx.edgeEnd(el));
        x0 = new double[] {0.5 * (a[0] + b[0]), 0.5 * (a[1] + b[1])};
        n = new double[] {-(b[1] - a[1]), b[0] - a[0]};
      }
      double kappa = Kink.across(net, x0, n);
      double scale = Math.abs(Kink.directional(net, x0, unit(n))) + 1e-300;
      if (kappa < -1e-9 * scale - 1e-300) {
        Witness w = search.witnessAlong(x0, n);
        if (w != null) return new Verdict(VerdictKind.NOT_CONVEX, name(), domain, nv, ne, cells, minGain, w, null, reports);
        return unknown(domain, nv, ne, "negative kink " + kappa + " at " + java.util.Arrays.toString(x0)
            + " but no witness verified by forward evaluation").withNeurons(reports);
      }
    }
    return new Verdict(VerdictKind.CONVEX, name() + "+kink", domain, nv, ne, cells, minGain, null, null, reports);
  }

  private static boolean onBoxFacet(int[] tight, int d) {
    return tight.length > 0 && tight[0] < 2 * d;
  }

  private static double[] unit(double[] n) {
    double s = 0;
    for (double v : n) s += v * v;
    s = Math.sqrt(s);
    double[] u = n.clone();
    for (int i = 0; i < u.length; i++) u[i] /= s;
    return u;
  }

  private static List<NeuronReport> reports(PolyhedralComplex cx, PathCriterion.Result r) {
    List<NeuronReport> out = new ArrayList<>(cx.hiddenCount());
    for (int g = 0; g < cx.hiddenCount(); g++) {
      double[] at = null;
      int el = r.minGainElement[g];
      if (el >= 0) {
        if (cx.dim() == 1) at = cx.vertex(el);
        else {
          double[] a = cx.vertex(cx.edgeStart(el)), b = cx.vertex(cx.edgeEnd(el));
          at = new double[a.length];
          for (int i = 0; i < a.length; i++) at[i] = 0.5 * (a[i] + b[i]);
        }
      }
      double mg = r.minGain[g] == Double.POSITIVE_INFINITY ? Double.NaN : r.minGain[g];
      out.add(new NeuronReport(cx.neuron(g), r.switches[g], r.patterns[g], mg, at));
    }
    return out;
  }

  private Verdict unknown(Domain domain, long nv, long ne, String reason) {
    return new Verdict(VerdictKind.UNKNOWN, name(), domain, nv, ne, -1, Double.NaN, null, reason, null);
  }
}
