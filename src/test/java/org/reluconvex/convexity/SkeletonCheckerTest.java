package org.reluconvex.convexity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reluconvex.network.Domain;
import org.reluconvex.complex.EdgeSubdivision;
import org.reluconvex.complex.PolyhedralComplex;
import org.reluconvex.network.Examples;
import org.reluconvex.network.Network;
import org.reluconvex.network.RandomNetworks;
import org.reluconvex.testing.Degenerate;
import org.reluconvex.testing.Sampling;

class SkeletonCheckerTest {
  private final SkeletonChecker checker = new SkeletonChecker();

  private static Domain box(double lo, double hi, int d) { return Domain.cube(d, lo, hi); }

  /** The verdict agrees with dense sampling, and a not_convex verdict carries a witness that verifies. */
  private Verdict checkAgainstSampling(Network net, Domain box) {
    Verdict v = checker.check(net, box);
    boolean sampledConvex = Sampling.looksConvex(net, box, 20_000, 7);
    if (v.kind() == VerdictKind.NOT_CONVEX) {
      assertThat(v.witness().verifies(net)).as("witness verifies").isTrue();
      assertThat(box.contains(v.witness().a()) && box.contains(v.witness().b())).isTrue();
    }
    if (v.kind() == VerdictKind.CONVEX) assertThat(sampledConvex).as("sampling agrees with convex verdict").isTrue();
    return v;
  }

  @Test
  void nonIcnnWeightsIsConvexOnEveryBox() {
    Network f = Examples.nonIcnnWeights();
    for (Domain b : List.of(box(-100, 100, 2), box(-2, 2, 2), box(-1, 1, 2),
        Domain.box(new double[] {0.5, -1}, new double[] {3, 1}), Domain.box(new double[] {-3, 0}, new double[] {3, 2}))) {
      Verdict v = checkAgainstSampling(f, b);
      assertThat(v.kind()).as(b.describe()).isEqualTo(VerdictKind.CONVEX);
    }
  }

