package org.reluconvex.soundness;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.reluconvex.network.Constructions;
import org.reluconvex.network.Network;

/**
 * Networks whose kinks cancel (issue 26, item 5): convex by construction, each next to a twin with
 * one concave kink of 2^-8 on one of its tied surfaces. Every neuron of these networks may fail
 * criterion C1 on its own; only the sum of the kinks on a tied surface decides.
 *
 * <ul>
 *   <li>{@code pass}: layer 1 carries every input on as relu(x_i), relu(-x_i) (or, mixed, every
 *       u_i.x with random integer directions u_i), beside m other
 *       neurons relu(w.x + b); layer 2: relu(sum_i a_i (relu(x_i) - relu(-x_i)) + sum_k c_k relu(w_k.x
 *       + b_k) + b) with c &ge; 0, and two pass-through units per input carried to the output with
 *       weights (s, -s); the output weights of the other layer-2 neurons are positive. Each layer-2
 *       neuron is relu of a convex function: f is convex on R^d. Twin: one weight -a_i becomes
 *       -a_i - 2^-8 (the slope of x_i below 0 grows: a concave kink on x_i = 0 where that neuron is
 *       active, which it is at 0, inside every box here; likewise on u_i.x = 0).
 *   <li>{@code split}: a convex network (layer 1 random, layer 2 relu of non-negative combinations
 *       of layer 1 plus pass-through pairs) in which one neuron of layer 1 or 2 is written as two
 *       with halved weights (relu(h/2) twice, or relu(h) and relu(h/2)) whose outgoing weights are t
 *       and 1 - t times the original's, t in {2, 3, -1}: one copy has the wrong sign. Twin: the copies
 *       sum to -2^-8 times the original.
 *   <li>{@code fex}: f_EX (docs/beyond-icnn.md) on random 2-D projections of R^d, summed
 *       ({@link Constructions#projected}); twin: one projection taken concave (-2^-8 f_EX).
 * </ul>
 */
final class CancelGen {
  private CancelGen() {}

  static final List<String> FAMILIES = List.of("pass", "split", "fex");

  /** The concave kink a twin carries. */
  static final double TWIN = 0x1p-8;

  /** One case: truth by construction. */
  record CancelCase(String family, String recipe, Network net, double[] lo, double[] hi, boolean convex) {}

  static CancelCase draw(String family, int d, boolean twin, long seed) {
    SplittableRandom r = new SplittableRandom(seed * 7919 + d * 31L + family.hashCode());
    return switch (family) {
      case "pass" -> pass(r, d, twin);
      case "split" -> split(r, d, twin);
      case "fex" -> fex(r, d, twin, seed);
      default -> throw new IllegalArgumentException(family);
    };
  }

  /** [-2, 2]^d, or [-1, 1]^d, or [-1/2, 3/2]^d: the origin inside. */
  private static double[][] box(SplittableRandom r, int d) {
    double[] lo = new double[d], hi = new double[d];
    int style = r.nextInt(3);
    for (int i = 0; i < d; i++) {
      lo[i] = style == 0 ? -2 : style == 1 ? -1 : -0.5;
      hi[i] = style == 0 ? 2 : style == 1 ? 1 : 1.5;
    }
    return new double[][] {lo, hi};
  }

  /** An integer in [-range, range]. */
  private static double integer(SplittableRandom r, int range) { return r.nextInt(2 * range + 1) - range; }

