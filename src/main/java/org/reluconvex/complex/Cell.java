package org.reluconvex.complex;

import java.math.BigDecimal;
import java.util.Arrays;
import org.reluconvex.network.Domain;
import org.reluconvex.network.ExactForward;
import org.reluconvex.network.Network;
import org.reluconvex.precision.PrecisionPolicy;

/**
 * One cell of a network inside a domain, as a polyhedron: the closure of the set where the activation
 * pattern is {@link #maps()}'s pattern, {x in domain : s_nu pre_nu(x) &ge; 0 for every switching
 * neuron nu} with s_nu = +1 for active and -1 for inactive neurons.
 *
 * <p>Rows are unit-normal half-spaces n . x + c &ge; 0: one per switching neuron, then two per
 * coordinate for a box. Rows whose half-spaces coincide (duplicated or proportional neurons, or a
 * neuron on a box facet) form one group: one candidate facet. A group containing a box row is the
 * domain boundary.
 *
 * <p>Rows coincide only when exact arithmetic says so: a tolerance proposes, and the exact affine
 * forms of the cell's pattern ({@link ExactForward#gatedForms}) confirm that one row is a positive
 * multiple of the other. A hyperplane 2^-50 from a box facet or from another neuron's is another
 * row, however close. "No facet here" and "this row misses the box" are proven the same way
 * ({@link #provenNoFacet}, {@link #missesBox}): in double with rigorous rounding bounds, and in
 * exact arithmetic where those cannot tell.
 */
public final class Cell {
  /** Rows coincide when normals agree to this in every coordinate and offsets to this times the scale. */
  public static final double ROW_TOLERANCE = 1e-9;

  private final CellMaps maps;
  private final Domain domain;
  private final int d;
  private final int m;
  private final double[] normals;
  private final double[] offsets;
  private final int[] rowLayer; // -1 for box rows
  private final int[] rowIndex;
  private final int[] group; // representative row of each row's group
  private final boolean[] boundaryGroup; // by representative row
  private final double scale;
  private final double[] rowNorm; // |grad| the row was divided by (1 for box rows)
  private final double[] rowSign; // +1 for an active neuron's row, -1 for an inactive one's
  private final double gamma; // relative rounding bound of the maps' sums
  private final double reach; // sum over c of max(|lo_c|, |hi_c|) on a box
  private BigDecimal[][][] exact; // the pattern's exact forms, when a decision needs them

  public Cell(CellMaps maps, Domain domain, double scale) {
    this.maps = maps;
    this.domain = domain;
    this.scale = scale;
    Network net = maps.network();
    d = net.inputDim();
    int count = domain.isBox() ? 2 * d : 0;
    for (int l = 1; l <= net.hiddenLayers(); l++)
      for (int i = 0; i < net.width(l); i++) if (maps.kind(l, i) == CellMaps.Kind.SWITCHING) count++;
    m = count;
    normals = new double[m * d];
    offsets = new double[m];
    rowNorm = new double[m];
    rowSign = new double[m];
    int terms = 0;
    for (int l = 0; l <= net.outputLayer(); l++) terms += net.width(l) + 1;
    gamma = PrecisionPolicy.DEFAULT.gamma(terms) * (1 + 1e-9);
    double far = 0; // how far from the origin a box point reaches, in the 1-norm of the weights
    if (domain.isBox()) for (int c = 0; c < d; c++) far += Math.max(Math.abs(domain.lo(c)), Math.abs(domain.hi(c)));
    reach = far;
    rowLayer = new int[m];
    rowIndex = new int[m];
    int k = 0;
    for (int l = 1; l <= net.hiddenLayers(); l++) {
      for (int i = 0; i < net.width(l); i++) {
        if (maps.kind(l, i) != CellMaps.Kind.SWITCHING) continue;
        double[] g = maps.gradient(l, i);
        double norm = norm(g);
        double s = maps.active(l, i) ? 1 : -1;
        for (int c = 0; c < d; c++) normals[k * d + c] = s * g[c] / norm;
        offsets[k] = s * maps.offset(l, i) / norm;
        rowNorm[k] = norm;
        rowSign[k] = s;
        rowLayer[k] = l;
        rowIndex[k] = i;
        k++;
      }
    }
    if (domain.isBox()) {
      for (int c = 0; c < d; c++) {
        normals[k * d + c] = 1;
        offsets[k] = -domain.lo(c);
        rowLayer[k] = -1;
        rowIndex[k] = c;
        rowNorm[k] = 1;
        rowSign[k] = 1;
        k++;
        normals[k * d + c] = -1;
        offsets[k] = domain.hi(c);
        rowLayer[k] = -1;
        rowIndex[k] = c;
        rowNorm[k] = 1;
        rowSign[k] = -1;
        k++;
      }
    }
    group = new int[m];
    boundaryGroup = new boolean[m];
    for (int r = 0; r < m; r++) {
      group[r] = r;
      for (int q = 0; q < r; q++) {
        if (group[q] == q && coincide(q, r, scale) && exactlyCoincide(q, r)) {
          group[r] = q;
          break;
        }
      }
    }
    for (int r = 0; r < m; r++) if (rowLayer[r] < 0) boundaryGroup[group[r]] = true;
  }

