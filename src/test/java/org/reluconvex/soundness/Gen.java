package org.reluconvex.soundness;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.reluconvex.network.Network;

/**
 * Small test networks with half-integer weights and biases, drawn from a seed (deterministic):
 * MLPs, SkipMLPs, general DAGs (a layer may skip the previous one), networks convex by construction
 * (ICNNs, maxima of affine pieces, sums of |affine|, disguised by exact rewrites that break the ICNN
 * sign conditions), their negations, and networks with duplicated, cancelling or constant neurons.
 */
final class Gen {
  private Gen() {}

  /** The family a base network was drawn from; the harness tallies verdicts per family. */
  enum Family { MLP, SKIP_MLP, DAG, CONVEX, CONCAVE, DUPLICATES, CONSTANTS, WIDE, FLOAT }

  record Drawn(Family family, Network net, String recipe) {}

  /** A half-integer in [-range, range], zero about one time in five. */
  static double half(SplittableRandom r, int range) {
    if (r.nextInt(5) == 0) return 0;
    return (r.nextInt(4 * range + 1) - 2 * range) / 2.0;
  }

  static double halfNonNeg(SplittableRandom r, int range) { return Math.abs(half(r, range)); }

  static int[] hiddenWidths(SplittableRandom r, int d) {
    int layers = 1 + r.nextInt(d >= 4 ? 2 : 3);
    int maxW = d >= 4 ? 3 : d == 3 ? 3 : 4;
    int[] w = new int[layers];
    for (int i = 0; i < layers; i++) w[i] = 1 + r.nextInt(maxW);
    return w;
  }

  /** An MLP, with input skips into every later layer (and the output) when skip is set. */
  static Editable mlp(SplittableRandom r, int d, int[] hidden, boolean skip, boolean icnn) {
    Editable e = new Editable(d);
    for (int n : hidden) {
      int l = e.addLayer();
      for (int i = 0; i < n; i++) e.addNeuron(l);
    }
    int out = e.out();
    for (int l = 1; l <= out; l++) {
      fill(r, e, l, l - 1, icnn && l >= 2);
      if (skip && l >= 2) fill(r, e, l, 0, false);
      for (int i = 0; i < e.width(l); i++) e.setBias(l, i, half(r, 2));
    }
    return e;
  }

  /** A DAG: every layer takes blocks from a random non-empty set of earlier layers, often not the previous one. */
  static Editable dag(SplittableRandom r, int d, int[] hidden) {
    Editable e = new Editable(d);
    for (int n : hidden) {
      int l = e.addLayer();
      for (int i = 0; i < n; i++) e.addNeuron(l);
    }
    int out = e.out();
    for (int l = 1; l <= out; l++) {
      boolean any = false;
      for (int m = 0; m < l; m++) {
        boolean take = m == l - 1 ? r.nextInt(3) != 0 : r.nextInt(2) == 0;
        if (take) {
          fill(r, e, l, m, false);
          any = true;
        }
      }
      if (!any) fill(r, e, l, r.nextInt(Math.max(1, l - 1)), false); // never the previous layer here when l >= 2
      for (int i = 0; i < e.width(l); i++) e.setBias(l, i, half(r, 2));
    }
    return e;
  }

  private static void fill(SplittableRandom r, Editable e, int l, int m, boolean nonNeg) {
    e.declareBlock(l, m);
    for (int i = 0; i < e.width(l); i++)
      for (int j = 0; j < e.width(m); j++) e.setWeight(l, i, m, j, nonNeg ? halfNonNeg(r, 2) : half(r, 2));
  }

  /**
   * An expression sum_k c_k post(node_k) + a.x + c0 over the nodes of an {@link Editable}, used to
   * write maxima of affine functions as networks: max(E1, E2) = E2 + relu(E1 - E2).
   */
  static final class Expr {
    final List<int[]> nodes = new ArrayList<>(); // {layer, index}
    final List<Double> coef = new ArrayList<>();
    double[] lin;
    double c0;

    Expr(int d) { lin = new double[d]; }

    static Expr affine(SplittableRandom r, int d) {
      Expr x = new Expr(d);
      for (int i = 0; i < d; i++) x.lin[i] = half(r, 2);
      x.c0 = half(r, 2);
      return x;
    }