  @Test
  void nonIcnnWeightsComplexHasTheBoundedSegmentAsAFrontier() {
    PolyhedralComplex cx = EdgeSubdivision.build(Examples.nonIcnnWeights(), box(-2, 2, 2));
    assertThat(cx.isResolved()).isTrue();
    // f = max(|x2|, |x1| - 1): kinks on x2 = 0 (|x1| < 1) and on |x2| = |x1| - 1; the skeleton must
    // contain the segment [-1, 1] x {0} split at the first-layer line x1 = 0
    boolean found = false;
    for (int e = 0; e < cx.edgeCount(); e++) {
      double[] a = cx.vertex(cx.edgeStart(e)), b = cx.vertex(cx.edgeEnd(e));
      if (a[1] == 0 && b[1] == 0 && Math.abs(Math.abs(a[0] - b[0]) - 1) < 1e-12 && Math.min(Math.abs(a[0]), Math.abs(b[0])) == 0)
        found = true;
    }
    assertThat(found).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"2,-1,true", "1,-1,true", "1,-2,false", "-1,0.5,false", "0,0,true", "-3,3,true"})
  void duplicatedNeuronsAddTheirKinks(double a, double b, boolean convex) {
    Verdict v = checkAgainstSampling(Degenerate.duplicated(a, b), box(-100, 100, 2));
    assertThat(v.kind()).isEqualTo(convex ? VerdictKind.CONVEX : VerdictKind.NOT_CONVEX);
  }

  @ParameterizedTest
  @CsvSource({"2,-1,true", "-2,1,true", "-3,1,false", "1,-1,false"})
  void proportionalNeuronsAddTheirKinks(double a, double b, boolean convex) {
    Verdict v = checkAgainstSampling(Degenerate.scaled(a, b), box(-10, 10, 2));
    assertThat(v.kind()).isEqualTo(convex ? VerdictKind.CONVEX : VerdictKind.NOT_CONVEX);
  }

  @ParameterizedTest
  @CsvSource({"-2", "-1", "0", "1", "2"})
  void threeLinesThroughOnePointAgreeWithSampling(double c) {
    Verdict v = checkAgainstSampling(Degenerate.threeLines(c), box(-5, 5, 2));
    assertThat(v.kind()).isNotEqualTo(VerdictKind.UNKNOWN);
    assertThat(v.kind() == VerdictKind.CONVEX).isEqualTo(Sampling.looksConvex(Degenerate.threeLines(c), box(-5, 5, 2), 50_000, 3));
  }

  @Test
  void foldThroughTheOriginIsNotConvex() {
    Verdict v = checkAgainstSampling(Degenerate.fold(), box(-100, 100, 2));
    assertThat(v.kind()).isEqualTo(VerdictKind.NOT_CONVEX);
  }

  @ParameterizedTest
  @CsvSource({"1,1,true", "1,-1,false", "-1,1,false", "0,2,true"})
  void zeroSetsThroughBoxCorners(double a, double b, boolean convex) {
    Verdict v = checkAgainstSampling(Degenerate.diagonals(a, b), box(0, 1, 2));
    assertThat(v.kind()).isEqualTo(convex ? VerdictKind.CONVEX : VerdictKind.NOT_CONVEX);
  }

  @ParameterizedTest
  @CsvSource({"3,true", "2,true", "1,false"})
  void neuronsConstantOnAHalfPlane(double a, boolean convex) {
    Verdict v = checkAgainstSampling(Degenerate.constantOnRegion(a), box(-4, 4, 2));
    assertThat(v.kind()).isEqualTo(convex ? VerdictKind.CONVEX : VerdictKind.NOT_CONVEX);
  }

  @Test
  void randomIcnnsAreConvexInEveryDimension() {
    for (int d = 1; d <= 4; d++)
      for (long seed = 0; seed < 6; seed++) {
        Network net = RandomNetworks.icnn(d, new int[] {4, 3}, seed);
        Verdict v = checkAgainstSampling(net, box(-3, 3, d));
        assertThat(v.kind()).as("d=%d seed=%d", d, seed).isEqualTo(VerdictKind.CONVEX);
      }
  }

  @Test
  void randomNetworksAgreeWithSamplingWithAndWithoutSkips() {
    List<String> unknown = new ArrayList<>();
    int notConvex = 0, convex = 0;
    for (int d = 1; d <= 4; d++)
      for (long seed = 0; seed < 12; seed++) {
        boolean skip = seed % 2 == 1;
        int[] widths = d <= 2 ? new int[] {5, 4} : new int[] {3, 3};
        Network net = skip ? RandomNetworks.skipMlp(d, widths, seed) : RandomNetworks.mlp(d, widths, seed);
        Verdict v = checkAgainstSampling(net, box(-2, 2, d));
        if (v.kind() == VerdictKind.UNKNOWN) unknown.add("d=" + d + " seed=" + seed + ": " + v.reason());
        if (v.kind() == VerdictKind.NOT_CONVEX) notConvex++;
        if (v.kind() == VerdictKind.CONVEX) convex++;
      }
    assertThat(unknown).isEmpty();
    assertThat(notConvex).isPositive();
    assertThat(convex + notConvex).isEqualTo(48);
  }

  @Test
  void oneDimensionalNetworksDecideAtTheirKinks() {
    // f(x) = relu(x) - 2 relu(x - 1) + relu(x - 3): concave kink at 1
    Network f = org.reluconvex.network.NetworkBuilder.of(1, 3)
        .weights(1, 0, new double[][] {{1}, {1}, {1}})
        .bias(1, new double[] {0, -1, -3})
        .weights(2, 1, new double[][] {{1, -2, 1}})
        .build();
    assertThat(checkAgainstSampling(f, box(-5, 5, 1)).kind()).isEqualTo(VerdictKind.NOT_CONVEX);
    assertThat(checkAgainstSampling(f, box(1.5, 5, 1)).kind()).isEqualTo(VerdictKind.CONVEX);
    assertThat(checkAgainstSampling(f, box(-5, 0.9, 1)).kind()).isEqualTo(VerdictKind.CONVEX);
  }

  @Test
  void boxCountsOfAnAffineArrangement() {
    // two lines crossing inside the square: 4 corners + 4 boundary points + 1 crossing; 4 + 8 boundary... edges
    Network net = org.reluconvex.network.NetworkBuilder.of(2, 2)
        .weights(1, 0, new double[][] {{1, 0}, {0, 1}})
        .weights(2, 1, new double[][] {{1, 1}})
        .build();
    PolyhedralComplex cx = EdgeSubdivision.build(net, box(-1, 1, 2));
    assertThat(cx.vertexCount()).isEqualTo(9);
    assertThat(cx.edgeCount()).isEqualTo(12);
    assertThat(cx.cellCount()).isEqualTo(4);
  }
}