  static CancelCase pass(SplittableRandom r, int d, boolean twin) {
    double[][] bx = box(r, d);
    int others = 2 + r.nextInt(3), n2 = 2 + r.nextInt(3);
    Editable e = new Editable(d);
    int l1 = e.addLayer(), l2 = e.addLayer(), out = e.out();
    boolean mixed = r.nextBoolean(); // pairs along random integer directions u_i instead of the axes
    for (int i = 0; i < d; i++) {
      int p = e.addNeuron(l1), n = e.addNeuron(l1);
      if (!mixed) {
        e.setWeight(l1, p, 0, i, 1);
        e.setWeight(l1, n, 0, i, -1);
        continue;
      }
      e.setWeight(l1, p, 0, i, 1 + r.nextInt(2));
      for (int t = 0; t < Math.min(d - 1, 2); t++) {
        int j = r.nextInt(d);
        if (j != i) e.setWeight(l1, p, 0, j, integer(r, 1));
      }
      for (int j = 0; j < d; j++) e.setWeight(l1, n, 0, j, -e.weight(l1, p, 0, j));
    }
    int[] other = new int[others];
    for (int k = 0; k < others; k++) {
      other[k] = e.addNeuron(l1);
      for (int t = 0; t < Math.min(d, 3); t++) e.setWeight(l1, other[k], 0, r.nextInt(d), integer(r, 2));
      e.setBias(l1, other[k], r.nextBoolean() ? 1 : -1); // not through 0: never the hyperplane of a pair
    }
    int[] h = new int[n2];
    for (int q = 0; q < n2; q++) {
      h[q] = e.addNeuron(l2);
      for (int t = 0; t < Math.min(d, 4); t++) {
        int i = r.nextInt(d);
        double a = integer(r, 2);
        e.setWeight(l2, h[q], l1, 2 * i, a);
        e.setWeight(l2, h[q], l1, 2 * i + 1, -a);
      }
      for (int k = 0; k < others; k++) if (r.nextBoolean()) e.setWeight(l2, h[q], l1, other[k], 1 + r.nextInt(2));
      e.setBias(l2, h[q], 1 + r.nextInt(2)); // positive: active at the origin
      e.setWeight(out, 0, l2, h[q], 1 + r.nextInt(3));
    }
    for (int i = 0; i < d; i++) { // the linear part, carried on by pass-through units
      double s = integer(r, 1);
      if (s == 0) continue;
      int up = e.addNeuron(l2), un = e.addNeuron(l2);
      e.setWeight(l2, up, l1, 2 * i, 1);
      e.setWeight(l2, un, l1, 2 * i + 1, 1);
      e.setWeight(out, 0, l2, up, s);
      e.setWeight(out, 0, l2, un, -s);
    }
    e.setBias(out, 0, integer(r, 1));
    String recipe = "pass-through pairs of all " + d + (mixed ? " mixed directions u_i.x" : " inputs") + " + " + others + " others; " + n2 + " layer-2 neurons";
    if (twin) {
      int q = r.nextInt(n2), i = r.nextInt(d);
      double a = e.weight(l2, h[q], l1, 2 * i);
      if (a == 0) { // give the pair a place in that neuron first
        e.setWeight(l2, h[q], l1, 2 * i, 1);
        e.setWeight(l2, h[q], l1, 2 * i + 1, -1);
      }
      e.addWeight(l2, h[q], l1, 2 * i + 1, -TWIN);
      recipe += "; twin: weight on relu(-x_" + i + ") of layer-2 neuron " + q + " moved by -2^-8";
    }
    return new CancelCase("pass", recipe, e.build(), bx[0], bx[1], !twin);
  }

