package org.reluconvex.network;

/** Built-in hand-made networks used by the CLI, the docs and the tests. */
public final class Examples {
  private Examples() {}

  /**
   * MATH.md section 6: f(x) = max(|x2|, |x1| - 1), a convex SkipMLP_2((2,2)) that is not an ICNN.
   * z1 = (relu(x1), relu(x2)); z2_1 = relu(2 z1_1 - 2 z1_2 - x1 + x2 - 1); z2_2 = relu(z1_2);
   * f = z2_1 + 2 z2_2 - x2.
   */
  public static Network beyondIcnn() {
    return NetworkBuilder.of(2, 2, 2)
        .weights(1, 0, new double[][] {{1, 0}, {0, 1}})
        .bias(1, new double[] {0, 0})
        .weights(2, 1, new double[][] {{2, -2}, {0, 1}})
        .weights(2, 0, new double[][] {{-1, 1}, {0, 0}})
        .bias(2, new double[] {-1, 0})
        .weights(3, 2, new double[][] {{1, 2}})
        .weights(3, 0, new double[][] {{0, -1}})
        .bias(3, new double[] {0})
        .build();
  }

  /** Names accepted by {@link #byName(String)}. */
  public static String[] names() { return new String[] {"beyond-icnn"}; }

  public static Network byName(String name) {
    switch (name) {
      case "beyond-icnn": return beyondIcnn();
      default: throw new IllegalArgumentException("unknown built-in example '" + name + "' (known: beyond-icnn)");
    }
  }
}
