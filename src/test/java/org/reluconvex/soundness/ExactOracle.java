package org.reluconvex.soundness;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import org.reluconvex.network.Network;

/**
 * An exact reference for a ReLU network, independent of every checker and of the double forward
 * pass: the network's weights and biases are read once as exact rationals, and everything below is
 * computed in {@link Rational}.
 *
 * <ul>
 *   <li>{@link #eval}: f(x) for a rational x;
 *   <li>{@link #restrict}: the restriction t &rarr; f(p + t q) to the part of a line inside an open
 *       box, an exact continuous piecewise affine function of t with its breakpoints and slopes;
 *   <li>{@link #witnessHolds}: whether f((a+b)/2) &gt; (f(a)+f(b))/2 exactly.
 * </ul>
 *
 * Semantics (docs/math.md section 1, the layered DAG of {@code Network}): pre_l = b_l + sum over the
 * present blocks m &lt; l of W[l][m] post_m, post_0 = x, post_l = max(pre_l, 0) for hidden layers,
 * f = pre of the output layer.
 */
final class ExactOracle {
  private final int d;
  private final int out;
  private final int[] widths;
  private final Rational[][] bias; // [l][i]
  private final Rational[][][] block; // [l][m] row-major, or null

  ExactOracle(Network net) {
    d = net.inputDim();
    out = net.outputLayer();
    widths = new int[out + 1];
    for (int l = 0; l <= out; l++) widths[l] = net.width(l);
    bias = new Rational[out + 1][];
    block = new Rational[out + 1][][];
    for (int l = 1; l <= out; l++) {
      bias[l] = Rational.of(net.rawBias(l));
      block[l] = new Rational[l][];
      for (int m = 0; m < l; m++) {
        double[] w = net.rawBlock(l, m);
        if (w != null) block[l][m] = Rational.of(w);
      }
    }
  }

  int dim() { return d; }

  /** f(x), exactly. */
  Rational eval(Rational[] x) {
    if (x.length != d) throw new IllegalArgumentException("point of dimension " + x.length + ", expected " + d);
    Rational[][] post = new Rational[out + 1][];
    post[0] = x;
    for (int l = 1; l <= out; l++) {
      int n = widths[l];
      post[l] = new Rational[n];
      for (int i = 0; i < n; i++) {
        Rational s = bias[l][i];
        for (int m = 0; m < l; m++) {
          Rational[] w = block[l][m];
          if (w == null) continue;
          int k = widths[m];
          for (int j = 0; j < k; j++) s = s.add(w[i * k + j].multiply(post[m][j]));
        }
        post[l][i] = l < out && s.signum() < 0 ? Rational.ZERO : s;
      }
    }
    return post[out][0];
  }

  Rational eval(double[] x) { return eval(Rational.of(x)); }

  /** f((a+b)/2) - (f(a)+f(b))/2 with the exact midpoint. */
  Rational excess(Rational[] a, Rational[] b) {
    Rational[] m = new Rational[d];
    for (int i = 0; i < d; i++) m[i] = a[i].add(b[i]).multiply(Rational.HALF);
    return eval(m).subtract(eval(a).add(eval(b)).multiply(Rational.HALF));
  }

  /** Whether a, b show f((a+b)/2) &gt; (f(a)+f(b))/2 exactly. */
  boolean witnessHolds(double[] a, double[] b) {
    return excess(Rational.of(a), Rational.of(b)).signum() > 0;
  }

  /** An affine function a + b t of the line parameter. */
  private record Aff(Rational a, Rational b) {
    static final Aff ZERO = new Aff(Rational.ZERO, Rational.ZERO);

    Aff plus(Rational w, Aff o) {
      if (w.signum() == 0 || (o.a.signum() == 0 && o.b.signum() == 0)) return this;
      return new Aff(a.add(w.multiply(o.a)), b.add(w.multiply(o.b)));
    }

    Rational at(Rational t) { return a.add(b.multiply(t)); }
  }

  /** One affine piece (lo, hi) of the restriction, with its slope df/dt. */
  record Piece(Rational lo, Rational hi, Rational slope) {}

