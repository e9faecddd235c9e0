package org.reluconvex.convexity;

import java.util.ArrayList;
import java.util.List;
import org.reluconvex.complex.FarkasCertificate;
import org.reluconvex.complex.MarginLp;
import org.reluconvex.milp.PreBounds;
import org.reluconvex.network.BoundedForward;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;
import org.reluconvex.network.NeuronId;
import org.reluconvex.precision.PrecisionPolicy;

/**
 * A face of a neuron's zero set named by a point near it and an activation pattern (from an
 * integer program's solution, or from an edge of the skeleton and the sides of the neurons tight on
 * it), decided exactly: its deep point (or null), the exact sign of the kink across it
 * ({@link ExactFrontier}; NaN when undecided), the neurons whose pattern a no-good cut removes once
 * the face is decided (those that set its kink, or those of a Farkas certificate when the face is
 * proven to have no relative interior), and a witness when the kink is negative or the face too
 * thin to centre. Neurons whose gated form is an exact multiple of the face's neuron's (ties,
 * confirmed in exact arithmetic after a test in double) switch with it; the kink accounts for every
 * neuron switching there (docs/math.md section 10), where the gain of one neuron alone does not.
 */
record TiedFace(double[] centre, double kink, boolean[][] cut, Witness witness, boolean lowerDimensional) {
  /**
   * Whether the face is settled without a witness: no relative interior, no frontier of the neuron
   * (its pre-activation is 0 on a whole region under the pattern), or an exact kink that is zero or
   * positive.
   */
  boolean convex() { return lowerDimensional || kink >= 0; }

  /**
   * A face whose deepest point lies within this fraction of the box scale of another zero set or
   * the box's boundary is too thin for the linear program to centre: it is never taken as
   * lower-dimensional, only searched for a witness by exact walks, and otherwise left undecided.
   */
  static final double THIN = 1e-9;

  /** Faces of one neuron's zero set where several neurons switch together, decided by their kinks before giving up. */
  static final int MAX_PER_NEURON = 64;