  static CancelCase split(SplittableRandom r, int d, boolean twin) {
    double[][] bx = box(r, d);
    int n1 = 3 + r.nextInt(4), n2 = 2 + r.nextInt(3);
    Editable e = new Editable(d);
    int l1 = e.addLayer(), l2 = e.addLayer(), out = e.out();
    for (int k = 0; k < n1; k++) {
      int z = e.addNeuron(l1);
      // two non-zero weights, the first on a coordinate >= 3 or both distinct from the pass-through
      // pairs' directions: no row is a multiple of another or of a pair's (no accidental ties)
      int i1 = k % d, i2 = (k + 1 + r.nextInt(Math.max(1, d - 1))) % d;
      e.setWeight(l1, z, 0, i1, 1 + k);
      if (i2 != i1) e.setWeight(l1, z, 0, i2, r.nextBoolean() ? 1 : -1);
      e.setBias(l1, z, integer(r, 1));
    }
    int pairs = Math.min(d, 3); // pass-through pairs of the first inputs, for layer 2's linear parts
    for (int i = 0; i < pairs; i++) {
      e.setWeight(l1, e.addNeuron(l1), 0, i, 1);
      e.setWeight(l1, e.addNeuron(l1), 0, i, -1);
    }
    for (int q = 0; q < n2; q++) {
      int h = e.addNeuron(l2);
      for (int k = 0; k < n1; k++) if (r.nextInt(3) > 0) e.setWeight(l2, h, l1, k, 1 + r.nextInt(2));
      for (int i = 0; i < pairs; i++) {
        double a = integer(r, 1);
        e.setWeight(l2, h, l1, n1 + 2 * i, a);
        e.setWeight(l2, h, l1, n1 + 2 * i + 1, -a);
      }
      e.setBias(l2, h, q == 0 ? 2 : integer(r, 1)); // the first is active at the origin
      e.setWeight(out, 0, l2, h, 1 + r.nextInt(2));
    }
    e.setBias(out, 0, integer(r, 1));
    // split one neuron: the original keeps t times its outgoing weights, a copy with halved
    // incoming weights (relu(h/2) = relu(h)/2) takes 2 (sum - t) times them. A twin splits a neuron
    // of layer 1 whose hyperplane crosses the box at a point p, and layer-2 neuron 0 is active on
    // the whole box: the kink across that hyperplane at p is -2^-8 times a positive number.
    boolean second = !twin && r.nextBoolean();
    int layer = second ? l2 : l1, from = second ? l1 : 0, to = second ? out : l2;
    int v = second ? 0 : r.nextInt(n1);
    if (!second) {
      double[] p = new double[d];
      double b = 0;
      for (int i = 0; i < d; i++) {
        p[i] = bx[0][i] + (bx[1][i] - bx[0][i]) * (1 + r.nextInt(3)) / 4; // inside, on a grid of quarters
        b -= e.weight(l1, v, 0, i) * p[i];
      }
      e.setBias(l1, v, b);
      e.setWeight(l2, 0, l1, v, Math.max(1, e.weight(l2, 0, l1, v)));
      e.setBias(l2, 0, 1 + pairs * Math.max(Math.abs(bx[0][0]), Math.abs(bx[1][0]))); // its linear part is at most this in magnitude
    }
    int copy = e.addNeuron(layer);
    for (int j = 0; j < e.width(from); j++) e.setWeight(layer, copy, from, j, e.weight(layer, v, from, j) / 2);
    e.setBias(layer, copy, e.bias(layer, v) / 2);
    double t = new double[] {2, 3, -1}[r.nextInt(3)];
    double sum = twin ? -TWIN : 1;
    for (int i = 0; i < e.width(to); i++) {
      double c = e.weight(to, i, layer, v);
      if (c == 0) continue;
      e.setWeight(to, i, layer, v, t * c);
      e.setWeight(to, i, layer, copy, 2 * (sum - t) * c);
    }
    String recipe = "neuron " + v + " of layer " + layer + " split into relu(h) and relu(h/2) with outgoing t = " + t + " and " + (twin ? "-2^-8 - t" : "1 - t")
        + " times its own (" + n1 + " + " + 2 * pairs + " then " + n2 + " neurons)";
    return new CancelCase("split", recipe, e.build(), bx[0], bx[1], !twin);
  }

  static CancelCase fex(SplittableRandom r, int d, boolean twin, long seed) {
    d = Math.max(d, 3); // the concave kink is proven inside any box containing [-1, 1]^d from d = 3 on
    int pieces = Math.max(1, Math.min(4, d / 2));
    Constructions.Piece[] kinds = new Constructions.Piece[pieces];
    Arrays.fill(kinds, Constructions.Piece.HEPTAGON);
    Network net = Constructions.projected(d, pieces, kinds, twin, seed);
    double[][] bx = new double[2][d];
    double rad = r.nextBoolean() ? 1 : 2;
    Arrays.fill(bx[0], -rad);
    Arrays.fill(bx[1], rad);
    return new CancelCase("fex", pieces + " copies of f_EX on 2-D projections" + (twin ? ", one concave" : ""), net, bx[0], bx[1], !twin);
  }
}
