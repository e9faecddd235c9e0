package org.reluconvex.complex;

import java.util.Arrays;
import java.util.Locale;
import org.reluconvex.network.NeuronId;

/**
 * One neuron's cut, face by face: the points where its zero set meets the boundary of a 2-face are
 * filed under the face's name ({@link FaceNames}), then every face holding two points gains the chord
 * joining them. Where more constraints than d-1 pass through an edge every relaxation pattern names a
 * candidate face, and a chord is only drawn between two points sharing at least d-1 constraints.
 * What exact arithmetic forbids (a face met in one point, or in three one of which is a split point)
 * goes to {@link Degeneracies}.
 */
final class FaceJoin {
  /** Receives the chords, in a fixed order. */
  interface Chords {
    void draw(int a, int b);
  }

  private final FaceNames names;
  private final SkeletonStore store;
  private final Degeneracies degeneracies;
  private final int d;
  private final int expectedEntries;
  /** Points filed under the faces they bound, each as an entry (see {@link #entry}); made at the first. */
  private LongIntMultiMap faces;
  /** Edges lying on the zero set (both ends on it): their faces get no chord. */
  private final LongSet zeroEdges;

  /** Room for about 'crossings' crossed edges (two faces each in general position); 'anyZero' when vertices lie on the zero set. */
  FaceJoin(FaceNames names, SkeletonStore store, Degeneracies degeneracies, int crossings, boolean anyZero) {
    this.names = names;
    this.store = store;
    this.degeneracies = degeneracies;
    this.d = store.dim();
    this.expectedEntries = Math.max(64, 2 * crossings);
    this.zeroEdges = anyZero ? new LongSet(16) : null;
  }

  // a filed point: its vertex, whether it was split from an edge by this cut, and whether the face
  // name is genuine (one of at most d-1 tight constraints relaxed, not a candidate pattern)
  private static int entry(int p, boolean split, boolean genuine) { return (p << 2) | (split ? 2 : 0) | (genuine ? 1 : 0); }

  private static int pointOf(int entry) { return entry >>> 2; }

  private static boolean isSplit(int entry) { return (entry & 2) != 0; }

  private static boolean isGenuine(int entry) { return (entry & 1) != 0; }

  /** Files point p, on the edge with tight constraints t[0..m) and hash h, under each face around that edge. */
  void file(int[] t, int m, long h, int p, boolean split) {
    if (faces == null) faces = new LongIntMultiMap(expectedEntries);
    if (m <= d - 1) {
      int entry = entry(p, split, true);
      for (int k = 0; k < m; k++) {
        int c = t[k];
        faces.put(names.relaxed(h, c, 1), entry);
        if (!names.isFacet(c)) faces.put(names.relaxed(h, c, -1), entry);
      }
      return;
    }
    if (m > Tolerances.MAX_DEGENERATE_TIGHT) {
      degeneracies.add(String.format(Locale.ROOT, "%d constraints meet along one edge near %s; faces there were not enumerated",
          m, store.describe(p)));
      return;
    }
    int entry = entry(p, split, false);
    int[] digit = new int[m];
    // base-3 counter over the tight constraints: 0 keep tight, 1 relax to +, 2 relax to -
    while (true) {
      int i = 0;
      while (i < m && digit[i] == 2) digit[i++] = 0;
      if (i == m) break;
      digit[i]++;
      long key = h;
      boolean valid = true;
      for (int q = 0; q < m; q++) {
        if (digit[q] == 0) continue;
        int c = t[q];
        if (digit[q] == 2 && names.isFacet(c)) {
          valid = false;
          break;
        }
        key = names.relaxed(key, c, digit[q] == 1 ? 1 : -1);
      }
      if (valid) faces.put(key, entry);
    }
  }

  /** Records that the edge u-w lies on the zero set. */
  void zeroEdge(int u, int w) { zeroEdges.add(pairKey(u, w)); }

  private static long pairKey(int a, int b) {
    return a < b ? ((long) a << 32) | b : ((long) b << 32) | a;
  }

  /**
   * Draws the chord of every face holding two points, once each (vertices from nv0 on were created
   * by this cut), and reports the faces exact arithmetic forbids for 'neuron'.
   */
  void join(int nv0, NeuronId neuron, Chords chords) {
    if (faces == null) return;
    LongSet added = new LongSet(faces.size() / 2); // about one chord per two face entries
    int[] pts = new int[8];
    for (int s = 0; s < faces.capacity(); s++) {
      int e = faces.first(s);
      if (e < 0) continue;
      int count = 0;
      boolean genuine = false, hasSplit = false;
      for (; e >= 0; e = faces.nextEntry(e)) {
        int entry = faces.value(e);
        int p = pointOf(entry);
        genuine |= isGenuine(entry);
        hasSplit |= isSplit(entry);
        boolean seen = false;
        for (int q = 0; q < count; q++) if (pts[q] == p) seen = true;
        if (seen) continue;
        if (count == pts.length) pts = Arrays.copyOf(pts, count * 2);
        pts[count++] = p;
      }
      if (count == 2) {
        int a = pts[0], b = pts[1];
        long pk = pairKey(a, b);
        if (a < nv0 && b < nv0 && zeroEdges != null && zeroEdges.contains(pk)) continue;
        if (store.sharedCount(a, b) < d - 1) {
          if (genuine) degeneracies.add(String.format(Locale.ROOT,
              "neuron %s: two points of one face share too few constraints near %s", neuron, store.describe(a)));
          continue;
        }
        if (added.add(pk)) chords.draw(a, b);
      } else if (genuine && hasSplit) {
        int p = pts[0];
        for (int q = 0; q < count; q++) if (pts[q] >= nv0) p = pts[q];
        degeneracies.add(String.format(Locale.ROOT, "neuron %s: zero set meets a face in %d boundary point(s) near %s",
            neuron, count, store.describe(p)));
      }
    }
  }
}
