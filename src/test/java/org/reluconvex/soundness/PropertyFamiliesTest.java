package org.reluconvex.soundness;

import org.reluconvex.convexity.CheckOptions;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.reluconvex.ReluConvex;
import org.reluconvex.convexity.Verdict;
import org.reluconvex.convexity.VerdictKind;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;
import org.reluconvex.properties.LipschitzResult;
import org.reluconvex.properties.MonotoneVerdict;
import org.reluconvex.properties.Norm;
import org.reluconvex.properties.RangeResult;

/**
 * The properties beyond convexity on families with answers known by construction, d = 2 to 16, by
 * plain {@code auto} (the cells in low dimension, the programs above): partial convexity and
 * monotonicity with their 2^-8 twins (witnesses verified exactly), Lipschitz constants and ranges of
 * separable networks against their closed forms.
 */
class PropertyFamiliesTest {
  private static final int[] DIMS = {2, 4, 8, 16};
  private static final CheckOptions AUTO = CheckOptions.defaults().withThreads(1);

  @TestFactory
  Stream<DynamicTest> partialConvexityAndItsTwins() {
    return IntStream.of(DIMS).boxed().flatMap(d -> IntStream.range(0, 2).mapToObj(seed -> DynamicTest.dynamicTest("d=" + d + " seed " + seed, () -> {
      int k = Math.max(1, d / 2);
      int[] s = IntStream.range(0, k).toArray();
      Domain box = Domain.cube(d, -1, 1);
      int m = d >= 8 ? 8 : 3, n = d >= 8 ? 12 : 4; // from d = 8 on, more cells than auto walks: the programs decide
      Network f = PropertyFamilies.partiallyConvex(d, k, m, n, 31L * d + seed, false);
      Verdict v = ReluConvex.checkConvexIn(f, box, s, AUTO);
      assertThat(v.kind()).as(v.reason()).isEqualTo(VerdictKind.CONVEX);
      Network twin = PropertyFamilies.partiallyConvex(d, k, m, n, 31L * d + seed, true);
      Verdict t = ReluConvex.checkConvexIn(twin, box, s, AUTO);
      assertThat(t.kind()).as(t.reason()).isEqualTo(VerdictKind.NOT_CONVEX);
      assertThat(t.witness().verifies(twin)).isTrue();
      for (int c = k; c < d; c++) assertThat(t.witness().a()[c]).isEqualTo(t.witness().b()[c]);
    })));
  }

  @TestFactory
  Stream<DynamicTest> monotonicityAndItsTwins() {
    return IntStream.of(DIMS).boxed().flatMap(d -> IntStream.range(0, 2).mapToObj(seed -> DynamicTest.dynamicTest("d=" + d + " seed " + seed, () -> {
      Domain box = Domain.cube(d, -1, 1);
      int[] all = IntStream.range(0, d).toArray();
      int[] widths = d >= 8 ? new int[] {16, 8} : new int[] {5, 4};
      Network f = PropertyFamilies.monotone(d, widths, 17L * d + seed, false);
      MonotoneVerdict v = ReluConvex.monotone(f, box, all, new int[0], AUTO);
      assertThat(v.kind()).as(v.reason()).isEqualTo(MonotoneVerdict.Kind.MONOTONE);
      assertThat(v.method()).isEqualTo("path-signs");
      Network twin = PropertyFamilies.monotone(d, widths, 17L * d + seed, true);
      MonotoneVerdict t = ReluConvex.monotone(twin, box, new int[] {0}, new int[0], AUTO);
      assertThat(t.kind()).as(t.reason()).isEqualTo(MonotoneVerdict.Kind.NOT_MONOTONE);
      assertThat(t.witness().verifies(twin)).isTrue();
      // paths of both signs: the cells or the programs must prove it
      int pairs = d >= 8 ? 12 : 4;
      Network g = PropertyFamilies.monotoneWithNegativePaths(d, pairs, 23L * d + seed, false);
      MonotoneVerdict gv = ReluConvex.monotone(g, box, all, new int[0], AUTO);
      assertThat(gv.kind()).as(gv.reason()).isEqualTo(MonotoneVerdict.Kind.MONOTONE);
      assertThat(gv.method()).isIn("cells", "milp");
      Network gt = PropertyFamilies.monotoneWithNegativePaths(d, pairs, 23L * d + seed, true);
      MonotoneVerdict gtv = ReluConvex.monotone(gt, box, new int[] {0}, new int[0], AUTO);
      assertThat(gtv.kind()).as(gtv.reason()).isEqualTo(MonotoneVerdict.Kind.NOT_MONOTONE);
      assertThat(gtv.witness().verifies(gt)).isTrue();
    })));
  }

  @TestFactory
  Stream<DynamicTest> lipschitzAndRangeOfSeparableNetworks() {
    return IntStream.of(DIMS).mapToObj(d -> DynamicTest.dynamicTest("d=" + d, () -> {
      Network f = PropertyFamilies.separable(d, 5L * d);
      Domain box = Domain.cube(d, -1, 1);
      double l1 = 0, lInf = 0, l2sq = 0, min = 0, max = 0;
      for (int i = 0; i < d; i++) {
        double[][] sv = PropertyFamilies.separableSlopesAndValues(f, i);
        double m = 0;
        for (double s : sv[0]) m = Math.max(m, Math.abs(s));
        l1 += m;
        lInf = Math.max(lInf, m);
        l2sq += m * m;
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : sv[1]) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
        min += lo;
        max += hi;
      }
      LipschitzResult inf = ReluConvex.lipschitz(f, box, Norm.INF, AUTO);
      assertThat(inf.exact()).as(inf.reason()).isTrue();
      assertThat(inf.lipschitz()).isCloseTo(l1, org.assertj.core.data.Offset.offset(1e-12 * l1));
      LipschitzResult one = ReluConvex.lipschitz(f, box, Norm.ONE, AUTO);
      assertThat(one.exact()).as(one.reason()).isTrue();
      assertThat(one.lipschitz()).isCloseTo(lInf, org.assertj.core.data.Offset.offset(1e-12 * lInf));
      LipschitzResult two = ReluConvex.lipschitz(f, box, Norm.TWO, AUTO);
      assertThat(two.lipschitz()).as(two.reason()).isCloseTo(Math.sqrt(l2sq), org.assertj.core.data.Offset.offset(1e-9 * Math.sqrt(l2sq)));
      RangeResult r = ReluConvex.range(f, box, AUTO);
      assertThat(r.exact()).as(r.reason()).isTrue();
      double tol = 1e-9 * Math.max(1, Math.abs(min) + Math.abs(max));
      assertThat(r.min()).isCloseTo(min, org.assertj.core.data.Offset.offset(tol));
      assertThat(r.max()).isCloseTo(max, org.assertj.core.data.Offset.offset(tol));
      assertThat(f.eval(r.argmax())).isCloseTo(max, org.assertj.core.data.Offset.offset(tol));
    }));
  }
}
