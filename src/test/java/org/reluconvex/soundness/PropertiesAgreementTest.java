package org.reluconvex.soundness;

import org.reluconvex.convexity.CheckOptions;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.reluconvex.ReluConvex;
import org.reluconvex.convexity.Checks;
import org.reluconvex.convexity.Verdict;
import org.reluconvex.convexity.VerdictKind;
import org.reluconvex.network.ActivationPattern;
import org.reluconvex.network.Domain;
import org.reluconvex.network.ExactForward;
import org.reluconvex.network.ExactLine;
import org.reluconvex.network.Network;
import org.reluconvex.network.NetworkBuilder;
import org.reluconvex.pathlift.Gains;
import org.reluconvex.properties.LipschitzResult;
import org.reluconvex.properties.MonotoneVerdict;
import org.reluconvex.properties.Norm;
import org.reluconvex.properties.RangeResult;

/**
 * The two exact methods of each property (the cell walk and the integer programs) agree on random
 * two-layer networks near the boundary of the property, and each answer survives an independent
 * oracle: exact forward passes on random axis pairs (monotone), exact restrictions of f to random
 * lines along S (convex in S), gradients at random points (Lipschitz) and values at random points
 * (range).
 */
class PropertiesAgreementTest {
  private static final CheckOptions OPTIONS = CheckOptions.defaults().withThreads(1);

  /** Hedged pairs a relu(u) - r a relu(u - t) on non-negative u: monotone iff r &le; 1 on every pair that is realised. */
  static Network nearMonotone(int d, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int pairs = 3;
    double[][] w = new double[2 * pairs + 2][d];
    double[] c = new double[2 * pairs + 2];
    double[][] w2 = new double[3][2 * pairs + 2];
    double[] c2 = new double[3];
    for (int j = 0; j < pairs; j++) {
      for (int i = 0; i < d; i++) w[2 * j][i] = w[2 * j + 1][i] = Math.scalb(Math.rint(Math.scalb(rnd.nextDouble(), 6)), -6);
      c[2 * j] = Math.scalb(Math.rint(Math.scalb(rnd.nextDouble() - 0.5, 6)), -6);
      c[2 * j + 1] = c[2 * j] - Math.scalb(Math.rint(Math.scalb(0.5 * rnd.nextDouble(), 6)), -6);
    }
    for (int j = 2 * pairs; j < 2 * pairs + 2; j++) {
      for (int i = 0; i < d; i++) w[j][i] = Math.scalb(Math.rint(Math.scalb(rnd.nextDouble() - 0.2, 6)), -6);
      c[j] = Math.scalb(Math.rint(Math.scalb(rnd.nextDouble() - 0.5, 6)), -6);
    }
    for (int k = 0; k < 3; k++) {
      for (int j = 0; j < 2 * pairs + 2; j++) w2[k][j] = Math.scalb(Math.rint(Math.scalb(rnd.nextDouble(), 5)), -5);
      c2[k] = Math.scalb(Math.rint(Math.scalb(rnd.nextDouble() - 0.5, 5)), -5);
    }
    double[] out = new double[3];
    for (int k = 0; k < 3; k++) out[k] = Math.scalb(Math.rint(Math.scalb(rnd.nextDouble(), 5)), -5);
    double[] skip = new double[2 * pairs + 2];
    for (int j = 0; j < pairs; j++) skip[2 * j + 1] = -Math.scalb(Math.rint(Math.scalb(0.5 + 0.7 * rnd.nextDouble(), 6)), -6);
    return NetworkBuilder.of(d, 2 * pairs + 2, 3).weights(1, 0, w).bias(1, c).weights(2, 1, w2).bias(2, c2).block(3, 2, out).block(3, 1, skip)
        .bias(3, new double[] {0}).build();
  }

  @TestFactory
  Stream<DynamicTest> monotoneByCellsAndByProgramsAgreeAndHold() {
    return IntStream.range(0, 16).mapToObj(t -> DynamicTest.dynamicTest("seed " + t, () -> {
      int d = 2 + t % 2;
      Network f = nearMonotone(d, 1000 + t);
      Domain box = Domain.cube(d, -1, 1);
      int[] inc = {0};
      MonotoneVerdict cells = ReluConvex.monotone(f, box, inc, new int[0], OPTIONS.withMethod(Checks.Method.CELLS));
      MonotoneVerdict milp = ReluConvex.monotone(f, box, inc, new int[0], OPTIONS.withMethod(Checks.Method.MILP));
      assertThat(cells.kind()).as(cells.reason()).isNotEqualTo(MonotoneVerdict.Kind.UNKNOWN);
      if (milp.kind() != MonotoneVerdict.Kind.UNKNOWN) assertThat(milp.kind()).as(milp.reason()).isEqualTo(cells.kind());
      for (MonotoneVerdict v : List.of(cells, milp)) if (v.witness() != null) assertThat(v.witness().verifies(f)).isTrue();
      if (cells.isMonotone()) {
        SplittableRandom rnd = new SplittableRandom(t);
        for (int k = 0; k < 100; k++) {
          double[] a = new double[d];
          for (int c = 0; c < d; c++) a[c] = -1 + 2 * rnd.nextDouble();
          double[] b = a.clone();
          b[0] = a[0] + (1 - a[0]) * rnd.nextDouble();
          assertThat(ExactForward.eval(f, b).compareTo(ExactForward.eval(f, a))).isGreaterThanOrEqualTo(0);
        }
      }
    }));
  }

