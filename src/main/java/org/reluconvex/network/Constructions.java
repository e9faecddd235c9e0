package org.reluconvex.network;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Networks whose convexity is known by construction in any input dimension, for testing exact
 * checkers where no other exact method reaches (docs/math.md sections 6 and 9):
 * f(x) = sum_k c_k p(P_k x + q_k), a positive combination of convex two-input pieces p of
 * SkipMLP_2((2, 2)) with non-ICNN weights, composed with random affine maps R^d -&gt; R^2 (convex), and
 * optionally one concave kink -c0 relu(u . x - beta) whose hyperplane passes through a point of the
 * box (not convex: at points of that hyperplane where f is affine the kink is -c0 |u| &lt; 0, and for
 * d &ge; 3 a random u is normal to none of f's kink hyperplanes).
 *
 * <p>Every parameter is a dyadic rational with few bits, so the composed weights are exact in
 * double: the network computes the construction exactly, and its verdict is exactly the
 * construction's. The pieces make checking hard on purpose: zero sets meet and coincide (ties),
 * and some gains cancel to exactly zero.
 */
public final class Constructions {
  private Constructions() {}

  /** The convex two-input pieces. */
  public enum Piece {
    /** max(|x2|, |x1| - 1) with the W_2 entry -2 (docs/math.md section 6, first bullet). */
    ABS,
    /** f_EX: seven linear pieces, beyond the ICNNs of its architecture on R^2 (section 6). */
    HEPTAGON,
    /** g: beyond the ICNNs of its architecture on every box around its five branching points (section 6). */
    BRANCHING;

    public static Piece parse(String s) {
      try {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown piece '" + s + "' (known: abs, heptagon, branching)");
      }
    }

    // W_1 = I and b_1 = 0 for every piece
    double[][] w2() {
      return switch (this) {
        case ABS -> new double[][] {{2, -2}, {0, 1}};
        case HEPTAGON -> new double[][] {{3, 2}, {3, -2}};
        case BRANCHING -> new double[][] {{-2, -2}, {2, 2}};
      };
    }

    double[][] v2() {
      return switch (this) {
        case ABS -> new double[][] {{-1, 1}, {0, 0}};
        case HEPTAGON -> new double[][] {{0, 2}, {-2, 1}};
        case BRANCHING -> new double[][] {{1, 1}, {1, 2}};
      };
    }

    double[] b2() {
      return switch (this) {
        case ABS -> new double[] {-1, 0};
        case HEPTAGON -> new double[] {0, 0};
        case BRANCHING -> new double[] {1, 2};
      };
    }

    double[] w3() {
      return switch (this) {
        case ABS -> new double[] {1, 2};
        case HEPTAGON, BRANCHING -> new double[] {1, 1};
      };
    }

    double[] v3() {
      return switch (this) {
        case ABS -> new double[] {0, -1};
        case HEPTAGON -> new double[] {3, -1};
        case BRANCHING -> new double[] {0, 0};
      };
    }
  }

  /**
   * The piece itself as a SkipMLP_2((2, 2)) on R^2: W_1 = I, b_1 = 0 and the piece's W_2, V_2, b_2,
   * w_3, v_3, output bias 0.
   */
  public static Network piece(Piece p) {
    return NetworkBuilder.of(2, 2, 2)
        .weights(1, 0, new double[][] {{1, 0}, {0, 1}})
        .bias(1, new double[] {0, 0})
        .weights(2, 1, p.w2())
        .weights(2, 0, p.v2())
        .bias(2, p.b2())
        .weights(3, 2, new double[][] {p.w3()})
        .weights(3, 0, new double[][] {p.v3()})
        .bias(3, new double[] {0})
        .build();
  }

  /**
   * sum over k &lt; pieces of c_k p_k(P_k x + q_k) in input dimension d, the pieces cycling through
   * 'kinds', plus one concave kink when 'concave'. Convex iff not 'concave' (for d &ge; 3; on any
   * box containing [-1, 1]^d). Entries of P_k are multiples of 1/4 in [-1, 1], q_k multiples of 1/8
   * in [-1/2, 1/2], c_k in {1/2, 1, 2}.
   */
  public static Network projected(int d, int pieces, Piece[] kinds, boolean concave, long seed) {
    if (d < 1 || pieces < 1) throw new IllegalArgumentException("need d >= 1 and at least one piece");
    SplittableRandom rnd = new SplittableRandom(seed);
    int n1 = 2 * pieces + (concave ? 1 : 0), n2 = 2 * pieces;
    NetworkBuilder b = NetworkBuilder.of(d, n1, n2);
    double outBias = 0;
    for (int k = 0; k < pieces; k++) {
      Piece p = kinds[k % kinds.length];
      double[][] proj = new double[2][d];
      for (int r = 0; r < 2; r++) {
        boolean any = false;
        for (int i = 0; i < d; i++) {
          proj[r][i] = (rnd.nextInt(9) - 4) / 4.0;
          any |= proj[r][i] != 0;
        }
        if (!any) proj[r][rnd.nextInt(d)] = 1;
      }
      double[] q = {(rnd.nextInt(9) - 4) / 8.0, (rnd.nextInt(9) - 4) / 8.0};
      double c = Math.scalb(1.0, rnd.nextInt(3) - 1);
      double[][] w2 = p.w2(), v2 = p.v2();
      double[] b2 = p.b2(), w3 = p.w3(), v3 = p.v3();
      for (int r = 0; r < 2; r++) {
        int h1 = 2 * k + r, h2 = 2 * k + r;
        for (int i = 0; i < d; i++) b.addWeight(1, 0, h1, i, proj[r][i]); // W_1 = I
        b.bias(1, h1, q[r]);
        double bias2 = b2[r];
        for (int s = 0; s < 2; s++) {
          b.addWeight(2, 1, h2, 2 * k + s, w2[r][s]);
          for (int i = 0; i < d; i++) b.addWeight(2, 0, h2, i, v2[r][s] * proj[s][i]);
          bias2 += v2[r][s] * q[s];
        }
        b.bias(2, h2, bias2);
        b.addWeight(3, 2, 0, h2, c * w3[r]);
        for (int i = 0; i < d; i++) b.addWeight(3, 0, 0, i, c * v3[r] * proj[r][i]);
        outBias += c * v3[r] * q[r];
      }
    }
    if (concave) {
      int h = 2 * pieces;
      double beta = 0;
      for (int i = 0; i < d; i++) {
        double u = (rnd.nextInt(8) + 1) / 8.0 * (rnd.nextBoolean() ? 1 : -1);
        double x0 = (rnd.nextInt(9) - 4) / 8.0;
        b.addWeight(1, 0, h, i, u);
        beta += u * x0;
      }
      b.bias(1, h, -beta);
      b.addWeight(3, 1, 0, h, -Math.scalb(1.0, rnd.nextInt(3) - 2));
    }
    b.bias(3, 0, outBias);
    return b.build();
  }
}
