package org.reluconvex.complex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;
import org.reluconvex.network.RandomNetworks;

/**
 * Face names (hashes of sign vectors) checked on finished complexes: every edge names the 2-faces
 * around it by relaxing one of its tight constraints, so the names must count the cells of a planar
 * complex (Euler's formula) and, in d = 3, each name must be carried by the edges of one polygon.
 */
class FaceNamesTest {

  /** The names of the 2-faces around edge e of a finished complex (all constraints processed). */
  private static long[] namesAround(FaceNames names, PolyhedralComplex cx, int e) {
    int[] t = cx.edgeTight(e);
    long h = names.edgeHash(cx, cx.edgeStart(e), cx.edgeEnd(e), t, t.length, cx.hiddenCount(), null, 0);
    long[] out = new long[2 * t.length];
    int n = 0;
    for (int c : t) {
      out[n++] = names.relaxed(h, c, 1);
      if (!names.isFacet(c)) out[n++] = names.relaxed(h, c, -1);
    }
    return java.util.Arrays.copyOf(out, n);
  }

  @Test
  void inThePlaneTheNamesAreTheCells() {
    // hidden counts not a multiple of 64: the hash of a finished edge reads the word of neuron 'hidden'
    for (Network net : List.of(RandomNetworks.mlp(2, new int[] {7, 5}, 3), RandomNetworks.skipMlp(2, new int[] {12, 9, 6}, 4),
        RandomNetworks.mlp(2, new int[] {40, 30}, 5))) {
      PolyhedralComplex cx = EdgeSubdivision.buildWhole(net, Domain.cube(2, -10, 10));
      FaceNames names = new FaceNames(2, cx.hiddenCount(), cx.bitWords());
      Set<Long> faces = new HashSet<>();
      for (int e = 0; e < cx.edgeCount(); e++) for (long f : namesAround(names, cx, e)) faces.add(f);
      // V - E + F = 1 for a subdivided disc
      assertThat((long) faces.size()).as(net.describe()).isEqualTo((long) cx.edgeCount() - cx.vertexCount() + 1);
      assertThat(faces.size()).isGreaterThan(50);
    }
  }

  @Test
  void inSpaceEachNameIsOnePolygon() {
    for (Network net : List.of(RandomNetworks.mlp(3, new int[] {6, 5}, 2), RandomNetworks.skipMlp(3, new int[] {8, 7, 3}, 9))) {
      PolyhedralComplex cx = EdgeSubdivision.buildWhole(net, Domain.cube(3, -5, 5));
      FaceNames names = new FaceNames(3, cx.hiddenCount(), cx.bitWords());
      Map<Long, Map<Integer, Integer>> degree = new HashMap<>();
      Map<Long, Integer> edges = new HashMap<>();
      for (int e = 0; e < cx.edgeCount(); e++) {
        long[] around = namesAround(names, cx, e);
        assertThat(cx.edgeTight(e)).hasSize(2); // general position: d - 1 constraints along an edge
        assertThat(around).doesNotHaveDuplicates();
        for (long f : around) {
          edges.merge(f, 1, Integer::sum);
          degree.computeIfAbsent(f, k -> new HashMap<>()).merge(cx.edgeStart(e), 1, Integer::sum);
          degree.get(f).merge(cx.edgeEnd(e), 1, Integer::sum);
        }
      }
      // a polygon: at least three edges, every corner on exactly two of them
      for (Map.Entry<Long, Map<Integer, Integer>> f : degree.entrySet()) {
        assertThat(edges.get(f.getKey())).isGreaterThanOrEqualTo(3);
        assertThat(f.getValue().values()).allMatch(k -> k == 2);
        assertThat(f.getValue()).hasSize(edges.get(f.getKey()));
      }
      assertThat(degree.size()).isGreaterThan(100);
    }
  }
}
