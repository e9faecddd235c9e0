package org.reluconvex.soundness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.reluconvex.io.JsonModel;
import org.reluconvex.network.Network;
import org.reluconvex.network.NetworkBuilder;
import org.reluconvex.soundness.ExactOracle.Restriction;

/** The oracle against hand-derived cases, and against itself (restriction vs evaluation). */
class ExactOracleTest {
  private static Rational q(long n) { return Rational.of(n); }

  private static Rational q(long n, long d) { return Rational.of(n, d); }

  private static Rational[] v(Rational... x) { return x; }

  private static List<Rational> slopes(Restriction r) {
    return r.pieces().stream().map(ExactOracle.Piece::slope).toList();
  }

  /** |x| = relu(x) + relu(-x). */
  private static Network abs(double sign) {
    return NetworkBuilder.withWidths(1, 2, 1).weights(1, 0, new double[][] {{1}, {-1}})
        .weights(2, 1, new double[][] {{sign, sign}}).build();
  }

  @Test
  void rationalArithmetic() {
    assertThat(Rational.of(0.1)).isEqualTo(Rational.of(3602879701896397L, 1L << 55));
    assertThat(Rational.of(0.1).toString()).isEqualTo("0.1000000000000000055511151231257827021181583404541015625");
    assertThat(Rational.of(1.5)).isEqualTo(q(3, 2));
    assertThat(q(1, 3).add(q(1, 6))).isEqualTo(q(1, 2));
    assertThat(q(-2, 4)).isEqualTo(q(1, -2));
    assertThat(q(1, 3).isDouble()).isFalse();
    assertThat(Rational.of(Math.scalb(1.0, -1074)).isDouble()).isTrue();
    assertThat(Rational.of(1e300).multiply(Rational.of(1e300)).isDouble()).isFalse();
    assertThat(Rational.pow2(-3)).isEqualTo(Rational.of(0.125));
    assertThat(q(1, 3).compareTo(q(1, 2))).isNegative();
  }

  @Test
  void absoluteValueIsConvexWithOneKinkAtZero() {
    ExactOracle o = new ExactOracle(abs(1));
    Restriction r = o.restrict(v(q(0)), v(q(1)), v(q(-2)), v(q(2)));
    assertThat(r.tlo()).isEqualTo(q(-2));
    assertThat(r.thi()).isEqualTo(q(2));
    assertThat(r.breakpoints()).containsExactly(q(0));
    assertThat(slopes(r)).containsExactly(q(-1), q(1));
    assertThat(r.convex()).isTrue();
    assertThat(o.eval(new double[] {-1.5})).isEqualTo(q(3, 2));
    assertThat(o.witnessHolds(new double[] {-1}, new double[] {1})).isFalse();
    // a line that misses the kink: one piece
    Restriction right = o.restrict(v(q(1)), v(q(1, 2)), v(q(1, 2)), v(q(2)));
    assertThat(right.breakpoints()).isEmpty();
    assertThat(slopes(right)).containsExactly(q(1, 2));
    assertThat(right.tlo()).isEqualTo(q(-1));
    assertThat(right.thi()).isEqualTo(q(2));
  }

  @Test
  void minusAbsoluteValueIsConcaveWithAnExactWitness() {
    ExactOracle o = new ExactOracle(abs(-1));
    Restriction r = o.restrict(v(q(1, 3)), v(q(3)), v(q(-2)), v(q(2)));
    // x = 1/3 + 3t: kink at t = -1/9, slopes 3 then -3
    assertThat(r.breakpoints()).containsExactly(q(-1, 9));
    assertThat(slopes(r)).containsExactly(q(3), q(-3));
    assertThat(r.firstConcaveBreak()).isEqualTo(1);
    Rational[][] w = r.witness(1);
    assertThat(o.excess(w[0], w[1]).signum()).isPositive();
    assertThat(o.witnessHolds(new double[] {-1}, new double[] {1})).isTrue();
    assertThat(o.witnessHolds(new double[] {0.5}, new double[] {1})).isFalse(); // affine there: excess 0
    assertThat(o.excess(v(q(-1)), v(q(1)))).isEqualTo(q(1));
  }

