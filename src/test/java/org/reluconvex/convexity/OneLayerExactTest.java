package org.reluconvex.convexity;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;
import org.reluconvex.network.Domain;
import org.reluconvex.icnn.OneLayerNets;
import org.reluconvex.network.ExactForward;
import org.reluconvex.network.Network;

/** The one-hidden-layer closed form decides exactly: at any scale, with no tolerance. */
class OneLayerExactTest {
  private final OneLayerChecker checker = new OneLayerChecker();

  /** not_convex with a witness inside the domain whose excess is positive in exact arithmetic. */
  private static void assertExactWitness(Verdict v, Network net, Domain domain) {
    assertThat(v.kind()).as(v.reason()).isEqualTo(VerdictKind.NOT_CONVEX);
    Witness w = v.witness();
    assertThat(domain.contains(w.a()) && domain.contains(w.b())).isTrue();
    assertThat(w.verifies(net)).isTrue();
    assertThat(Witness.exactExcess(net, w.a(), w.b()).signum()).isPositive();
    // the midpoint is a double: the three points are the ones anyone evaluates
    double[] m = w.midpoint();
    for (int i = 0; i < m.length; i++)
      assertThat(new BigDecimal(w.a()[i]).add(new BigDecimal(w.b()[i])).compareTo(new BigDecimal(m[i]).multiply(BigDecimal.valueOf(2)))).isZero();
  }

  @Test
  void hugeWeightsDoNotOverflowIntoConvex() {
    // f(x) = -1e200 relu(1e200 (x1 - x2 + 1)): concave; the kink -1e400 sqrt 2 overflows doubles
    Network net = OneLayerNets.of(new double[][] {{1e200, -1e200}}, new double[] {1e200}, new double[] {-1e200}, null, 0);
    Hyperplane h = OneLayer.of(net).hyperplanes().get(0);
    assertThat(h.kinkSign()).isNegative();
    for (Domain dom : new Domain[] {Domain.whole(2), Domain.cube(2, -2, 2), Domain.cube(2, -1e300, 1e300)})
      assertExactWitness(checker.check(net, dom), net, dom);
    // its negation is convex, and tiny weights are not dead
    Network pos = OneLayerNets.of(new double[][] {{1e200, -1e200}}, new double[] {1e200}, new double[] {1e200}, null, 0);
    assertThat(checker.check(pos, Domain.cube(2, -2, 2)).kind()).isEqualTo(VerdictKind.CONVEX);
    Network tiny = OneLayerNets.of(new double[][] {{1e-200, 0}}, new double[] {0}, new double[] {-1e-200}, null, 0);
    assertThat(OneLayer.of(tiny).isDead(0)).isFalse();
    assertExactWitness(checker.check(tiny, Domain.cube(2, -1, 1)), tiny, Domain.cube(2, -1, 1));
  }

  @Test
  void nearlyEqualHyperplanesAreNotMerged() {
    // x1 + x2 + 1 and x1 + (1 + 2^-40) x2 + 1 meet at (-1, 0) inside the box
    double[][] w = {{1, 1}, {1, 1 + Math.scalb(1.0, -40)}};
    double[] b = {1, 1};
    Domain box = Domain.cube(2, -2, 2);
    Network secondBad = OneLayerNets.of(w, b, new double[] {1, -1}, null, 0);
    Network firstBad = OneLayerNets.of(w, b, new double[] {-1, 1}, null, 0);
    assertThat(OneLayer.of(secondBad).hyperplanes()).hasSize(2);
    assertExactWitness(checker.check(secondBad, box), secondBad, box);
    assertExactWitness(checker.check(firstBad, box), firstBad, box);
    assertExactWitness(checker.check(firstBad, Domain.whole(2)), firstBad, Domain.whole(2));
    assertThat(checker.check(OneLayerNets.of(w, b, new double[] {1, 1}, null, 0), box).kind()).isEqualTo(VerdictKind.CONVEX);
    // where they do not cross the box, only the bad one matters: here it misses [0, 1]^2
    Network outside = OneLayerNets.of(w, new double[] {1, 1}, new double[] {1, -1}, null, 0);
    assertThat(checker.check(outside, Domain.cube(2, 0, 1)).kind()).isEqualTo(VerdictKind.CONVEX);
  }