  /**
   * The restriction of f to t &rarr; p + t q, t in the open interval (tlo, thi): pieces in order,
   * split at every t where some hidden pre-activation changes sign (consecutive pieces may have equal
   * slopes). {@code switching[k]} names the first neuron (in topological order) found changing sign
   * at the k-th breakpoint, as {layer, index}.
   */
  record Restriction(Rational[] p, Rational[] q, Rational tlo, Rational thi, List<Piece> pieces, List<int[]> switching) {
    /** Interior breakpoints, in order. */
    List<Rational> breakpoints() {
      List<Rational> b = new ArrayList<>();
      for (int k = 1; k < pieces.size(); k++) b.add(pieces.get(k).lo());
      return b;
    }

    /** Index k (1-based piece index) of the first breakpoint where the slope decreases, or -1. */
    int firstConcaveBreak() {
      for (int k = 1; k < pieces.size(); k++)
        if (pieces.get(k).slope().compareTo(pieces.get(k - 1).slope()) < 0) return k;
      return -1;
    }

    boolean convex() { return firstConcaveBreak() < 0; }

    Rational[] point(Rational t) {
      Rational[] x = new Rational[p.length];
      for (int i = 0; i < p.length; i++) x[i] = p[i].add(t.multiply(q[i]));
      return x;
    }

    /**
     * For a concave breakpoint k: the exact points a = x(t_k - e), b = x(t_k + e) with e a quarter
     * of the distance to the nearest other breakpoint or interval end; f((a+b)/2) - (f(a)+f(b))/2 =
     * e (s_{k-1} - s_k) / 2 &gt; 0.
     */
    Rational[][] witness(int k) {
      Rational t = pieces.get(k).lo();
      Rational left = t.subtract(pieces.get(k - 1).lo()), right = pieces.get(k).hi().subtract(t);
      Rational e = left.min(right).multiply(Rational.of(1, 4));
      return new Rational[][] {point(t.subtract(e)), point(t.add(e))};
    }

    String describe() {
      StringBuilder sb = new StringBuilder("p = ").append(java.util.Arrays.toString(p)).append(", q = ")
          .append(java.util.Arrays.toString(q)).append(", t in (").append(tlo).append(", ").append(thi).append("), slopes ");
      for (int k = 0; k < pieces.size(); k++) {
        if (k > 0) sb.append(" |").append(pieces.get(k).lo()).append("| ");
        sb.append(pieces.get(k).slope());
      }
      return sb.toString();
    }
  }

  /**
   * The open interval of t where p + t q lies in the open box (lo, hi), or null when it is empty.
   */
  static Rational[] interval(Rational[] p, Rational[] q, Rational[] lo, Rational[] hi) {
    Rational a = null, b = null; // null = unbounded
    for (int i = 0; i < p.length; i++) {
      if (q[i].signum() == 0) {
        if (p[i].compareTo(lo[i]) <= 0 || p[i].compareTo(hi[i]) >= 0) return null;
        continue;
      }
      Rational t1 = lo[i].subtract(p[i]).divide(q[i]), t2 = hi[i].subtract(p[i]).divide(q[i]);
      Rational l = t1.min(t2), h = t1.max(t2);
      a = a == null ? l : a.max(l);
      b = b == null ? h : b.min(h);
    }
    if (a == null || b == null) throw new IllegalArgumentException("direction q is zero");
    return a.compareTo(b) < 0 ? new Rational[] {a, b} : null;
  }

  /** The restriction to the part of the line inside the open box, or null when the line misses it. */
  Restriction restrict(Rational[] p, Rational[] q, Rational[] lo, Rational[] hi) {
    Rational[] iv = interval(p, q, lo, hi);
    return iv == null ? null : restrict(p, q, iv[0], iv[1]);
  }

