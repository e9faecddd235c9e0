package org.reluconvex.testing;

import org.reluconvex.network.Network;
import org.reluconvex.network.NetworkBuilder;

/** Hand-built networks with small integer weights that break general position. */
public final class Degenerate {
  private Degenerate() {}

  /** a*relu(x1 + x2) + b*relu(x1 + x2): two neurons on one line; convex iff a + b >= 0. */
  public static Network duplicated(double a, double b) {
    return NetworkBuilder.of(2, 2)
        .weights(1, 0, new double[][] {{1, 1}, {1, 1}})
        .weights(2, 1, new double[][] {{a, b}})
        .build();
  }

  /** a*relu(x1 + x2) + b*relu(2 x1 + 2 x2): proportional neurons; kink a*sqrt2 + b*2*sqrt2... convex iff a + 2b >= 0. */
  public static Network scaled(double a, double b) {
    return NetworkBuilder.of(2, 2)
        .weights(1, 0, new double[][] {{1, 1}, {2, 2}})
        .weights(2, 1, new double[][] {{a, b}})
        .build();
  }

  /**
   * Three lines through the origin in the first layer (x1, x2, x1 - x2) and a second layer that
   * combines them: relu(relu(x1) + relu(x2) - relu(x1 - x2)) - c * relu(x2).
   */
  public static Network threeLines(double c) {
    return NetworkBuilder.of(2, 3, 2)
        .weights(1, 0, new double[][] {{1, 0}, {0, 1}, {1, -1}})
        .weights(2, 1, new double[][] {{1, 1, -1}, {0, 1, 0}})
        .weights(3, 2, new double[][] {{1, -c}})
        .build();
  }

  /** relu(x2 - relu(x1)): zero sets through the origin; not convex (docs/math.md-style fold). */
  public static Network fold() {
    return NetworkBuilder.of(2, 1, 1)
        .weights(1, 0, new double[][] {{1, 0}})
        .weights(2, 1, new double[][] {{-1}})
        .weights(2, 0, new double[][] {{0, 1}})
        .weights(3, 2, new double[][] {{1}})
        .build();
  }

  /**
   * On the box [0,1]^2: relu(x1 - x2) (its zero set is the diagonal through two corners) and
   * relu(x1 + x2 - 1) (the other diagonal), with output weights a, b.
   */
  public static Network diagonals(double a, double b) {
    return NetworkBuilder.of(2, 2)
        .weights(1, 0, new double[][] {{1, -1}, {1, 1}})
        .bias(1, new double[] {0, -1})
        .weights(2, 1, new double[][] {{a, b}})
        .build();
  }

  /** A second-layer neuron that is identically zero on a half-plane: relu(relu(x1)) twice, opposite signs. */
  public static Network constantOnRegion(double a) {
    return NetworkBuilder.of(2, 1, 2)
        .weights(1, 0, new double[][] {{1, 0}})
        .weights(2, 1, new double[][] {{1}, {2}})
        .weights(3, 2, new double[][] {{a, -1}})
        .build();
  }
}
