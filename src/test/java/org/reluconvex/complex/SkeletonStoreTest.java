package org.reluconvex.complex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.reluconvex.network.Domain;
import org.reluconvex.network.RandomNetworks;

/** The storage of a skeleton being built, against plain Java collections kept beside it. */
class SkeletonStoreTest {
  private static final long NO_LIMIT = Long.MAX_VALUE;

  @Test
  void startsFromTheBoxCornersOnTheirFacetsAndItsEdges() {
    Domain box = Domain.box(new double[] {-1, 2, 0}, new double[] {3, 5, 0.5});
    SkeletonStore s = new SkeletonStore(box, 1, NO_LIMIT);
    assertThat(s.vertexCount()).isEqualTo(8);
    assertThat(s.edgeCount()).isEqualTo(12);
    for (int v = 0; v < 8; v++) {
      assertThat(s.tightCount(v)).isEqualTo(3);
      for (int i = 0; i < 3; i++) {
        boolean high = ((v >> i) & 1) != 0;
        assertThat(s.coord(v, i)).isEqualTo(high ? box.hi(i) : box.lo(i));
        assertThat(s.tightAt(v, i)).isEqualTo(high ? 2 * i + 1 : 2 * i);
      }
    }
    // each edge changes one coordinate, so its ends share the other two facets
    for (int e = 0; e < 12; e++) {
      int u = s.edgeStart(e), w = s.edgeEnd(e);
      assertThat(Integer.bitCount(u ^ w)).isEqualTo(1);
      assertThat(s.sharedCount(u, w)).isEqualTo(2);
    }
  }

  @Test
  void tightSetsPointsAndEdgesAgreeWithCollectionsThroughGrowth() {
    SplittableRandom rnd = new SplittableRandom(17);
    Domain box = Domain.cube(2, -1, 1);
    int words = 2;
    SkeletonStore s = new SkeletonStore(box, words, NO_LIMIT);
    List<TreeSet<Integer>> tight = new ArrayList<>();
    List<double[]> pos = new ArrayList<>();
    List<long[]> bits = new ArrayList<>();
    for (int v = 0; v < 4; v++) {
      TreeSet<Integer> t = new TreeSet<>();
      for (int k = 0; k < s.tightCount(v); k++) t.add(s.tightAt(v, k));
      tight.add(t);
      pos.add(new double[] {s.coord(v, 0), s.coord(v, 1)});
      bits.add(new long[words]);
    }
    List<int[]> edges = new ArrayList<>();
    for (int e = 0; e < 4; e++) edges.add(new int[] {s.edgeStart(e), s.edgeEnd(e)});
    int nextConstraint = 4;
    // far past the initial capacities (64 vertices, 64 edges, 128 pool entries)
    for (int step = 0; step < 5000; step++) {
      int e = rnd.nextInt(edges.size());
      int u = edges.get(e)[0], w = edges.get(e)[1];
      double t = rnd.nextDouble();
      int c = nextConstraint++;
      TreeSet<Integer> shared = new TreeSet<>(tight.get(u));
      shared.retainAll(tight.get(w));
      assertThat(s.sharedCount(u, w)).isEqualTo(shared.size());
      int[] tp = s.sharedTight(u, w, c);
      TreeSet<Integer> expected = new TreeSet<>(shared);
      expected.add(c);
      assertThat(tp).containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
      int p = s.addPointOnEdge(u, w, t, tp);
      assertThat(p).isEqualTo(pos.size());
      tight.add(expected);
      double[] x = new double[2];
      for (int i = 0; i < 2; i++) x[i] = pos.get(u)[i] + t * (pos.get(w)[i] - pos.get(u)[i]);
      pos.add(x);
      long[] b = new long[words];
      for (int q = 0; q < words; q++) b[q] = bits.get(u)[q] | bits.get(w)[q];
      bits.add(b);
      s.setEdgeEnd(e, p);
      edges.get(e)[1] = p;
      assertThat(s.addEdge(p, w)).isEqualTo(edges.size());
      edges.add(new int[] {p, w});
      // now and then: a vertex found on a later constraint, and activity switched on
      if (step % 3 == 0) {
        int v = rnd.nextInt(pos.size());
        int c2 = nextConstraint++;
        s.appendTight(v, c2);
        tight.get(v).add(c2);
      }
      if (step % 5 == 0) {
        int v = rnd.nextInt(pos.size()), q = rnd.nextInt(words);
        long on = rnd.nextLong();
        s.orActivity(v, q, on);
        bits.get(v)[q] |= on;
      }
    }
    assertThat(s.vertexCount()).isEqualTo(pos.size());
    assertThat(s.edgeCount()).isEqualTo(edges.size());
    assertThat(s.vertexCapacity()).isGreaterThanOrEqualTo(pos.size());
    for (int v = 0; v < pos.size(); v++) {
      assertThat(new double[] {s.coord(v, 0), s.coord(v, 1)}).containsExactly(pos.get(v));
      int[] t = new int[s.tightCount(v)];
      for (int k = 0; k < t.length; k++) t[k] = s.tightAt(v, k);
      assertThat(t).containsExactly(tight.get(v).stream().mapToInt(Integer::intValue).toArray());
      for (int q = 0; q < words; q++) assertThat(s.bitWord(v, q)).isEqualTo(bits.get(v)[q]);
    }
    for (int e = 0; e < edges.size(); e++) assertThat(new int[] {s.edgeStart(e), s.edgeEnd(e)}).containsExactly(edges.get(e));

    // the finished complex holds the same, the tight sets packed in vertex order
    PolyhedralComplex cx = s.finish(RandomNetworks.mlp(2, new int[] {100}, 1), box, new int[] {0, 100}, List.of());
    assertThat(cx.vertexCount()).isEqualTo(pos.size());
    assertThat(cx.edgeCount()).isEqualTo(edges.size());
    for (int v = 0; v < pos.size(); v++) {
      assertThat(cx.vertex(v)).containsExactly(pos.get(v));
      assertThat(cx.vertexTight(v)).containsExactly(tight.get(v).stream().mapToInt(Integer::intValue).toArray());
      for (int q = 0; q < words; q++) assertThat(cx.bitWord(v, q)).isEqualTo(bits.get(v)[q]);
    }
    for (int e = 0; e < edges.size(); e++) assertThat(new int[] {cx.edgeStart(e), cx.edgeEnd(e)}).containsExactly(edges.get(e));
  }

  @Test
  void growthStopsAtTheMemoryLimit() {
    Domain box = Domain.cube(2, 0, 1);
    int words = 1;
    // room for the initial 64 vertices and edges, not for the doubling to 128 vertices
    long initial = 64 * SkeletonStore.builderBytesPerVertex(2, words) + 64 * SkeletonStore.BUILDER_BYTES_PER_EDGE;
    long limit = initial + 1000;
    SkeletonStore s = new SkeletonStore(box, words, limit);
    assertThatThrownBy(() -> {
      for (int k = 0; k < 200; k++) s.addVertex(new double[] {0.5, 0.5}, new int[0]);
    }).isInstanceOf(ResourceLimitException.class);
    assertThat(s.vertexCount()).isEqualTo(64);
    // the value tables count too: once they hold the rest of the limit, no more room
    SkeletonStore t = new SkeletonStore(box, words, limit);
    t.checkRoom(500);
    t.holdValues(600);
    assertThatThrownBy(() -> t.checkRoom(500)).isInstanceOf(ResourceLimitException.class);
  }
}
