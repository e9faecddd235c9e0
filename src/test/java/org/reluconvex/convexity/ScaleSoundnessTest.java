package org.reluconvex.convexity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;
import org.reluconvex.network.NetworkBuilder;
import org.reluconvex.network.RandomNetworks;

/**
 * Verdicts under transformations whose effect is known exactly: a superset box of a non-convex
 * box, a translation of input and box by 2^k, neuron rescaling by 2^k. The failures were
 * all of these kinds.
 */
class ScaleSoundnessTest {
  private static void assertWitnessIn(Verdict v, Network net, Domain box) {
    assertThat(v.witness().verifies(net)).isTrue();
    assertThat(box.contains(v.witness().a()) && box.contains(v.witness().b())).isTrue();
  }

  @Test
  void supersetBoxesOfANonConvexBoxAreNotConvex() {
    int checked = 0;
    for (int seed = 1; seed <= 12; seed++) {
      Network net = RandomNetworks.mlp(2, new int[] {3, 3}, seed);
      Verdict small = Checks.check(net, Domain.cube(2, -2, 2), Checks.Method.AUTO);
      if (small.kind() != VerdictKind.NOT_CONVEX) continue;
      checked++;
      for (double r : new double[] {1e6, 1e8, 1e15, 1e100, 1e300}) {
        Domain box = Domain.cube(2, -r, r);
        Verdict v = Checks.check(net, box, Checks.Method.AUTO);
        assertThat(v.kind()).as("seed %d on +-%g: %s", seed, r, v.reason()).isEqualTo(VerdictKind.NOT_CONVEX);
        assertWitnessIn(v, net, box);
      }
    }
    assertThat(checked).isGreaterThan(5);
  }

  /** A half-integer network: f(x) = relu(relu(x1 + x2/2) - 2 relu(x1 + x2/2 - 1/64)), a tent. */
  private static Network tent(double shift) {
    return NetworkBuilder.withWidths(2, 2, 1, 1)
        .weights(1, 0, new double[][] {{1, 0.5}, {1, 0.5}}).bias(1, new double[] {-1.5 * shift, -1.5 * shift - 1.0 / 64})
        .weights(2, 1, new double[][] {{1, -2}}).bias(2, new double[] {0})
        .weights(3, 2, new double[][] {{1}}).bias(3, new double[] {0}).build();
  }

  @Test
  void translatedNetworksKeepTheirVerdict() {
    for (int k = 0; k <= 40; k += 2) {
      double c = Math.scalb(1.0, k);
      Network net = tent(c);
      Domain box = Domain.cube(2, c - 1, c + 1);
      Verdict v = Checks.check(net, box, Checks.Method.AUTO);
      assertThat(v.kind()).as("shift 2^%d: %s", k, v.reason()).isEqualTo(VerdictKind.NOT_CONVEX);
      assertWitnessIn(v, net, box);
      // the same network with the tent flipped upside down (a V shape) is convex
      NetworkBuilder b = net.toBuilder();
      b.block(3, 2)[0] = 1;
      b.block(2, 1)[0] = -1;
      b.block(2, 1)[1] = 2;
      Verdict u = Checks.check(b.build(), box, Checks.Method.SKELETON);
      assertThat(u.kind()).as("flipped, shift 2^%d: %s", k, u.reason()).isNotEqualTo(VerdictKind.NOT_CONVEX);
    }
  }

  @Test
  void rescaledNeuronsKeepTheVerdict() {
    SplittableRandom r = new SplittableRandom(17);
    for (int k = 0; k < 40; k++) {
      Network net = k % 2 == 0 ? RandomNetworks.mlp(2, new int[] {4, 3}, k) : RandomNetworks.icnn(2, new int[] {4, 3}, k);
      Domain box = Domain.cube(2, -3, 3);
      Verdict plain = Checks.check(net, box, Checks.Method.AUTO);
      NetworkBuilder b = net.toBuilder();
      int e = r.nextInt(-1000, 1000), i = r.nextInt(4);
      e = Math.max(-1000 + 10, Math.min(1000 - 10, e));
      double[] w = b.block(1, 0);
      boolean ok = true;
      for (int j = 0; j < 2; j++) ok &= Double.isFinite(Math.scalb(w[i * 2 + j], e)) && Math.scalb(Math.scalb(w[i * 2 + j], e), -e) == w[i * 2 + j];
      ok &= Math.scalb(Math.scalb(b.bias(1)[i], e), -e) == b.bias(1)[i] && Double.isFinite(Math.scalb(b.bias(1)[i], e));
      double[] w2 = b.block(2, 1);
      for (int q = 0; q < 3; q++) ok &= Double.isFinite(Math.scalb(w2[q * 4 + i], -e)) && Math.scalb(Math.scalb(w2[q * 4 + i], -e), e) == w2[q * 4 + i];
      if (!ok) continue;
      for (int j = 0; j < 2; j++) w[i * 2 + j] = Math.scalb(w[i * 2 + j], e);
      b.bias(1)[i] = Math.scalb(b.bias(1)[i], e);
      for (int q = 0; q < 3; q++) w2[q * 4 + i] = Math.scalb(w2[q * 4 + i], -e);
      Network scaled = b.build();
      Verdict v = Checks.check(scaled, box, Checks.Method.AUTO);
      assertThat(v.kind()).as("draw %d, neuron %d scaled by 2^%d: %s", k, i, e, v.reason()).isEqualTo(plain.kind());
      if (v.kind() == VerdictKind.NOT_CONVEX) assertWitnessIn(v, scaled, box);
    }
  }

  @Test
  void aConcaveKinkWithOverflowingWeightsIsNotConvex() {
    // f(x) = -1e200 relu(1e200 (x1 - x2 + 1)), concave; and the same behind a second layer
    Network one = NetworkBuilder.withWidths(2, 1, 1).weights(1, 0, new double[][] {{1e200, -1e200}})
        .bias(1, new double[] {1e200}).weights(2, 1, new double[][] {{-1e200}}).bias(2, new double[] {0}).build();
    Network two = NetworkBuilder.withWidths(2, 1, 1, 1).weights(1, 0, new double[][] {{1e200, -1e200}})
        .bias(1, new double[] {1e200}).weights(2, 1, new double[][] {{1e200}}).bias(2, new double[] {0})
        .weights(3, 2, new double[][] {{-1e200}}).bias(3, new double[] {0}).build();
    Domain box = Domain.cube(2, -100, 100);
    for (Network net : new Network[] {one, two})
      for (Checks.Method m : new Checks.Method[] {Checks.Method.AUTO, Checks.Method.SKELETON}) {
        Verdict v = Checks.check(net, box, m);
        assertThat(v.kind()).as("%s %s: %s", net.describe(), m, v.reason()).isEqualTo(VerdictKind.NOT_CONVEX);
        assertWitnessIn(v, net, box);
      }
  }
}