    Expr plus(double s, Expr o) {
      Expr x = new Expr(lin.length);
      x.nodes.addAll(nodes);
      x.coef.addAll(coef);
      for (int k = 0; k < o.nodes.size(); k++) {
        x.nodes.add(o.nodes.get(k));
        x.coef.add(s * o.coef.get(k));
      }
      for (int i = 0; i < lin.length; i++) x.lin[i] = lin[i] + s * o.lin[i];
      x.c0 = c0 + s * o.c0;
      return x;
    }

    int depth() {
      int dep = 0;
      for (int[] n : nodes) dep = Math.max(dep, n[0]);
      return dep;
    }
  }

  /** A new neuron relu(E) placed in the first hidden layer after E's nodes; returns it as an expression. */
  static Expr relu(Editable e, Expr x) {
    int layer = x.depth() + 1;
    while (e.out() <= layer) e.addLayer();
    int i = e.addNeuron(layer);
    e.setBias(layer, i, x.c0);
    for (int k = 0; k < x.nodes.size(); k++) {
      int[] n = x.nodes.get(k);
      e.addWeight(layer, i, n[0], n[1], x.coef.get(k));
    }
    e.declareBlock(layer, 0);
    for (int c = 0; c < x.lin.length; c++) if (x.lin[c] != 0) e.addWeight(layer, i, 0, c, x.lin[c]);
    Expr r = new Expr(x.lin.length);
    r.nodes.add(new int[] {layer, i});
    r.coef.add(1.0);
    return r;
  }

  /** Sets the output node to E. */
  static void output(Editable e, Expr x) {
    int out = e.out();
    e.setBias(out, 0, x.c0);
    for (int k = 0; k < x.nodes.size(); k++) {
      int[] n = x.nodes.get(k);
      e.addWeight(out, 0, n[0], n[1], x.coef.get(k));
    }
    boolean lin = false;
    for (double v : x.lin) lin |= v != 0;
    if (lin || !e.hasInput(out)) {
      e.declareBlock(out, 0);
      for (int c = 0; c < x.lin.length; c++) if (x.lin[c] != 0) e.addWeight(out, 0, 0, c, x.lin[c]);
    }
  }

  /** The maximum of k affine pieces, as a balanced tree of max(A, B) = B + relu(A - B): convex, usually not an ICNN. */
  static Expr maxTree(SplittableRandom r, Editable e, int k) {
    List<Expr> level = new ArrayList<>();
    for (int i = 0; i < k; i++) level.add(Expr.affine(r, e.dim()));
    while (level.size() > 1) {
      List<Expr> next = new ArrayList<>();
      for (int i = 0; i + 1 < level.size(); i += 2) {
        Expr a = level.get(i), b = level.get(i + 1);
        next.add(b.plus(1, relu(e, a.plus(-1, b))));
      }
      if (level.size() % 2 == 1) next.add(level.get(level.size() - 1));
      level = next;
    }
    return level.get(0);
  }

  /** A convex network by construction. */
  static Editable convex(SplittableRandom r, int d) {
    switch (r.nextInt(3)) {
      case 0: { // an ICNN (SkipMLP with non-negative hidden-to-hidden and output weights)
        return mlp(r, d, hiddenWidths(r, d), true, true);
      }
      case 1: { // max of affine pieces, plus a non-negative multiple of |affine|
        Editable e = new Editable(d);
        Expr m = maxTree(r, e, 2 + r.nextInt(d >= 3 ? 3 : 4));
        if (r.nextBoolean()) {
          Expr a = Expr.affine(r, d);
          double s = 0.5 * (1 + r.nextInt(3));
          m = m.plus(s, relu(e, a)).plus(s, relu(e, new Expr(d).plus(-1, a)));
        }
        output(e, m);
        return e;
      }
      default: { // a sum of maxima of maxima: relu(max tree) with non-negative weights
        Editable e = new Editable(d);
        Expr m1 = maxTree(r, e, 2 + r.nextInt(2));
        Expr m2 = maxTree(r, e, 2);
        Expr s = relu(e, m1).plus(0.5 * (1 + r.nextInt(2)), m2);
        output(e, s);
        return e;
      }
    }
  }

