package org.reluconvex.properties;

import java.math.BigDecimal;
import org.reluconvex.complex.Cell;
import org.reluconvex.complex.CellMaps;
import org.reluconvex.complex.CellWalk;
import org.reluconvex.complex.MarginLp;
import org.reluconvex.network.ActivationPattern;
import org.reluconvex.network.Domain;
import org.reluconvex.network.ExactForward;
import org.reluconvex.network.Network;
import org.reluconvex.pathlift.Gains;

/**
 * A point inside the cell of an activation pattern, confirmed in exact arithmetic: every hidden
 * neuron's pre-activation there is non-zero with the pattern's sign, so f is affine around it with the
 * pattern's gradient. What an integer program or a cell walk proposes becomes a fact here.
 *
 * @param x the point (in the domain)
 * @param margin its distance from every row of the cell, as the linear program found it
 * @param gradient grad f on the cell, exactly
 */
record CellPoint(double[] x, double margin, BigDecimal[] gradient) {

  /**
   * What a program's pattern is worth: its cell with a confirmed interior point (the cell of the
   * pattern with the bits of neurons identically zero on it by convention: the same gradient), or
   * the proof that no cell has that pattern, or neither ({@code undecided}: the pattern may be a thin
   * cell's, and only a proof of emptiness lets a program exclude it).
   */
  record Candidate(CellPoint point, boolean empty) {
    boolean undecided() { return point == null && !empty; }
  }

  static Candidate classify(Network net, Domain domain, ActivationPattern p) {
    try {
      double scale = CellWalk.scale(net, domain);
      CellMaps maps = CellMaps.of(net, p);
      Cell cell = new Cell(maps, domain, scale);
      if (cell.unprovenKinds() != null) return new Candidate(null, false);
      for (int l = 1; l < net.outputLayer(); l++)
        for (int i = 0; i < net.width(l); i++)
          // a neuron of constant sign on the region of its upstream bits, given the other bit: no cell has p
          if (maps.kind(l, i) == CellMaps.Kind.CONSTANT && maps.active(l, i) != p.active(l, i)) return new Candidate(null, true);
      MarginLp.Result r = cell.centre(scale);
      CellPoint point = of(net, domain, cell, scale, r);
      if (point != null) return new Candidate(point, false);
      return new Candidate(null, !(r.margin() > 0) && cell.provenEmpty(r));
    } catch (MarginLp.Failure | org.reluconvex.complex.UnresolvedGeometry e) {
      return new Candidate(null, false);
    }
  }

  /** As {@link #of(Network, Domain, ActivationPattern)} for a cell already at hand. */
  static CellPoint of(Network net, Domain domain, Cell cell, double scale) {
    return of(net, domain, cell, scale, cell.centre(scale));
  }

  private static CellPoint of(Network net, Domain domain, Cell cell, double scale, MarginLp.Result r) {
    if (!(r.margin() > CellWalk.FACET_MARGIN * scale) || !domain.contains(r.x())) return null;
    ActivationPattern p = cell.maps().pattern();
    if (!confirmed(net, r.x(), p)) return null;
    return new CellPoint(r.x(), r.margin(), Gains.exactAll(net, p)[0]);
  }

  /**
   * Whether every hidden pre-activation at x has the sign p gives it, exactly: non-zero, or zero
   * with an exactly zero gradient under p (a neuron identically zero around x, whose bit changes
   * nothing).
   */
  static boolean confirmed(Network net, double[] x, ActivationPattern p) {
    ExactForward ex = new ExactForward(net);
    BigDecimal[][] pre = ex.scaledPre(ExactForward.exact(x), BigDecimal.ONE);
    BigDecimal[][][] forms = null;
    for (int l = 1; l < net.outputLayer(); l++)
      for (int i = 0; i < net.width(l); i++) {
        int s = pre[l][i].signum();
        if (s != 0) {
          if ((s > 0) != p.active(l, i)) return false;
          continue;
        }
        if (forms == null) {
          boolean[][] gate = new boolean[net.outputLayer()][];
          for (int m = 1; m < net.outputLayer(); m++) gate[m] = p.layer(m).clone();
          forms = ex.gatedForms(gate);
        }
        for (int c = 0; c < net.inputDim(); c++) if (forms[l][i][c].signum() != 0) return false;
      }
    return true;
  }

  /** The pattern of an integer program's solution (1 active) as an activation pattern. */
  static ActivationPattern pattern(Network net, byte[][] bits) {
    boolean[][] a = new boolean[net.outputLayer()][];
    for (int l = 1; l < net.outputLayer(); l++) {
      a[l] = new boolean[net.width(l)];
      for (int i = 0; i < a[l].length; i++) a[l][i] = bits[l][i] == 1;
    }
    return new ActivationPattern(a);
  }

  double[] gradientAsDoubles() {
    double[] g = new double[gradient.length];
    for (int i = 0; i < g.length; i++) g[i] = gradient[i].doubleValue();
    return g;
  }
}
