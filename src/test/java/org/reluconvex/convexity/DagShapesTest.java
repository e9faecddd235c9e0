package org.reluconvex.convexity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.reluconvex.network.Domain;
import org.reluconvex.complex.EdgeSubdivision;
import org.reluconvex.complex.PolyhedralComplex;
import org.reluconvex.network.Network;
import org.reluconvex.network.NetworkBuilder;

/**
 * DAGs in which a hidden layer receives nothing from the layer just before it (only from earlier
 * layers or the input): every path of the skeleton must treat the missing block as zeros, and agree
 * with the cell walk on the verdict and the number of cells.
 */
class DagShapesTest {
  /**
   * d = 2, 2 to 4 hidden layers; each layer l &ge; 2 (and the output) takes edges from a random
   * non-empty set of earlier layers, and at least one hidden layer l &ge; 2 has none from l - 1.
   */
  static Network draw(int[] hidden, SplittableRandom r) {
    return draw(2, hidden, r);
  }

  /** As above in dimension d. */
  static Network draw(int d, int[] hidden, SplittableRandom r) {
    int k = hidden.length;
    NetworkBuilder b = NetworkBuilder.of(d, hidden);
    int skipped = 2 + r.nextInt(k - 1);
    for (int l = 1; l <= k + 1; l++) {
      boolean any = false;
      for (int m = 0; m < l; m++) {
        boolean edges = l == 1 || (m == l - 1 ? l != skipped && r.nextInt(4) != 0 : r.nextInt(3) == 0);
        if (l == k + 1 && m == l - 1) edges = true; // every hidden layer reaches the output through the last
        if (!edges) continue;
        any = true;
        double[] w = new double[b.width(l) * b.width(m)];
        for (int i = 0; i < w.length; i++) w[i] = r.nextDouble(-1, 1);
        b.block(l, m, w);
      }
      if (!any) {
        double[] w = new double[b.width(l) * d];
        for (int i = 0; i < w.length; i++) w[i] = r.nextDouble(-1, 1);
        b.block(l, 0, w);
      }
      for (int i = 0; i < b.width(l); i++) b.bias(l, i, r.nextDouble(-0.5, 0.5));
    }
    return b.build();
  }

  @Test
  void skeletonAndCellsAgreeOnDagsWithoutPreviousLayerEdges() {
    SplittableRandom r = new SplittableRandom(20261210);
    Domain box = Domain.cube(2, -2, 2);
    CellEnumerationChecker cells = new CellEnumerationChecker(100_000, false);
    SkeletonChecker skeleton = new SkeletonChecker();
    int decided = 0;
    for (int n = 0; n < 300; n++) {
      int[] hidden = new int[2 + r.nextInt(3)];
      for (int l = 0; l < hidden.length; l++) hidden[l] = 1 + r.nextInt(4);
      Network net = draw(hidden, r);
      assertThat(net.hasBlock(2, 1) && net.hasBlock(hidden.length, hidden.length - 1) && (hidden.length < 3 || net.hasBlock(3, 2)))
          .as("net %d lacks a previous-layer block", n).isFalse();
      Verdict s = skeleton.check(net, box);
      Verdict c = cells.check(net, box);
      if (s.kind() == VerdictKind.UNKNOWN || c.kind() == VerdictKind.UNKNOWN) continue;
      decided++;
      assertThat(s.kind()).as("net %d: skeleton %s, cells %s", n, s.reason(), c.reason()).isEqualTo(c.kind());
      assertThat(s.cells()).as("net %d cells", n).isEqualTo(c.cells());
      if (s.kind() == VerdictKind.NOT_CONVEX) assertThat(s.witness().verifies(net)).isTrue();
    }
    assertThat(decided).isGreaterThan(270);
  }

  /** Every dimension the skeleton takes, through the front door: no crash, the cell walk's verdict. */
  @Test
  void autoAgreesWithCellsOnDagsWithoutPreviousLayerEdgesInEveryDimension() {
    SplittableRandom r = new SplittableRandom(20261211);
    CellEnumerationChecker cells = new CellEnumerationChecker(100_000, false);
    for (int n = 0; n < 120; n++) {
      int d = 1 + r.nextInt(3);
      int[] hidden = new int[2 + r.nextInt(2)];
      for (int l = 0; l < hidden.length; l++) hidden[l] = 1 + r.nextInt(3);
      Network net = draw(d, hidden, r);
      Domain box = Domain.cube(d, -2, 2);
      Verdict a = Checks.check(net, box, Checks.Method.AUTO);
      Verdict c = cells.check(net, box);
      if (a.kind() != VerdictKind.UNKNOWN && c.kind() != VerdictKind.UNKNOWN)
        assertThat(a.kind()).as("net %d (d = %d): %s / %s", n, d, a.reason(), c.reason()).isEqualTo(c.kind());
      if (a.kind() == VerdictKind.NOT_CONVEX) assertThat(a.witness().verifies(net)).isTrue();
    }
  }

  /** Wide enough for the halved planar build and the walk along first-layer lines. */
  @Test
  void wideDagsWithoutPreviousLayerEdgesBuildInHalvesAsInOnePiece() {
    SplittableRandom r = new SplittableRandom(7);
    Domain box = Domain.cube(2, -3, 3);
    for (int n = 0; n < 3; n++) {
      Network net = draw(new int[] {40 + r.nextInt(10), 40 + r.nextInt(10), 20}, r);
      PolyhedralComplex whole = EdgeSubdivision.build(net, box);
      Verdict s = new SkeletonChecker().check(net, box);
      Verdict c = new CellEnumerationChecker(1_000_000, false).check(net, box);
      assertThat(whole.cellCount()).as("net %d", n).isEqualTo(c.cells());
      if (s.kind() != VerdictKind.UNKNOWN && c.kind() != VerdictKind.UNKNOWN)
        assertThat(s.kind()).as("net %d: %s", n, s.reason()).isEqualTo(c.kind());
    }
  }
}
