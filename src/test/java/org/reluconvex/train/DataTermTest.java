package org.reluconvex.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.reluconvex.network.Forward;
import org.reluconvex.network.Network;

class DataTermTest {

  @Test
  void mlpMseGradientMatchesCentralDifferences() {
    checkGradient(new ParameterLayout(2, new int[] {4, 8}, false), Loss.MSE, 11);
  }

  @Test
  void skipMlpMseGradientMatchesCentralDifferences() {
    checkGradient(new ParameterLayout(3, new int[] {5, 3, 4}, true), Loss.MSE, 12);
  }

  @Test
  void skipMlpL1GradientMatchesCentralDifferences() {
    checkGradient(new ParameterLayout(2, new int[] {4, 8}, true), Loss.L1, 13);
  }

  @Test
  void valueIsTheMeanLossOfTheNetwork() {
    ParameterLayout layout = new ParameterLayout(2, new int[] {3, 2}, true);
    SplittableRandom rnd = new SplittableRandom(5);
    double[] theta = layout.initial(rnd);
    Network net = layout.network(theta);
    Dataset data = randomData(2, 50, rnd);
    double expected = 0;
    for (int s = 0; s < data.size(); s++) {
      double r = net.eval(data.input(s)) - data.target(s);
      expected += r * r;
    }
    assertThat(new DataTerm(layout, Loss.MSE).value(theta, data)).isEqualTo(expected / data.size(), org.assertj.core.api.Assertions.within(1e-12));
  }

  private static void checkGradient(ParameterLayout layout, Loss loss, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] theta = layout.initial(rnd);
    for (int p = 0; p < theta.length; p++) theta[p] += 0.3 * (rnd.nextDouble() - 0.5); // break the bias scale
    Dataset data = awayFromKinks(layout, theta, randomData(layout.inputDim(), 200, rnd), 1e-3);
    assertThat(data.size()).isGreaterThan(50);
    int[] order = new int[data.size()];
    for (int i = 0; i < order.length; i++) order[i] = i;
    DataTerm term = new DataTerm(layout, loss);
    double[] grad = new double[layout.size()];
    term.valueAndGradient(theta, data, order, 0, order.length, grad);
    double h = 1e-6;
    double[] fd = new double[layout.size()];
    for (int p = 0; p < theta.length; p++) {
      double keep = theta[p];
      theta[p] = keep + h;
      double up = term.value(theta, data);
      theta[p] = keep - h;
      double down = term.value(theta, data);
      theta[p] = keep;
      fd[p] = (up - down) / (2 * h);
    }
    assertThat(relativeError(grad, fd)).isLessThan(1e-5);
    double norm = norm(fd);
    for (int p = 0; p < theta.length; p++)
      assertThat(Math.abs(grad[p] - fd[p])).as("parameter %d", p).isLessThan(1e-5 * Math.max(Math.abs(fd[p]), 1e-3 * norm));
  }

  static Dataset randomData(int d, int n, SplittableRandom rnd) {
    double[] xs = new double[n * d];
    double[] ys = new double[n];
    for (int i = 0; i < xs.length; i++) xs[i] = 4 * rnd.nextDouble() - 2;
    for (int i = 0; i < n; i++) ys[i] = 2 * rnd.nextDouble() - 1;
    return new Dataset(d, xs, ys);
  }

  /** The points where no hidden pre-activation is within margin of zero (and, for L1, no residual). */
  static Dataset awayFromKinks(ParameterLayout layout, double[] theta, Dataset data, double margin) {
    Network net = layout.network(theta);
    Forward f = new Forward(net);
    java.util.List<Integer> keep = new java.util.ArrayList<>();
    for (int s = 0; s < data.size(); s++) {
      double y = f.output(data.input(s));
      boolean ok = Math.abs(y - data.target(s)) > margin;
      for (int l = 1; l <= net.hiddenLayers(); l++) for (double z : f.pre(l)) if (Math.abs(z) < margin) ok = false;
      if (ok) keep.add(s);
    }
    int d = data.dim();
    double[] xs = new double[keep.size() * d];
    double[] ys = new double[keep.size()];
    for (int k = 0; k < keep.size(); k++) {
      System.arraycopy(data.input(keep.get(k)), 0, xs, k * d, d);
      ys[k] = data.target(keep.get(k));
    }
    return new Dataset(d, xs, ys);
  }

  static double relativeError(double[] a, double[] b) {
    double diff = 0;
    for (int i = 0; i < a.length; i++) diff += (a[i] - b[i]) * (a[i] - b[i]);
    return Math.sqrt(diff) / Math.max(norm(a), norm(b));
  }

  static double norm(double[] a) {
    double s = 0;
    for (double v : a) s += v * v;
    return Math.sqrt(s);
  }
}
