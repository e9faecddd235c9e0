package org.reluconvex.convexity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.reluconvex.complex.Cell;
import org.reluconvex.complex.CellMaps;
import org.reluconvex.complex.CellWalk;
import org.reluconvex.complex.BuildSettings;
import org.reluconvex.network.Domain;
import org.reluconvex.complex.MarginLp;
import org.reluconvex.complex.UnresolvedGeometry;
import org.reluconvex.network.ActivationPattern;
import org.reluconvex.network.Network;
import org.reluconvex.network.NeuronId;
import org.reluconvex.pathlift.Gains;
import org.reluconvex.precision.PrecisionPolicy;

/**
 * Exact check by walking the cells (docs/math.md section 2), independent of edge subdivision and of
 * general position. Works for any DAG network on a box or on all of R^d (unbounded cells included).
 *
 * <p>From the cell of a random interior point, every cell is reached through its facets: for each
 * group of coinciding constraint rows of a cell (see {@link Cell}), a linear program finds a point of
 * the group's hyperplane at the largest distance t from every other row; t &gt; 0 means a facet and the
 * point lies in its relative interior. The cell across is obtained by the sign rules of
 * {@link Cell#across}, which handle duplicated and proportional neurons, neurons identically zero on a
 * cell, and downstream neurons that switch on the same facet. A frontier checked from one side is
 * recorded for the cell across and skipped there. On every frontier the kink
 * kappa = (grad f|C+ - grad f|C-) . n is computed; f is convex on the open domain iff no kink is
 * negative. A negative kink gives the witness x0 +- eps n around the facet point, confirmed by forward
 * evaluation (eps shrunk if needed); not_convex is returned only with a confirmed witness.
 *
 * <p>Tolerances only propose; proofs decide (S = max(1, largest |coordinate| of the box) on a box,
 * max(1, largest distance of a first-layer hyperplane from the origin) on R^d):
 * <ul>
 *   <li>every hyperplane whose margin exceeds {@link CellWalk#TOUCH_MARGIN} S is a frontier, however thin;
 *       one with a smaller margin is dropped only with a checked Farkas certificate
 *       ({@link Cell#provenNoFacet}), and otherwise crossed as a frontier (the safe side);
 *   <li>the sign of a kink is exact: the two cells' gradients are recomputed exactly from their
 *       patterns ({@code Gains.exactAll}), and their difference, parallel to the frontier's normal,
 *       is projected on the computed normal;
 *   <li>rows merge only when exactly the same half-space ({@link Cell}); kinds snapped by
 *       {@link CellMaps#CANCELLATION_TOLERANCE} are confirmed exactly, else no {@code convex}.
 * </ul>
 * If the walk stops at a witness, {@code cells} counts the cells visited so far.
 */
public final class CellEnumerationChecker implements ConvexityChecker {
  private static final int SHRINK_STEPS = 40;

  private final long maxCells;
  private final boolean stopAtWitness;
  private final PrecisionPolicy policy;
  private final BuildSettings build;

  /** Stops at the first confirmed witness; gives up beyond 200 000 cells. */
  public CellEnumerationChecker() { this(200_000, true); }

  /** As {@link #CellEnumerationChecker()}, witnesses proven under the given policy. */
  public CellEnumerationChecker(PrecisionPolicy policy) { this(200_000, true, policy); }

  /**
   * @param maxCells the walk gives up (unknown) beyond this many cells
   * @param stopAtWitness whether to stop at the first confirmed witness; if not, the walk visits every
   *     cell and {@code cells} is the number of cells in the domain
   */
  public CellEnumerationChecker(long maxCells, boolean stopAtWitness) {
    this(maxCells, stopAtWitness, PrecisionPolicy.DEFAULT);
  }

  public CellEnumerationChecker(long maxCells, boolean stopAtWitness, PrecisionPolicy policy) {
    this(maxCells, stopAtWitness, policy, BuildSettings.of(policy));
  }

  /** As above, the walk refused when its patterns would pass the build settings' memory. */
  public CellEnumerationChecker(long maxCells, boolean stopAtWitness, PrecisionPolicy policy, BuildSettings build) {
    this.maxCells = maxCells;
    this.stopAtWitness = stopAtWitness;
    this.policy = policy;
    this.build = build.withPolicy(policy); // a checker builds with its own policy's snapping band
  }

  @Override
  public String name() { return "cells"; }

  @Override
  public Verdict check(Network net, Domain domain) {
    return check(net, domain, null);
  }

  /**
   * Convexity in the inputs marked in 'inS' (all of them when null): f(., x_rest) convex for every
   * value of the others (docs/math.md section 11). A frontier counts only when the exact jump of the
   * gradient across it has a non-zero component on S; its witness moves along the frontier's normal
   * restricted to S, so that the two points differ only in those inputs.
   */
  public Verdict check(Network net, Domain domain, boolean[] inS) {
    if (domain.dim() != net.inputDim())
      throw new IllegalArgumentException("domain has dimension " + domain.dim() + ", the network input dimension " + net.inputDim());
    if (inS != null && inS.length != net.inputDim())
      throw new IllegalArgumentException("the inputs of partial convexity are marked for " + inS.length + " inputs, the network has " + net.inputDim());
    Walk walk = new Walk(net, domain, inS);
    try {
      return walk.run();
    } catch (UnresolvedGeometry | MarginLp.Failure e) {
      return walk.verdict(VerdictKind.UNKNOWN, null, "cell walk could not settle a geometric question: " + e.getMessage());
    }
  }

