package org.reluconvex.pathlift;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.reluconvex.network.ActivationPattern;
import org.reluconvex.network.Network;
import org.reluconvex.network.RandomNetworks;
import org.reluconvex.precision.PrecisionPolicy;

/**
 * The gain evaluator against a brute-force oracle: the sum, over every path from the neuron to the
 * root, of the exact (BigDecimal) product of its weights, each path counted when every neuron on it
 * between the two ends is active; on small random MLPs, SkipMLPs and DAGs, for every pattern.
 */
class GainEvaluatorTest {

  /** Sum over paths from (layer, index) to (rootLayer, root), exact, and the sum of |products|: {sum, abs}. */
  static BigDecimal[] pathSum(Network net, int layer, int index, int rootLayer, int root, boolean[][] active) {
    BigDecimal[] acc = {BigDecimal.ZERO, BigDecimal.ZERO};
    walk(net, layer, index, BigDecimal.ONE, rootLayer, root, active, acc);
    return acc;
  }

  private static void walk(Network net, int l, int i, BigDecimal product, int rootLayer, int root, boolean[][] active, BigDecimal[] acc) {
    for (int t = l + 1; t <= rootLayer; t++) {
      if (!net.hasBlock(t, l)) continue;
      for (int k = 0; k < net.width(t); k++) {
        BigDecimal p = product.multiply(new BigDecimal(net.weight(t, l, k, i)));
        if (t == rootLayer) {
          if (k == root) {
            acc[0] = acc[0].add(p);
            acc[1] = acc[1].add(p.abs());
          }
        } else if (active[t][k]) walk(net, t, k, p, rootLayer, root, active, acc);
      }
    }
  }

  /** |computed - exact| within a few roundings of the largest partial sum. */
  static void assertClose(double computed, BigDecimal[] exact) {
    double err = new BigDecimal(computed).subtract(exact[0]).abs().doubleValue();
    assertThat(err).as("gain %s against the exact path sum %s", computed, exact[0]).isLessThanOrEqualTo(1e-13 * exact[1].doubleValue());
  }

  private static boolean[][] pattern(Network net, long bits) {
    boolean[][] a = new boolean[net.outputLayer()][];
    int g = 0;
    for (int l = 1; l <= net.hiddenLayers(); l++) {
      a[l] = new boolean[net.width(l)];
      for (int i = 0; i < a[l].length; i++, g++) a[l][i] = ((bits >> g) & 1) != 0;
    }
    return a;
  }