  /**
   * The face of id's zero set that a pattern names (1 active, 0 inactive per hidden neuron; the
   * side of every neuron not tied with id), xs a point at or near it. Neurons whose gated form is an
   * exact multiple of id's (ties, confirmed in exact arithmetic after a test in double) are left
   * free; the rest keep their sides with a margin. The kink across the face is decided exactly at a
   * point of its relative interior, which accounts for every neuron switching there (docs/math.md
   * section 10), where the gain of id alone does not.
   */
  static TiedFace of(Network net, Domain box, PreBounds bounds, PrecisionPolicy policy, NeuronId id, double[] xs, byte[][] pattern, long seed) {
    int d = net.inputDim(), out = net.outputLayer();
    boolean[][] gate = new boolean[out][];
    for (int l = 1; l < out; l++) {
      gate[l] = new boolean[net.width(l)];
      for (int i = 0; i < gate[l].length; i++) gate[l][i] = pattern[l][i] == 1;
    }
    BoundedForward bf = new BoundedForward(net, policy);
    bf.run(xs, gate, true);
    double[][][] a = new double[out][][];
    double[][] c = new double[out][];
    for (int l = 1; l < out; l++) {
      a[l] = new double[net.width(l)][];
      c[l] = new double[net.width(l)];
      for (int i = 0; i < net.width(l); i++) {
        a[l][i] = new double[d];
        c[l][i] = bf.value(l, i);
        for (int k = 0; k < d; k++) {
          a[l][i][k] = bf.gradient(l, i, k);
          c[l][i] -= a[l][i][k] * xs[k];
        }
      }
    }
    double[] aEq = a[id.layer()][id.index()];
    double cEq = c[id.layer()][id.index()];
    double nn = 0, scale = Math.abs(cEq);
    for (int k = 0; k < d; k++) {
      nn += aEq[k] * aEq[k];
      scale += Math.abs(aEq[k]) * Math.max(Math.abs(box.lo(k)), Math.abs(box.hi(k)));
    }
    java.math.BigDecimal[][][] forms = new org.reluconvex.network.ExactForward(net).gatedForms(gate);
    java.math.BigDecimal[] formEq = forms[id.layer()][id.index()];
    if (java.util.Arrays.stream(formEq).allMatch(v -> v.signum() == 0)) {
      // under this pattern id's pre-activation is 0 on a whole region: id switches nowhere inside it,
      // and where it starts to, an upstream neuron switches with it (a face of that neuron's zero set)
      boolean[][] cut = new boolean[out][];
      for (int l = 1; l < out; l++) cut[l] = new boolean[net.width(l)];
      markWithUpstream(net, bounds, id.layer(), id.index(), cut);
      cut[id.layer()][id.index()] = false;
      return new TiedFace(null, Double.NaN, cut, null, true);
    }
    boolean[][] tied = new boolean[out][];
    List<int[]> sideNeurons = new ArrayList<>();
    for (int l = 1; l < out; l++) {
      tied[l] = new boolean[net.width(l)];
      for (int i = 0; i < net.width(l); i++) {
        if (bounds.stable(l, i) || (l == id.layer() && i == id.index())) continue;
        // nearly a multiple in double is only a candidate: a zero set 2^-30 away is another frontier
        if (vanishesOn(a[l][i], c[l][i], aEq, cEq, nn, scale, box) && org.reluconvex.network.ExactForward.isMultiple(formEq, forms[l][i], false)) {
          tied[l][i] = true;
          continue;
        }
        double norm = 0;
        for (double v : a[l][i]) norm += v * v;
        if (norm > 0 && Double.isFinite(norm)) sideNeurons.add(new int[] {l, i});
      }
    }
    boolean[][] relevant = relevant(net, bounds, id, tied);
    WitnessSearch ws = new WitnessSearch(net, box, policy);
    if (!(nn > 0) || !Double.isFinite(nn)) return new TiedFace(null, Double.NaN, relevant, ws.alongChords(xs, null), false);
    // the face's centre: rows s (a . x + c) / |a| >= t for the other neurons and the box, on id's hyperplane
    int m = sideNeurons.size() + 2 * d, eq = m;
    double[] normals = new double[(m + 1) * d], offsets = new double[m + 1], norms = new double[m + 1];
    for (int k = 0; k < sideNeurons.size(); k++) {
      int l = sideNeurons.get(k)[0], i = sideNeurons.get(k)[1];
      double side = gate[l][i] ? 1 : -1, norm = 0;
      for (double v : a[l][i]) norm += v * v;
      norms[k] = Math.sqrt(norm);
      for (int q = 0; q < d; q++) normals[k * d + q] = side * a[l][i][q] / norms[k];
      offsets[k] = side * c[l][i] / norms[k];
    }
    for (int q = 0; q < d; q++) {
      int k = sideNeurons.size() + 2 * q;
      normals[k * d + q] = 1;
      offsets[k] = -box.lo(q);
      normals[(k + 1) * d + q] = -1;
      offsets[k + 1] = box.hi(q);
      norms[k] = norms[k + 1] = 1;
    }
    norms[eq] = Math.sqrt(nn);
    for (int q = 0; q < d; q++) normals[eq * d + q] = aEq[q] / norms[eq];
    offsets[eq] = cEq / norms[eq];
    boolean[] use = new boolean[m + 1];
    java.util.Arrays.fill(use, 0, m, true);
    MarginLp.Result deep;
    try {
      deep = MarginLp.maximise(d, normals, offsets, m + 1, use, eq, box.scale(), xs);
    } catch (MarginLp.Failure e) {
      deep = null;
    }
    if (deep == null || deep.margin() <= THIN * box.scale()) {
      // a pattern realised only where other zero sets cross (no frontier has it), proven exactly
      boolean[] support = deep == null ? null : lowerDimensional(deep, sideNeurons, gate, forms, formEq, box, m, norms);
      if (support != null) {
        // the emptiness rests on the sides of the neurons in the certificate, whose forms rest on their upstream bits
        boolean[][] cut = new boolean[out][];
        for (int l = 1; l < out; l++) cut[l] = new boolean[net.width(l)];
        for (int k = 0; k < sideNeurons.size(); k++)
          if (support[k]) markWithUpstream(net, bounds, sideNeurons.get(k)[0], sideNeurons.get(k)[1], cut);
        markWithUpstream(net, bounds, id.layer(), id.index(), cut); // the hyperplane's own form
        cut[id.layer()][id.index()] = false;
        return new TiedFace(null, Double.NaN, cut, null, true);
      }
      // too thin to centre in double: exact walks across it from the program's point, then along the zero set
      Witness w = ws.alongChords(xs, aEq);
      if (w == null) w = ws.acrossZeroSet(id, 8, seed);
      if (w == null) w = ws.nearZeroSet(xs, id, 16, 1e-3);
      return new TiedFace(null, Double.NaN, relevant, w, false);
    }
    double[] centre = deep.x();
    boolean[][] stable = new boolean[out][];
    for (int l = 1; l < out; l++) {
      stable[l] = new boolean[net.width(l)];
      for (int i = 0; i < stable[l].length; i++) stable[l][i] = bounds.stable(l, i);
    }
    Integer sign = ExactFrontier.kinkSign(net, forms, id, tied, gate, relevant, stable, centre, aEq);
    if (sign != null && sign >= 0) return new TiedFace(centre, sign, relevant, null, false);
    Witness w = ws.at(centre, aEq, id);
    if (w == null) w = ws.alongChords(centre, aEq);
    if (w == null && sign != null) w = ws.nearZeroSet(centre, id, 16, 1e-3);
    return new TiedFace(centre, sign == null ? Double.NaN : sign, relevant, w, false);
  }