  /** The restriction to t in (tlo, thi). */
  Restriction restrict(Rational[] p, Rational[] q, Rational tlo, Rational thi) {
    if (tlo.compareTo(thi) >= 0) throw new IllegalArgumentException("empty interval");
    List<Piece> pieces = new ArrayList<>();
    List<Object[]> splits = new ArrayList<>(); // {t, int[] neuron}
    Deque<Rational[]> work = new ArrayDeque<>();
    work.push(new Rational[] {tlo, thi});
    while (!work.isEmpty()) {
      Rational[] iv = work.pop();
      Object r = affineOn(p, q, iv[0], iv[1]);
      if (r instanceof Object[] split) {
        Rational t = (Rational) split[0];
        splits.add(split);
        work.push(new Rational[] {t, iv[1]});
        work.push(new Rational[] {iv[0], t});
      } else {
        pieces.add(new Piece(iv[0], iv[1], (Rational) r));
      }
    }
    pieces.sort(Comparator.comparing(Piece::lo));
    splits.sort(Comparator.comparing(s -> (Rational) s[0]));
    List<int[]> who = new ArrayList<>();
    for (Object[] s : splits) who.add((int[]) s[1]);
    return new Restriction(p.clone(), q.clone(), tlo, thi, pieces, who);
  }

  /**
   * Forward pass of affine functions of t on (lo, hi): the output slope when no hidden neuron
   * changes sign strictly inside, else {t, {layer, index}} for the first one (topological order)
   * that does; every upstream neuron is then affine on the interval, so the root is exact.
   */
  private Object affineOn(Rational[] p, Rational[] q, Rational lo, Rational hi) {
    Rational mid = lo.add(hi).multiply(Rational.HALF);
    Aff[][] post = new Aff[out + 1][];
    post[0] = new Aff[d];
    for (int i = 0; i < d; i++) post[0][i] = new Aff(p[i], q[i]);
    for (int l = 1; l <= out; l++) {
      int n = widths[l];
      post[l] = new Aff[n];
      for (int i = 0; i < n; i++) {
        Aff s = new Aff(bias[l][i], Rational.ZERO);
        for (int m = 0; m < l; m++) {
          Rational[] w = block[l][m];
          if (w == null) continue;
          int k = widths[m];
          for (int j = 0; j < k; j++) s = s.plus(w[i * k + j], post[m][j]);
        }
        if (l == out) return s.b();
        if (s.b().signum() != 0) {
          Rational root = s.a().negate().divide(s.b());
          if (root.compareTo(lo) > 0 && root.compareTo(hi) < 0) return new Object[] {root, new int[] {l, i}};
        }
        post[l][i] = s.at(mid).signum() > 0 ? s : Aff.ZERO;
      }
    }
    throw new IllegalStateException("no output layer");
  }

  /**
   * The gradient of the pre-activation of neuron (layer, index) at x, with the upstream activation
   * pattern read at x (a neuron exactly at zero counts as inactive): exact on the cell of x.
   */
  Rational[] preGradient(Rational[] x, int layer, int index) {
    Rational[][] val = new Rational[layer + 1][];
    Rational[][][] grad = new Rational[layer + 1][][];
    val[0] = x;
    grad[0] = new Rational[d][];
    for (int i = 0; i < d; i++) {
      grad[0][i] = new Rational[d];
      for (int j = 0; j < d; j++) grad[0][i][j] = i == j ? Rational.ONE : Rational.ZERO;
    }
    for (int l = 1; l <= layer; l++) {
      int n = widths[l];
      val[l] = new Rational[n];
      grad[l] = new Rational[n][];
      for (int i = 0; i < n; i++) {
        if (l == layer && i != index) continue;
        Rational s = bias[l][i];
        Rational[] g = new Rational[d];
        java.util.Arrays.fill(g, Rational.ZERO);
        for (int m = 0; m < l; m++) {
          Rational[] w = block[l][m];
          if (w == null) continue;
          int k = widths[m];
          for (int j = 0; j < k; j++) {
            Rational wij = w[i * k + j];
            if (wij.signum() == 0) continue;
            s = s.add(wij.multiply(val[m][j]));
            for (int c = 0; c < d; c++) g[c] = g[c].add(wij.multiply(grad[m][j][c]));
          }
        }
        if (l == layer) return g;
        boolean on = s.signum() > 0;
        val[l][i] = on ? s : Rational.ZERO;
        if (!on) java.util.Arrays.fill(g, Rational.ZERO);
        grad[l][i] = g;
      }
    }
    throw new IllegalArgumentException("no neuron " + index + " in layer " + layer);
  }
}