  private boolean coincide(int p, int q, double scale) {
    for (int c = 0; c < d; c++) if (Math.abs(normals[p * d + c] - normals[q * d + c]) > ROW_TOLERANCE) return false;
    return Math.abs(offsets[p] - offsets[q]) <= offsetTolerance(offsets[p], offsets[q], scale);
  }

  /**
   * Offsets (distances from the origin, normals being unit) coincide to ROW_TOLERANCE of their own
   * size: a tolerance relative to the box would merge a neuron's hyperplane with a facet of a huge box
   * (1e-9 of 8e11 spans the network's features) and lose its kink.
   */
  private static double offsetTolerance(double a, double b, double scale) {
    return ROW_TOLERANCE * Math.max(Math.abs(a), Math.abs(b)) + 1e-15 * scale;
  }

  /** |g|, scaled by its largest entry first: the squares of a tiny gradient underflow, a huge one's overflow. */
  static double norm(double[] g) {
    double max = 0;
    for (double v : g) max = Math.max(max, Math.abs(v));
    if (!(max > 0) || !Double.isFinite(max)) return max;
    double s = 0;
    for (double v : g) s += (v / max) * (v / max);
    return max * Math.sqrt(s);
  }

  public CellMaps maps() { return maps; }

  public Domain domain() { return domain; }

  /** Number of rows (switching neurons plus box facets). */
  public int rows() { return m; }

  /** Representative rows of the groups that are not on the domain boundary: the candidate frontiers. */
  public int[] frontierCandidates() {
    return java.util.stream.IntStream.range(0, m)
        .filter(r -> group[r] == r && !boundaryGroup[r] && !missesBox(r))
        .toArray();
  }

  /**
   * Whether a row's hyperplane is proven to miss a box domain: the minimum of its (unnormalised)
   * affine form over the box exceeds a rigorous bound on the rounding of the cell's maps. Such a row
   * cannot carry a facet, no program needed; a row not proven to miss is a candidate.
   */
  private boolean missesBox(int row) {
    if (!domain.isBox() || rowLayer[row] < 0) return false;
    CellMaps.Kind kind = maps.kind(rowLayer[row], rowIndex[row]);
    if (kind != CellMaps.Kind.SWITCHING) return false;
    double[] g = maps.gradient(rowLayer[row], rowIndex[row]);
    double sg = rowSign[row], min = sg * maps.offset(rowLayer[row], rowIndex[row]), size = Math.abs(min);
    for (int c = 0; c < d; c++) {
      double p = sg * g[c] * domain.lo(c), q = sg * g[c] * domain.hi(c);
      min += Math.min(p, q);
      size += Math.max(Math.abs(p), Math.abs(q));
    }
    return min > rowError(row) + 2 * gamma * size + PrecisionPolicy.DEFAULT.underflow(4 * d);
  }

  /**
   * A rigorous bound on the rounding error of an (unnormalised) neuron row, evaluated anywhere in the
   * box: |delta grad . x| + |delta offset| with each computed sum within gamma of its magnitude bound.
   */
  private double rowError(int row) {
    if (rowLayer[row] < 0) return 0;
    int l = rowLayer[row], i = rowIndex[row];
    return gamma * (maps.gradientBound(l, i) * reach + maps.offsetBound(l, i)) + PrecisionPolicy.DEFAULT.underflow(4 * d);
  }