  /** Marks an unstable neuron and every unstable neuron upstream of it (those its gated form depends on). */
  private static void markWithUpstream(Network net, PreBounds bounds, int layer, int index, boolean[][] mark) {
    if (!bounds.stable(layer, index)) mark[layer][index] = true;
    boolean[][] up = new boolean[net.outputLayer()][];
    for (int l = 1; l < net.outputLayer(); l++) up[l] = new boolean[net.width(l)];
    up[layer][index] = true;
    for (int l = layer; l >= 2; l--)
      for (int i = 0; i < net.width(l); i++) {
        if (!up[l][i]) continue;
        for (int m = 1; m < l; m++)
          if (net.hasBlock(l, m))
            for (int j = 0; j < net.width(m); j++)
              if (net.weight(l, m, i, j) != 0) {
                up[m][j] = true;
                if (!bounds.stable(m, j)) mark[m][j] = true;
              }
      }
  }

  /**
   * The rows (indices into sideNeurons, box rows after them) of a Farkas certificate proving that the
   * face has no relative interior, on its exact rows (the other neurons' gated forms on their sides
   * and the box facets) with the program's multipliers; null when not proven.
   */
  static boolean[] lowerDimensional(MarginLp.Result r, List<int[]> sideNeurons, boolean[][] gate, java.math.BigDecimal[][][] forms,
      java.math.BigDecimal[] formEq, Domain box, int m, double[] norms) {
    int d = box.dim();
    List<java.math.BigDecimal[]> rows = new ArrayList<>();
    List<Double> guess = new ArrayList<>();
    List<Integer> rowOf = new ArrayList<>();
    double eqGuess = 0;
    int[] work = r.working();
    double[] lam = r.multipliers();
    for (int w = 0; w < work.length; w++) {
      int k = work[w];
      if (k == m + 1) {
        if (lam[w] > 0) return null; // the cap binds
        continue;
      }
      if (k < 0) {
        eqGuess = -lam[w] / norms[m];
        continue;
      }
      java.math.BigDecimal[] f = new java.math.BigDecimal[d + 1];
      if (k < sideNeurons.size()) {
        int l = sideNeurons.get(k)[0], i = sideNeurons.get(k)[1];
        for (int q = 0; q <= d; q++) f[q] = gate[l][i] ? forms[l][i][q] : forms[l][i][q].negate();
      } else {
        f = FarkasCertificate.boxFacet(box, (k - sideNeurons.size()) / 2, (k - sideNeurons.size()) % 2 == 0);
      }
      rows.add(f);
      rowOf.add(k);
      guess.add(lam[w] / norms[k]);
    }
    boolean[] used = FarkasCertificate.support(rows, guess.stream().mapToDouble(Double::doubleValue).toArray(), formEq, eqGuess, box);
    if (used == null) return null;
    boolean[] support = new boolean[m];
    for (int q = 0; q < used.length; q++) if (used[q]) support[rowOf.get(q)] = true;
    return support;
  }

