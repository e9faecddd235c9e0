package org.reluconvex.network;

import java.util.List;

/** Built-in hand-made networks used by the CLI, the docs and the tests. */
public final class Examples {
  private Examples() {}

  /** A built-in network: its name after {@code example:} and the function it computes. */
  public record Example(String name, String formula) {}

  /** The built-in examples, in the order of the help. */
  public static final List<Example> ALL = List.of(
      new Example("beyond-icnn", "f(x) = max(7x1+2x2, 6x1+3x2, 3x1+3x2, x1+2x2, x1, 3x1-x2, 6x1+x2)"),
      new Example("non-icnn-weights", "f(x) = max(|x2|, |x1| - 1)"));

  /**
   * docs/math.md section 6, f_EX: z1 = (relu(x1), relu(x2)), h1 = 3 z1_1 + 2 z1_2 + 2 x2,
   * h2 = 3 z1_1 - 2 z1_2 - 2 x1 + x2, f = 3 x1 - x2 + relu(h1) + relu(h2), the maximum of seven linear
   * functions whose gradients span a heptagon with no two parallel edges; no ICNN of SkipMLP_2((2,2))
   * equals it near the origin (docs/beyond-icnn.md has the proof).
   */
  public static Network beyondIcnn() { return Constructions.piece(Constructions.Piece.HEPTAGON); }

  /**
   * docs/math.md section 6, first bullet: f(x) = max(|x2|, |x1| - 1) with the W_2 entry -2.
   * z1 = (relu(x1), relu(x2)); z2_1 = relu(2 z1_1 - 2 z1_2 - x1 + x2 - 1); z2_2 = relu(z1_2);
   * f = z2_1 + 2 z2_2 - x2. Its weights are not ICNN weights, but the function is an ICNN of the same
   * architecture: x2 + relu(-2 x2 + relu(x2 - x1 - 1) + relu(x1 + x2 - 1)).
   */
  public static Network nonIcnnWeights() { return Constructions.piece(Constructions.Piece.ABS); }

  /** The built-in example of that name. */
  public static Example of(String name) {
    for (Example e : ALL) if (e.name().equals(name)) return e;
    throw new IllegalArgumentException("unknown built-in example '" + name + "' (known: " + String.join(", ", names()) + ")");
  }

  /** Names accepted by {@link #byName(String)}. */
  public static String[] names() { return ALL.stream().map(Example::name).toArray(String[]::new); }

  public static Network byName(String name) {
    return switch (name) {
      case "beyond-icnn" -> beyondIcnn();
      case "non-icnn-weights" -> nonIcnnWeights();
      default -> throw new IllegalArgumentException(
          "unknown built-in example '" + name + "' (known: " + String.join(", ", names()) + ")");
    };
  }
}