  /** The pattern's exact affine forms, computed once per cell when a decision needs them. */
  private BigDecimal[][][] exactForms() {
    if (exact == null) {
      Network net = maps.network();
      boolean[][] gate = new boolean[net.outputLayer()][];
      for (int l = 1; l < net.outputLayer(); l++) {
        gate[l] = new boolean[net.width(l)];
        for (int i = 0; i < gate[l].length; i++) gate[l][i] = maps.active(l, i);
      }
      exact = new ExactForward(net).gatedForms(gate);
    }
    return exact;
  }

  /** Row r as an exact form {a_1..a_d, c} of its half-space a . x + c &ge; 0, unnormalised. */
  private BigDecimal[] exactRow(int r) {
    if (rowLayer[r] < 0) return FarkasCertificate.boxFacet(domain, rowIndex[r], rowSign[r] > 0);
    BigDecimal[] f = new BigDecimal[d + 1];
    BigDecimal[] form = exactForms()[rowLayer[r]][rowIndex[r]];
    for (int k = 0; k <= d; k++) f[k] = rowSign[r] > 0 ? form[k] : form[k].negate();
    return f;
  }

  /** Whether rows p and q are the same half-space exactly: one a positive multiple of the other. */
  private boolean exactlyCoincide(int p, int q) {
    if (rowLayer[p] < 0 && rowLayer[q] < 0) return true; // box rows are exact doubles, the tolerance test was exact
    return ExactForward.isMultiple(exactRow(p), exactRow(q), true);
  }

  /**
   * Null when every neuron's kind rests on exact zeros, else why not: a gradient or offset that the
   * cancellation tolerance snapped to zero and exact arithmetic finds non-zero (the neuron may switch
   * inside the cell, which the walk would not see).
   */
  public String unprovenKinds() {
    Network net = maps.network();
    for (int l = 1; l <= net.hiddenLayers(); l++)
      for (int i = 0; i < net.width(l); i++) {
        if (!maps.snapped(l, i)) continue;
        BigDecimal[] f = exactForms()[l][i];
        for (int c = 0; c < d; c++)
          if (f[c].signum() != 0) return "neuron " + i + " of layer " + l + " was taken for constant on a cell where its gradient is not exactly zero";
        if (maps.kind(l, i) == CellMaps.Kind.ZERO ? f[d].signum() != 0 : f[d].signum() != (maps.offset(l, i) > 0 ? 1 : -1))
          return "neuron " + i + " of layer " + l + " was taken for zero on a cell where it is not exactly zero";
      }
    return null;
  }

  /**
   * Whether the group's hyperplane is proven to carry no facet of this cell, from the multipliers of
   * the program that centred it ({@link MarginLp.Result}): with lambda &ge; 0 on the margin rows and mu
   * on the hyperplane, L(x) = sum lambda_k row_k(x) + mu row_e(x) is positive at any point of the
   * hyperplane where every row is positive; so max over the domain of L &le; 0 (and some lambda_k &gt; 0)
   * proves there is no such point. The solver's numbers are only a guess here: L is evaluated in
   * double with a rigorous bound on every rounding (the maps' and L's own), and exactly when that
   * cannot tell. On all of R^d the linear part of L must vanish exactly.
   */
  public boolean provenNoFacet(int representative, MarginLp.Result r) {
    int[] work = r.working();
    double[] lam = r.multipliers();
    if (work.length == 0) return false;
    // the multiplier of each working row's half-space form s (grad . x + off), unnormalised
    double[] alpha = new double[work.length];
    boolean positive = false;
    for (int w = 0; w < work.length; w++) {
      int k = work[w];
      if (k == m) {
        if (lam[w] > 0) return false; // the cap binds: the margin is the cap, positive
        continue;
      }
      int row = k < 0 ? representative : k;
      double l = k < 0 ? -lam[w] : Math.max(0, lam[w]); // the equality's multiplier is free; a negative one elsewhere is dropped
      alpha[w] = l / rowNorm[row];
      positive |= k >= 0 && alpha[w] > 0;
      if (!Double.isFinite(alpha[w])) return false;
    }
    if (!positive) return false;
    if (domain.isBox() && certificateInDouble(representative, work, alpha)) return true;
    return certificateExactly(representative, work, alpha);
  }

