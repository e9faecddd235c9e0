package org.reluconvex.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.reluconvex.precision.PrecisionPolicy;

/** The exact pass against double, and the double pass's error bounds against the exact error. */
class ExactArithmeticTest {
  private static double[] point(SplittableRandom r, int d, double scale) {
    double[] x = new double[d];
    for (int i = 0; i < d; i++) x[i] = scale * (2 * r.nextDouble() - 1);
    return x;
  }

  @Test
  void roundingErrorBoundsHoldOnRandomNetworks() {
    SplittableRandom r = new SplittableRandom(5);
    int tight = 0;
    for (int k = 0; k < 300; k++) {
      int d = 1 + r.nextInt(4);
      Network net = r.nextBoolean() ? RandomNetworks.mlp(d, new int[] {8, 8, 4}, k) : RandomNetworks.skipMlp(d, new int[] {6, 6}, k);
      double[] x = point(r, d, Math.pow(10, r.nextInt(-3, 9)));
      BoundedForward bf = new BoundedForward(net, PrecisionPolicy.DEFAULT);
      double y = bf.output(x);
      BigDecimal exact = ExactForward.eval(net, x);
      double err = new BigDecimal(y).subtract(exact).abs().doubleValue();
      assertThat(err).as("draw %d", k).isLessThanOrEqualTo(bf.outputError());
      assertThat(y).isEqualTo(net.eval(x), org.assertj.core.data.Offset.offset(2 * bf.outputError() + 0.0));
      if (err > 0) tight++;
    }
    assertThat(tight).as("draws with a non-zero rounding error (the test has teeth)").isGreaterThan(100);
  }

  @Test
  void gatedGradientsAndValuesMatchTheExactForms() {
    SplittableRandom r = new SplittableRandom(9);
    for (int k = 0; k < 100; k++) {
      int d = 1 + r.nextInt(3);
      Network net = RandomNetworks.mlp(d, new int[] {5, 4}, 100 + k);
      boolean[][] gate = new boolean[net.outputLayer()][];
      for (int l = 1; l <= net.hiddenLayers(); l++) {
        gate[l] = new boolean[net.width(l)];
        for (int i = 0; i < gate[l].length; i++) gate[l][i] = r.nextBoolean();
      }
      double[] x = point(r, d, 50);
      BoundedForward bf = new BoundedForward(net, PrecisionPolicy.DEFAULT);
      bf.run(x, gate, true);
      BigDecimal[][][] forms = new ExactForward(net).gatedForms(gate);
      for (int l = 1; l <= net.outputLayer(); l++)
        for (int i = 0; i < net.width(l); i++) {
          BigDecimal v = forms[l][i][d];
          for (int c = 0; c < d; c++) {
            v = v.add(forms[l][i][c].multiply(new BigDecimal(x[c])));
            double ge = new BigDecimal(bf.gradient(l, i, c)).subtract(forms[l][i][c]).abs().doubleValue();
            assertThat(ge).isLessThanOrEqualTo(bf.gradientError(l, i, c));
          }
          double ve = new BigDecimal(bf.value(l, i)).subtract(v).abs().doubleValue();
          assertThat(ve).isLessThanOrEqualTo(bf.error(l, i));
        }
    }
  }

  @Test
  void overflowIsUndecidedNeverZero() {
    Network net = NetworkBuilder.withWidths(1, 1, 1).weights(1, 0, new double[][] {{1e300}}).bias(1, new double[] {0})
        .weights(2, 1, new double[][] {{1e300}}).bias(2, new double[] {0}).build();
    BoundedForward bf = new BoundedForward(net, PrecisionPolicy.DEFAULT);
    bf.output(new double[] {1});
    assertThat(bf.outputError()).isInfinite();
    assertThat(PrecisionPolicy.DEFAULT.sign(bf.value(2, 0), bf.outputError())).isZero();
    assertThat(ExactForward.eval(net, new double[] {1})).isEqualByComparingTo(new BigDecimal("1e600").multiply(
        new BigDecimal(1e300).multiply(new BigDecimal(1e300)).divide(new BigDecimal("1e600"))));
  }

  @Test
  void exactTransformsPreserveTheFunctionExactly() {
    SplittableRandom r = new SplittableRandom(4);
    for (int k = 0; k < 50; k++) {
      int d = 1 + r.nextInt(3);
      NetworkBuilder b = RandomNetworks.skipMlp(d, new int[] {4, 3}, k).toBuilder();
      // extreme scales on some neurons: incoming times 2^e, outgoing times 2^-e (same function)
      int e = r.nextInt(-900, 900);
      double[] w = b.block(1, 0);
      for (int j = 0; j < d; j++) w[j] = Math.scalb(w[j], e);
      b.bias(1)[0] = Math.scalb(b.bias(1)[0], e);
      double[] w2 = b.block(2, 1);
      for (int q = 0; q < 3; q++) w2[q * 4] = Math.scalb(w2[q * 4], -e);
      Network net = b.build();
      ExactTransforms.Rescaled rs = ExactTransforms.balanced(net);
      double[] shift = new double[d];
      for (int i = 0; i < d; i++) shift[i] = Math.scalb((double) r.nextInt(-8, 8), r.nextInt(0, 20));
      Network moved = ExactTransforms.translated(rs.network(), shift);
      for (int t = 0; t < 10; t++) {
        double[] x = point(r, d, 4);
        BigDecimal f = ExactForward.eval(net, x);
        BigDecimal g = ExactForward.eval(rs.network(), x);
        assertThat(g).isEqualByComparingTo(f.multiply(new BigDecimal(Math.scalb(1.0, 0)).multiply(pow2(rs.outputExponent()))));
        if (moved != null) {
          double[] y = x.clone();
          boolean exact = true;
          for (int i = 0; i < d; i++) {
            y[i] = x[i] - shift[i];
            exact &= new BigDecimal(y[i]).add(new BigDecimal(shift[i])).compareTo(new BigDecimal(x[i])) == 0;
          }
          if (exact) assertThat(ExactForward.eval(moved, y)).isEqualByComparingTo(g);
        }
      }
    }
  }

  private static BigDecimal pow2(int e) {
    return e >= 0 ? new BigDecimal(java.math.BigInteger.TWO.pow(e)) : BigDecimal.ONE.divide(new BigDecimal(java.math.BigInteger.TWO.pow(-e)));
  }
}
