package org.reluconvex.complex;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.reluconvex.network.Network;

/**
 * The skeleton of a planar complex built as two halves of the box, side by side, on two threads, then
 * joined along the dividing line x0 = m. Cutting is sequential within one complex (every neuron cuts
 * what the previous ones left), so halving the box is how a large plane complex uses a second core.
 *
 * <p>The line is not a constraint of the network. Where one straight edge of the whole complex
 * crosses it, each half ends that edge at a point of the line on one real constraint; the two ends
 * are dropped and the two pieces become one edge again, and the pieces of the line are dropped. The
 * join is made only when every point of the line is such a crossing and the halves agree on the
 * points, their order and their constraints. Anything else (a zero set along the line, two zero sets
 * meeting on it, rounding that puts a point on one more constraint in one half, a degenerate
 * configuration in either half) makes the caller build the whole box in one piece, so the result is
 * always the complex of the whole box, and it does not depend on the number of threads.
 */
final class PlaneHalves {
  private PlaneHalves() {}

  /** The halved build, or null when the halves do not join exactly (the caller then builds the whole box). */
  static PolyhedralComplex build(Network net, Domain box) {
    return build(net, box, MemoryLimit.bytes());
  }

  /** As above within 'limit' bytes: each of the halves, built side by side, gets its share. */
  static PolyhedralComplex build(Network net, Domain box, long limit) {
    try {
      return build(net, box, LEVELS, 0, limit);
    } catch (ResourceLimitException e) {
      // a half stopped at its share: the whole needs about that many times more
      throw new ResourceLimitException(e.neededBytes() << LEVELS, limit, e.reached());
    }
  }

  /** With 'levels' halvings, alternating x0 and x1 (tests compare quarters with the whole build). */
  static PolyhedralComplex build(Network net, Domain box, int levels) {
    return build(net, box, levels, 0, MemoryLimit.bytes());
  }

  /**
   * Halvings, alternating x0 and x1. One: on two cores quarters (two levels) measured no faster, and
   * every level is one more line the halves must agree on.
   */
  static final int LEVELS = 1;

  private static PolyhedralComplex build(Network net, Domain box, int levels, int axis, long limit) {
    if (levels == 0) {
      PolyhedralComplex whole = EdgeSubdivision.buildWhole(net, box, limit);
      return whole.isResolved() ? whole : null;
    }
    double m = 0.5 * (box.lo(axis) + box.hi(axis));
    if (!(m > box.lo(axis) && m < box.hi(axis))) return null;
    double[] lo = {box.lo(0), box.lo(1)}, hi = {box.hi(0), box.hi(1)};
    double[] midHi = hi.clone(), midLo = lo.clone();
    midHi[axis] = m;
    midLo[axis] = m;
    Domain[] halves = {Domain.box(lo, midHi), Domain.box(midLo, hi)};
    PolyhedralComplex[] parts = new PolyhedralComplex[2];
    IntStream.range(0, 2).parallel().forEach(h -> parts[h] = build(net, halves[h], levels - 1, 1 - axis, limit / 2));
    if (parts[0] == null || parts[1] == null) return null;
    return join(net, box, parts[0], parts[1], axis);
  }

  private static PolyhedralComplex join(Network net, Domain box, PolyhedralComplex left, PolyhedralComplex right, int axis) {
    // facet ids of the dividing line: x_axis = hi in the lower half, x_axis = lo in the upper one
    final int lowerSide = 2 * axis + 1, upperSide = 2 * axis, along = 1 - axis;
    int[] onLineL = onLine(left, lowerSide, along), onLineR = onLine(right, upperSide, along);
    if (onLineL.length != onLineR.length) return null;
    int pairs = onLineL.length;
    int[][] edgesL = lineEdges(left, lowerSide, onLineL), edgesR = lineEdges(right, upperSide, onLineR);
    // every point of the line must be where one straight edge crosses it: on one real constraint,
    // one edge leaving it on each side, the two on that constraint, nothing real along the line
    for (int k = 0; k < pairs; k++) {
      int[] rl = without(left.vertexTight(onLineL[k]), lowerSide), rr = without(right.vertexTight(onLineR[k]), upperSide);
      if (rl.length != 1 || !Arrays.equals(rl, rr)) return null;
      if (edgesL[0][k] != 1 || edgesR[0][k] != 1 || edgesL[2][k] != 0 || edgesR[2][k] != 0) return null;
      if (Arrays.binarySearch(left.edgeTight(edgesL[1][k]), rl[0]) < 0 || Arrays.binarySearch(right.edgeTight(edgesR[1][k]), rl[0]) < 0)
        return null;
    }
    // vertex ids: left vertices off the line, then right vertices off the line
    int nl = left.vertexCount(), nr = right.vertexCount();
    int[] idL = new int[nl], idR = new int[nr];
    int[] pairOfL = new int[nl], pairOfR = new int[nr];
    Arrays.fill(pairOfL, -1);
    Arrays.fill(pairOfR, -1);
    for (int k = 0; k < pairs; k++) {
      pairOfL[onLineL[k]] = k;
      pairOfR[onLineR[k]] = k;
    }
    int next = 0;
    for (int v = 0; v < nl; v++) idL[v] = pairOfL[v] < 0 ? next++ : -1;
    for (int v = 0; v < nr; v++) idR[v] = pairOfR[v] < 0 ? next++ : -1;
    int nv = next, words = left.bitWords();
    double[] pos = new double[2 * nv];
    int[][] tight = new int[nv][];
    long[] bits = new long[nv * words];
    copyVertices(left, idL, pos, tight, bits);
    copyVertices(right, idR, pos, tight, bits);
    // edges off the line, then one edge through each point of the line, joining its two halves
    int ne = left.edgeCount() + right.edgeCount() - edgesL[3][0] - edgesR[3][0] - pairs;
    int[] ea = new int[ne], eb = new int[ne];
    int[] across = new int[2 * pairs];
    int e = addEdges(left, idL, pairOfL, across, 0, ea, eb, 0);
    e = addEdges(right, idR, pairOfR, across, 1, ea, eb, e);
    for (int k = 0; k < pairs; k++, e++) {
      ea[e] = across[2 * k];
      eb[e] = across[2 * k + 1];
    }
    if (e != ne) throw new IllegalStateException("joined halves: " + e + " edges, expected " + ne);
    int[] layerStart = new int[net.hiddenLayers() + 1];
    for (int l = 1; l <= net.hiddenLayers(); l++) layerStart[l] = left.layerStart(l + 1);
    return new PolyhedralComplex(net, box, layerStart, nv, pos, tight, bits, ne, ea, eb, List.of());
  }

