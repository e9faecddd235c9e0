package org.reluconvex.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.reluconvex.network.Examples;
import org.reluconvex.network.Network;
import org.reluconvex.network.NetworkBuilder;

/**
 * What the beyond-icnn experiment found when its target was this example (then named beyond-icnn):
 * ICNN training fits max(|x2|, |x1| - 1) exactly (validation MSE 2.5e-31), and reading off the
 * weights gives an ICNN of the same architecture SkipMLP_2((2, 2)) that computes it on all of R^2:
 *
 * <p>f(x) = x2 + relu(-2 x2 + relu(x2 - x1 - 1) + relu(x1 + x2 - 1)) = max(x2, -x2 + S), S the sum
 * of the two first-layer units. For x2 &lt; 0 at most one unit is active and -x2 + S = max(-x2,
 * |x1| - 1); for x2 &ge; 0 the same holds unless x2 &gt; |x1| + 1, where -x2 + S = x2 - 2 &lt; x2.
 * So the example is not beyond ICNNs as a function, only its given weights are not ICNN weights:
 * hence its name, example:non-icnn-weights.
 */
class NonIcnnWeightsTargetTest {
  @Test
  void anIcnnOfTheSameArchitectureComputesTheExample() {
    Network icnn = NetworkBuilder.of(2, 2, 2)
        .weights(1, 0, new double[][] {{-1, 1}, {1, 1}})
        .bias(1, new double[] {-1, -1})
        .weights(2, 1, new double[][] {{0, 0}, {1, 1}})
        .weights(2, 0, new double[][] {{0, 0}, {0, -2}})
        .weights(3, 2, new double[][] {{0, 1}})
        .weights(3, 0, new double[][] {{0, 1}})
        .build();
    assertThat(icnn.isIcnn()).isTrue();
    Network f = Examples.nonIcnnWeights();
    assertThat(icnn.layerWidths()).isEqualTo(f.layerWidths());
    assertThat(icnn.architecture()).isEqualTo(f.architecture());
    SplittableRandom r = new SplittableRandom(5);
    for (int k = 0; k < 10_000; k++) {
      double[] x = {r.nextDouble(-50, 50), r.nextDouble(-50, 50)};
      assertThat(icnn.eval(x)).isCloseTo(f.eval(x), within(1e-12));
    }
  }
}
