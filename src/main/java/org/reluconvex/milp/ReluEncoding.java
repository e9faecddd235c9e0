package org.reluconvex.milp;

import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;

/**
 * The network's hidden layers as rows of a solver over x in a box (docs/math.md section 9): the exact
 * big-M encoding of y = relu(pre) with a binary delta per neuron that may switch, or its linear
 * relaxation (the triangle y &ge; 0, y &ge; pre, y &le; u (pre - l) / (u - l)) for bound tightening.
 * Every big-M constant is a bound of {@link PreBounds} and nothing else. A neuron at pre = 0 admits
 * both values of delta, as criterion C1 requires.
 */
final class ReluEncoding {
  final MPSolver solver;
  final Network net;
  final PreBounds bounds;
  final MPVariable[] x;
  /** Post-activation variables; null for neurons inactive on the whole box. */
  final MPVariable[][] y;
  /** Activation binaries; null for stable neurons (and in the relaxation). */
  final MPVariable[][] delta;
  /** Every row handed to the solver with the expression it came from (for {@link SafeBound}). */
  final java.util.List<SafeBound.Row> rows = new java.util.ArrayList<>();

  /**
   * Encodes hidden layers 1..layers-1 (all of them when layers = net.outputLayer()), exactly when
   * integer is true, else by the relaxation.
   */
  ReluEncoding(MPSolver solver, Network net, Domain box, PreBounds bounds, int layers, boolean integer) {
    this.solver = solver;
    this.net = net;
    this.bounds = bounds;
    int d = net.inputDim();
    x = new MPVariable[d];
    for (int i = 0; i < d; i++) x[i] = solver.makeNumVar(box.lo(i), box.hi(i), "x" + i);
    y = new MPVariable[net.outputLayer()][];
    delta = new MPVariable[net.outputLayer()][];
    for (int l = 1; l < layers; l++) {
      int n = net.width(l);
      y[l] = new MPVariable[n];
      delta[l] = new MPVariable[n];
      for (int i = 0; i < n; i++) {
        double lo = bounds.lo(l, i), hi = bounds.hi(l, i);
        if (bounds.dead(l, i)) continue;
        MPVariable yi = solver.makeNumVar(Math.max(0, lo), hi, "y" + l + "_" + i);
        y[l][i] = yi;
        Lin pre = pre(l, i);
        if (bounds.active(l, i)) {
          row(Lin.of(yi, 1).add(pre, -1), 0, 0);
          continue;
        }
        row(Lin.of(yi, 1).add(pre, -1), 0, Double.POSITIVE_INFINITY); // y >= pre
        if (integer) {
          MPVariable di = solver.makeIntVar(0, 1, "d" + l + "_" + i);
          delta[l][i] = di;
          // y <= pre - lo (1 - delta), y <= hi delta
          row(Lin.of(yi, 1).add(pre, -1).add(di, -lo), Double.NEGATIVE_INFINITY, -lo);
          row(Lin.of(yi, 1).add(di, -hi), Double.NEGATIVE_INFINITY, 0);
        } else {
          // (hi - lo) y <= hi (pre - lo)
          row(Lin.of(yi, hi - lo).add(pre, -hi), Double.NEGATIVE_INFINITY, -hi * lo);
        }
      }
    }
  }

  private void row(Lin e, double lb, double ub) {
    rows.add(new SafeBound.Row(e.constrain(solver, lb, ub), e));
  }

  /** pre_(l, i) as an expression in x and the y of earlier layers. */
  Lin pre(int l, int i) {
    Lin e = Lin.constant(net.bias(l, i));
    for (int m = 0; m < l; m++) {
      double[] w = net.rawBlock(l, m);
      if (w == null) continue;
      int k = net.width(m);
      int off = i * k;
      MPVariable[] src = m == 0 ? x : y[m];
      for (int j = 0; j < k; j++) {
        double wij = w[off + j];
        if (wij != 0 && src[j] != null) e.add(src[j], wij);
      }
    }
    return e;
  }

  /**
   * The pattern of a solution (1 active, 0 inactive per hidden neuron): stable neurons by their
   * bounds, the others by their binary's value as 'value' reads it (the solver's, or a response's).
   */
  byte[][] pattern(java.util.function.ToDoubleFunction<MPVariable> value) {
    byte[][] p = new byte[net.outputLayer()][];
    for (int l = 1; l < net.outputLayer(); l++) {
      p[l] = new byte[net.width(l)];
      for (int i = 0; i < p[l].length; i++) {
        if (bounds.active(l, i)) p[l][i] = 1;
        else if (!bounds.dead(l, i)) p[l][i] = (byte) (value.applyAsDouble(delta[l][i]) > 0.5 ? 1 : 0);
      }
    }
    return p;
  }

  /**
   * A no-good cut: every solution whose pattern agrees with 'pattern' on the switching neurons marked
   * in 'on' (all of them when null) is removed; at least one of them must differ.
   */
  void exclude(byte[][] pattern, boolean[][] on) {
    Lin cut = new Lin();
    double ones = 0;
    for (int l = 1; l < net.outputLayer(); l++)
      for (int i = 0; i < net.width(l); i++) {
        MPVariable d = delta[l][i];
        if (d == null || (on != null && !on[l][i])) continue;
        if (pattern[l][i] == 1) {
          cut.add(d, -1);
          ones++;
        } else cut.add(d, 1);
      }
    cut.atLeast(solver, 1 - ones);
  }

  /** The x of the solver's current solution. */
  double[] point() {
    double[] p = new double[x.length];
    for (int i = 0; i < p.length; i++) p[i] = x[i].solutionValue();
    return p;
  }
}