  /** One run of the walk: the kink of every frontier it crosses. */
  private final class Walk implements CellWalk.Visitor {
    private final Network net;
    private final Domain domain;
    private final boolean[] inS;
    private final NeuronLedger ledger;
    private long cells;
    private long unconfirmedKinks;
    private final WitnessSearch search;
    private double minKink = Double.POSITIVE_INFINITY;
    private Witness found;
    private double[] grad;
    private double[][] gains;

    Walk(Network net, Domain domain, boolean[] inS) {
      this.net = net;
      this.domain = domain;
      this.inS = inS;
      this.ledger = new NeuronLedger(net);
      this.search = domain.isBox() ? new WitnessSearch(net, domain, policy) : null;
    }

    Verdict run() {
      CellWalk.Result r = CellWalk.run(net, domain, maxCells, build.memoryBytes(), this);
      cells = r.cells();
      if (r.status() == CellWalk.Status.NO_START)
        return verdict(VerdictKind.UNKNOWN, null, "no full-dimensional cell found from random points");
      if (r.status() == CellWalk.Status.CELL_LIMIT && found == null)
        return verdict(VerdictKind.UNKNOWN, null, "more than " + maxCells + " cells; raise the limit");
      if (found != null) {
        String why = String.format(Locale.ROOT, "negative kink %.6g across a frontier inside %s", minKink, domain.describe());
        return verdict(VerdictKind.NOT_CONVEX, found, why);
      }
      if (unconfirmedKinks > 0)
        return verdict(VerdictKind.UNKNOWN, null, unconfirmedKinks + " frontier(s) have a negative kink (smallest "
            + String.format(Locale.ROOT, "%.6g", minKink) + ") but no witness could be confirmed by forward evaluation");
      if (r.unprovenKinds() != null)
        return verdict(VerdictKind.UNKNOWN, null, "the cell walk's geometry is not proven: " + r.unprovenKinds());
      String note = r.frontiers() == 0
          ? "one cell: f is affine on the domain"
          : String.format(Locale.ROOT, "%d cells, %d frontiers, smallest kink %.6g", r.cells(), r.frontiers(),
              minKink == Double.POSITIVE_INFINITY ? 0.0 : minKink);
      // kink signs are exact; a hyperplane was dropped only with a proof that it carries no facet
      return verdict(VerdictKind.CONVEX, null, note + "; every facet dropped is proven absent (Farkas certificates checked with rigorous"
          + " rounding bounds, exactly where those cannot tell)" + (r.unprovenContacts() == 0 ? ""
              : "; " + r.unprovenContacts() + " contact(s) not proven lower-dimensional were crossed as frontiers"));
    }

    @Override
    public boolean cell(Cell cell, double[] near) {
      cells++;
      grad = cell.maps().outputGradient();
      gains = null;
      return true;
    }

    /** The kink of one frontier; false (stop) at a confirmed witness when the walk stops at the first. */
    @Override
    public boolean frontier(Cell cell, int rep, CellMaps other, MarginLp.Result r) {
      ActivationPattern p = cell.maps().pattern(), q = other.pattern();
      double[] inward = cell.normal(rep);
      double[] gradOther = other.outputGradient();
      double kappa = 0;
      for (int c = 0; c < inward.length; c++) kappa -= (gradOther[c] - grad[c]) * inward[c];
      // the sign of the kink, exactly: the gradients of the two cells are exact sums of weight
      // products, their difference is parallel to the frontier's normal, and the computed normal
      // only has to point to the right side
      int sign = exactKinkSign(p, q, inward);
      kappa = sign == 0 ? 0 : sign * Math.max(Math.abs(kappa), Double.MIN_NORMAL);
      if (gains == null) gains = Gains.all(net, p);
      ledger.record(p, q, gains, Gains.all(net, q), r.x());
      minKink = Math.min(minKink, kappa);
      if (kappa < 0) {
        double[] along = inS == null ? inward : PartialDirections.restricted(inward, inS);
        double room = Math.min(r.margin(), Cell.roomIn(other, cell.vanishing(rep), r.x()));
        Witness w = found == null ? witness(r.x(), along, room) : found;
        if (w == null && search != null) w = search.alongChords(r.x(), along); // thin, or beside another zero set
        if (w != null && inS != null && !PartialDirections.alongS(w, inS)) w = null; // a chord off S proves nothing here
        if (w != null) {
          if (stopAtWitness) {
            found = w;
            return false;
          }
          if (found == null) found = w;
        } else {
          unconfirmedKinks++;
        }
      }
      return true;
    }

