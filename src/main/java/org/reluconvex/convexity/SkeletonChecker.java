package org.reluconvex.convexity;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.reluconvex.complex.ComplexAudit;
import org.reluconvex.network.Domain;
import org.reluconvex.complex.BuildSettings;
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
 * frontier piece, exactly: at the midpoint of each piece in d &le; 2, at a point inside each face
 * next to a failing edge above ({@link TiedFace}).
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
  private final BuildSettings build;

  public SkeletonChecker() { this(PrecisionPolicy.DEFAULT); }

  public SkeletonChecker(PrecisionPolicy policy) { this(policy, BuildSettings.of(policy)); }

  /** A checker whose complexes take at most the build settings' memory (a larger one is built and decided piece by piece). */
  public SkeletonChecker(PrecisionPolicy policy, BuildSettings build) { this(policy, null, build); }

  /**
   * A checker whose witnesses have coordinates on the given power-of-two grid (per coordinate; 0 for
   * none): on a translated problem, such witnesses move back exactly.
   */
  SkeletonChecker(PrecisionPolicy policy, double[] witnessGrid, BuildSettings build) {
    this.policy = policy;
    this.witnessGrid = witnessGrid;
    this.build = build.withPolicy(policy); // a checker builds with its own policy's snapping band
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
    return PiecePlan.wholeOrPieces(net, domain, build, this::decide, plan -> PiecewiseCheck.run(net, domain, plan, build, this));
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
    // The failing pieces are all of them only if the complex is exact; their kinks are then decided
    // exactly: in d <= 2 at the exact midpoint of each piece (each lies in one frontier), above at a
    // point inside each face of the zero set next to a failing edge
    ComplexAudit auditor = new ComplexAudit(cx, policy);
    ComplexAudit.Result audit = auditor.run();
    if (!audit.certified()) return uncertified(domain, nv, ne, audit).withNeurons(reports);
    if (d > 2) {
      Verdict faces = decideFaces(cx, r, search);
      return faces.withCounts(nv, ne, faces.kind() == VerdictKind.UNKNOWN ? Verdict.NO_COUNT : cells).withMinGain(minGain).withNeurons(reports);
    }
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

  /** Most faces decided exactly (d >= 3) before the answer becomes unknown. */
  static final int MAX_EXACT_FACES = 4_000;
  /** Most neurons tight on a failing edge besides its own, whose 2^k sides name the faces next to it. */
  private static final int MAX_TIGHT_SIDES = 8;

  /**
   * d &ge; 3: the faces of zero sets next to the failing edges, each decided by the exact kink at a
   * point of its relative interior ({@link TiedFace}). A face of the zero set of g where C1 fails has
   * a failing edge in its boundary (the complex is exact), and is named by the edge's activity bits
   * with the sides of the other neurons tight on the edge; every choice of sides is tried, and a
   * choice that names no face is proven empty by a Farkas certificate.
   */
  private Verdict decideFaces(PolyhedralComplex cx, PathCriterion.Result r, WitnessSearch search) {
    Network net = cx.network();
    Domain box = cx.domain();
    int d = cx.dim(), out = net.outputLayer();
    org.reluconvex.milp.PreBounds bounds = org.reluconvex.milp.IntervalBounds.of(net, box, policy);
    java.util.Set<String> seen = new java.util.HashSet<>();
    int[] tight = new int[16];
    int decided = 0;
    for (int k = 0; k < r.failingElementCount(); k++) {
      int el = r.failingElement(k), g = r.failingNeuron(k);
      int u = cx.edgeStart(el), v = cx.edgeEnd(el);
      int need = Math.max(cx.tightCount(u), cx.tightCount(v));
      if (tight.length < need) tight = new int[2 * need];
      int tn = cx.edgeTightInto(el, tight);
      List<Integer> sides = new ArrayList<>();
      for (int a = 0; a < tn; a++) if (tight[a] >= 2 * d && tight[a] - 2 * d != g) sides.add(tight[a] - 2 * d);
      if (sides.size() > MAX_TIGHT_SIDES)
        return Verdict.unknown(sides.size() + 1 + " neurons vanish together on the edge " + el + "; the faces next to it were not enumerated", name(), box, policy);
      byte[][] pattern = new byte[out][];
      for (int l = 1; l < out; l++) pattern[l] = new byte[net.width(l)];
      for (int h = 0; h < cx.hiddenCount(); h++) {
        NeuronId n = cx.neuron(h);
        long bit = 1L << (h & 63);
        pattern[n.layer()][n.index()] = (byte) (((cx.bitWord(u, h >>> 6) | cx.bitWord(v, h >>> 6)) & bit) != 0 ? 1 : 0);
      }
      double[] a = cx.vertex(u), b = cx.vertex(v), x = new double[d];
      for (int i = 0; i < d; i++) x[i] = 0.5 * a[i] + 0.5 * b[i];
      NeuronId id = cx.neuron(g);
      for (int mask = 0; mask < (1 << sides.size()); mask++) {
        for (int q = 0; q < sides.size(); q++) {
          NeuronId n = cx.neuron(sides.get(q));
          pattern[n.layer()][n.index()] = (byte) ((mask >> q) & 1);
        }
        StringBuilder key = new StringBuilder().append(g).append(':');
        for (int l = 1; l < out; l++) for (byte p : pattern[l]) key.append(p);
        if (!seen.add(key.toString())) continue;
        if (++decided > MAX_EXACT_FACES)
          return Verdict.unknown("more than " + MAX_EXACT_FACES + " faces where C1 fails and several neurons may switch together; the rest were not decided", name(), box, policy);
        TiedFace face = TiedFace.of(net, box, bounds, policy, id, x, pattern, WITNESS_SEED);
        if (face.witness() != null) return Verdict.notConvex(face.witness(), name(), box, policy);
        if (!face.convex()) {
          String where = "the face of the zero set of " + id + " next to the edge at " + java.util.Arrays.toString(x);
          return Verdict.unknown(face.kink() < 0 ? NEGATIVE_NO_WITNESS + " (exact) across " + where + ", but no witness verified"
              : where + (face.centre() == null ? " is too thin to centre, and no exact walk across it found a witness"
                  : ": no point of its relative interior was confirmed exactly"), name(), box, policy);
        }
      }
    }
    return Verdict.convex(name() + "+kink", box, policy).withReason(decided + " faces where criterion C1 fails for one neuron were decided by the exact kink of every neuron switching there");
  }

  /** The seed of the exact walks across a face too thin to centre. */
  private static final long WITNESS_SEED = 0x5ce1e70L;

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