  /**
   * Whether the cell is proven to have no interior point, from the multipliers of the program that
   * centred it ({@link #centre}): the certificate of {@link #provenNoFacet} without a hyperplane.
   */
  public boolean provenEmpty(MarginLp.Result r) {
    for (int k : r.working()) if (k < 0) return false; // a centre's program has no equality
    return provenNoFacet(-1, r);
  }

  private boolean certificateInDouble(int representative, int[] work, double[] alpha) {
    double[] lin = new double[d];
    double constant = 0, err = 0, mag = 0;
    for (int w = 0; w < work.length; w++) {
      if (work[w] == m || alpha[w] == 0) continue;
      int row = work[w] < 0 ? representative : work[w];
      double a = Math.abs(alpha[w]);
      if (rowLayer[row] < 0) {
        int c = rowIndex[row];
        lin[c] += alpha[w] * rowSign[row]; // exact: a sign change
        constant += alpha[w] * (rowSign[row] > 0 ? -domain.lo(c) : domain.hi(c));
        mag += a * (reach + Math.abs(domain.lo(c)) + Math.abs(domain.hi(c)));
        continue;
      }
      double[] g = maps.gradient(rowLayer[row], rowIndex[row]);
      double h = maps.offset(rowLayer[row], rowIndex[row]), g1 = 0;
      double as = alpha[w] * rowSign[row]; // exact: a sign change
      for (int c = 0; c < d; c++) {
        lin[c] += as * g[c];
        g1 += Math.abs(g[c]);
      }
      constant += as * h;
      err += a * rowError(row);
      mag += a * (g1 * reach + Math.abs(h));
    }
    double max = constant;
    for (int c = 0; c < d; c++) {
      double lo = lin[c] * domain.lo(c), hi = lin[c] * domain.hi(c);
      max += Math.max(lo, hi);
      mag += Math.max(Math.abs(lo), Math.abs(hi));
    }
    int n = 2 * (work.length + d + 2);
    double bound = err * (1 + 1e-9) + PrecisionPolicy.DEFAULT.gamma(n) * 2 * mag + PrecisionPolicy.DEFAULT.underflow(n * (d + 1));
    return Double.isFinite(max) && Double.isFinite(bound) && max + bound < 0;
  }

  private boolean certificateExactly(int representative, int[] work, double[] alpha) {
    java.util.List<BigDecimal[]> rows = new java.util.ArrayList<>();
    java.util.List<Double> guess = new java.util.ArrayList<>();
    double eqGuess = 0;
    for (int w = 0; w < work.length; w++) {
      if (work[w] == m) continue;
      if (work[w] < 0) {
        eqGuess = alpha[w];
        continue;
      }
      rows.add(exactRow(work[w]));
      guess.add(alpha[w]);
    }
    return FarkasCertificate.proves(rows, guess.stream().mapToDouble(Double::doubleValue).toArray(),
        representative < 0 ? null : exactRow(representative), eqGuess, domain);
  }

  /** The hidden neurons whose rows form the group of a representative row. */
  public boolean groupHasNeuron(int representative, int layer, int index) {
    for (int r = 0; r < m; r++) if (group[r] == representative && rowLayer[r] == layer && rowIndex[r] == index) return true;
    return false;
  }

  /** The hidden neurons (layer, index) of the group of a representative row. */
  public int[][] groupNeurons(int representative) {
    return java.util.stream.IntStream.range(0, m).filter(r -> group[r] == representative && rowLayer[r] > 0)
        .mapToObj(r -> new int[] {rowLayer[r], rowIndex[r]}).toArray(int[][]::new);
  }

  /**
   * The row seen from the other side of its hyperplane: (-n, -c), length d + 1. It is an inward row
   * of the neighbouring cell, for {@link #matchesAny}.
   */
  public double[] outwardRow(int row) {
    double[] r = new double[d + 1];
    for (int c = 0; c < d; c++) r[c] = -normals[row * d + c];
    r[d] = -offsets[row];
    return r;
  }

  /** Whether a row coincides (per {@link #ROW_TOLERANCE}) with one of the given rows (n, c). */
  public boolean matchesAny(int row, java.util.List<double[]> rows) {
    for (double[] r : rows) {
      boolean same = Math.abs(offsets[row] - r[d]) <= offsetTolerance(offsets[row], r[d], scale);
      for (int c = 0; c < d && same; c++) same = Math.abs(normals[row * d + c] - r[c]) <= ROW_TOLERANCE;
      if (same) return true;
    }
    return false;
  }

