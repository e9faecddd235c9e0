package org.reluconvex.convexity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Examples;
import org.reluconvex.network.Network;
import org.reluconvex.network.RandomNetworks;

class CellEnumerationCheckerTest {
  private final CellEnumerationChecker cells = new CellEnumerationChecker();

  /** Largest midpoint excess over random pairs: positive beyond rounding means not convex. */
  static boolean samplingFindsViolation(Network net, Domain dom, long seed, int pairs) {
    SplittableRandom r = new SplittableRandom(seed);
    int d = net.inputDim();
    double span = dom.isBox() ? 0 : 3;
    for (int k = 0; k < pairs; k++) {
      double[] a = new double[d], b = new double[d];
      double radius = k % 2 == 0 ? 1 : 0.05; // long and short chords
      for (int c = 0; c < d; c++) {
        double lo = dom.isBox() ? dom.lo(c) : -span, hi = dom.isBox() ? dom.hi(c) : span;
        a[c] = lo + (hi - lo) * r.nextDouble();
        b[c] = a[c] + radius * (hi - lo) * (r.nextDouble() - 0.5);
        b[c] = Math.min(hi, Math.max(lo, b[c]));
      }
      if (Witness.verified(net, a, b) != null) return true;
    }
    return false;
  }

  @Test
  void nonIcnnWeightsIsConvexOnThePlaneAndOnBoxes() {
    Network f = Examples.nonIcnnWeights();
    Verdict whole = cells.check(f, Domain.whole(2));
    assertThat(whole.kind()).as(whole.reason()).isEqualTo(VerdictKind.CONVEX);
    assertThat(whole.cells()).isGreaterThan(3);
    for (double s : new double[] {0.5, 1, 2, 100}) {
      Verdict v = cells.check(f, Domain.cube(2, -s, s));
      assertThat(v.kind()).as(v.reason()).isEqualTo(VerdictKind.CONVEX);
    }
    Verdict shifted = cells.check(f, Domain.box(new double[] {0, -1}, new double[] {3, 0}));
    assertThat(shifted.kind()).as(shifted.reason()).isEqualTo(VerdictKind.CONVEX);
  }

  /** Distinct activation patterns on a fine grid / random points: a lower bound on the number of cells. */
  static int sampledPatterns(Network net, Domain dom, long seed, int points) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    SplittableRandom r = new SplittableRandom(seed);
    int d = net.inputDim();
    for (int k = 0; k < points; k++) {
      double[] x = new double[d];
      for (int c = 0; c < d; c++) x[c] = dom.lo(c) + (dom.hi(c) - dom.lo(c)) * r.nextDouble();
      seen.add(org.reluconvex.network.ActivationPattern.at(net, x).toString());
    }
    return seen.size();
  }

  private static Network draw(int d, int[] widths, boolean skip, long seed) {
    return skip ? RandomNetworks.skipMlp(d, widths, seed) : RandomNetworks.mlp(d, widths, seed);
  }

  @Test
  void fullWalkAgreesWithDenseSampling() {
    CellEnumerationChecker full = new CellEnumerationChecker(100_000, false);
    int notConvex = 0, convex = 0;
    for (long seed = 0; seed < 36; seed++) {
      int d = 1 + (int) (seed % 3);
      int[] widths = seed % 4 < 2 ? new int[] {4, 3} : new int[] {5};
      boolean skip = seed % 2 == 0;
      Network net = draw(d, widths, skip, seed);
      Domain dom = Domain.cube(d, -2, 2);
      Verdict v = full.check(net, dom);
      assertThat(v.kind()).as("seed %d: %s", seed, v.reason()).isNotEqualTo(VerdictKind.UNKNOWN);
      assertThat(v.cells()).as("seed %d", seed).isGreaterThanOrEqualTo(sampledPatterns(net, dom, seed, 3000));
      if (v.kind() == VerdictKind.CONVEX) {
        convex++;
        assertThat(samplingFindsViolation(net, dom, seed, 2000)).as("seed %d", seed).isFalse();
      } else {
        notConvex++;
        assertThat(v.witness().verifies(net)).isTrue();
        assertThat(dom.contains(v.witness().a()) && dom.contains(v.witness().b())).isTrue();
      }
    }
    assertThat(notConvex).isPositive();
  }

  @Test
  void icnnsAreConvexAndTheWalkSeesEveryCell() {
    for (long seed = 0; seed < 24; seed++) {
      int d = 1 + (int) (seed % 3);
      Network net = RandomNetworks.icnn(d, seed % 2 == 0 ? new int[] {4, 4} : new int[] {3, 2, 3}, seed);
      Domain box = Domain.cube(d, -3, 3);
      Verdict v = cells.check(net, box);
      assertThat(v.kind()).as("seed %d: %s", seed, v.reason()).isEqualTo(VerdictKind.CONVEX);
      assertThat(v.cells()).isGreaterThanOrEqualTo(sampledPatterns(net, box, seed, 3000));
      Verdict whole = cells.check(net, Domain.whole(d));
      assertThat(whole.kind()).as("seed %d: %s", seed, whole.reason()).isEqualTo(VerdictKind.CONVEX);
      assertThat(whole.cells()).isGreaterThanOrEqualTo(v.cells());
    }
  }

  @Test
  void perturbedIcnnsAgreeWithSampling() {
    // an ICNN with one hidden-to-hidden weight made negative: convex or not, sometimes only in a corner
    int notConvex = 0;
    for (long seed = 0; seed < 24; seed++) {
      int d = 1 + (int) (seed % 2);
      Network icnn = RandomNetworks.icnn(d, new int[] {4, 4}, seed);
      org.reluconvex.network.NetworkBuilder b = icnn.toBuilder();
      b.block(2, 1)[(int) (seed % 16)] *= -0.3;
      Network net = b.build();
      Domain dom = Domain.cube(d, -3, 3);
      Verdict v = cells.check(net, dom);
      boolean violation = samplingFindsViolation(net, dom, seed, 4000);
      assertThat(v.kind()).as("seed %d: %s", seed, v.reason()).isNotEqualTo(VerdictKind.UNKNOWN);
      if (violation) assertThat(v.kind()).as("seed %d", seed).isEqualTo(VerdictKind.NOT_CONVEX);
      if (v.kind() == VerdictKind.NOT_CONVEX) {
        notConvex++;
        assertThat(v.witness().verifies(net)).isTrue();
      }
    }
    assertThat(notConvex).isPositive();
  }

  @Test
  void wholeSpaceAnswerIsScaleInvariant() {
    // multiplying every bias by s turns f into s f(./s): same cells, same convexity on R^d
    CellEnumerationChecker full = new CellEnumerationChecker(100_000, false);
    for (long seed = 0; seed < 12; seed++) {
      Network base = seed % 2 == 0 ? RandomNetworks.icnn(2, new int[] {4, 4}, seed) : RandomNetworks.skipMlp(2, new int[] {4, 3}, seed);
      Verdict ref = full.check(base, Domain.whole(2));
      for (double s : new double[] {1e-3, 1e4}) {
        org.reluconvex.network.NetworkBuilder b = base.toBuilder();
        for (int l = 1; l <= base.outputLayer(); l++) for (int i = 0; i < base.width(l); i++) b.bias(l)[i] *= s;
        Verdict v = full.check(b.build(), Domain.whole(2));
        assertThat(v.kind()).as("seed %d scale %s: %s", seed, s, v.reason()).isEqualTo(ref.kind());
        assertThat(v.cells()).isEqualTo(ref.cells());
      }
    }
  }
}
