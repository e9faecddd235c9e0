package org.reluconvex.testing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.reluconvex.network.Domain;
import org.reluconvex.network.ActivationPattern;
import org.reluconvex.network.Forward;
import org.reluconvex.network.Network;
import org.reluconvex.network.NeuronId;
import org.reluconvex.pathlift.GainConstraint;
import org.reluconvex.train.ConstraintSource;

/**
 * Test stand-in for the exact constraint collection (GainConstraints.collect on main): in 2-D, finds
 * points of every hidden neuron's zero set by bisection on the edges of a fine grid where its
 * pre-activation changes sign, and records the downstream pattern there (a downstream neuron within
 * a tolerance of zero contributes both choices). Approximate by construction; tests only.
 */
public final class SampledZeroSets implements ConstraintSource {
  private final int grid;

  public SampledZeroSets(int grid) {
    this.grid = grid;
  }

  @Override
  public List<GainConstraint> collect(Network net, Domain box) {
    if (net.inputDim() != 2) throw new IllegalArgumentException("the stand-in works in 2-D only");
    int k = net.hiddenLayers();
    int g = grid;
    double[][][] pre = new double[(g + 1) * (g + 1)][][];
    Forward f = new Forward(net);
    for (int a = 0; a <= g; a++)
      for (int b = 0; b <= g; b++) {
        f.run(point(box, a, b));
        double[][] p = new double[k + 1][];
        for (int l = 1; l <= k; l++) p[l] = f.pre(l).clone();
        pre[a * (g + 1) + b] = p;
      }
    Set<GainConstraint> out = new LinkedHashSet<>();
    for (int l = 1; l <= k; l++)
      for (int i = 0; i < net.width(l); i++) {
        NeuronId nu = new NeuronId(l, i);
        for (int a = 0; a <= g; a++)
          for (int b = 0; b <= g; b++) {
            double v = pre[a * (g + 1) + b][l][i];
            if (a < g) cross(net, box, nu, point(box, a, b), v, point(box, a + 1, b), pre[(a + 1) * (g + 1) + b][l][i], out);
            if (b < g) cross(net, box, nu, point(box, a, b), v, point(box, a, b + 1), pre[a * (g + 1) + b + 1][l][i], out);
          }
      }
    return new ArrayList<>(out);
  }

  private double[] point(Domain box, int a, int b) {
    return new double[] {
      box.lo(0) + (box.hi(0) - box.lo(0)) * a / grid, box.lo(1) + (box.hi(1) - box.lo(1)) * b / grid
    };
  }

  private static void cross(Network net, Domain box, NeuronId nu, double[] p, double vp, double[] q, double vq, Set<GainConstraint> out) {
    if ((vp > 0) == (vq > 0)) return;
    Forward f = new Forward(net);
    double[] lo = p.clone(), hi = q.clone();
    boolean loPositive = vp > 0;
    double[] mid = new double[2];
    for (int it = 0; it < 50; it++) {
      mid[0] = 0.5 * (lo[0] + hi[0]);
      mid[1] = 0.5 * (lo[1] + hi[1]);
      f.run(mid);
      boolean positive = f.pre(nu.layer())[nu.index()] > 0;
      if (positive == loPositive) System.arraycopy(mid, 0, lo, 0, 2);
      else System.arraycopy(mid, 0, hi, 0, 2);
    }
    f.run(mid);
    double tol = 1e-9 * (1 + box.scale());
    List<boolean[][]> patterns = new ArrayList<>();
    boolean[][] base = new boolean[net.outputLayer()][];
    for (int l = 1; l <= net.hiddenLayers(); l++) base[l] = new boolean[net.width(l)];
    patterns.add(base);
    for (int l = nu.layer() + 1; l <= net.hiddenLayers(); l++)
      for (int j = 0; j < net.width(l); j++) {
        double z = f.pre(l)[j];
        if (Math.abs(z) <= tol) {
          List<boolean[][]> more = new ArrayList<>();
          for (boolean[][] pat : patterns) {
            boolean[][] copy = deepCopy(pat);
            copy[l][j] = true;
            more.add(copy);
          }
          patterns.addAll(more);
        } else if (z > 0) {
          for (boolean[][] pat : patterns) pat[l][j] = true;
        }
      }
    for (boolean[][] pat : patterns) out.add(new GainConstraint(nu, new ActivationPattern(pat)));
  }

  private static boolean[][] deepCopy(boolean[][] a) {
    boolean[][] c = new boolean[a.length][];
    for (int l = 1; l < a.length; l++) c[l] = a[l].clone();
    return c;
  }
}
