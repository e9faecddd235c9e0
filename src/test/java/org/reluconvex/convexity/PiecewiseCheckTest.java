package org.reluconvex.convexity;

import org.reluconvex.convexity.CheckOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reluconvex.complex.ComplexCounts;
import org.reluconvex.complex.EdgeSubdivision;
import org.reluconvex.complex.BuildSettings;
import org.reluconvex.complex.Piece;
import org.reluconvex.complex.PiecePlan;
import org.reluconvex.complex.Pieces;
import org.reluconvex.complex.PolyhedralComplex;
import org.reluconvex.complex.ResourceLimitException;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;
import org.reluconvex.network.RandomNetworks;
import org.reluconvex.precision.PrecisionPolicy;

/**
 * A box checked and counted as pieces built one after another, against the whole box built at once
 * (the second method is the oracle): the same verdict, the same counts of the whole complex, the
 * same minimum gain, whether the pieces form the planned grid or were halved again where they did
 * not fit; and the combination of piece results on the real pieces of a convex network.
 */
class PiecewiseCheckTest {
  private final SkeletonChecker skeleton = new SkeletonChecker(PrecisionPolicy.DEFAULT);

  /** The whole-box skeleton check and complex, and the same as pieces within 'limit', agree. */
  private void assertSameAsWhole(Network net, Domain box, PiecePlan plan, long limit, boolean expectHalving) {
    PolyhedralComplex cx = EdgeSubdivision.build(net, box);
    Verdict whole = skeleton.decide(cx);
    Verdict pieces = PiecewiseCheck.run(net, box, plan, BuildSettings.defaults().withMemory(limit), skeleton);
    assertThat(pieces.kind()).as("%s", pieces).isEqualTo(whole.kind());
    assertThat(pieces.vertexCount()).hasValue(cx.vertexCount());
    assertThat(pieces.edgeCount()).hasValue(cx.edgeCount());
    assertThat(pieces.method()).startsWith("skeleton on ");
    assertThat(pieces.reason()).contains("built as ").contains(expectHalving ? "some halved again" : "grid " + plan.gridLabel() + ")");
    if (whole.kind() == VerdictKind.CONVEX) assertThat(pieces.minimumGain()).isEqualTo(whole.minimumGain());
    if (whole.kind() == VerdictKind.NOT_CONVEX) {
      assertThat(Witness.exactExcess(net, pieces.witness().a(), pieces.witness().b()).signum()).isPositive();
      assertThat(pieces.witness().foundBy()).startsWith("piece [");
    }
    ComplexCounts counts = ComplexCounts.of(net, box, plan, BuildSettings.defaults().withMemory(limit));
    assertThat(counts.vertices()).isEqualTo(cx.vertexCount());
    assertThat(counts.edges()).isEqualTo(cx.edgeCount());
    assertThat(counts.cells()).isEqualTo(cx.cellCount());
    assertThat(counts.exact()).as(counts.doubt()).isTrue();
  }

  @Test
  void piecesOfAPlannedGridGiveTheVerdictAndCountsOfTheWholeBox() {
    long roomy = 1L << 30;
    assertSameAsWhole(RandomNetworks.icnn(2, new int[] {24, 24}, 3), Domain.cube(2, -10, 10), PiecePlan.of(2, 3), roomy, false);
    assertSameAsWhole(RandomNetworks.mlp(2, new int[] {24, 24}, 4), Domain.cube(2, -3, 3), PiecePlan.of(3, 2), roomy, false);
    assertSameAsWhole(RandomNetworks.icnn(3, new int[] {12, 12}, 5), Domain.cube(3, -1, 1), PiecePlan.of(2, 2, 2), roomy, false);
    assertSameAsWhole(RandomNetworks.mlp(3, new int[] {16, 16, 16}, 6), Domain.cube(3, -0.5, 0.5), PiecePlan.of(2, 1, 2), roomy, false);
  }

