package org.reluconvex.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reluconvex.complex.Piece;
import org.reluconvex.complex.Pieces;
import org.reluconvex.complex.PolyhedralComplex;
import org.reluconvex.convexity.Verdict;
import org.reluconvex.convexity.VerdictKind;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;
import org.reluconvex.network.RandomNetworks;

/**
 * The driver's combination of piece results, on the real pieces of a convex network: a convex verdict
 * needs every piece's complex proven exact, and reports a minimum gain only when every piece's
 * skeleton computed its gains.
 */
class HugeCombineTest {
  private final Network net = RandomNetworks.icnn(2, new int[] {8, 8}, 5);
  private final Domain box = Domain.cube(2, -10, 10);
  private final List<Piece> pieces = Pieces.grid(box, new int[] {2, 2});

  /** The results of the real tasks, then the result of piece "changed" (-1: none) with the given flags. */
  private List<HugeJob.PieceResult> results(int changed, boolean audited, boolean bySkeleton) {
    List<HugeJob.PieceResult> rs = new ArrayList<>();
    for (int k = 0; k < pieces.size(); k++) {
      double[] lo = box.lo(), hi = box.hi();
      HugeJob.PieceResult r = HugeJob.checkPiece(org.reluconvex.io.JsonModel.write(net), lo, hi, new int[] {2, 2}, k);
      assertThat(r.kind()).isEqualTo(VerdictKind.CONVEX);
      assertThat(r.audited()).isTrue();
      if (k == changed)
        r = new HugeJob.PieceResult(r.ordinal(), r.kind(), bySkeleton ? r.method() : "auto", r.reason(),
            bySkeleton ? r.minGain() : Double.NaN, r.a(), r.b(), r.excess(), r.foundBy(), r.vertices(), r.edges(),
            r.ownVertices(), r.segments(), r.crossings(), r.clean(), audited, bySkeleton, r.crossingKeys());
      rs.add(r);
    }
    return rs;
  }

  @Test
  void convexPiecesWithProvenComplexesGiveConvexWithTheWholeCountsAndMinimumGain() {
    Verdict v = HugeJob.combine(net, box, pieces, results(-1, true, true));
    PolyhedralComplex cx = org.reluconvex.ReluConvex.regions(net, box);
    assertThat(v.kind()).isEqualTo(VerdictKind.CONVEX);
    assertThat(v.vertexCount()).hasValue(cx.vertexCount());
    assertThat(v.minimumGain()).isPresent();
  }

  @Test
  void aPieceWhoseComplexWasNotProvenExactLeavesTheWholeUnknown() {
    Verdict v = HugeJob.combine(net, box, pieces, results(2, false, false));
    assertThat(v.kind()).isEqualTo(VerdictKind.UNKNOWN);
    assertThat(v.reason()).contains("could not be proven exact");
  }

  @Test
  void aPieceDecidedByAutoDropsTheMinimumGainAndIsNamedInTheMethod() {
    Verdict v = HugeJob.combine(net, box, pieces, results(1, true, false));
    assertThat(v.kind()).isEqualTo(VerdictKind.CONVEX);
    assertThat(v.minimumGain()).isEmpty();
    assertThat(v.method()).isEqualTo("skeleton, auto where it could not decide, on 4 pieces");
  }
}
