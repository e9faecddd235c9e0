package org.reluconvex.convexity;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.reluconvex.complex.ComplexAudit;
import org.reluconvex.network.Domain;
import org.reluconvex.complex.MemoryLimit;
import org.reluconvex.complex.PiecePlan;
import org.reluconvex.complex.PolyhedralComplex;
import org.reluconvex.network.ExactForward;
import org.reluconvex.network.Network;
import org.reluconvex.network.NeuronId;
import org.reluconvex.pathlift.GainConstraint;
import org.reluconvex.pathlift.Gains;
import org.reluconvex.precision.PrecisionPolicy;

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
  /** Failing zero-set pieces whose kinks are decided exactly before the answer becomes unknown. */
  private static final int MAX_EXACT_KINKS = 20_000;

  /** How a reason starts when the complex's numbers could not be certified. */
  static final String UNCERTIFIED = "the floating-point complex could not be certified exact";
  /** How a reason starts when an exact kink or gain is negative but no witness verified. */
  static final String NEGATIVE_NO_WITNESS = "negative kink";
  static final String NEGATIVE_GAIN = "the gain of";

  /**
   * Whether another method may call the network convex after this reason: not when the skeleton
   * found an exact negative kink or gain (a proof to the contrary, only without a witness). Numbers
   * the skeleton could not certify are no objection: the cell walk proves its own.
   */
  static boolean othersMayCallConvex(String reason) {
    return reason == null || !(reason.startsWith(NEGATIVE_NO_WITNESS) || reason.startsWith(NEGATIVE_GAIN) || reason.startsWith("the zero-set piece"));
  }

  private final PrecisionPolicy policy;
  private final double[] witnessGrid;

  public SkeletonChecker() { this(PrecisionPolicy.DEFAULT); }

  public SkeletonChecker(PrecisionPolicy policy) { this(policy, null); }

  /**
   * A checker whose witnesses have coordinates on the given power-of-two grid (per coordinate; 0 for
   * none): on a translated problem, such witnesses move back exactly.
   */
  SkeletonChecker(PrecisionPolicy policy, double[] witnessGrid) {
    this.policy = policy;
    this.witnessGrid = witnessGrid;
  }

  @Override
  public String name() { return "skeleton"; }

  /** The precision policy of its verdicts. */
  PrecisionPolicy policy() { return policy; }

  @Override
  public Verdict check(Network net, Domain domain) {
    if (!domain.isBox())
      return unknown(domain, -1, -1, "the skeleton method needs a bounded box; use the cell method for " + domain.describe());
    if (net.hiddenLayers() == 0)
      return Verdict.convex(name(), domain, policy).withReason("no hidden layer: f is affine")
          .withCounts(1L << net.inputDim(), (long) net.inputDim() << (net.inputDim() - 1), 1);
    // a complex too large to hold whole is built and decided piece by piece
    long limit = MemoryLimit.bytes();
    return PiecePlan.wholeOrPieces(net, domain, limit, this::decide, plan -> PiecewiseCheck.run(net, domain, plan, limit, this));
  }

  /**
   * The verdict for a complex already built. {@code convex} only when the complex is certified
   * exact ({@link ComplexAudit}) and every gain (or kink) is proven non-negative.
   */
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
    if (r.failures().isEmpty()) {
      String doubt = certifyGains(cx, r);
      if (doubt != null) return unknown(domain, nv, ne, doubt).withNeurons(reports);
      ComplexAudit.Result audit = new ComplexAudit(cx, policy).run();
      if (!audit.certified()) return uncertified(domain, nv, ne, audit).withNeurons(reports);
      return Verdict.convex(name(), domain, policy).withCounts(nv, ne, cells).withMinGain(minGain).withNeurons(reports);
    }

    WitnessSearch search = new WitnessSearch(cx, policy, witnessGrid);
    int attempts = 0;
    java.util.Set<Long> triedKeys = new java.util.HashSet<>();
    for (PathCriterion.Failure f : r.failures()) {
      if (attempts >= WITNESS_ATTEMPTS) break;
      // one attempt per (neuron, gain) pair first: elements sharing both usually share a frontier
      if (!triedKeys.add(((long) f.neuron() << 32) ^ Double.hashCode(f.gain()))) continue;
      attempts++;
      Witness w = search.near(f.element(), f.neuron());
      if (w != null) return notConvex(w, domain, nv, ne, cells, minGain, reports);
    }
    int d = cx.dim();
    if (d > 2)
      return unknown(domain, nv, ne, r.failingElementCount() + " zero-set pieces fail the path criterion (min gain "
          + minGain + ") but no witness verifies: several neurons switch together there, and the kink test on "
          + "the skeleton is implemented for d <= 2; use the cell method").withNeurons(reports);
    // The failing pieces are all of them only if the complex is exact; their kinks are then decided
    // exactly at the exact midpoint of each piece (in d <= 2 each lies in one frontier).
    ComplexAudit auditor = new ComplexAudit(cx, policy);
    ComplexAudit.Result audit = auditor.run();
    if (!audit.certified()) return uncertified(domain, nv, ne, audit).withNeurons(reports);
    if (r.failingElementCount() > MAX_EXACT_KINKS)
      return unknown(domain, nv, ne, r.failingElementCount() + " zero-set pieces fail the path criterion without a witness; "
          + "more than the " + MAX_EXACT_KINKS + " whose kinks are decided exactly").withNeurons(reports);
    for (int k = 0; k < r.failingElementCount(); k++) {
      int el = r.failingElement(k);
      if (d == 2 && onBoxFacet(cx.edgeTight(el), d)) continue; // not inside the open box
      ExactKink kink = exactKink(cx, auditor, el);
      if (kink == null)
        return unknown(domain, nv, ne, "the zero-set piece " + el + " has no exact end points").withNeurons(reports);
      if (kink.kappa().signum() < 0) {
        Witness w = search.witnessAlong(kink.x0(), kink.normal());
        if (w != null) return notConvex(w, domain, nv, ne, cells, minGain, reports);
        return unknown(domain, nv, ne, "negative kink " + kink.kappa().doubleValue() + " (exact) at "
            + java.util.Arrays.toString(kink.x0()) + " but no witness verified").withNeurons(reports);
      }
    }
    return Verdict.convex(name() + "+kink", domain, policy).withCounts(nv, ne, cells).withMinGain(minGain).withNeurons(reports);
  }

  /** The exact kink across a zero-set piece, at its exact midpoint, with a double approximation. */
  private record ExactKink(BigDecimal kappa, double[] x0, double[] normal) {}

  private ExactKink exactKink(PolyhedralComplex cx, ComplexAudit auditor, int el) {
    int d = cx.dim();
    ExactForward ex = new ExactForward(cx.network());
    BigDecimal[] num;
    BigDecimal den;
    BigDecimal[] n;
    if (d == 1) {
      ComplexAudit.ExactPoint p = auditor.exactPoint(el);
      if (p == null) return null;
      num = p.num();
      den = p.den();
      n = new BigDecimal[] {BigDecimal.ONE};
    } else {
      ComplexAudit.ExactPoint p = auditor.exactPoint(cx.edgeStart(el)), q = auditor.exactPoint(cx.edgeEnd(el));
      if (p == null || q == null) return null;
      num = new BigDecimal[d];
      BigDecimal[] e = new BigDecimal[d];
      for (int i = 0; i < d; i++) {
        BigDecimal a = p.num()[i].multiply(q.den()), b = q.num()[i].multiply(p.den());
        num[i] = a.add(b);
        e[i] = b.subtract(a);
      }
      den = p.den().multiply(q.den()).multiply(BigDecimal.valueOf(2));
      n = new BigDecimal[] {e[1].negate(), e[0]};
    }
    BigDecimal[] minus = new BigDecimal[d];
    for (int i = 0; i < d; i++) minus[i] = n[i].negate();
    BigDecimal kappa = ex.directional(num, den, n).add(ex.directional(num, den, minus));
    double[] x0 = new double[d], nd = new double[d];
    for (int i = 0; i < d; i++) {
      x0[i] = num[i].divide(den, java.math.MathContext.DECIMAL64).doubleValue();
      nd[i] = n[i].doubleValue();
    }
    double s = 0;
    for (double v : nd) s = Math.max(s, Math.abs(v));
    if (s > 0 && Double.isFinite(s)) for (int i = 0; i < d; i++) nd[i] /= s;
    return new ExactKink(kappa, x0, nd);
  }

  /**
   * Null when every gain behind "C1 holds" is proven non-negative: in double beyond its rounding
   * bound, or else recomputed exactly for the patterns of the doubtful neurons.
   */
  private String certifyGains(PolyhedralComplex cx, PathCriterion.Result r) {
    Network net = cx.network();
    double[][] bound = Gains.errorBounds(net, policy);
    boolean[] doubtful = new boolean[cx.hiddenCount()];
    boolean any = false;
    for (int g = 0; g < cx.hiddenCount(); g++) {
      if (!r.switches[g] || r.minGain[g] == Double.POSITIVE_INFINITY) continue;
      NeuronId id = cx.neuron(g);
      if (!(r.minGain[g] > bound[id.layer()][id.index()])) {
        doubtful[g] = true;
        any = true;
      }
    }
    if (!any) return null;
    for (GainConstraint c : PathCriterion.scan(cx, true).constraints) {
      NeuronId id = c.neuron();
      if (!doubtful[cx.globalIndex(id.layer(), id.index())]) continue;
      BigDecimal g = Gains.exactAll(net, c.pattern())[id.layer()][id.index()];
      if (g.signum() < 0)
        return "the gain of " + id + " under pattern " + c.pattern() + " is " + g.doubleValue()
            + " in exact arithmetic although rounding made it non-negative; no witness was sought";
    }
    return null;
  }

  private Verdict uncertified(Domain domain, long nv, long ne, ComplexAudit.Result audit) {
    return unknown(domain, nv, ne, UNCERTIFIED + ": " + audit.failure());
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
    return Verdict.unknown(reason, name(), domain, policy).withCounts(nv, ne, Verdict.NO_COUNT);
  }

  private Verdict notConvex(Witness w, Domain domain, long nv, long ne, long cells, double minGain, List<NeuronReport> reports) {
    return Verdict.notConvex(w, name(), domain, policy).withCounts(nv, ne, cells).withMinGain(minGain).withNeurons(reports);
  }
}
