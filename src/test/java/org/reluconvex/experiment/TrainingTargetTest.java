package org.reluconvex.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.reluconvex.network.Domain;
import org.reluconvex.convexity.Checks;
import org.reluconvex.convexity.ConvexityChecker;
import org.reluconvex.convexity.GainConstraints;
import org.reluconvex.convexity.SkeletonChecker;
import org.reluconvex.convexity.VerdictKind;
import org.reluconvex.train.TrainingMode;

class TrainingTargetTest {
  private static final ConvexityChecker CHECKER = new SkeletonChecker();

  /** Midpoint convexity on 20000 random pairs of the box: f((a+b)/2) <= (f(a)+f(b))/2 up to rounding. */
  @ParameterizedTest
  @EnumSource(TrainingTarget.Kind.class)
  void everyTargetIsConvexOnItsBox(TrainingTarget.Kind kind) {
    TrainingTarget t = TrainingTarget.draw(kind, null, new int[] {4, 8}, false, CHECKER, new SplittableRandom(3));
    assertThat(t.box()).isEqualTo(kind.defaultBox());
    SplittableRandom r = new SplittableRandom(9);
    double worst = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < 20_000; i++) {
      double[] a = point(t.box(), r), b = point(t.box(), r);
      double[] m = {(a[0] + b[0]) / 2, (a[1] + b[1]) / 2};
      double fa = t.function().applyAsDouble(a), fb = t.function().applyAsDouble(b);
      double excess = t.function().applyAsDouble(m) - (fa + fb) / 2;
      worst = Math.max(worst, excess / (1 + Math.abs(fa) + Math.abs(fb)));
    }
    assertThat(worst).as(kind.label()).isLessThan(1e-12);
    if (t.network() != null) {
      assertThat(CHECKER.check(t.network(), t.box()).kind()).isEqualTo(VerdictKind.CONVEX);
      assertThat(t.network().isIcnn()).isFalse();
    }
  }

  private static double[] point(Domain box, SplittableRandom r) {
    return new double[] {box.lo(0) + (box.hi(0) - box.lo(0)) * r.nextDouble(), box.lo(1) + (box.hi(1) - box.lo(1)) * r.nextDouble()};
  }

  /** The beyond-ICNN target is f_EX: its max-of-seven closed form, exactly on a grid of dyadic points of [-2, 2]^2. */
  @Test
  void beyondIcnnTargetIsFEx() {
    TrainingTarget t = TrainingTarget.draw(TrainingTarget.Kind.BEYOND_ICNN, null, new int[] {4, 8}, false, CHECKER, new SplittableRandom(1));
    assertThat(t.widths()).containsExactly(2, 2);
    assertThat(t.skip()).isTrue();
    assertThat(t.box()).isEqualTo(Domain.cube(2, -2, 2));
    double[][] pieces = {{7, 2}, {6, 3}, {3, 3}, {1, 2}, {1, 0}, {3, -1}, {6, 1}};
    for (int i = -16; i <= 16; i++)
      for (int j = -16; j <= 16; j++) {
        double x1 = i / 8.0, x2 = j / 8.0, f = Double.NEGATIVE_INFINITY;
        for (double[] p : pieces) f = Math.max(f, p[0] * x1 + p[1] * x2);
        assertThat(t.function().applyAsDouble(new double[] {x1, x2})).as("(%s, %s)", x1, x2).isEqualTo(f);
      }
  }

  /** The branching target is g of docs/math.md section 6: its max-of-six closed form, exactly on a grid of dyadic points. */
  @Test
  void branchingTargetIsG() {
    TrainingTarget t = TrainingTarget.draw(TrainingTarget.Kind.BRANCHING, null, new int[] {4, 8}, false, CHECKER, new SplittableRandom(1));
    assertThat(t.widths()).containsExactly(2, 2);
    assertThat(t.skip()).isTrue();
    for (int i = -24; i <= 16; i++)
      for (int j = -16; j <= 16; j++) {
        double x1 = i / 8.0, x2 = j / 8.0;
        double g = Math.max(0, Math.max(Math.max(x1 + 2 * x2 + 2, x1 + 4 * x2 + 2), Math.max(Math.max(3 * x1 + 2 * x2 + 2, 3 * x1 + 4 * x2 + 2),
            2 * x1 + 3 * x2 + 3)));
        assertThat(t.function().applyAsDouble(new double[] {x1, x2})).as("(%s, %s)", x1, x2).isEqualTo(g);
      }
    // the box contains the five branching points in its interior
    for (double[] p : new double[][] {{1, 0}, {0, 1}, {-1, 0}, {0, -1}, {-2, 0}})
      for (int k = 0; k < 2; k++) assertThat(p[k]).isStrictlyBetween(t.box().lo(k), t.box().hi(k));
  }

  @Test
  void drawsAreSeeded() {
    for (TrainingTarget.Kind kind : TrainingTarget.Kind.values()) {
      double[] x = {0.3, -0.4};
      double a = TrainingTarget.draw(kind, null, new int[] {4, 8}, false, CHECKER, new SplittableRandom(5)).function().applyAsDouble(x);
      double b = TrainingTarget.draw(kind, null, new int[] {4, 8}, false, CHECKER, new SplittableRandom(5)).function().applyAsDouble(x);
      assertThat(a).as(kind.label()).isEqualTo(b);
    }
    assertThatThrownBy(() -> TrainingTarget.Kind.parse("cubic")).hasMessageContaining("unknown target 'cubic'");
  }

  /** Held-out seeds, every target kind: every regularized model ends convex, confirmed by the cell enumeration. */
  @ParameterizedTest
  @EnumSource(TrainingTarget.Kind.class)
  void everyRegularizedRunEndsCertified(TrainingTarget.Kind kind, @TempDir Path dir) throws Exception {
    RegularizationExperiment.Settings s = new RegularizationExperiment.Settings(new int[] {4, 8}, false, null, 2000, 2, 128, 1e-2, 0.1,
        0.0, 5, 0.2, 2, 31 + kind.ordinal()).withTarget(kind);
    List<String> progress = new ArrayList<>();
    RegularizationExperiment.Result r = new RegularizationExperiment(CHECKER, GainConstraints::collect).run(s, progress::add);
    assertThat(progress.get(0)).isEqualTo(r.target().description());
    for (TrainedModel m : r.models()) {
      if (m.mode() != TrainingMode.REGULARIZED) continue;
      assertThat(m.verdict()).as(kind.label()).isEqualTo(VerdictKind.CONVEX);
      assertThat(Checks.check(m.network(), r.target().box(), Checks.Method.CELLS).kind()).isEqualTo(VerdictKind.CONVEX);
      assertThat(m.training().certification().validationMseAfter()).isEqualTo(m.validationMse());
    }
    ExperimentReport.writeAll(r.target(), r.models(), dir, (net, file) -> Files.writeString(file, net.describe()), "onnx");
    assertThat(Files.exists(dir.resolve("target.onnx"))).isEqualTo(r.target().network() != null);
    assertThat(Files.exists(dir.resolve("target.png"))).isTrue();
    assertThat(Files.readAllLines(dir.resolve("results.csv"))).hasSize(7);
  }
}
