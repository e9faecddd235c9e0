package org.reluconvex.network;

import java.util.SplittableRandom;

/**
 * Seeded random networks drawn as PyTorch's {@code nn.Linear} does by default: every weight and
 * bias of a layer with fan-in k from U(-1/sqrt(k), 1/sqrt(k)). For a SkipMLP the fan-in of a layer
 * counts both the previous layer and the input, as one {@code nn.Linear} on the concatenation would.
 */
public final class RandomNetworks {
  private RandomNetworks() {}

  /** MLP d -> widths -> 1. */
  public static Network mlp(int inputDim, int[] widths, long seed) {
    return draw(inputDim, widths, false, false, new SplittableRandom(seed));
  }

  /** SkipMLP_k(widths): input skips into every later hidden layer and the output. */
  public static Network skipMlp(int inputDim, int[] widths, long seed) {
    return draw(inputDim, widths, true, false, new SplittableRandom(seed));
  }

  /** ICNN: a SkipMLP whose hidden-to-hidden and output weights are replaced by their absolute values. */
  public static Network icnn(int inputDim, int[] widths, long seed) {
    return draw(inputDim, widths, true, true, new SplittableRandom(seed));
  }

  /** Generic draw from a given generator (for experiments that derive one stream per draw). */
  public static Network draw(int inputDim, int[] widths, boolean skip, boolean icnn, SplittableRandom rnd) {
    NetworkBuilder b = NetworkBuilder.of(inputDim, widths);
    int out = b.layers() - 1;
    for (int l = 1; l <= out; l++) {
      int n = b.width(l);
      int prev = b.width(l - 1);
      boolean withSkip = skip && l >= 2;
      int fanIn = prev + (withSkip ? inputDim : 0);
      double bound = 1.0 / Math.sqrt(fanIn);
      double[] w = new double[n * prev];
      double[] v = withSkip ? new double[n * inputDim] : null;
      double[] bias = new double[n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < prev; j++) {
          double x = uniform(rnd, bound);
          w[i * prev + j] = icnn && l >= 2 ? Math.abs(x) : x;
        }
        if (v != null) for (int j = 0; j < inputDim; j++) v[i * inputDim + j] = uniform(rnd, bound);
      }
      for (int i = 0; i < n; i++) bias[i] = uniform(rnd, bound);
      b.block(l, l - 1, w);
      if (v != null) b.block(l, 0, v);
      b.bias(l, bias);
    }
    return b.build();
  }

  private static double uniform(SplittableRandom rnd, double bound) {
    return (2 * rnd.nextDouble() - 1) * bound;
  }
}