  /** relu(h) = relu(-h) + h: the neuron's incoming weights and bias are negated and h is added to every consumer. Exact for small half-integers. */
  static void flip(Editable e, int l, int i) {
    int out = e.out();
    List<double[]> consumers = new ArrayList<>(); // {L, mu, theta}
    for (int big = l + 1; big <= out; big++)
      for (int mu = 0; mu < e.width(big); mu++) {
        double th = e.weight(big, mu, l, i);
        if (th != 0) consumers.add(new double[] {big, mu, th});
      }
    for (double[] c : consumers) {
      int big = (int) c[0], mu = (int) c[1];
      double th = c[2];
      e.setBias(big, mu, e.bias(big, mu) + th * e.bias(l, i));
      for (int m = 0; m < l; m++) {
        if (!e.hasBlock(l, m)) continue;
        for (int j = 0; j < e.width(m); j++) {
          double v = e.weight(l, i, m, j);
          if (v != 0) e.addWeight(big, mu, m, j, th * v);
        }
      }
    }
    e.setBias(l, i, -e.bias(l, i));
    for (int m = 0; m < l; m++)
      if (e.hasBlock(l, m)) for (int j = 0; j < e.width(m); j++) e.setWeight(l, i, m, j, -e.weight(l, i, m, j));
  }

  /**
   * Duplicates neuron (l, i): the copy has the same incoming weights times c in {1, 2}; the
   * outgoing weight theta is split as alpha theta + (1 - alpha) theta / c * relu(c h) with alpha in
   * {2, -1, 1/2}: 2 relu(h) - relu(h) and the like. With cancel, a pair +theta, -theta is added instead.
   */
  static void duplicate(SplittableRandom r, Editable e, int l, int i, boolean cancel) {
    double c = r.nextBoolean() ? 1 : 2;
    int copies = cancel ? 2 : 1;
    int[] idx = new int[copies];
    for (int k = 0; k < copies; k++) {
      idx[k] = e.addNeuron(l);
      e.setBias(l, idx[k], c * e.bias(l, i));
      for (int m = 0; m < l; m++)
        if (e.hasBlock(l, m)) for (int j = 0; j < e.width(m); j++) e.setWeight(l, idx[k], m, j, c * e.weight(l, i, m, j));
    }
    double alpha = new double[] {2, -1, 0.5}[r.nextInt(3)];
    double extra = half(r, 2);
    if (extra == 0) extra = 1;
    for (int big = l + 1; big <= e.out(); big++)
      for (int mu = 0; mu < e.width(big); mu++) {
        double th = e.weight(big, mu, l, i);
        if (cancel) {
          double v = th != 0 ? th : (big == e.out() ? extra : 0);
          if (v == 0) continue;
          e.setWeight(big, mu, l, idx[0], v / c);
          e.setWeight(big, mu, l, idx[1], -v / c);
        } else if (th != 0) {
          e.setWeight(big, mu, l, i, alpha * th);
          e.setWeight(big, mu, l, idx[0], (1 - alpha) * th / c);
        }
      }
  }

  /** Adds to layer l a neuron constant on the box [-R, R]^d (zero incoming weights, or input weights dominated by the bias) with random outgoing weights. */
  static void constantNeuron(SplittableRandom r, Editable e, int l, double boxRadius) {
    int i = e.addNeuron(l);
    double s = 0;
    if (e.hasBlock(l, 0) && (l == 1 || r.nextBoolean())) {
      for (int j = 0; j < e.dim(); j++) {
        double v = half(r, 1);
        e.setWeight(l, i, 0, j, v);
        s += Math.abs(v) * boxRadius;
      }
    }
    double bias = (s + 0.5 * (1 + r.nextInt(4))) * (r.nextBoolean() ? 1 : -1);
    e.setBias(l, i, bias);
    for (int big = l + 1; big <= e.out(); big++)
      for (int mu = 0; mu < e.width(big); mu++)
        if ((big == e.out() || r.nextInt(3) == 0) && e.hasBlock(big, l)) e.setWeight(big, mu, l, i, half(r, 2));
  }

  static void negateOutput(Editable e) {
    int out = e.out();
    e.setBias(out, 0, -e.bias(out, 0));
    for (int m = 0; m < out; m++)
      if (e.hasBlock(out, m)) for (int j = 0; j < e.width(m); j++) e.setWeight(out, 0, m, j, -e.weight(out, 0, m, j));
  }

  private static int[] randomHidden(SplittableRandom r, Editable e) {
    int l = 1 + r.nextInt(e.out() - 1);
    return new int[] {l, r.nextInt(e.width(l))};
  }

