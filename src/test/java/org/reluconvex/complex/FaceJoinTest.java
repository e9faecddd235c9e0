package org.reluconvex.complex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reluconvex.network.Domain;
import org.reluconvex.network.NeuronId;

/**
 * One neuron's face joining on the unit square, by hand: the square's four edges bound one face (its
 * inside), a neuron's zero set is constraint 4 (the first hidden neuron), and the points are placed
 * where that zero set would put them.
 */
class FaceJoinTest {
  private static final int NEURON = 4;
  private static final NeuronId ID = new NeuronId(1, 0);

  private final SkeletonStore store = new SkeletonStore(Domain.cube(2, 0, 1), 1, Long.MAX_VALUE);
  private final FaceNames names = new FaceNames(2, 1, 1);
  private final Degeneracies degeneracies = new Degeneracies();
  private final List<int[]> chords = new ArrayList<>();

  /** Hash of box edge u-w (its one facet) before the neuron. */
  private long hash(int u, int w, int[] t) { return names.edgeHash(store, u, w, t, t.length, 0, null, 0); }

  /** Splits box edge e at t by the neuron and files the split point; returns it. */
  private int split(FaceJoin join, int e, double t) {
    int u = store.edgeStart(e), w = store.edgeEnd(e);
    int[] tp = store.sharedTight(u, w, NEURON);
    long h = hash(u, w, store.sharedTight(u, w, -1));
    int p = store.addPointOnEdge(u, w, t, tp);
    join.file(tp, tp.length - 1, h, p, true);
    return p;
  }

  private void join(FaceJoin join, int nv0) { join.join(nv0, ID, (a, b) -> chords.add(new int[] {a, b})); }

  /** Box edges in the store's order: 0-1 (x1 = 0), 0-2 (x0 = 0), 1-3 (x0 = 1), 2-3 (x1 = 1). */
  @Test
  void twoSplitPointsOfTheSquareAreJoinedOnce() {
    FaceJoin join = new FaceJoin(names, store, degeneracies, 2, false);
    int p = split(join, 0, 0.25), q = split(join, 1, 0.5);
    join(join, 4);
    assertThat(chords).hasSize(1);
    assertThat(chords.get(0)).containsExactlyInAnyOrder(p, q);
    assertThat(degeneracies.list()).isEmpty();
  }

  @Test
  void aFaceMetInOnePointIsReportedNotJoined() {
    FaceJoin join = new FaceJoin(names, store, degeneracies, 1, false);
    split(join, 2, 0.5);
    join(join, 4);
    assertThat(chords).isEmpty();
    assertThat(degeneracies.list()).singleElement().asString()
        .isEqualTo("neuron layer 1 neuron 0: zero set meets a face in 1 boundary point(s) near (1.00000, 0.500000)");
  }

  @Test
  void pointsSharingTooFewConstraintsAreNotJoined() {
    // two points of the square's boundary filed without the neuron's constraint: they share none
    FaceJoin join = new FaceJoin(names, store, degeneracies, 2, false);
    for (int e : new int[] {0, 3}) {
      int u = store.edgeStart(e), w = store.edgeEnd(e);
      int[] t = store.sharedTight(u, w, -1);
      int p = store.addPointOnEdge(u, w, 0.5, t);
      join.file(t, t.length, hash(u, w, t), p, true);
    }
    join(join, 4);
    assertThat(chords).isEmpty();
    assertThat(degeneracies.list()).singleElement().asString().startsWith("neuron layer 1 neuron 0: two points of one face share too few constraints");
  }

  @Test
  void aZeroSetAlongAnEdgeDrawsNoChord() {
    // the neuron vanishes along box edge 0-1: both corners are on it, filed through the edges they end
    FaceJoin join = new FaceJoin(names, store, degeneracies, 3, true);
    store.appendTight(0, NEURON);
    store.appendTight(1, NEURON);
    join.zeroEdge(0, 1);
    for (int e = 0; e < 3; e++) {
      int u = store.edgeStart(e), w = store.edgeEnd(e);
      int[] t = store.sharedTight(u, w, -1);
      long h = hash(u, w, t);
      if (u <= 1) join.file(t, t.length, h, u, false);
      if (w <= 1) join.file(t, t.length, h, w, false);
    }
    join(join, 4);
    assertThat(chords).isEmpty();
    assertThat(degeneracies.list()).isEmpty();
  }

  @Test
  void onlyTheFirstFewConfigurationsAreDescribed() {
    for (int k = 0; k < 7; k++) degeneracies.add("configuration " + k);
    assertThat(degeneracies.list()).containsExactly("configuration 0", "configuration 1", "configuration 2", "configuration 3",
        "configuration 4", "... 2 more unresolved configurations");
  }
}
