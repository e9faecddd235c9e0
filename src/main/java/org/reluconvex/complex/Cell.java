package org.reluconvex.complex;

import java.util.Arrays;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;

/**
 * One cell of a network inside a domain, as a polyhedron: the closure of the set where the activation
 * pattern is {@link #maps()}'s pattern, {x in domain : s_nu pre_nu(x) &ge; 0 for every switching
 * neuron nu} with s_nu = +1 for active and -1 for inactive neurons.
 *
 * <p>Rows are unit-normal half-spaces n . x + c &ge; 0: one per switching neuron, then two per
 * coordinate for a box. Rows whose half-spaces coincide (duplicated or proportional neurons, or a
 * neuron on a box facet) form one group: one candidate facet. A group containing a box row is the
 * domain boundary.
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
    rowLayer = new int[m];
    rowIndex = new int[m];
    int k = 0;
    for (int l = 1; l <= net.hiddenLayers(); l++) {
      for (int i = 0; i < net.width(l); i++) {
        if (maps.kind(l, i) != CellMaps.Kind.SWITCHING) continue;
        double[] g = maps.gradient(l, i);
        double norm = 0;
        for (double v : g) norm += v * v;
        norm = Math.sqrt(norm);
        double s = maps.active(l, i) ? 1 : -1;
        for (int c = 0; c < d; c++) normals[k * d + c] = s * g[c] / norm;
        offsets[k] = s * maps.offset(l, i) / norm;
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
        k++;
        normals[k * d + c] = -1;
        offsets[k] = domain.hi(c);
        rowLayer[k] = -1;
        k++;
      }
    }
    group = new int[m];
    boundaryGroup = new boolean[m];
    for (int r = 0; r < m; r++) {
      group[r] = r;
      for (int q = 0; q < r; q++) {
        if (group[q] == q && coincide(q, r, scale)) {
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
   * Whether a row's hyperplane clearly misses a box domain (its minimum over the box, by interval
   * arithmetic, is positive beyond rounding): such a row cannot carry a facet, no program needed.
   */
  private boolean missesBox(int row) {
    if (!domain.isBox()) return false;
    double min = offsets[row], size = Math.abs(offsets[row]);
    for (int c = 0; c < d; c++) {
      double p = normals[row * d + c] * domain.lo(c), q = normals[row * d + c] * domain.hi(c);
      min += Math.min(p, q);
      size += Math.max(Math.abs(p), Math.abs(q));
    }
    return min > ROW_TOLERANCE * size;
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
      double tol = 0.5 * CellMaps.CANCELLATION_TOLERANCE * gb;
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
        double[] g = other.gradient(l, i);
        double norm = 0;
        for (double v : g) norm += v * v;
        best = Math.min(best, Math.abs(other.value(l, i, x)) / Math.sqrt(norm));
      }
    }
    return best;
  }
}