  @Test
  void exactlyProportionalNeuronsCancel() {
    // t = x1 - 3 x2 + 0.5
    double[] t = {1, -3, 0.5};
    Domain box = Domain.cube(2, -1, 1);
    // 2 relu(t) - relu(t) = relu(t)
    assertConvex(net(new double[][] {scaled(t, 1), scaled(t, 1)}, 2, -1), box);
    // relu(2t) - relu(t) = relu(t)
    assertConvex(net(new double[][] {scaled(t, 2), scaled(t, 1)}, 1, -1), box);
    // relu(t) + relu(-t) - relu(2t) = |t| - 2 relu(t) = -t: kink exactly zero
    Network flat = net(new double[][] {scaled(t, 1), scaled(t, -1), scaled(t, 2)}, 1, 1, -1);
    assertConvex(flat, box);
    assertThat(OneLayer.of(flat).hyperplanes().get(0).kinkSign()).isZero();
    // relu(t) + relu(-t) - 1.5 relu(2t): kink 2 - 3 = -1
    Network bad = net(new double[][] {scaled(t, 1), scaled(t, -1), scaled(t, 2)}, 1, 1, -1.5);
    assertExactWitness(checker.check(bad, box), bad, box);
    // the same at the extremes of the double range: 2^600 relu(2^-600 t) + 2^-600 relu(-2^600 t) - relu(2t)
    double big = Math.scalb(1.0, 600), small = Math.scalb(1.0, -600);
    Network extreme = net(new double[][] {scaled(t, small), scaled(t, -big), scaled(t, 2)}, big, small, -1);
    assertConvex(extreme, box);
    assertThat(OneLayer.of(extreme).hyperplanes()).hasSize(1);
    Network extremeBad = net(new double[][] {scaled(t, small), scaled(t, -big), scaled(t, 2)}, big, small, -1.0000000001);
    assertExactWitness(checker.check(extremeBad, box), extremeBad, box);
  }

  private void assertConvex(Network net, Domain box) {
    for (Domain dom : new Domain[] {box, Domain.whole(net.inputDim())}) {
      Verdict v = checker.check(net, dom);
      assertThat(v.kind()).as(v.reason()).isEqualTo(VerdictKind.CONVEX);
    }
  }

  private static double[] scaled(double[] row, double lambda) {
    double[] r = new double[row.length];
    for (int i = 0; i < row.length; i++) r[i] = lambda * row[i];
    return r;
  }

  /** Rows (w_j, b_j) with output weights a. */
  private static Network net(double[][] rows, double... a) {
    int d = rows[0].length - 1;
    double[][] w = new double[rows.length][d];
    double[] b = new double[rows.length];
    for (int j = 0; j < rows.length; j++) {
      System.arraycopy(rows[j], 0, w[j], 0, d);
      b[j] = rows[j][d];
    }
    return OneLayerNets.of(w, b, a, null, 0);
  }

  // ---------------------------------------------------------------------------------------------
  // Property: the closed form against an independent oracle, exact slopes along lines.

  /**
   * Negative slope changes of f along the line t -&gt; p + t q, exactly. The restriction is
   * sum_j a_j relu(alpha_j t + beta_j) + affine with alpha_j = w_j . q, beta_j = w_j . p + b_j; at a
   * breakpoint t* = -beta/alpha the slope jumps by the sum of a_j |alpha_j| over the neurons whose
   * breakpoint it is (equal breakpoints found by cross-multiplication). A breakpoint counts when it lies
   * in the open interval (tLo, tHi) (null: unbounded) and p + t* q in the open box (null: R^d).
   */
  static boolean negativeSlopeChange(Network net, BigDecimal[] p, BigDecimal[] q, Domain box, BigDecimal tLo, BigDecimal tHi) {
    int d = net.inputDim(), n = net.width(1);
    double[] w = net.rawBlock(1, 0), bias = net.rawBias(1), a = net.rawBlock(2, 1);
    BigDecimal[] alpha = new BigDecimal[n], beta = new BigDecimal[n];
    for (int j = 0; j < n; j++) {
      BigDecimal s = BigDecimal.ZERO, c = new BigDecimal(bias[j]);
      for (int i = 0; i < d; i++) {
        s = s.add(new BigDecimal(w[j * d + i]).multiply(q[i]));
        c = c.add(new BigDecimal(w[j * d + i]).multiply(p[i]));
      }
      // alpha > 0 by flipping both: the breakpoint -beta/alpha is unchanged
      alpha[j] = s.signum() < 0 ? s.negate() : s;
      beta[j] = s.signum() < 0 ? c.negate() : c;
    }
    boolean[] done = new boolean[n];
    for (int j = 0; j < n; j++) {
      if (done[j] || alpha[j].signum() == 0) continue;
      BigDecimal jump = BigDecimal.ZERO;
      for (int k = j; k < n; k++) {
        if (alpha[k].signum() == 0 || beta[j].multiply(alpha[k]).compareTo(beta[k].multiply(alpha[j])) != 0) continue;
        done[k] = true;
        jump = jump.add(new BigDecimal(a[k]).multiply(alpha[k]));
      }
      if (jump.signum() >= 0) continue;
      // t* = -beta/alpha; compare alpha t* = -beta with alpha tLo, and alpha x_i = alpha p_i - beta q_i with alpha lo_i
      BigDecimal num = beta[j].negate(), den = alpha[j];
      if (tLo != null && num.compareTo(tLo.multiply(den)) <= 0) continue;
      if (tHi != null && num.compareTo(tHi.multiply(den)) >= 0) continue;
      boolean inside = true;
      if (box.isBox()) {
        for (int i = 0; i < d && inside; i++) {
          BigDecimal x = den.multiply(p[i]).add(num.multiply(q[i]));
          inside = x.compareTo(den.multiply(new BigDecimal(box.lo(i)))) > 0 && x.compareTo(den.multiply(new BigDecimal(box.hi(i)))) < 0;
        }
      }
      if (inside) return true;
    }
    return false;
  }