  /** Whether the affine a.x + c vanishes on the hyperplane aEq.x + cEq = 0 (is a multiple of it), to a relative 1e-9. */
  private static boolean vanishesOn(double[] a, double c, double[] aEq, double cEq, double nn, double scale, Domain box) {
    double dot = 0;
    for (int k = 0; k < a.length; k++) dot += a[k] * aEq[k];
    double alpha = dot / nn;
    double resid = Math.abs(c - alpha * cEq), size = Math.abs(c) + Math.abs(alpha) * scale;
    for (int k = 0; k < a.length; k++) {
      double r = a[k] - alpha * aEq[k];
      double reach = Math.max(Math.abs(box.lo(k)), Math.abs(box.hi(k)));
      resid += Math.abs(r) * reach;
      size += Math.abs(a[k]) * reach;
    }
    return resid <= 1e-9 * size;
  }

  /**
   * The neurons whose pattern decides the kink across id's zero set with the given ties: those on a
   * path from id or a tied neuron to the output, and those upstream of any of these (they set the
   * gradients), minus the tied ones (their value at zero is free).
   */
  private static boolean[][] relevant(Network net, PreBounds bounds, NeuronId id, boolean[][] tied) {
    int out = net.outputLayer();
    boolean[][] down = new boolean[out + 1][];
    for (int l = 1; l <= out; l++) down[l] = new boolean[net.width(l)];
    down[id.layer()][id.index()] = true;
    for (int l = 1; l < out; l++)
      for (int i = 0; i < net.width(l); i++) if (tied[l][i]) down[l][i] = true;
    for (int l = 2; l < out; l++)
      for (int i = 0; i < net.width(l); i++)
        for (int m = 1; m < l && !down[l][i]; m++)
          for (int j = 0; j < net.width(m); j++)
            if (down[m][j] && net.hasBlock(l, m) && net.weight(l, m, i, j) != 0) {
              down[l][i] = true;
              break;
            }
    boolean[][] up = new boolean[out][];
    for (int l = 1; l < out; l++) up[l] = down[l].clone();
    for (int l = out - 1; l >= 2; l--)
      for (int i = 0; i < net.width(l); i++) {
        if (!up[l][i]) continue;
        for (int m = 1; m < l; m++)
          if (net.hasBlock(l, m))
            for (int j = 0; j < net.width(m); j++) if (net.weight(l, m, i, j) != 0) up[m][j] = true;
      }
    boolean[][] r = new boolean[out][];
    for (int l = 1; l < out; l++) {
      r[l] = new boolean[net.width(l)];
      for (int i = 0; i < net.width(l); i++) r[l][i] = up[l][i] && !tied[l][i] && !bounds.stable(l, i);
    }
    r[id.layer()][id.index()] = false; // on its own zero set either value is allowed
    return r;
  }

}
