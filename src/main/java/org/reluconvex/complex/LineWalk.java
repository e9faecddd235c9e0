package org.reluconvex.complex;

import java.util.Arrays;
import org.reluconvex.network.Network;

/**
 * Values of second-layer neurons at the vertices of the first-layer arrangement in the plane, by
 * walking along each first-layer line. Between two consecutive vertices of a line the first-layer
 * pattern is constant, so every second-layer pre-activation changes linearly with slope
 * s = W20 u + W21 (a (.) W1 u); at a vertex the pattern changes in a few neurons and s by a rank-one
 * term. This costs O(width) per vertex instead of the O(width^2) of a forward pass.
 *
 * <p>It reads the vertices through a {@link VertexView} while the second layer's cuts add more: what
 * it reads of the vertices it walks (position, first-layer tight constraints and activity) does not
 * change during that layer.
 */
final class LineWalk {
  private final VertexView vertices;
  private final Network net;
  private final int n1;
  private final int nv;

  /** Walks the vertices 0..count-1 (those of the first-layer arrangement). */
  LineWalk(VertexView vertices, Network net, int count) {
    this.vertices = vertices;
    this.net = net;
    this.n1 = net.width(1);
    this.nv = count;
  }

  /** In the plane (d = 2), every vertex before the second layer is a box corner or on a first-layer line. */
  static boolean applies(Network net) {
    return net.inputDim() == 2 && net.hiddenLayers() >= 2;
  }

  private int[][] members; // vertices on each first-layer line, sorted along it
  private double[][] along; // their positions along the line
  private int[] owner; // the line that writes each vertex's values, -1 for box corners

  /** Groups and sorts the vertices by line once; blocks of neurons then reuse the order. */
  private void prepare() {
    int lo = 4, hi = 4 + n1; // constraint ids of first-layer neurons (2d = 4 facets first)
    int[] count = new int[n1];
    owner = new int[nv];
    for (int v = 0; v < nv; v++) {
      owner[v] = -1;
      for (int k = 0, m = vertices.tightCount(v); k < m; k++) {
        int c = vertices.tightAt(v, k);
        if (c >= lo && c < hi) {
          if (owner[v] < 0) owner[v] = c - lo;
          count[c - lo]++;
        }
      }
    }
    members = new int[n1][];
    along = new double[n1][];
    for (int i = 0; i < n1; i++) members[i] = new int[count[i]];
    Arrays.fill(count, 0);
    for (int v = 0; v < nv; v++)
      for (int k = 0, m = vertices.tightCount(v); k < m; k++) {
        int c = vertices.tightAt(v, k);
        if (c >= lo && c < hi) members[c - lo][count[c - lo]++] = v;
      }
    double[] w1 = net.rawBlock(1, 0);
    Parallel.forEach(n1, (long) nv * 8, line -> {
      int[] verts = members[line];
      int m = verts.length;
      double ux = -w1[line * 2 + 1], uy = w1[line * 2];
      double[] t = new double[m];
      int[] order = new int[m];
      for (int k = 0; k < m; k++) {
        order[k] = k;
        t[k] = ux * vertices.coord(verts[k], 0) + uy * vertices.coord(verts[k], 1);
      }
      IndexSort.byKey(order, t);
      int[] sorted = new int[m];
      double[] ts = new double[m];
      double norm = Math.hypot(ux, uy);
      for (int k = 0; k < m; k++) {
        sorted[k] = verts[order[k]];
        ts[k] = norm == 0 ? 0 : t[order[k]] / norm;
      }
      members[line] = sorted;
      along[line] = ts;
    });
  }

  /** Most values one walk computes (vertices x neurons): more neurons per walk, fewer walks. */
  private static final long WALK_BUDGET = 1L << 23;

  /** Values of neurons cachedFrom..cachedFrom+span-1 at every walked vertex, row-major. */
  private double[] cached;
  private int cachedFrom = -1;
  private int span;

  /**
   * Values of second-layer neurons j0..j1-1 at the walked vertices, into out (row-major, j1 - j0 per
   * vertex). One walk serves several blocks: it computes as many neurons as the budget allows and
   * keeps them.
   */
  void evaluate(int j0, int j1, double[] out) {
    if (members == null) prepare();
    int n2 = net.width(2);
    if (cached == null || j0 < cachedFrom || j1 > cachedFrom + span) {
      span = (int) Math.max(j1 - j0, Math.min(n2 - j0, WALK_BUDGET / Math.max(1, nv)));
      cached = walkAll(j0, j0 + span);
      cachedFrom = j0;
    }
    int cols = j1 - j0, off = j0 - cachedFrom;
    for (int v = 0; v < nv; v++) System.arraycopy(cached, v * span + off, out, v * cols, cols);
  }