  @Test
  void maximumOfTwoCoordinates() {
    // max(x1, x2) = x2 + relu(x1 - x2), skip from the input into the output
    Network net = NetworkBuilder.withWidths(2, 1, 1).weights(1, 0, new double[][] {{1, -1}})
        .weights(2, 1, new double[][] {{1}}).weights(2, 0, new double[][] {{0, 1}}).build();
    ExactOracle o = new ExactOracle(net);
    assertThat(o.eval(v(q(3), q(-7)))).isEqualTo(q(3));
    assertThat(o.eval(v(q(-1, 3), q(1, 5)))).isEqualTo(q(1, 5));
    Rational[] lo = v(q(-1), q(-1)), hi = v(q(1), q(1));
    Restriction across = o.restrict(v(q(0), q(0)), v(q(1), q(-1)), lo, hi);
    assertThat(slopes(across)).containsExactly(q(-1), q(1));
    Restriction along = o.restrict(v(q(0), q(0)), v(q(1), q(1)), lo, hi);
    assertThat(along.breakpoints()).isEmpty(); // the zero set contains the line: no sign change
    assertThat(slopes(along)).containsExactly(q(1));
    // the line through a corner only: the open box meets it nowhere
    assertThat(o.restrict(v(q(1), q(1)), v(q(1), q(-1)), v(q(1), q(-1)), hi)).isNull();
  }

  @Test
  void theBadKinkOutsideExampleIsConvexOnItsBoxAndNotBeyond() throws Exception {
    Network net = JsonModel.read(Files.readString(Path.of("docs/examples/bad-kink-outside.json")), "bad-kink-outside.json");
    ExactOracle o = new ExactOracle(net);
    // f = relu(x1) + relu(x1 + x2) - relu(x1 - 5) / 2; along x2 = 0: slopes 0, 2, 3/2 at x1 = 0 and 5
    Restriction wide = o.restrict(v(q(0), q(0)), v(q(1), q(0)), v(q(-10), q(-10)), v(q(10), q(10)));
    assertThat(wide.breakpoints()).containsExactly(q(0), q(5));
    assertThat(slopes(wide)).containsExactly(q(0), q(2), q(3, 2));
    assertThat(wide.firstConcaveBreak()).isEqualTo(2);
    assertThat(o.witnessHolds(new double[] {4, 0}, new double[] {6, 0})).isTrue();
    Rational[] lo = v(q(-2), q(-2)), hi = v(q(2), q(2));
    Lines.Search s = Lines.search(o, new double[] {-2, -2}, new double[] {2, 2}, new SplittableRandom(3), 40, 0);
    assertThat(s.lines()).isGreaterThan(40);
    assertThat(s.foundConcave()).isFalse();
    Lines.Search big = Lines.search(o, new double[] {-10, -10}, new double[] {10, 10}, new SplittableRandom(3), 40, 0);
    assertThat(big.foundConcave()).isTrue();
    assertThat(o.restrict(v(q(1, 2), q(1)), v(q(1), q(-1)), lo, hi).convex()).isTrue();
  }

  @Test
  void theExampleOfMathSectionSixIsAMaximumOfSevenLinearForms() {
    // W1 = I, W2 = [[3, 2], [3, -2]], V2 = [[0, 2], [-2, 1]], w3 = (1, 1), v3 = (3, -1)
    Network net = NetworkBuilder.withWidths(2, 2, 2, 1)
        .weights(1, 0, new double[][] {{1, 0}, {0, 1}})
        .weights(2, 1, new double[][] {{3, 2}, {3, -2}}).weights(2, 0, new double[][] {{0, 2}, {-2, 1}})
        .weights(3, 2, new double[][] {{1, 1}}).weights(3, 0, new double[][] {{3, -1}}).build();
    ExactOracle o = new ExactOracle(net);
    int[][] forms = {{7, 2}, {6, 3}, {3, 3}, {1, 2}, {1, 0}, {3, -1}, {6, 1}};
    SplittableRandom r = new SplittableRandom(5);
    for (int k = 0; k < 300; k++) {
      Rational[] x = v(q(r.nextInt(-200, 201), 1 + r.nextInt(9)), q(r.nextInt(-200, 201), 1 + r.nextInt(9)));
      Rational max = null;
      for (int[] f : forms) {
        Rational y = q(f[0]).multiply(x[0]).add(q(f[1]).multiply(x[1]));
        max = max == null ? y : max.max(y);
      }
      assertThat(o.eval(x)).isEqualTo(max);
    }
    Lines.Search s = Lines.search(o, new double[] {-3, -3}, new double[] {3, 3}, new SplittableRandom(9), 60, 0);
    assertThat(s.foundConcave()).isFalse();
  }