    private final java.util.Map<ActivationPattern, java.math.BigDecimal[]> exactGradients = new java.util.HashMap<>();

    /**
     * -sign((grad f on q - grad f on p) . inward), in exact arithmetic; 0 also when the jump has no
     * component on S (a frontier whose normal lies outside S bends no line along S).
     */
    private int exactKinkSign(ActivationPattern p, ActivationPattern q, double[] inward) {
      for (double v : inward)
        if (!Double.isFinite(v)) throw new UnresolvedGeometry("a frontier's normal is not finite (the cell's maps overflowed)");
      java.math.BigDecimal[] gp = exactGradients.computeIfAbsent(p, k -> Gains.exactAll(net, k)[0]);
      java.math.BigDecimal[] gq = exactGradients.computeIfAbsent(q, k -> Gains.exactAll(net, k)[0]);
      java.math.BigDecimal dot = java.math.BigDecimal.ZERO;
      boolean same = true;
      for (int c = 0; c < inward.length; c++) {
        java.math.BigDecimal diff = gq[c].subtract(gp[c]);
        if (diff.signum() != 0 && (inS == null || inS[c])) same = false;
        dot = dot.add(diff.multiply(new java.math.BigDecimal(inward[c])));
      }
      return same ? 0 : -dot.signum();
    }

    /** x0 + eps v (inside the cell) and x0 - eps v (across), eps halved until confirmed. */
    private Witness witness(double[] x0, double[] v, double room) {
      int d = x0.length;
      double eps = 0.5 * room;
      for (int s = 0; s < SHRINK_STEPS && eps > 0; s++, eps *= 0.5) {
        double[] a = new double[d], b = new double[d];
        for (int c = 0; c < d; c++) {
          a[c] = x0[c] + eps * v[c];
          b[c] = x0[c] - eps * v[c];
        }
        if (!domain.contains(a) || !domain.contains(b)) continue;
        Witness w = Witness.verified(net, a, b, policy);
        if (w != null) return w;
      }
      return null;
    }

    Verdict verdict(VerdictKind kind, Witness w, String reason) {
      List<NeuronReport> reports = ledger.reports();
      double minGain = Double.NaN;
      for (NeuronReport r : reports) if (r.switches()) minGain = Double.isNaN(minGain) ? r.minGain() : Math.min(minGain, r.minGain());
      return new Verdict(kind, name(), domain, Verdict.NO_COUNT, Verdict.NO_COUNT, cells, minGain, w, reason, reports);
    }
  }

  /** What the walk learns about each hidden neuron from the frontiers where it switches. */
  private static final class NeuronLedger {
    private final Network net;
    private final boolean[][] switches;
    private final double[][] minGain;
    private final double[][][] minGainAt;
    private final List<List<Set<String>>> patterns = new ArrayList<>();

    NeuronLedger(Network net) {
      this.net = net;
      int k = net.hiddenLayers();
      switches = new boolean[k + 1][];
      minGain = new double[k + 1][];
      minGainAt = new double[k + 1][][];
      patterns.add(null);
      for (int l = 1; l <= k; l++) {
        switches[l] = new boolean[net.width(l)];
        minGain[l] = new double[net.width(l)];
        java.util.Arrays.fill(minGain[l], Double.POSITIVE_INFINITY);
        minGainAt[l] = new double[net.width(l)][];
        List<Set<String>> layer = new ArrayList<>();
        for (int i = 0; i < net.width(l); i++) layer.add(new HashSet<>());
        patterns.add(layer);
      }
    }

    /** A frontier between cells p and q at point x: every neuron whose bit differs switches there. */
    void record(ActivationPattern p, ActivationPattern q, double[][] gainsP, double[][] gainsQ, double[] x) {
      for (int l = 1; l <= net.hiddenLayers(); l++) {
        for (int i = 0; i < net.width(l); i++) {
          if (p.active(l, i) == q.active(l, i)) continue;
          switches[l][i] = true;
          patterns.get(l).get(i).add(downstream(p, l));
          patterns.get(l).get(i).add(downstream(q, l));
          double g = Math.min(gainsP[l][i], gainsQ[l][i]);
          if (g < minGain[l][i]) {
            minGain[l][i] = g;
            minGainAt[l][i] = x.clone();
          }
        }
      }
    }

    private String downstream(ActivationPattern a, int layer) {
      StringBuilder sb = new StringBuilder();
      for (int l = layer + 1; l <= net.hiddenLayers(); l++) {
        for (boolean b : a.layer(l)) sb.append(b ? '1' : '0');
        sb.append('|');
      }
      return sb.toString();
    }

    List<NeuronReport> reports() {
      List<NeuronReport> out = new ArrayList<>();
      for (int l = 1; l <= net.hiddenLayers(); l++)
        for (int i = 0; i < net.width(l); i++)
          out.add(new NeuronReport(new NeuronId(l, i), switches[l][i], patterns.get(l).get(i).size(),
              switches[l][i] ? minGain[l][i] : Double.NaN, minGainAt[l][i]));
      return out;
    }
  }
}