  /** A network with half-integer weights, some neurons exact (+-1/2, 1, 2, 3) multiples of earlier ones. */
  static Network halfIntegerNetwork(int d, int n, SplittableRandom r) {
    double[][] w = new double[n][d];
    double[] b = new double[n], a = new double[n];
    double[] factors = {0.5, 1, 2, 3, -0.5, -1, -2, -3};
    for (int j = 0; j < n; j++) {
      if (j > 0 && r.nextInt(3) == 0) {
        int k = r.nextInt(j);
        double f = factors[r.nextInt(factors.length)];
        for (int i = 0; i < d; i++) w[j][i] = f * w[k][i];
        b[j] = f * b[k];
      } else {
        for (int i = 0; i < d; i++) w[j][i] = r.nextInt(-4, 5) / 2.0;
        b[j] = r.nextInt(-4, 5) / 2.0;
      }
      a[j] = r.nextInt(-4, 5) / 2.0;
    }
    double[] v = new double[d];
    for (int i = 0; i < d; i++) v[i] = r.nextInt(-2, 3) / 2.0;
    return OneLayerNets.of(w, b, a, v, r.nextInt(-2, 3) / 2.0);
  }

  /** Random lines through the domain: p on a grid of step 1/8 inside, q with small dyadic entries. */
  static List<double[][]> lines(int d, Domain dom, int count, SplittableRandom r) {
    List<double[][]> out = new ArrayList<>();
    double lo = dom.isBox() ? dom.lo(0) : -3, hi = dom.isBox() ? dom.hi(0) : 3;
    for (int k = 0; k < count; k++) {
      double[] p = new double[d], q = new double[d];
      for (int i = 0; i < d; i++) {
        p[i] = lo + (hi - lo) * r.nextInt(1, 64) / 64.0;
        q[i] = r.nextInt(-8, 9) / 4.0;
      }
      if (k % 5 == 0) { // axis-parallel lines too
        java.util.Arrays.fill(q, 0);
        q[r.nextInt(d)] = 1;
      }
      out.add(new double[][] {p, q});
    }
    return out;
  }

  @Property(tries = 300, seed = "20261129")
  @net.jqwik.api.statistics.StatisticsReport(net.jqwik.api.statistics.StatisticsReport.StatisticsReportMode.OFF) // checked below, not printed
  void closedFormAgreesWithExactSlopesAlongLines(
      @ForAll @IntRange(min = 1, max = 3) int d,
      @ForAll @IntRange(min = 1, max = 7) int n,
      @ForAll @IntRange(min = 0, max = 2) int domainKind,
      @ForAll @IntRange(min = 0, max = 1_000_000) int seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Network net = halfIntegerNetwork(d, n, r);
    Domain dom = switch (domainKind) {
      case 0 -> Domain.whole(d);
      case 1 -> Domain.cube(d, -1, 1);
      default -> Domain.cube(d, -0.5, 2);
    };
    Verdict v = new OneLayerChecker().check(net, dom);
    assertThat(v.kind()).as("never unknown on small exact weights: %s", v.reason()).isNotEqualTo(VerdictKind.UNKNOWN);
    boolean anyNegative = false;
    for (double[][] line : lines(d, dom, 150, r))
      anyNegative |= negativeSlopeChange(net, ExactForward.exact(line[0]), ExactForward.exact(line[1]), dom, null, null);
    Statistics.collect(v.kind(), anyNegative ? "a line sees a negative kink" : "no line does");
    // the draws must exercise both answers, or the property proves little
    Statistics.coverage(c -> {
      c.check(VerdictKind.NOT_CONVEX, "a line sees a negative kink").count((Integer k) -> k > 0);
      c.check(VerdictKind.CONVEX, "no line does").count((Integer k) -> k > 0);
    });
    if (anyNegative) assertThat(v.kind()).as("a line shows a negative slope change; checker: %s", v.reason()).isEqualTo(VerdictKind.NOT_CONVEX);
    if (v.kind() == VerdictKind.NOT_CONVEX) {
      Witness w = v.witness();
      assertThat(w.verifies(net)).isTrue();
      assertThat(dom.contains(w.a()) && dom.contains(w.b())).isTrue();
      // the oracle sees the concavity on the witness's own segment
      BigDecimal[] p = ExactForward.exact(w.a()), q = ExactForward.exact(w.b());
      for (int i = 0; i < d; i++) q[i] = q[i].subtract(p[i]);
      assertThat(negativeSlopeChange(net, p, q, Domain.whole(d), BigDecimal.ZERO, BigDecimal.ONE)).isTrue();
    }
  }
}
