package org.reluconvex.convexity;

import org.reluconvex.network.Domain;
import org.reluconvex.network.Forward;
import org.reluconvex.network.Network;
import org.reluconvex.precision.PrecisionPolicy;

/**
 * Partial convexity in a set S of inputs (docs/math.md section 11): which neurons can bend a line
 * along S, and witnesses that move along S only.
 */
final class PartialDirections {
  private PartialDirections() {}

  /** Pre-activations within this fraction of their magnitude of zero count as on a zero set. */
  private static final double NEAR_ZERO = 1e-6;

  /**
   * Whether a path of non-zero weights leads from an input of S to each hidden neuron, [layer][index].
   * A neuron no such path reaches has a pre-activation constant in x_S: its zero sets have normals
   * with no component on S.
   */
  static boolean[][] reachedFrom(Network net, boolean[] inS) {
    int out = net.outputLayer();
    boolean[][] reached = new boolean[out][];
    reached[0] = inS.clone();
    for (int l = 1; l < out; l++) {
      reached[l] = new boolean[net.width(l)];
      for (int m = 0; m < l; m++) {
        double[] w = net.rawBlock(l, m);
        if (w == null) continue;
        int k = net.width(m);
        for (int i = 0; i < net.width(l); i++)
          for (int j = 0; j < k && !reached[l][i]; j++) if (reached[m][j] && w[i * k + j] != 0) reached[l][i] = true;
      }
    }
    return reached;
  }

  /** Whether the witness's two points differ only in inputs of S. */
  static boolean alongS(Witness w, boolean[] inS) {
    for (int c = 0; c < inS.length; c++) if (!inS[c] && w.a()[c] != w.b()[c]) return false;
    return true;
  }

  /** v with the coordinates outside S set to 0. */
  static double[] restricted(double[] v, boolean[] inS) {
    double[] r = v.clone();
    for (int c = 0; c < r.length; c++) if (!inS[c]) r[c] = 0;
    return r;
  }

  /**
   * A witness at point m (on a zero set where a concave kink was seen) moving along S only: along the
   * normal of each neuron at zero there, restricted to S; null when none verifies.
   */
  static Witness witnessAlongS(Network net, Domain box, PrecisionPolicy policy, double[] m, boolean[] inS) {
    WitnessSearch search = new WitnessSearch(net, box, policy);
    Forward f = new Forward(net);
    f.run(m);
    for (int l = 1; l < net.outputLayer(); l++) {
      double[] pre = f.pre(l);
      for (int i = 0; i < pre.length; i++) {
        if (Math.abs(pre[i]) > NEAR_ZERO * Math.max(f.magnitude(l, i), Double.MIN_NORMAL)) continue;
        double[] v = restricted(Kink.preGradient(net, l, i, m), inS);
        if (isZero(v)) continue;
        Witness w = search.witnessAlong(m, v);
        if (w == null) w = search.alongChords(m, v);
        if (w != null && alongS(w, inS)) return w;
      }
    }
    return null;
  }

  private static boolean isZero(double[] v) {
    for (double x : v) if (x != 0) return false;
    return true;
  }
}
