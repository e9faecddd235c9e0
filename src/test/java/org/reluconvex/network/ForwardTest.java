package org.reluconvex.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ForwardTest {
  @Test
  void preOfAfterPartialRunMatchesFullRun() {
    Network net = RandomNetworks.skipMlp(3, new int[] {6, 5, 4}, 11);
    Forward full = new Forward(net), part = new Forward(net);
    SplittableRandom r = new SplittableRandom(2);
    for (int k = 0; k < 200; k++) {
      double[] x = {r.nextDouble(-3, 3), r.nextDouble(-3, 3), r.nextDouble(-3, 3)};
      full.run(x);
      for (int l = 1; l <= net.outputLayer(); l++) {
        part.runBelow(x, l);
        for (int i = 0; i < net.width(l); i++) {
          double z = full.pre(l)[i];
          assertThat(part.preOf(l, i)).isCloseTo(z, within(1e-12 * (1 + part.magnitude(l, i))));
          // the terms' magnitudes bound their sum
          assertThat(part.magnitude(l, i)).isGreaterThanOrEqualTo(Math.abs(z) * (1 - 1e-12));
        }
      }
    }
  }

  @Test
  void outputUnderAPatternIsTheCellsAffinePieceEverywhere() {
    Network net = RandomNetworks.skipMlp(2, new int[] {7, 6}, 5);
    double[] x = {0.4, -0.7};
    ActivationPattern a = ActivationPattern.at(net, x);
    Forward f = new Forward(net);
    assertThat(f.outputUnder(a, x)).isCloseTo(net.eval(x), within(1e-12));
    // gradient by finite differences of f itself near x, where the pattern does not change
    double h = 1e-7, fx = net.eval(x);
    double[] g = new double[2];
    for (int i = 0; i < 2; i++) {
      double[] xp = x.clone();
      xp[i] += h;
      g[i] = (net.eval(xp) - fx) / h;
    }
    SplittableRandom r = new SplittableRandom(3);
    for (int k = 0; k < 50; k++) {
      double[] y = {r.nextDouble(-50, 50), r.nextDouble(-50, 50)};
      double affine = fx + g[0] * (y[0] - x[0]) + g[1] * (y[1] - x[1]);
      assertThat(f.outputUnder(a, y)).isCloseTo(affine, within(1e-4 * (1 + Math.abs(affine))));
    }
  }

  @Test
  void tangentMatchesFiniteDifferencesAtGenericPoints() {
    Network net = RandomNetworks.skipMlp(3, new int[] {5, 4}, 9);
    Forward f = new Forward(net);
    SplittableRandom r = new SplittableRandom(4);
    for (int k = 0; k < 50; k++) {
      double[] x = {r.nextDouble(-2, 2), r.nextDouble(-2, 2), r.nextDouble(-2, 2)};
      double[] u = {r.nextDouble(-1, 1), r.nextDouble(-1, 1), r.nextDouble(-1, 1)};
      f.run(x);
      double d = f.tangent(u, net.outputLayer(), 1e-9)[0];
      double h = 1e-8;
      double[] xp = x.clone();
      for (int i = 0; i < 3; i++) xp[i] += h * u[i];
      assertThat(d).isCloseTo((net.eval(xp) - net.eval(x)) / h, within(1e-5));
    }
  }

  @Test
  void tangentTakesTheOneSidedSlopeOnAZeroSet() {
    // x2 + relu(-2 x2 + ...) = |x2| near the origin, where the outer neuron is exactly at zero
    Network net = Examples.nonIcnnWeights();
    Forward f = new Forward(net);
    double[] origin = {0, 0};
    f.runBelow(origin, net.outputLayer());
    assertThat(f.tangent(new double[] {0, 1}, net.outputLayer(), 1e-9)[0]).isEqualTo(1.0);
    assertThat(f.tangent(new double[] {0, -1}, net.outputLayer(), 1e-9)[0]).isEqualTo(1.0);
    assertThat(f.tangent(new double[] {1, 0}, net.outputLayer(), 1e-9)[0]).isEqualTo(0.0);
  }
}