  @Test
  void aDagWhoseSecondLayerSkipsTheFirst() {
    // layer 1: z = relu(x - 1); layer 2 (from the input only): u = relu(-x); output: z - 2u + 3x, from layers 2, 1 and 0
    Network net = NetworkBuilder.withWidths(1, 1, 1, 1)
        .weights(1, 0, new double[][] {{1}}).bias(1, new double[] {-1})
        .weights(2, 0, new double[][] {{-1}})
        .weights(3, 2, new double[][] {{-2}}).weights(3, 1, new double[][] {{1}}).weights(3, 0, new double[][] {{3}}).build();
    ExactOracle o = new ExactOracle(net);
    assertThat(o.eval(new double[] {2})).isEqualTo(q(7)); // 1 - 0 + 6
    assertThat(o.eval(new double[] {-1})).isEqualTo(q(-5)); // 0 - 2 - 3
    Restriction r = o.restrict(v(q(0)), v(q(1)), v(q(-4)), v(q(4)));
    assertThat(r.breakpoints()).containsExactly(q(0), q(1));
    assertThat(slopes(r)).containsExactly(q(5), q(3), q(4));
    assertThat(r.firstConcaveBreak()).isEqualTo(1);
    assertThat(r.switching().get(0)).containsExactly(2, 0);
    assertThat(r.switching().get(1)).containsExactly(1, 0);
  }

  @Test
  void cancellingAndConstantNeurons() {
    // 2 relu(x) - relu(x) + 0 * relu(0 x + 3) - 5 relu(0 x - 1) = relu(x): convex although one gain is -1
    Network net = NetworkBuilder.withWidths(1, 4, 1).weights(1, 0, new double[][] {{1}, {1}, {0}, {0}})
        .bias(1, new double[] {0, 0, 3, -1}).weights(2, 1, new double[][] {{2, -1, 0, -5}}).build();
    ExactOracle o = new ExactOracle(net);
    Restriction r = o.restrict(v(q(0)), v(q(1)), v(q(-1)), v(q(1)));
    assertThat(r.breakpoints()).containsExactly(q(0));
    assertThat(slopes(r)).containsExactly(q(0), q(1));
    assertThat(r.convex()).isTrue();
  }

  @Test
  void extremeWeightsStayExact() {
    // -2^900 relu(2^900 (x1 - x2 + 1)): concave, kink on x1 - x2 = -1
    double big = Math.scalb(1.0, 900);
    Network net = NetworkBuilder.withWidths(2, 1, 1).weights(1, 0, new double[][] {{big, -big}}).bias(1, new double[] {big})
        .weights(2, 1, new double[][] {{-big}}).build();
    ExactOracle o = new ExactOracle(net);
    Restriction r = o.restrict(v(q(0), q(0)), v(q(1), q(0)), v(q(-3), q(-3)), v(q(3), q(3)));
    assertThat(r.breakpoints()).containsExactly(q(-1));
    assertThat(slopes(r).get(1)).isEqualTo(Rational.pow2(1800).negate());
    assertThat(o.witnessHolds(new double[] {-2, 0}, new double[] {0, 0})).isTrue();
    // the same network rescaled back: the restriction is 2^1800 times that of -relu(x1 - x2 + 1)
    Network small = Transforms.rescale(Transforms.scaleInputAndOutput(net, 0, -1800), 1, 0, -900);
    assertThat(small).isNotNull();
    assertThat(small.rawBlock(1, 0)).containsExactly(1, -1);
    assertThat(small.rawBlock(2, 1)).containsExactly(-1);
  }

