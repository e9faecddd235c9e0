package org.reluconvex.complex;

import java.util.Arrays;

/**
 * How each vertex created while one layer cuts the complex was made: p = u + t (w - u), splitting
 * the edge u-w. Every neuron of the layer is affine along that edge, so its value at p is the same
 * interpolation of its values at u and w ({@link BlockValues}).
 */
final class SplitRecipes {
  /** The first vertex created in the layer; vertices before it have evaluated values. */
  final int first;
  private int[] u = new int[64];
  private int[] w = new int[64];
  private double[] t = new double[64];

  SplitRecipes(int first) { this.first = first; }

  void add(int p, int pu, int pw, double pt) {
    int r = p - first;
    if (r >= u.length) {
      int cap = Math.max(r + 1, u.length * 2);
      u = Arrays.copyOf(u, cap);
      w = Arrays.copyOf(w, cap);
      t = Arrays.copyOf(t, cap);
    }
    u[r] = pu;
    w[r] = pw;
    t[r] = pt;
  }

  /** The ends and the parameter of vertex p (created in the layer). */
  int u(int p) { return u[p - first]; }

  int w(int p) { return w[p - first]; }

  double t(int p) { return t[p - first]; }
}