  /** Unit inward normal of a row. */
  public double[] normal(int row) {
    return Arrays.copyOfRange(normals, row * d, row * d + d);
  }

  /** Largest margin of a point of the cell from every row (the cell is full-dimensional iff it is positive). */
  public MarginLp.Result centre(double cap) {
    boolean[] use = new boolean[m];
    Arrays.fill(use, true);
    return MarginLp.maximise(d, normals, offsets, m, use, -1, cap);
  }

  /**
   * Largest margin, from every row outside the group, of a point on the group's hyperplane: positive iff
   * the group defines a facet; the point is then in the facet's relative interior. The search starts
   * from {@code start} (any point near the cell, or null).
   */
  public MarginLp.Result facetCentre(int representative, double cap, double[] start) {
    boolean[] use = new boolean[m];
    for (int r = 0; r < m; r++) use[r] = group[r] != representative;
    return MarginLp.maximise(d, normals, offsets, m, use, representative, cap, start);
  }

  /**
   * The neurons whose pre-activation vanishes on the group's hyperplane: the group's neurons and the
   * neurons identically zero on this cell. All others keep their sign across a facet.
   */
  public boolean[][] vanishing(int representative) {
    Network net = maps.network();
    boolean[][] v = new boolean[net.outputLayer()][];
    for (int l = 1; l <= net.hiddenLayers(); l++) {
      v[l] = new boolean[net.width(l)];
      for (int i = 0; i < net.width(l); i++) v[l][i] = maps.kind(l, i) == CellMaps.Kind.ZERO;
    }
    for (int r = 0; r < m; r++) if (group[r] == representative && rowLayer[r] > 0) v[rowLayer[r]][rowIndex[r]] = true;
    return v;
  }

  /**
   * The cell across the group's hyperplane. Neurons that do not vanish there keep their bits
   * (continuity: their pre-activation is non-zero on the open facet). A vanishing neuron's
   * pre-activation is, on the other side, affine and zero on the facet, hence its map there is a
   * multiple of the distance to the facet: its bit is the sign of grad' . n, n the outward normal,
   * with the upstream bits of the other side already decided (layer order).
   *
   * @throws UnresolvedGeometry if a vanishing neuron's side cannot be told
   */
  public CellMaps across(int representative) {
    boolean[][] van = vanishing(representative);
    double[] n = normal(representative);
    for (int c = 0; c < d; c++) n[c] = -n[c];
    int first = van.length; // layers below the first vanishing neuron keep their maps and bits
    for (int l = van.length - 1; l >= 1; l--) for (boolean b : van[l]) if (b) first = l;
    return CellMaps.build(maps.network(), (l, i, g, o, h, gb) -> {
      if (!van[l][i]) return maps.active(l, i);
      double dot = 0;
      for (int c = 0; c < d; c++) dot += g[o + c] * n[c];
      // far above the maps' rounding bound (gamma gb), which it must exceed to decide a side
      double tol = Math.max(0.5 * CellMaps.CANCELLATION_TOLERANCE, 4 * gamma) * gb;
      if (dot > tol) return true;
      if (dot < -tol) return false;
      throw new UnresolvedGeometry("cannot tell on which side of a frontier neuron " + i + " of layer " + l + " is active");
    }, maps, first);
  }

  /**
   * How far one can move from x (a point of the open facet) into the cell {@code other} without
   * reaching another of its switching neurons' zero sets: min |pre(x)| / |grad| over the non-vanishing
   * switching neurons of {@code other}.
   */
  public static double roomIn(CellMaps other, boolean[][] vanishing, double[] x) {
    Network net = other.network();
    double best = Double.POSITIVE_INFINITY;
    for (int l = 1; l <= net.hiddenLayers(); l++) {
      for (int i = 0; i < net.width(l); i++) {
        if (vanishing[l][i] || other.kind(l, i) != CellMaps.Kind.SWITCHING) continue;
        best = Math.min(best, Math.abs(other.value(l, i, x)) / norm(other.gradient(l, i)));
      }
    }
    return best;
  }
}