  @Test
  void piecesThatDoNotFitTheirShareAreHalvedAndStillGiveTheWholeBox() {
    // a share of 1 MB (limit / 4): the 20k-vertex complex of the whole box needs several times that
    long limit = 4L << 20;
    Network net = RandomNetworks.mlp(3, new int[] {32, 32, 32}, 7);
    Domain box = Domain.cube(3, -1, 1);
    assertSameAsWhole(net, box, PiecePlan.of(1, 1, 2), limit, true);
    Network convex = RandomNetworks.icnn(3, new int[] {32, 32, 32}, 8);
    assertSameAsWhole(convex, box, PiecePlan.of(1, 1, 1), limit, true);
    // the listener hears of every piece done, the planned count growing as pieces are halved
    List<int[]> heard = java.util.Collections.synchronizedList(new ArrayList<>());
    Verdict v;
    v = PiecewiseCheck.run(net, box, PiecePlan.of(1, 1, 2), BuildSettings.defaults().withMemory(limit).withProgress((finished, planned, p, vertices) -> heard.add(new int[] {finished, planned})),
        skeleton);
    int built = Integer.parseInt(v.method().replaceAll("\\D+", ""));
    assertThat(heard).hasSize(built);
    assertThat(heard.stream().mapToInt(h -> h[0]).sorted().toArray()).containsExactly(java.util.stream.IntStream.rangeClosed(1, built).toArray());
    assertThat(heard.stream().mapToInt(h -> h[1]).max().getAsInt()).isEqualTo(built);
  }

  @Test
  void theCheckerGoesToPiecesWhereTheWholeWouldNotFitAndStopsWherePiecesCannotHelp() {
    Network net = RandomNetworks.mlp(3, new int[] {40, 40, 40}, 1);
    Domain box = Domain.cube(3, -1, 1);
    PolyhedralComplex cx = EdgeSubdivision.build(net, box);
    Verdict whole = skeleton.decide(cx);
    // three times the finished complex: less than twice the peak of its build, but a share of over a megabyte
    long limit = 3 * cx.bytes();
    assertThat(limit).isGreaterThan(4L << 20);
    Verdict v = new SkeletonChecker(PrecisionPolicy.DEFAULT, BuildSettings.defaults().withMemory(limit)).check(net, box);
    assertThat(v.kind()).isEqualTo(whole.kind());
    assertThat(v.method()).startsWith("skeleton on ");
    assertThat(v.vertexCount()).hasValue(cx.vertexCount());
    ComplexCounts c = ComplexCounts.of(net, box, BuildSettings.defaults().withMemory(limit));
    assertThat(c.pieces()).isGreaterThan(1);
    assertThat(c.vertices()).isEqualTo(cx.vertexCount());
    // a share below a megabyte: pieces are no way out, the limit is reported as before
    assertThatThrownBy(() -> new SkeletonChecker(PrecisionPolicy.DEFAULT, BuildSettings.defaults().withMemory(1L << 20)).check(net, box))
        .isInstanceOf(ResourceLimitException.class);
  }

  /** Asked for the complex, auto builds and counts it in d = 3, as pieces when needed, whatever it would have tried first. */
  @Test
  void exhaustiveAutoInThreeDimensionsCountsTheComplexInsteadOfRunningTheProgramsFirst() {
    Network net = RandomNetworks.mlp(3, new int[] {40, 40, 40}, 1);
    Domain box = Domain.cube(3, -1, 1);
    PolyhedralComplex cx = EdgeSubdivision.build(net, box);
    CheckOptions exhaustive = CheckOptions.defaults().withExhaustive(true);
    Verdict v = org.reluconvex.ReluConvex.check(net, box, exhaustive);
    assertThat(v.kind()).isEqualTo(skeleton.decide(cx).kind());
    assertThat(v.method()).isEqualTo("skeleton");
    assertThat(v.vertexCount()).hasValue(cx.vertexCount());
    Verdict p = org.reluconvex.ReluConvex.check(net, box, exhaustive.withMaxMemory(3 * cx.bytes()));
    assertThat(p.kind()).isEqualTo(v.kind());
    assertThat(p.method()).startsWith("skeleton on ");
    assertThat(p.vertexCount()).hasValue(cx.vertexCount());
    assertThat(p.edgeCount()).hasValue(cx.edgeCount());
  }