  private double[] walkAll(int j0, int j1) {
    int cols = j1 - j0;
    // row-major: a walk writes one vertex's values contiguously
    final double[] rows = cached != null && cached.length >= nv * cols ? cached : new double[nv * cols];
    // columns of W21 restricted to the neurons walked, contiguous for the rank-one slope updates;
    // a DAG may have no edges from layer 1 into layer 2 (zeros: layer 2 is then affine in x)
    double[] w21 = net.rawBlock(2, 1);
    double[] colsT = new double[n1 * cols];
    if (w21 != null)
      for (int j = 0; j < cols; j++)
        for (int i = 0; i < n1; i++) colsT[i * cols + j] = w21[(j0 + j) * n1 + i];
    Parallel.forEach(n1, (long) nv * cols, i -> walk(i, j0, j1, rows, colsT));
    for (int v = 0; v < nv; v++) if (owner[v] < 0) direct(v, j0, j1, colsT, rows, true);
    return rows;
  }

  private void walk(int line, int j0, int j1, double[] rows, double[] colsT) {
    int[] verts = members[line];
    int m = verts.length;
    if (m == 0) return;
    double[] t = along[line];
    double[] w1 = net.rawBlock(1, 0);
    double ux = -w1[line * 2 + 1], uy = w1[line * 2];
    double norm = Math.hypot(ux, uy);
    if (norm == 0) { // a neuron constant in x: its "line" is the whole plane or empty
      for (int v : verts) if (owner[v] == line) direct(v, j0, j1, colsT, rows, true);
      return;
    }
    ux /= norm;
    uy /= norm;
    int cols = j1 - j0;
    double[] val = direct(verts[0], j0, j1, colsT, rows, owner[verts[0]] == line);
    // directional derivative of every first-layer pre-activation along u
    double[] du = new double[n1];
    for (int i = 0; i < n1; i++) du[i] = w1[2 * i] * ux + w1[2 * i + 1] * uy;
    double[] w20 = net.rawBlock(2, 0);
    int w1words = (n1 + 63) >>> 6;
    long[] active = new long[w1words];
    double[] slope = new double[cols];
    for (int k = 0; k + 1 < m; k++) {
      int a = verts[k], b = verts[k + 1];
      // pattern on the open segment a-b: OR of the endpoints' first-layer bits
      for (int q = 0; q < w1words; q++) {
        long now = vertices.bitWord(a, q) | vertices.bitWord(b, q);
        if (q == w1words - 1 && (n1 & 63) != 0) now &= (1L << (n1 & 63)) - 1;
        long diff = k == 0 ? 0 : now ^ active[q];
        active[q] = now;
        while (diff != 0) {
          int i = 64 * q + Long.numberOfTrailingZeros(diff);
          diff &= diff - 1;
          double coef = (now & (1L << (i & 63))) != 0 ? du[i] : -du[i];
          if (coef != 0) {
            int off = i * cols;
            for (int j = 0; j < cols; j++) slope[j] += colsT[off + j] * coef;
          }
        }
      }
      if (k == 0) {
        for (int j = 0; j < cols; j++)
          slope[j] = w20 == null ? 0 : w20[(j0 + j) * 2] * ux + w20[(j0 + j) * 2 + 1] * uy;
        // sums as axpy over columns: a dot product's dependent additions cannot be vectorised
        for (int i = 0; i < n1; i++)
          if ((active[i >>> 6] & (1L << (i & 63))) != 0 && du[i] != 0) {
            double coef = du[i];
            int off = i * cols;
            for (int j = 0; j < cols; j++) slope[j] += colsT[off + j] * coef;
          }
      }
      double dt = t[k + 1] - t[k];
      for (int j = 0; j < cols; j++) val[j] += slope[j] * dt;
      if (owner[b] == line) System.arraycopy(val, 0, rows, b * cols, cols);
    }
  }

  /** Forward pass at vertex v; writes the block's values when 'write', and returns them. */
  private double[] direct(int v, int j0, int j1, double[] colsT, double[] rows, boolean write) {
    double x0 = vertices.coord(v, 0), x1 = vertices.coord(v, 1);
    double[] w1 = net.rawBlock(1, 0);
    double[] b1 = net.rawBias(1);
    double[] w20 = net.rawBlock(2, 0);
    double[] b2 = net.rawBias(2);
    int cols = j1 - j0;
    double[] out = new double[cols];
    for (int j = j0; j < j1; j++) out[j - j0] = b2[j] + (w20 == null ? 0 : w20[2 * j] * x0 + w20[2 * j + 1] * x1);
    for (int i = 0; i < n1; i++) {
      double post = b1[i] + w1[2 * i] * x0 + w1[2 * i + 1] * x1;
      if (post <= 0) continue;
      int off = i * cols;
      for (int j = 0; j < cols; j++) out[j] += colsT[off + j] * post;
    }
    if (write) System.arraycopy(out, 0, rows, v * cols, cols);
    return out;
  }
}