  @Test
  void translationIsExactOnEveryLayerFedByTheInput() {
    // a SkipMLP: the input feeds layers 1 and 2 and the output
    Network net = NetworkBuilder.withWidths(2, 2, 1, 1)
        .weights(1, 0, new double[][] {{1, 0.5}, {-1.5, 1}}).bias(1, new double[] {0.5, -1})
        .weights(2, 1, new double[][] {{1, -2}}).weights(2, 0, new double[][] {{0.5, 0.5}}).bias(2, new double[] {1})
        .weights(3, 2, new double[][] {{-1}}).weights(3, 0, new double[][] {{2, -1}}).bias(3, new double[] {0.5}).build();
    double[] c = {Math.scalb(1.0, 40), -Math.scalb(1.5, 33)};
    Network moved = Transforms.translate(net, c);
    ExactOracle f = new ExactOracle(net), g = new ExactOracle(moved);
    SplittableRandom r = new SplittableRandom(2);
    for (int k = 0; k < 50; k++) {
      Rational[] x = v(q(r.nextInt(-50, 50), 8), q(r.nextInt(-50, 50), 8));
      assertThat(g.eval(v(x[0].add(Rational.of(c[0])), x[1].add(Rational.of(c[1]))))).isEqualTo(f.eval(x));
    }
    // a shift that W c cannot carry exactly is refused
    assertThat(Transforms.translate(net, new double[] {Math.scalb(1.0, 60) + Math.scalb(1.0, 8), 0})).isNull();
  }

  @Test
  void preGradientReadsTheCell() {
    // z1 = relu(x1), z2 = relu(z1 - x2): the pre-activation of z2 has gradient (1, -1) where x1 > 0, (0, -1) where x1 < 0
    Network net = NetworkBuilder.withWidths(2, 1, 1, 1).weights(1, 0, new double[][] {{1, 0}})
        .weights(2, 1, new double[][] {{1}}).weights(2, 0, new double[][] {{0, -1}}).weights(3, 2, new double[][] {{1}}).build();
    ExactOracle o = new ExactOracle(net);
    assertThat(o.preGradient(v(q(1), q(1)), 2, 0)).containsExactly(q(1), q(-1));
    assertThat(o.preGradient(v(q(-1), q(0)), 2, 0)).containsExactly(q(0), q(-1));
    assertThat(Lines.tangent(v(q(1), q(-1)), v(q(1), q(0)))).containsExactly(q(1), q(1));
  }

  /**
   * Self-consistency on the harness's own draws: along every line, f(p + t q) at every piece's ends
   * and middle equals the value rebuilt from the restriction's slopes, and the breakpoints are
   * strictly increasing inside the interval; networks convex by construction show no concave kink.
   */
  @Property(tries = 150, seed = "77", shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
  void restrictionAgreesWithEvaluation(@ForAll @LongRange long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int d = 1 + r.nextInt(4);
    Gen.Family fam = Gen.family(r);
    Gen.Drawn drawn = Gen.draw(r, fam, d, 3);
    ExactOracle o = new ExactOracle(drawn.net());
    Rational[] lo = new Rational[d], hi = new Rational[d];
    for (int i = 0; i < d; i++) {
      lo[i] = q(-3);
      hi[i] = q(3);
    }
    for (int k = 0; k < 6; k++) {
      Restriction res = o.restrict(Lines.point(r, lo, hi), Lines.direction(r, d), lo, hi);
      if (res == null) continue;
      Rational t0 = res.tlo(), f0 = o.eval(res.point(t0));
      Rational prev = null;
      for (ExactOracle.Piece p : res.pieces()) {
        if (prev != null) assertThat(p.lo()).isEqualTo(prev);
        assertThat(p.lo().compareTo(p.hi())).isNegative();
        prev = p.hi();
        Rational fl = o.eval(res.point(p.lo()));
        Rational mid = p.lo().add(p.hi()).multiply(Rational.HALF);
        assertThat(o.eval(res.point(mid))).isEqualTo(fl.add(p.slope().multiply(mid.subtract(p.lo()))));
        assertThat(o.eval(res.point(p.hi()))).isEqualTo(fl.add(p.slope().multiply(p.hi().subtract(p.lo()))));
      }
      assertThat(prev).isEqualTo(res.thi());
      assertThat(f0).isNotNull();
      if (fam == Gen.Family.CONVEX) assertThat(res.convex()).as(drawn.recipe() + "\n" + res.describe()).isTrue();
      int k2 = res.firstConcaveBreak();
      if (k2 > 0) {
        Rational[][] w = res.witness(k2);
        assertThat(o.excess(w[0], w[1]).signum()).isPositive();
      }
    }
  }
}