  /** Where no number of pieces fits, the exhaustive check falls back to the integer programs rather than stopping. */
  @Test
  void exhaustiveAutoFallsBackToTheProgramsWhereNoPiecesFit() {
    Network net = RandomNetworks.mlp(3, new int[] {40, 40, 40}, 1);
    Domain box = Domain.cube(3, -1, 1);
    Verdict v = org.reluconvex.ReluConvex.check(net, box, CheckOptions.defaults().withExhaustive(true).withMaxMemory(3_000_000));
    assertThat(v.kind()).isEqualTo(VerdictKind.NOT_CONVEX);
    assertThat(v.method()).isEqualTo("milp");
    assertThat(v.reason()).contains("the complex could not be built");
    assertThat(Witness.exactExcess(net, v.witness().a(), v.witness().b()).signum()).isPositive();
  }

  /**
   * f = relu(s (|x0 - 1| - x1 - 0.5)), its |x0 - 1| = 2 relu(x0 - 1) - x0 + 1 through a skip
   * connection: a kink on {x0 = 1, x1 < -0.5}. With a cut at x0 = 1 no piece sees it: every piece of
   * the concave one (s = -1) is convex, and only the cut's cleanness keeps the box from being called
   * convex. Across a tiling with halved pieces the answers are those of the whole box, or unknown.
   */
  @Test
  void aKinkLyingInACutIsNeverHiddenFromTheVerdict() {
    Domain box = Domain.cube(2, -2, 2);
    for (double s : new double[] {1, -1}) {
      Network net = org.reluconvex.network.NetworkBuilder.of(2, 1, 1)
          .weights(1, 0, new double[][] {{1, 0}}).bias(1, new double[] {-1})
          .weights(2, 1, new double[][] {{2 * s}}).weights(2, 0, new double[][] {{-s, -s}}).bias(2, new double[] {0.5 * s})
          .weights(3, 2, new double[][] {{1}}).bias(3, new double[] {0}).build();
      VerdictKind whole = skeleton.check(net, box).kind();
      assertThat(whole).isEqualTo(s > 0 ? VerdictKind.CONVEX : VerdictKind.NOT_CONVEX);
      Verdict cutAtTheKink = PiecewiseCheck.run(net, box, PiecePlan.of(4, 2), BuildSettings.defaults().withMemory(1L << 30), skeleton);
      assertThat(cutAtTheKink.kind()).as("s = %s: %s", s, cutAtTheKink.reason()).isEqualTo(VerdictKind.UNKNOWN);
      assertThat(cutAtTheKink.vertexCount()).isEmpty(); // and no counts: the pieces do not meet cleanly
      // a tiling with a T-junction: the lower-right quarter [0, 2] x [-2, 0] halved at x0 = 1
      List<Piece> tiling = new ArrayList<>();
      for (Piece p : Pieces.grid(box, 2, 2)) {
        if (p.index(0) == 1 && p.index(1) == 0) tiling.addAll(List.of(p.halves()));
        else tiling.add(p);
      }
      List<PiecewiseCheck.PieceResult> results = new ArrayList<>();
      for (Piece p : tiling) results.add(PiecewiseCheck.check(net, p, Pieces.build(net, p), skeleton, null));
      VerdictKind tiled = PiecewiseCheck.combine(net, box, tiling, results, PrecisionPolicy.DEFAULT).kind();
      assertThat(tiled).as("s = %s", s).isIn(whole, VerdictKind.UNKNOWN);
    }
  }