  @TestFactory
  Stream<DynamicTest> lipschitzAndRangeByBothMethods() {
    return IntStream.range(0, 8).mapToObj(t -> DynamicTest.dynamicTest("seed " + t, () -> {
      int d = 2 + t % 3;
      Network f = nearMonotone(d, 2000 + t);
      Domain box = Domain.cube(d, -1, 1);
      SplittableRandom rnd = new SplittableRandom(t);
      for (Norm norm : Norm.values()) {
        LipschitzResult cells = ReluConvex.lipschitz(f, box, norm, OPTIONS.withMethod(Checks.Method.CELLS));
        LipschitzResult milp = ReluConvex.lipschitz(f, box, norm, OPTIONS.withMethod(Checks.Method.MILP));
        assertThat(cells.exact()).isTrue();
        if (milp.exact()) assertThat(milp.lipschitz()).as(norm.label()).isCloseTo(cells.lipschitz(), org.assertj.core.data.Offset.offset(1e-9 * cells.lipschitz()));
        else assertThat(milp.upper()).isGreaterThanOrEqualTo(cells.lipschitz());
        // the point lies in a cell whose exact gradient is the one reported
        BigDecimal[] g = Gains.exactAll(f, ActivationPattern.at(f, cells.point()))[0];
        for (int c = 0; c < d; c++) assertThat(g[c].doubleValue()).isEqualTo(cells.gradient()[c]);
        for (int k = 0; k < 100; k++) {
          double[] x = new double[d];
          for (int c = 0; c < d; c++) x[c] = -1 + 2 * rnd.nextDouble();
          BigDecimal[] gx = Gains.exactAll(f, ActivationPattern.at(f, x))[0];
          assertThat(norm.label() + ":" + (cells.lipschitz() * (1 + 1e-15) - value(norm, gx) >= 0)).endsWith("true");
        }
      }
      RangeResult v = ReluConvex.range(f, box, OPTIONS.withMethod(Checks.Method.SKELETON));
      RangeResult p = ReluConvex.range(f, box, OPTIONS.withMethod(Checks.Method.MILP));
      double tol = 1e-9 * Math.max(1, Math.abs(v.max()) + Math.abs(v.min()));
      assertThat(p.max()).isCloseTo(v.max(), org.assertj.core.data.Offset.offset(tol));
      assertThat(p.min()).isCloseTo(v.min(), org.assertj.core.data.Offset.offset(tol));
    }));
  }

  private static double value(Norm norm, BigDecimal[] g) {
    double s = 0;
    for (BigDecimal x : g) {
      double a = Math.abs(x.doubleValue());
      s = switch (norm) {
        case INF -> s + a;
        case ONE -> Math.max(s, a);
        case TWO -> s + a * a;
      };
    }
    return norm == Norm.TWO ? Math.sqrt(s) : s;
  }

  @TestFactory
  Stream<DynamicTest> partialConvexityByBothMethodsAndExactLines() {
    return IntStream.range(0, 12).mapToObj(t -> DynamicTest.dynamicTest("seed " + t, () -> {
      int d = 2 + t % 2;
      boolean twin = t % 3 == 2;
      Network f = PropertyFamilies.partiallyConvex(d, 1, 3, 3, 3000 + t, twin);
      Domain box = Domain.cube(d, -1, 1);
      int[] s = {0};
      Verdict cells = ReluConvex.checkConvexIn(f, box, s, OPTIONS.withMethod(Checks.Method.CELLS));
      Verdict milp = ReluConvex.checkConvexIn(f, box, s, OPTIONS.withMethod(Checks.Method.MILP));
      assertThat(cells.kind()).as(cells.reason()).isEqualTo(twin ? VerdictKind.NOT_CONVEX : VerdictKind.CONVEX);
      if (milp.kind() != VerdictKind.UNKNOWN) assertThat(milp.kind()).as(milp.reason()).isEqualTo(cells.kind());
      for (Verdict v : List.of(cells, milp)) if (v.witness() != null) assertThat(v.witness().verifies(f)).isTrue();
      if (!twin) {
        // every line along x0 bends up only
        SplittableRandom rnd = new SplittableRandom(t);
        for (int k = 0; k < 30; k++) {
          double[] p = new double[d], q = new double[d];
          for (int c = 1; c < d; c++) p[c] = q[c] = -1 + 2 * rnd.nextDouble();
          p[0] = -1;
          q[0] = 1;
          for (ExactLine.Breakpoint b : ExactLine.breakpoints(f, p, q, 1000)) assertThat(b.jump().signum()).isGreaterThanOrEqualTo(0);
        }
      }
    }));
  }
}
