package org.reluconvex.complex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reluconvex.convexity.SkeletonChecker;
import org.reluconvex.convexity.Verdict;
import org.reluconvex.network.Network;
import org.reluconvex.network.NetworkBuilder;
import org.reluconvex.network.RandomNetworks;
import org.reluconvex.testing.Draws;

/** The planar complex built as two halves and joined along x0 = m, against the complex built in one piece. */
class PlaneHalvesTest {

  @Test
  void joinedHalvesAreTheWholeComplex() {
    List<Network> nets = new ArrayList<>();
    for (int seed = 1; seed <= 3; seed++) {
      nets.add(RandomNetworks.mlp(2, new int[] {60, 60}, seed));
      nets.add(RandomNetworks.skipMlp(2, new int[] {30, 30, 30}, seed));
      nets.add(RandomNetworks.icnn(2, new int[] {50, 50}, seed));
      nets.add(Draws.mixed(2, new int[] {40, 40}, false, 30, seed));
    }
    for (Network net : nets) {
      Domain box = Domain.box(new double[] {-30, -7}, new double[] {50, 11});
      PolyhedralComplex whole = EdgeSubdivision.buildWhole(net, box);
      PolyhedralComplex joined = PlaneHalves.build(net, box);
      assertThat(joined).as("generic networks join").isNotNull();
      assertSameComplex(joined, whole);
      PolyhedralComplex quarters = PlaneHalves.build(net, box, 2);
      assertThat(quarters).as("generic networks join in quarters").isNotNull();
      assertSameComplex(quarters, whole);
      assertThat(EdgeSubdivision.build(net, box).vertexCount()).isEqualTo(whole.vertexCount());
    }
  }

  @Test
  void degenerateNetworksJoinExactlyOrAreBuiltWhole() {
    int joinedCount = 0;
    for (int seed = 1; seed <= 60; seed++) {
      // small integer weights: duplicated neurons, several lines through a point; with the box
      // centred on 0 they also put zero sets and vertices on the dividing line x0 = 0 (those are built whole)
      Network net = Draws.integers(2, new int[] {6, 5}, seed % 2 == 0, 2, seed);
      Domain box = seed % 3 == 0 ? Domain.cube(2, -3, 3) : Domain.box(new double[] {-3.3, -3}, new double[] {2.9, 3});
      PolyhedralComplex whole = EdgeSubdivision.buildWhole(net, box);
      PolyhedralComplex joined = PlaneHalves.build(net, box);
      if (joined == null) continue;
      joinedCount++;
      assertSameComplex(joined, whole);
    }
    assertThat(joinedCount).isGreaterThan(10);
  }

  @Test
  void aZeroSetOnTheDividingLine() {
    // relu(x0) and relu(-x0) vanish on the whole line x0 = 0; the other neurons cross it
    Network net = NetworkBuilder.of(2, 4)
        .weights(1, 0, new double[][] {{1, 0}, {-1, 0}, {1, 1}, {1, -2}})
        .weights(2, 1, new double[][] {{1, -0.5, 1, -1}})
        .build();
    Domain box = Domain.cube(2, -1, 1);
    PolyhedralComplex whole = EdgeSubdivision.buildWhole(net, box);
    PolyhedralComplex joined = PlaneHalves.build(net, box);
    if (joined != null) assertSameComplex(joined, whole);
  }

  /** Same counts, the same vertices (position within 1e-9 of the box, tight constraints, activity), the same edges, the same verdict. */
  private static void assertSameComplex(PolyhedralComplex a, PolyhedralComplex b) {
    assertThat(a.vertexCount()).isEqualTo(b.vertexCount());
    assertThat(a.edgeCount()).isEqualTo(b.edgeCount());
    assertThat(a.isResolved()).isEqualTo(b.isResolved());
    assertThat(vertexKeys(a)).isEqualTo(vertexKeys(b));
    assertThat(edgeKeys(a)).isEqualTo(edgeKeys(b));
    Verdict va = new SkeletonChecker().decide(a), vb = new SkeletonChecker().decide(b);
    assertThat(va.kind()).isEqualTo(vb.kind());
  }

  private static List<String> vertexKeys(PolyhedralComplex cx) {
    List<String> keys = new ArrayList<>();
    for (int v = 0; v < cx.vertexCount(); v++) keys.add(vertexKey(cx, v));
    keys.sort(null);
    return keys;
  }

  /** Tight constraints, activity words and the position rounded to 1e-9 of the box: rounding differs between the builds. */
  private static String vertexKey(PolyhedralComplex cx, int v) {
    StringBuilder sb = new StringBuilder(Arrays.toString(cx.vertexTight(v)));
    for (int w = 0; w < cx.bitWords(); w++) sb.append(',').append(cx.bitWord(v, w));
    for (int i = 0; i < 2; i++) {
      double span = cx.domain().hi(i) - cx.domain().lo(i);
      sb.append(',').append(Math.round((cx.coord(v, i) - cx.domain().lo(i)) / span * 1e9));
    }
    return sb.toString();
  }

  private static List<String> edgeKeys(PolyhedralComplex cx) {
    List<String> keys = new ArrayList<>();
    for (int e = 0; e < cx.edgeCount(); e++) {
      String a = vertexKey(cx, cx.edgeStart(e)), b = vertexKey(cx, cx.edgeEnd(e));
      keys.add(a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a);
    }
    keys.sort(null);
    return keys;
  }
}