  @Test
  void aPlanIsMadeOnlyWhereTheEstimateDoesNotFit() {
    Network small = RandomNetworks.mlp(3, new int[] {16, 16}, 1);
    assertThat(PiecePlan.of(small, Domain.cube(3, -1, 1), 1L << 30)).isNull();
    Network wide = RandomNetworks.mlp(2, new int[] {600, 600}, 1);
    PiecePlan plan = PiecePlan.of(wide, Domain.cube(2, -100, 100), 64L << 20);
    assertThat(plan).isNotNull();
    assertThat(plan.estimatedVertices()).isGreaterThan(100_000);
    assertThat(plan.pieces(Domain.cube(2, -100, 100)).size()).isGreaterThan(1);
    // far beyond what any number of pieces can hold in 8 MB: refused before building
    assertThatThrownBy(() -> PiecePlan.of(RandomNetworks.mlp(2, new int[] {2000, 2000}, 1), Domain.cube(2, -100, 100), 8L << 20))
        .isInstanceOf(ResourceLimitException.class).hasMessageContaining("pieces");
  }

  @Test
  void theSampledEstimateIsNearTheCountOfTheWholeComplex() {
    for (int seed = 1; seed <= 3; seed++) {
      Network net = RandomNetworks.mlp(3, new int[] {40, 40, 40}, seed);
      Domain box = Domain.cube(3, -1, 1);
      long actual = EdgeSubdivision.build(net, box).vertexCount();
      long estimate = PiecePlan.sampledVertices(net, box, 1L << 30);
      assertThat(estimate).as("seed %d: %d against %d", seed, estimate, actual).isBetween(actual / 3, actual * 3);
    }
  }

  // --- the combination, on the real pieces of a convex network ---

  private final Network icnn = RandomNetworks.icnn(2, new int[] {8, 8}, 5);
  private final Domain box = Domain.cube(2, -10, 10);
  private final List<Piece> pieces = Pieces.grid(box, 2, 2);

  /** The results of the real pieces, then the result of piece "changed" (-1: none) with the given flags. */
  private List<PiecewiseCheck.PieceResult> results(int changed, boolean audited, boolean bySkeleton) {
    List<PiecewiseCheck.PieceResult> rs = new ArrayList<>();
    for (int k = 0; k < pieces.size(); k++) {
      Piece p = pieces.get(k);
      PiecewiseCheck.PieceResult r = PiecewiseCheck.check(icnn, p, Pieces.build(icnn, p), skeleton, null);
      assertThat(r.kind()).isEqualTo(VerdictKind.CONVEX);
      assertThat(r.audited()).isTrue();
      if (k == changed)
        r = new PiecewiseCheck.PieceResult(r.kind(), bySkeleton ? r.method() : "auto", r.reason(),
            bySkeleton ? r.minGain() : Double.NaN, r.a(), r.b(), r.excess(), r.foundBy(), r.vertices(), r.edges(),
            r.ownVertices(), r.segments(), r.crossings(), r.clean(), audited, bySkeleton, r.crossingKeys());
      rs.add(r);
    }
    return rs;
  }

  @Test
  void piecesThatDoNotTileTheBoxNeverGiveConvexOrCounts() {
    // affine in the box (both neurons always active): no zero set, so no crossing could show a gap
    Network affine = org.reluconvex.network.NetworkBuilder.of(2, 2).addWeight(1, 0, 0, 0, 1).addWeight(1, 0, 1, 1, -1)
        .bias(1, new double[] {50, 50}).addWeight(2, 1, 0, 0, 1).addWeight(2, 1, 0, 1, 2).build();
    Domain square = Domain.cube(2, -1, 1);
    List<Piece> grid = Pieces.grid(square, 2, 2);
    List<PiecewiseCheck.PieceResult> all = new ArrayList<>();
    for (Piece p : grid) all.add(PiecewiseCheck.check(affine, p, Pieces.build(affine, p), skeleton, null));
    Verdict v = PiecewiseCheck.combine(affine, square, grid, all, PrecisionPolicy.DEFAULT);
    assertThat(v.kind()).isEqualTo(VerdictKind.CONVEX);
    assertThat(v.vertexCount()).hasValue(EdgeSubdivision.build(affine, square).vertexCount());
    // a piece missing, or one twice
    Verdict missing = PiecewiseCheck.combine(affine, square, grid.subList(0, 3), all.subList(0, 3), PrecisionPolicy.DEFAULT);
    assertThat(missing.kind()).isEqualTo(VerdictKind.UNKNOWN);
    assertThat(missing.reason()).contains("do not tile the box");
    assertThat(missing.vertexCount()).isEmpty();
    List<Piece> twice = new ArrayList<>(grid.subList(0, 3));
    twice.add(grid.get(0));
    List<PiecewiseCheck.PieceResult> twiceResults = new ArrayList<>(all.subList(0, 3));
    twiceResults.add(all.get(0));
    assertThat(PiecewiseCheck.combine(affine, square, twice, twiceResults, PrecisionPolicy.DEFAULT).kind()).isEqualTo(VerdictKind.UNKNOWN);
    // tilings with halved pieces are tilings
    List<Piece> halved = new ArrayList<>(grid.subList(1, 4));
    halved.addAll(List.of(grid.get(0).halves()));
    assertThat(Pieces.tiles(square, halved)).isTrue();
    assertThat(Pieces.tiles(square, List.of(grid.get(0).halves()))).isFalse();
  }

