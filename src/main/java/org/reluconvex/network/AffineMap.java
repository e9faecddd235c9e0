package org.reluconvex.network;

/** An affine function x -> gradient . x + offset (the network on one cell). */
public record AffineMap(double[] gradient, double offset) {
  public double apply(double[] x) {
    double s = offset;
    for (int i = 0; i < x.length; i++) s += gradient[i] * x[i];
    return s;
  }
}