  @Property(tries = 60)
  void everyGainUnderEveryPatternIsTheSumOverPaths(@ForAll boolean skip, @ForAll boolean dag, @ForAll @IntRange(min = 1, max = 3) int dim,
      @ForAll @IntRange(min = 1, max = 3) int depth, @ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] widths = new int[depth];
    for (int i = 0; i < depth; i++) widths[i] = 1 + r.nextInt(3);
    Network net = PathLiftingTest.draw(skip, dag, dim, widths, seed);
    int hidden = net.hiddenCount();
    GainEvaluator e = new GainEvaluator(net), magnitudes = GainEvaluator.ofMagnitudes(net);
    int out = net.outputLayer();
    double[][] bound = Gains.errorBounds(net, PrecisionPolicy.DEFAULT);
    for (long bits = 0; bits < (1L << hidden); bits++) {
      boolean[][] a = pattern(net, bits);
      double[][] all = e.gainsFrom(out, 0, a);
      assertThat(all[out][0]).isEqualTo(1.0);
      for (int l = 0; l <= net.hiddenLayers(); l++)
        for (int i = 0; i < net.width(l); i++) {
          BigDecimal[] exact = pathSum(net, l, i, out, 0, a);
          assertClose(all[l][i], exact);
          if (l == 0) continue;
          assertThat(e.gain(l, i, a)).as("one neuron's sweep, bit for bit").isEqualTo(all[l][i]);
          // over |W|: the sum of |path products|, and with gamma(roundings) a bound on the gain's error
          double mag = magnitudes.gain(l, i, a);
          assertClose(mag, new BigDecimal[] {exact[1], exact[1]});
          double err = new BigDecimal(all[l][i]).subtract(exact[0]).abs().doubleValue();
          assertThat(err).isLessThanOrEqualTo(PrecisionPolicy.DEFAULT.gamma(e.roundings(l)) * mag);
          assertThat(err).as("the bound for every pattern").isLessThanOrEqualTo(bound[l][i]);
        }
      // gradient of the cell (layer 0) and the static conveniences read the same evaluator
      assertThat(Gains.all(net, new ActivationPattern(a))).isDeepEqualTo(all);
    }
  }

  @Property(tries = 40)
  void aHiddenRootGivesThePreActivationGradient(@ForAll boolean skip, @ForAll boolean dag, @ForAll @IntRange(min = 2, max = 3) int depth,
      @ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] widths = new int[depth];
    for (int i = 0; i < depth; i++) widths[i] = 1 + r.nextInt(3);
    Network net = PathLiftingTest.draw(skip, dag, 2, widths, seed);
    GainEvaluator e = new GainEvaluator(net);
    for (int trial = 0; trial < 8; trial++) {
      boolean[][] a = pattern(net, r.nextLong());
      int root = 1 + r.nextInt(net.hiddenLayers()), index = r.nextInt(net.width(root));
      double[][] g = e.gainsFrom(root, index, a);
      for (int l = 0; l < root; l++)
        for (int i = 0; i < net.width(l); i++) assertClose(g[l][i], pathSum(net, l, i, root, index, a));
    }
  }

  @Test
  void theLastLayersFastPathIsTheMinimumOverTheChoicesOfItsZeros() {
    // the last two hidden layers straddle 64-bit words (global indices 3..72 and 73..142)
    Network net = RandomNetworks.mlp(2, new int[] {3, 70, 70}, 5);
    GainEvaluator e = new GainEvaluator(net);
    SplittableRandom r = new SplittableRandom(6);
    int out = net.outputLayer();
    int lastStart = 73;
    for (int trial = 0; trial < 200; trial++) {
      int layer = 2 + r.nextInt(2), index = r.nextInt(70);
      boolean[][] a = new boolean[out][];
      long[] bits = new long[3];
      int g = 0;
      for (int l = 1; l < out; l++) {
        a[l] = new boolean[net.width(l)];
        for (int i = 0; i < a[l].length; i++, g++)
          if (r.nextBoolean()) {
            a[l][i] = true;
            bits[g >>> 6] |= 1L << (g & 63);
          }
      }
      int[] zeros = new int[r.nextInt(4)];
      for (int z = 0; z < zeros.length; z++) {
        zeros[z] = lastStart + 10 * z + r.nextInt(10);
        bits[zeros[z] >>> 6] &= ~(1L << (zeros[z] & 63)); // a neuron at zero is not active
      }
      assertThat(e.lastLayers(layer)).isTrue();
      double fast = e.minGainLastLayers(layer, index, bits, zeros);
      // oracle: every choice of the zeros, exact path sums
      BigDecimal min = null;
      double abs = 0;
      for (int mask = 0; mask < (1 << zeros.length); mask++) {
        for (int b = 0; b < zeros.length; b++) a[3][zeros[b] - lastStart] = ((mask >> b) & 1) != 0;
        BigDecimal[] s = pathSum(net, layer, index, out, 0, a);
        if (min == null || s[0].compareTo(min) < 0) min = s[0];
        abs = Math.max(abs, s[1].doubleValue());
      }
      assertClose(fast, new BigDecimal[] {min, BigDecimal.valueOf(abs)});
    }
    assertThat(e.lastLayers(1)).isFalse();
  }

  @Test
  void aChainOverAParameterVectorIsTheNetworkAndFollowsItsUpdates() {
    int[] widths = {2, 4, 5, 3, 1};
    // blocks W_1..W_4 at arbitrary offsets of one vector, with unrelated entries between them
    int[] offsets = new int[widths.length];
    int size = 7;
    for (int l = 1; l < widths.length; l++) {
      offsets[l] = size;
      size += widths[l] * widths[l - 1] + 3;
    }
    SplittableRandom r = new SplittableRandom(8);
    double[] theta = new double[size];
    GainEvaluator chain = GainEvaluator.ofChain(widths, offsets);
    for (int step = 0; step < 3; step++) {
      for (int p = 0; p < size; p++) theta[p] = r.nextDouble(-1, 1); // updated in place, as an optimiser does
      org.reluconvex.network.NetworkBuilder b = org.reluconvex.network.NetworkBuilder.withWidths(widths);
      for (int l = 1; l < widths.length; l++) b.block(l, l - 1, java.util.Arrays.copyOfRange(theta, offsets[l], offsets[l] + widths[l] * widths[l - 1]));
      Network net = b.build();
      GainEvaluator direct = new GainEvaluator(net);
      chain.weights(theta);
      for (int t = 0; t < 20; t++) {
        boolean[][] a = pattern(net, r.nextLong());
        for (int l = 1; l <= 3; l++)
          for (int i = 0; i < widths[l]; i++) {
            double g = chain.gain(l, i, a);
            assertThat(g).isEqualTo(direct.gain(l, i, a));
            for (int m = l + 1; m <= 4; m++) assertThat(chain.preGain(m)).containsExactly(direct.preGain(m));
            assertClose(g, pathSum(net, l, i, 4, 0, a));
          }
        long[] bits = {0};
        for (int i = 0; i < widths[3]; i++) if (a[3][i]) bits[0] |= 1L << (9 + i);
        for (int i = 0; i < widths[2]; i++)
          assertThat(chain.minGainLastLayers(2, i, bits, new int[0])).isEqualTo(direct.minGainLastLayers(2, i, bits, new int[0]));
      }
    }
  }
}
