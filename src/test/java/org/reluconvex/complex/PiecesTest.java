package org.reluconvex.complex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reluconvex.convexity.SkeletonChecker;
import org.reluconvex.convexity.Verdict;
import org.reluconvex.io.ModelFiles;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;
import org.reluconvex.network.NetworkBuilder;
import org.reluconvex.network.RandomNetworks;
import org.reluconvex.testing.Draws;
import org.reluconvex.testing.SharedReference;

/**
 * The complex of a box built as a grid of pieces and joined, against the complex built in one piece:
 * the same vertices (constraints, activity, position), the same edges, the same verdict, and the
 * counts summed from the pieces' contributions without joining, for several grids and thread counts.
 */
class PiecesTest {
  private static final int[][] GRIDS_3 = {{1, 1, 2}, {2, 2, 2}, {3, 1, 2}};

  @Test
  void gridCutsTheBoxIntoPiecesSharingTheirCuts() {
    Domain box = Domain.box(new double[] {-1, 0, 2}, new double[] {1, 3, 2.5});
    List<Piece> pieces = Pieces.grid(box, 3, 1, 2);
    assertThat(pieces).hasSize(6);
    for (int k = 0; k < pieces.size(); k++) assertThat(pieces.get(k).ordinal()).isEqualTo(k);
    assertThat(pieces.get(0).index()).containsExactly(0, 0, 0);
    assertThat(pieces.get(1).index()).containsExactly(1, 0, 0);
    assertThat(pieces.get(3).index()).containsExactly(0, 0, 1);
    // neighbours share their cut bit for bit; the outer facets are the box's
    assertThat(pieces.get(0).box().hi(0)).isEqualTo(pieces.get(1).box().lo(0));
    assertThat(pieces.get(1).box().hi(0)).isEqualTo(pieces.get(2).box().lo(0));
    assertThat(pieces.get(0).box().hi(2)).isEqualTo(2.25).isEqualTo(pieces.get(3).box().lo(2));
    assertThat(pieces.get(5).box().hi(0)).isEqualTo(1);
    assertThat(pieces.get(1).isCut(0)).isTrue();
    assertThat(pieces.get(1).isCut(1)).isTrue();
    assertThat(pieces.get(0).isCut(0)).isFalse();
    assertThat(pieces.get(0).isCut(2)).isFalse();
    assertThat(pieces.get(0).isCut(3)).isFalse();
    assertThat(pieces.get(0).isCut(5)).isTrue();
    // the pieces tile the box: volumes add up
    double volume = 0;
    for (Piece p : pieces) {
      double v = 1;
      for (int i = 0; i < 3; i++) v *= p.box().hi(i) - p.box().lo(i);
      volume += v;
    }
    assertThat(volume).isCloseTo(2 * 3 * 0.5, org.assertj.core.data.Offset.offset(1e-12));
    assertThatThrownBy(() -> Pieces.grid(box, 2, 2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Pieces.grid(box, 0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void randomNetworksInThreeDimensionsJoinIntoTheWholeComplex() {
    List<Network> nets = new ArrayList<>();
    for (int seed = 1; seed <= 3; seed++) {
      nets.add(RandomNetworks.mlp(3, new int[] {10, 10, 10}, seed));
      nets.add(RandomNetworks.skipMlp(3, new int[] {8, 8}, seed));
      nets.add(RandomNetworks.icnn(3, new int[] {12, 12}, seed));
      nets.add(Draws.mixed(3, new int[] {9, 9}, false, 10, seed));
    }
    Domain box = Domain.box(new double[] {-3, -2, -2.5}, new double[] {2, 3, 1.5});
    for (Network net : nets) {
      PolyhedralComplex whole = EdgeSubdivision.buildWhole(net, box);
      for (int[] grid : GRIDS_3) {
        PolyhedralComplex one = Pieces.build(net, box, grid, 1), two = Pieces.build(net, box, grid, 2);
        assertThat(one).as("a generic network joins on grid %s", Arrays.toString(grid)).isNotNull();
        assertSameComplex(one, whole);
        assertIdentical(two, one);
        assertThat(countsWithoutJoining(net, box, grid)).isEqualTo(new Pieces.Counts(whole.vertexCount(), whole.edgeCount()));
      }
    }
  }

  @Test
  void crossingsPairByKeysWhereThePiecesJoinAndNotOnceAKeyDiffers() {
    Domain box = Domain.box(new double[] {-3, -2, -2.5}, new double[] {2, 3, 1.5});
    for (int seed = 1; seed <= 3; seed++) {
      Network net = RandomNetworks.mlp(3, new int[] {10, 10, 10}, seed);
      for (int[] grid : GRIDS_3) {
        List<Piece> pieces = Pieces.grid(box, grid);
        List<long[][]> keys = new ArrayList<>();
        for (Piece p : pieces) keys.add(Pieces.crossingKeys(p, Pieces.build(net, p)));
        assertThat(Pieces.build(net, box, grid, 1)).as("joins on grid %s", Arrays.toString(grid)).isNotNull();
        assertThat(Pieces.crossingsPair(pieces, keys)).as("pairs on grid %s", Arrays.toString(grid)).isTrue();
        // one crossing's key changed on one side of a cut: the pairing refuses
        for (int k = 0; k < keys.size(); k++)
          for (long[] onFacet : keys.get(k))
            if (onFacet != null && onFacet.length > 0) {
              onFacet[0] ^= 1;
              assertThat(Pieces.crossingsPair(pieces, keys)).isFalse();
              onFacet[0] ^= 1;
            }
      }
    }
  }

  @Test
  void referenceNetworksGiveTheSameComplexOrAreBuiltWhole() {
    int joined = 0, tried = 0;
    for (SharedReference.Entry e : SharedReference.manifest("corpus")) {
      Network net = ModelFiles.read(e.onnx());
      int d = e.json().get("input_dim").asInt();
      Domain box = Domain.cube(d, e.json().get("box").get(0).asDouble(), e.json().get("box").get(1).asDouble());
      PolyhedralComplex whole = EdgeSubdivision.buildWhole(net, box);
      int[][] grids = d == 3 ? GRIDS_3 : new int[][] {{2, 1}, {2, 2}, {3, 2}};
      for (int[] grid : grids) {
        tried++;
        PolyhedralComplex pieces = Pieces.build(net, box, grid, 2);
        Pieces.Counts counts = countsWithoutJoining(net, box, grid);
        if (pieces == null) continue;
        joined++;
        assertSameComplex(pieces, whole);
        assertThat(counts).as(e.name()).isEqualTo(new Pieces.Counts(whole.vertexCount(), whole.edgeCount()));
        assertThat(new SkeletonChecker().decide(pieces).kind()).as(e.name()).isEqualTo(new SkeletonChecker().decide(whole).kind());
      }
    }
    // the corpus boxes are centred on 0 and most cuts are at 0 or thirds: generic float weights still join
    org.reluconvex.testing.TestReports.add("pieces", String.format(java.util.Locale.ROOT, "reference corpus: %d of %d (network, grid) pairs joined", joined, tried));
    assertThat(joined).isGreaterThan(tried / 2);
  }

  @Test
  void theTrainedBenchmarkNetworkJoinsInASubBox() {
    // the 8 x 32 network trained on a signed distance (docs/examples): its whole box has a million
    // vertices, a sub-box around a few of its spheres some thousands
    Network net = ModelFiles.read(java.nio.file.Path.of("docs/examples/spheres8x32.onnx"));
    assertThat(net.hiddenLayers()).isEqualTo(8);
    Domain box = Domain.box(new double[] {-0.1, -0.12, -0.08}, new double[] {0.06, 0.05, 0.1});
    PolyhedralComplex whole = EdgeSubdivision.buildWhole(net, box);
    assertThat(whole.vertexCount()).isGreaterThan(1000);
    for (int[] grid : GRIDS_3) {
      PolyhedralComplex one = Pieces.build(net, box, grid, 1), two = Pieces.build(net, box, grid, 2);
      assertThat(one).isNotNull();
      assertSameComplex(one, whole);
      assertIdentical(two, one);
      assertThat(countsWithoutJoining(net, box, grid)).isEqualTo(new Pieces.Counts(whole.vertexCount(), whole.edgeCount()));
    }
  }

  @Test
  void degenerateNetworksJoinExactlyOrAreBuiltWhole() {
    int joined = 0;
    for (int seed = 1; seed <= 40; seed++) {
      // small integer weights: zero sets through one point, duplicated neurons, and with the box
      // centred on 0 zero sets and vertices in the cut x0 = 0
      Network net = Draws.integers(3, new int[] {5, 4}, seed % 2 == 0, 2, seed);
      Domain box = seed % 3 == 0 ? Domain.cube(3, -3, 3) : Domain.box(new double[] {-3.3, -3, -2.7}, new double[] {2.9, 3, 3.1});
      PolyhedralComplex whole = EdgeSubdivision.buildWhole(net, box);
      for (int[] grid : GRIDS_3) {
        PolyhedralComplex pieces = Pieces.build(net, box, grid, 2);
        if (pieces == null) continue;
        joined++;
        assertSameComplex(pieces, whole);
      }
    }
    // 10 of the 120 (network, grid) pairs join: the others are built whole
    assertThat(joined).isGreaterThanOrEqualTo(5);
  }

  @Test
  void aZeroSetInsideACutIsBuiltWhole() {
    // relu(x2) and relu(-x2) vanish on the plane x2 = 0, which the grid (1, 1, 2) cuts along
    Network net = NetworkBuilder.of(3, 4)
        .weights(1, 0, new double[][] {{0, 0, 1}, {0, 0, -1}, {1, 1, 0.3}, {1, -2, 0.1}})
        .weights(2, 1, new double[][] {{1, -0.5, 1, -1}})
        .build();
    Domain box = Domain.cube(3, -1, 1);
    assertThat(Pieces.build(net, box, new int[] {1, 1, 2}, 1)).isNull();
    assertThat(countsWithoutJoining(net, box, new int[] {1, 1, 2})).isNull();
    // cut elsewhere, it joins
    PolyhedralComplex other = Pieces.build(net, box, new int[] {1, 1, 3}, 1);
    assertThat(other).isNotNull();
    assertSameComplex(other, EdgeSubdivision.buildWhole(net, box));
  }

  @Test
  void planarNetworksJoinInHalvesAndQuarters() {
    List<Network> nets = new ArrayList<>();
    for (int seed = 1; seed <= 3; seed++) {
      nets.add(RandomNetworks.mlp(2, new int[] {60, 60}, seed));
      nets.add(RandomNetworks.skipMlp(2, new int[] {30, 30, 30}, seed));
      nets.add(RandomNetworks.icnn(2, new int[] {50, 50}, seed));
      nets.add(Draws.mixed(2, new int[] {40, 40}, false, 30, seed));
    }
    Domain box = Domain.box(new double[] {-30, -7}, new double[] {50, 11});
    for (Network net : nets) {
      PolyhedralComplex whole = EdgeSubdivision.buildWhole(net, box);
      for (int[] grid : new int[][] {{2, 1}, {2, 2}}) {
        PolyhedralComplex joined = Pieces.build(net, box, grid, 2);
        assertThat(joined).as("generic networks join").isNotNull();
        assertSameComplex(joined, whole);
      }
      // what check builds: from 96 hidden neurons on, networks and more are built as halves
      assertSameComplex(EdgeSubdivision.build(net, box), whole);
    }
  }

  @Test
  void degeneratePlanarNetworksJoinExactlyOrAreBuiltWhole() {
    int joined = 0;
    for (int seed = 1; seed <= 60; seed++) {
      // small integer weights: duplicated neurons, several lines through a point; with the box
      // centred on 0 they also put zero sets and vertices on the dividing line x0 = 0 (those are built whole)
      Network net = Draws.integers(2, new int[] {6, 5}, seed % 2 == 0, 2, seed);
      Domain box = seed % 3 == 0 ? Domain.cube(2, -3, 3) : Domain.box(new double[] {-3.3, -3}, new double[] {2.9, 3});
      PolyhedralComplex whole = EdgeSubdivision.buildWhole(net, box);
      PolyhedralComplex pieces = Pieces.build(net, box, new int[] {2, 1}, 2);
      if (pieces == null) continue;
      joined++;
      assertSameComplex(pieces, whole);
    }
    assertThat(joined).isGreaterThan(10);
  }

  @Test
  void aZeroSetOnTheDividingLineIsBuiltWhole() {
    // relu(x0) and relu(-x0) vanish on the whole line x0 = 0; the other neurons cross it
    Network net = NetworkBuilder.of(2, 4)
        .weights(1, 0, new double[][] {{1, 0}, {-1, 0}, {1, 1}, {1, -2}})
        .weights(2, 1, new double[][] {{1, -0.5, 1, -1}})
        .build();
    Domain box = Domain.cube(2, -1, 1);
    assertThat(Pieces.build(net, box, new int[] {2, 1}, 2)).isNull();
    // cut along x0 = -1/3 and 1/3 instead (parallel to the doubled zero set, away from the point where
    // three lines meet) the pieces join; a cut crossing the doubled line could not (two neurons vanish
    // at each crossing: a vertex of the whole complex lies in the cut)
    assertSameComplex(Pieces.build(net, box, new int[] {3, 1}, 2), EdgeSubdivision.buildWhole(net, box));
    assertThat(Pieces.build(net, box, new int[] {1, 3}, 2)).isNull();
  }

  @Test
  void oneAndTwoDimensionsJoinToo() {
    for (int seed = 1; seed <= 3; seed++) {
      Network line = RandomNetworks.mlp(1, new int[] {8, 8}, seed);
      Domain interval = Domain.cube(1, -2.7, 3.1);
      PolyhedralComplex whole1 = EdgeSubdivision.buildWhole(line, interval);
      PolyhedralComplex pieces1 = Pieces.build(line, interval, new int[] {3}, 2);
      assertThat(pieces1).isNotNull();
      assertSameComplex(pieces1, whole1);
      Network plane = RandomNetworks.mlp(2, new int[] {20, 20}, seed);
      Domain square = Domain.box(new double[] {-30, -7}, new double[] {50, 11});
      PolyhedralComplex whole2 = EdgeSubdivision.buildWhole(plane, square);
      PolyhedralComplex pieces2 = Pieces.build(plane, square, new int[] {3, 2}, 2);
      assertThat(pieces2).isNotNull();
      assertSameComplex(pieces2, whole2);
    }
  }

  private static Pieces.Counts countsWithoutJoining(Network net, Domain box, int[] grid) {
    List<Piece> pieces = Pieces.grid(box, grid);
    List<Pieces.PieceCounts> parts = new ArrayList<>();
    for (Piece p : pieces) {
      PolyhedralComplex cx = Pieces.build(net, p);
      Pieces.PieceCounts c = Pieces.count(p, cx);
      assertThat(c.vertices()).isEqualTo(cx.vertexCount());
      assertThat(c.edges()).isEqualTo(cx.edgeCount());
      parts.add(c);
    }
    return Pieces.wholeCounts(parts);
  }

  /** The same arrays in the same order: builds with different thread counts must not differ at all. */
  private static void assertIdentical(PolyhedralComplex a, PolyhedralComplex b) {
    assertThat(a.vertexCount()).isEqualTo(b.vertexCount());
    assertThat(a.edgeCount()).isEqualTo(b.edgeCount());
    for (int v = 0; v < a.vertexCount(); v++) {
      assertThat(a.vertex(v)).isEqualTo(b.vertex(v));
      assertThat(a.vertexTight(v)).isEqualTo(b.vertexTight(v));
      for (int w = 0; w < a.bitWords(); w++) assertThat(a.bitWord(v, w)).isEqualTo(b.bitWord(v, w));
    }
    for (int e = 0; e < a.edgeCount(); e++) {
      assertThat(a.edgeStart(e)).isEqualTo(b.edgeStart(e));
      assertThat(a.edgeEnd(e)).isEqualTo(b.edgeEnd(e));
    }
  }

  /** Same counts, the same vertices (position within 1e-9 of the box, tight constraints, activity), the same edges, the same verdict. */
  static void assertSameComplex(PolyhedralComplex a, PolyhedralComplex b) {
    assertThat(a.vertexCount()).isEqualTo(b.vertexCount());
    assertThat(a.edgeCount()).isEqualTo(b.edgeCount());
    assertThat(a.isResolved()).isEqualTo(b.isResolved());
    assertThat(vertexKeys(a)).isEqualTo(vertexKeys(b));
    assertThat(edgeKeys(a)).isEqualTo(edgeKeys(b));
    Verdict va = new SkeletonChecker().decide(a), vb = new SkeletonChecker().decide(b);
    assertThat(va.kind()).isEqualTo(vb.kind());
    assertThat(va.minGain()).isEqualTo(vb.minGain());
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
    for (int i = 0; i < cx.dim(); i++) {
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