  /** Vertices of a half on its dividing facet, ordered along the line (by x1, then by id). */
  private static int[] onLine(PolyhedralComplex half, int side, int along) {
    Integer[] found = IntStream.range(0, half.vertexCount())
        .filter(v -> Arrays.binarySearch(half.vertexTight(v), side) >= 0).boxed().toArray(Integer[]::new);
    Arrays.sort(found, (a, b) -> a.equals(b) ? 0 : half.coord(a, along) != half.coord(b, along)
        ? Double.compare(half.coord(a, along), half.coord(b, along)) : Integer.compare(a, b));
    int[] out = new int[found.length];
    for (int k = 0; k < out.length; k++) out[k] = found[k];
    return out;
  }

  /**
   * Per point of the line (index k in onLine): [0][k] edges leaving the line there, [1][k] one of
   * them, [2][k] edges along the line there on which a real constraint is tight; [3][0] the edges
   * along the line.
   */
  private static int[][] lineEdges(PolyhedralComplex half, int side, int[] onLine) {
    int[] index = new int[half.vertexCount()];
    Arrays.fill(index, -1);
    for (int k = 0; k < onLine.length; k++) index[onLine[k]] = k;
    int[][] out = {new int[onLine.length], new int[onLine.length], new int[onLine.length], new int[1]};
    for (int e = 0; e < half.edgeCount(); e++) {
      int a = index[half.edgeStart(e)], b = index[half.edgeEnd(e)];
      if (a >= 0 && b >= 0) {
        out[3][0]++;
        if (without(half.edgeTight(e), side).length > 0) {
          out[2][a]++;
          out[2][b]++;
        }
      } else if (a >= 0 || b >= 0) {
        int k = a >= 0 ? a : b;
        out[0][k]++;
        out[1][k] = e;
      }
    }
    return out;
  }

  private static boolean shareRealConstraint(int[] a, int[] b) {
    for (int c : a) if (Arrays.binarySearch(b, c) >= 0) return true;
    return false;
  }

  private static int[] without(int[] tight, int facet) {
    int[] out = new int[tight.length];
    int n = 0;
    for (int c : tight) if (c != facet) out[n++] = c;
    return Arrays.copyOf(out, n);
  }

  private static void copyVertices(PolyhedralComplex half, int[] id, double[] pos, int[][] tight, long[] bits) {
    int words = half.bitWords();
    for (int v = 0; v < half.vertexCount(); v++) {
      int to = id[v];
      if (to < 0) continue;
      pos[2 * to] = half.coord(v, 0);
      pos[2 * to + 1] = half.coord(v, 1);
      tight[to] = half.vertexTight(v);
      for (int q = 0; q < words; q++) bits[to * words + q] = half.bitWord(v, q);
    }
  }

  /** Copies a half's edges off the line from index e on; an edge ending on the line gives its other end to 'across'. */
  private static int addEdges(PolyhedralComplex half, int[] id, int[] pairOf, int[] across, int slot, int[] ea, int[] eb, int e) {
    for (int f = 0; f < half.edgeCount(); f++) {
      int a = half.edgeStart(f), b = half.edgeEnd(f);
      if (pairOf[a] >= 0 && pairOf[b] >= 0) continue; // a piece of the line
      if (pairOf[a] >= 0) across[2 * pairOf[a] + slot] = id[b];
      else if (pairOf[b] >= 0) across[2 * pairOf[b] + slot] = id[a];
      else {
        ea[e] = id[a];
        eb[e] = id[b];
        e++;
      }
    }
    return e;
  }
}