  @Test
  void convexPiecesWithProvenComplexesGiveConvexWithTheWholeCountsAndMinimumGain() {
    Verdict v = PiecewiseCheck.combine(icnn, box, pieces, results(-1, true, true), PrecisionPolicy.DEFAULT);
    PolyhedralComplex cx = EdgeSubdivision.build(icnn, box);
    assertThat(v.kind()).isEqualTo(VerdictKind.CONVEX);
    assertThat(v.vertexCount()).hasValue(cx.vertexCount());
    assertThat(v.cellCount()).hasValue(cx.cellCount());
    assertThat(v.minimumGain()).isEqualTo(skeleton.decide(cx).minimumGain());
  }

  @Test
  void aPieceWhoseComplexWasNotProvenExactLeavesTheWholeUnknown() {
    Verdict v = PiecewiseCheck.combine(icnn, box, pieces, results(2, false, false), PrecisionPolicy.DEFAULT);
    assertThat(v.kind()).isEqualTo(VerdictKind.UNKNOWN);
    assertThat(v.reason()).contains("could not be proven exact");
  }

  @Test
  void aPieceDecidedByAutoDropsTheMinimumGainAndIsNamedInTheMethod() {
    Verdict v = PiecewiseCheck.combine(icnn, box, pieces, results(1, true, false), PrecisionPolicy.DEFAULT);
    assertThat(v.kind()).isEqualTo(VerdictKind.CONVEX);
    assertThat(v.minimumGain()).isEmpty();
    assertThat(v.method()).isEqualTo("skeleton, auto where it could not decide, on 4 pieces");
  }

  @Test
  void crossingsPairOnATilingOfGridPiecesAndHalvesAndNotWhenOneKeyChanges() {
    Network net = RandomNetworks.mlp(2, new int[] {16, 16}, 9);
    Domain b = Domain.cube(2, -2, 2);
    List<Piece> tiling = new ArrayList<>();
    for (Piece p : Pieces.grid(b, 2, 2)) {
      if (p.index(0) == 1 && p.index(1) == 0) {
        for (Piece h : p.halves()) tiling.addAll(List.of(h.halves()));
      } else tiling.add(p);
    }
    assertThat(tiling).hasSize(7);
    List<long[][]> keys = new ArrayList<>();
    for (Piece p : tiling) keys.add(Pieces.crossingKeys(p, Pieces.build(net, p)));
    assertThat(Pieces.crossingsPair(tiling, keys)).isTrue();
    for (int k = 0; k < keys.size(); k++)
      for (long[] onFacet : keys.get(k))
        if (onFacet != null && onFacet.length > 0) {
          onFacet[0] ^= 1;
          assertThat(Pieces.crossingsPair(tiling, keys)).as("piece %d", k).isFalse();
          onFacet[0] ^= 1;
        }
    assertThat(Pieces.crossingsPair(tiling, keys)).isTrue();
  }
}
