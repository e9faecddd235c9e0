package org.reluconvex.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The batched values are the single-point pass's, bit for bit (the complexes depend on every bit). */
class ForwardBatchTest {
  @Test
  void batchEqualsSinglePointBitForBit() {
    List<Network> nets = new ArrayList<>();
    for (int s = 1; s <= 4; s++) {
      nets.add(RandomNetworks.mlp(2 + s % 3, new int[] {9, 33, 5}, s));
      nets.add(RandomNetworks.skipMlp(3, new int[] {7, 6, 8}, s));
    }
    // biases of -0 (the one case where a skipped zero term matters), zero weights, a zero bias
    Network signed = RandomNetworks.mlp(3, new int[] {6, 6, 4}, 7);
    NetworkBuilder b = signed.toBuilder();
    for (int l = 1; l <= signed.outputLayer(); l++) {
      b.bias(l, 0, -0.0);
      if (signed.width(l) > 1) b.bias(l, 1, 0.0);
    }
    b.addWeight(2, 1, 3, 2, -b.block(2, 1)[3 * 6 + 2]);
    nets.add(b.build());
    SplittableRandom r = new SplittableRandom(5);
    for (Network net : nets) {
      int d = net.inputDim();
      int count = Forward.Batch.SIZE + 37; // two batches, the second partial
      double[] xs = new double[count * d];
      for (int p = 0; p < count; p++)
        for (int i = 0; i < d; i++)
          xs[p * d + i] = switch (r.nextInt(8)) {
            case 0 -> 0.0;
            case 1 -> -0.0;
            default -> r.nextDouble(-3, 3);
          };
      Forward single = new Forward(net);
      Forward.Batch batch = new Forward.Batch(net);
      for (int l = 1; l <= net.outputLayer(); l++) {
        int n = net.width(l);
        for (int j0 = 0; j0 < n; j0 += 4) {
          int j1 = Math.min(n, j0 + 5), cols = j1 - j0;
          double[] rows = new double[count * cols];
          for (int p = 0; p < count; p += Forward.Batch.SIZE)
            batch.preOf(l, j0, j1, Math.min(Forward.Batch.SIZE, count - p), (q, i) -> xs[q * d + i], p, rows, cols);
          for (int p = 0; p < count; p++) {
            double[] x = java.util.Arrays.copyOfRange(xs, p * d, p * d + d);
            single.runBelow(x, l);
            for (int j = j0; j < j1; j++)
              assertThat(Double.doubleToRawLongBits(rows[p * cols + j - j0]))
                  .as("%s layer %d neuron %d point %d", net, l, j, p)
                  .isEqualTo(Double.doubleToRawLongBits(single.preOf(l, j)));
          }
        }
      }
    }
  }

  @Test
  void aBiasOfMinusZeroIsLeftToTheSinglePointPass() {
    Network net = RandomNetworks.mlp(2, new int[] {3, 3}, 1).toBuilder().bias(2, 1, -0.0).build();
    Forward.Batch batch = new Forward.Batch(net);
    assertThat(batch.covers(2, 0, 3)).isFalse();
    assertThat(batch.covers(2, 2, 3)).isTrue();
    assertThat(batch.covers(1, 0, 3)).isTrue();
    // a sum started at -0 stays -0 only when its zero terms are skipped: the values differ in sign
    Network zeroRow = NetworkBuilder.of(1, 1).bias(1, 0, -1.0).addWeight(1, 0, 0, 0, 1.0).bias(2, 0, -0.0)
        .addWeight(2, 1, 0, 0, 1.0).build();
    double[] rows = new double[1];
    new Forward.Batch(zeroRow).preOf(2, 0, 1, 1, (q, i) -> 0.5, 0, rows, 1);
    assertThat(Double.doubleToRawLongBits(rows[0])).isEqualTo(Long.MIN_VALUE);
  }
}