  /** A base network of the given family, input dimension d, for boxes within [-boxRadius, boxRadius]^d. */
  static Drawn draw(SplittableRandom r, Family f, int d, double boxRadius) {
    Editable e;
    StringBuilder recipe = new StringBuilder(f.name().toLowerCase()).append(" d=").append(d);
    switch (f) {
      case MLP -> e = mlp(r, d, hiddenWidths(r, d), false, false);
      case SKIP_MLP -> e = mlp(r, d, hiddenWidths(r, d), true, false);
      case DAG -> e = dag(r, d, hiddenWidths(r, d));
      case CONVEX, CONCAVE -> {
        e = convex(r, d);
        int flips = r.nextInt(3);
        for (int k = 0; k < flips && e.out() > 1; k++) {
          int[] n = randomHidden(r, e);
          flip(e, n[0], n[1]);
          recipe.append(" flip").append(n[0]).append('.').append(n[1]);
        }
        if (r.nextInt(3) == 0) {
          int[] n = randomHidden(r, e);
          duplicate(r, e, n[0], n[1], false);
          recipe.append(" dup").append(n[0]).append('.').append(n[1]);
        }
        if (f == Family.CONCAVE) negateOutput(e);
      }
      case DUPLICATES -> {
        e = r.nextBoolean() ? mlp(r, d, hiddenWidths(r, d), r.nextBoolean(), r.nextBoolean()) : convex(r, d);
        int k = 1 + r.nextInt(2);
        for (int t = 0; t < k; t++) {
          int[] n = randomHidden(r, e);
          boolean cancel = r.nextBoolean();
          duplicate(r, e, n[0], n[1], cancel);
          recipe.append(cancel ? " cancel" : " dup").append(n[0]).append('.').append(n[1]);
        }
      }
      case CONSTANTS -> {
        e = r.nextBoolean() ? mlp(r, d, hiddenWidths(r, d), r.nextBoolean(), false) : convex(r, d);
        int k = 1 + r.nextInt(2);
        for (int t = 0; t < k; t++) {
          int l = 1 + r.nextInt(e.out() - 1);
          constantNeuron(r, e, l, boxRadius);
          recipe.append(" const").append(l);
        }
      }
      case WIDE -> { // wider and deeper, weights in {-1, -1/2, 0, 1/2, 1}: many zero sets through common vertices
        int[] hidden = new int[2 + r.nextInt(2)];
        for (int i = 0; i < hidden.length; i++) hidden[i] = 3 + r.nextInt(d <= 2 ? 4 : 2);
        e = r.nextBoolean() ? mlp(r, d, hidden, r.nextBoolean(), false) : dag(r, d, hidden);
        for (int l = 1; l <= e.out(); l++)
          for (int m = 0; m < l; m++)
            if (e.hasBlock(l, m))
              for (int i = 0; i < e.width(l); i++) for (int j = 0; j < e.width(m); j++) e.setWeight(l, i, m, j, half(r, 1));
        recipe.append(" widths ").append(java.util.Arrays.toString(hidden));
      }
      case FLOAT -> { // PyTorch-like uniform draws: arbitrary doubles, exact rationals all the same
        int[] hidden = hiddenWidths(r, d);
        long seed = r.nextLong();
        Network n = r.nextBoolean() ? org.reluconvex.network.RandomNetworks.mlp(d, hidden, seed)
            : org.reluconvex.network.RandomNetworks.skipMlp(d, hidden, seed);
        e = Editable.of(n);
        recipe.append(" widths ").append(java.util.Arrays.toString(hidden)).append(" seed ").append(seed);
      }
      default -> throw new IllegalArgumentException(f.toString());
    }
    return new Drawn(f, e.build(), recipe.toString());
  }

  static Family family(SplittableRandom r) {
    int k = r.nextInt(22);
    if (k < 3) return Family.MLP;
    if (k < 6) return Family.SKIP_MLP;
    if (k < 9) return Family.DAG;
    if (k < 14) return Family.CONVEX;
    if (k < 15) return Family.CONCAVE;
    if (k < 17) return Family.DUPLICATES;
    if (k < 18) return Family.CONSTANTS;
    if (k < 20) return Family.WIDE;
    return Family.FLOAT;
  }
}
