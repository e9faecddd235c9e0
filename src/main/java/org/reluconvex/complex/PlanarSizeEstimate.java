package org.reluconvex.complex;

import java.util.Arrays;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;

/**
 * An estimate, before building, of the number of vertices of a planar complex, from below: the
 * vertices of the first-layer arrangement in the box (counted exactly, pair by pair), plus the
 * points where second-layer zero sets cross first-layer lines (counted exactly on a sample of the
 * lines, walked as in {@link LineWalk}, and scaled to all of them). Vertices of later layers and
 * crossings of second-layer zero sets with each other are left out, so a request refused on this
 * estimate needs at least about this much.
 */
final class PlanarSizeEstimate {
  /** First-layer lines walked for the second-layer crossings. */
  private static final int SAMPLED_LINES = 64;
  /** Beyond this many pairs of first-layer lines, a sample of pairs is counted and scaled. */
  private static final long MAX_PAIRS = 1L << 23;

  private PlanarSizeEstimate() {}

  static long vertices(Network net, Domain box) {
    int n1 = net.width(1);
    double[] w1 = net.rawBlock(1, 0), b1 = net.rawBias(1);
    double xlo = box.lo(0), xhi = box.hi(0), ylo = box.lo(1), yhi = box.hi(1);
    // lines meeting the open box: two boundary vertices each
    int[] lines = new int[n1];
    int meeting = 0;
    for (int i = 0; i < n1; i++) if (clip(w1, b1, i, box) != null) lines[meeting++] = i;
    lines = Arrays.copyOf(lines, meeting);
    double pairs = 0;
    long total = (long) meeting * (meeting - 1) / 2;
    long step = Math.max(1, total / MAX_PAIRS);
    long counted = 0, inside = 0, index = 0;
    for (int p = 0; p < meeting; p++)
      for (int q = p + 1; q < meeting; q++, index++) {
        if (index % step != 0) continue;
        counted++;
        int i = lines[p], j = lines[q];
        double ai = w1[2 * i], bi = w1[2 * i + 1], ci = b1[i], aj = w1[2 * j], bj = w1[2 * j + 1], cj = b1[j];
        double det = ai * bj - aj * bi;
        if (det == 0) continue;
        double x = (bi * cj - bj * ci) / det, y = (aj * ci - ai * cj) / det;
        if (x > xlo && x < xhi && y > ylo && y < yhi) inside++;
      }
    pairs = counted == 0 ? 0 : inside * (double) total / counted;
    double crossings = net.hiddenLayers() >= 2 ? secondLayerCrossings(net, box, lines) : 0;
    return (long) Math.min(Long.MAX_VALUE / 4, 4 + 2.0 * meeting + pairs + crossings);
  }

  /** [t0, t1] of line i (unit direction, from its point nearest the origin) inside the open box, or null. */
  private static double[] clip(double[] w1, double[] b1, int i, Domain box) {
    double a = w1[2 * i], b = w1[2 * i + 1], n2 = a * a + b * b;
    if (!(n2 > 0) || !Double.isFinite(n2)) return null;
    double norm = Math.sqrt(n2), ux = -b / norm, uy = a / norm;
    double px = -b1[i] * a / n2, py = -b1[i] * b / n2;
    double t0 = Double.NEGATIVE_INFINITY, t1 = Double.POSITIVE_INFINITY;
    double[] p = {px, py}, u = {ux, uy};
    for (int k = 0; k < 2; k++) {
      if (u[k] == 0) {
        if (!(p[k] > box.lo(k) && p[k] < box.hi(k))) return null;
        continue;
      }
      double ta = (box.lo(k) - p[k]) / u[k], tb = (box.hi(k) - p[k]) / u[k];
      t0 = Math.max(t0, Math.min(ta, tb));
      t1 = Math.min(t1, Math.max(ta, tb));
    }
    return t0 < t1 ? new double[] {t0, t1, px, py, ux, uy} : null;
  }

  /**
   * Second-layer sign changes along a sample of the lines, scaled to all of them. Along a line the
   * first-layer pattern changes at one neuron per breakpoint, so the second-layer slopes change by
   * one column of W21 there: O(n1 n2) per line.
   */
  private static double secondLayerCrossings(Network net, Domain box, int[] lines) {
    if (lines.length == 0) return 0;
    int n1 = net.width(1), n2 = net.width(2);
    double[] w1 = net.rawBlock(1, 0), b1 = net.rawBias(1), w20 = net.rawBlock(2, 0), w21 = net.rawBlock(2, 1), b2 = net.rawBias(2);
    double[] colsT = new double[n1 * n2]; // W21 by columns: a breakpoint adds one
    if (w21 != null)
      for (int j = 0; j < n2; j++)
        for (int i = 0; i < n1; i++) colsT[i * n2 + j] = w21[j * n1 + i];
    int s = Math.min(SAMPLED_LINES, lines.length);
    long found = 0;
    double[] h = new double[n2], slope = new double[n2], t = new double[n1], du = new double[n1], pre = new double[n1];
    int[] order = new int[n1];
    for (int k = 0; k < s; k++) {
      int line = lines[(int) ((long) k * lines.length / s)];
      double[] c = clip(w1, b1, line, box);
      double t0 = c[0], t1 = c[1], x0 = c[2] + t0 * c[4], y0 = c[3] + t0 * c[5];
      int m = 0;
      for (int i = 0; i < n1; i++) {
        du[i] = w1[2 * i] * c[4] + w1[2 * i + 1] * c[5];
        pre[i] = b1[i] + w1[2 * i] * x0 + w1[2 * i + 1] * y0;
        if (i == line || du[i] == 0) continue;
        double at = t0 - pre[i] / du[i];
        if (at > t0 && at < t1) {
          t[m] = at;
          order[m++] = i;
        }
      }
      int[] byT = new int[m];
      double[] key = Arrays.copyOf(t, m);
      for (int q = 0; q < m; q++) byT[q] = q;
      IndexSort.byKey(byT, key);
      for (int j = 0; j < n2; j++) {
        h[j] = b2[j] + (w20 == null ? 0 : w20[2 * j] * x0 + w20[2 * j + 1] * y0);
        slope[j] = w20 == null ? 0 : w20[2 * j] * c[4] + w20[2 * j + 1] * c[5];
      }
      for (int i = 0; i < n1; i++) {
        if (i == line) continue; // zero all along its own line
        // active just after t0: positive there, or zero and increasing
        boolean active = pre[i] > 0 || (pre[i] == 0 && du[i] > 0);
        if (pre[i] > 0) for (int j = 0; j < n2; j++) h[j] += colsT[i * n2 + j] * pre[i];
        if (active) for (int j = 0; j < n2; j++) slope[j] += colsT[i * n2 + j] * du[i];
      }
      double at = t0;
      for (int q = 0; q <= m; q++) {
        double next = q < m ? key[byT[q]] : t1, dt = next - at;
        for (int j = 0; j < n2; j++) {
          double v = h[j] + slope[j] * dt;
          if ((v > 0 && h[j] < 0) || (v < 0 && h[j] > 0)) found++;
          h[j] = v;
        }
        at = next;
        if (q < m) {
          // switching on adds its column times du, switching off (du < 0) removes it: |du| either way
          int i = order[byT[q]];
          double coef = Math.abs(du[i]);
          for (int j = 0; j < n2; j++) slope[j] += colsT[i * n2 + j] * coef;
        }
      }
    }
    return found * (double) lines.length / s;
  }
}
