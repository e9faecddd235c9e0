package org.reluconvex.train;

/**
 * The data term of the training loss, mean over a batch of loss(f(x) - y), and its exact gradient
 * with respect to the flat parameters, by a hand-written forward and backward pass for MLPs and
 * SkipMLPs. One instance per thread: it owns its buffers.
 */
public final class DataTerm {
  private final ParameterLayout layout;
  private final Loss loss;
  private final double[][] pre;   // pre-activations of the current sample, per layer
  private final double[][] post;  // post-activations (layer 0 = input)
  private final double[][] delta; // d loss / d pre, per layer

  public DataTerm(ParameterLayout layout, Loss loss) {
    this.layout = layout;
    this.loss = loss;
    int layers = layout.outputLayer() + 1;
    pre = new double[layers][];
    post = new double[layers][];
    delta = new double[layers][];
    for (int l = 0; l < layers; l++) {
      pre[l] = new double[layout.width(l)];
      post[l] = new double[layout.width(l)];
      delta[l] = new double[layout.width(l)];
    }
  }

  public Loss loss() { return loss; }

  /**
   * Mean loss over the samples order[from..to) of data, and adds its gradient into grad (which the
   * caller zeroes).
   */
  public double valueAndGradient(double[] theta, Dataset data, int[] order, int from, int to, double[] grad) {
    double[] xs = data.rawInputs(), ys = data.rawTargets();
    int d = layout.inputDim();
    int out = layout.outputLayer();
    double inv = 1.0 / (to - from);
    double sum = 0;
    for (int k = from; k < to; k++) {
      int s = order[k];
      double f = forward(theta, xs, s * d);
      double r = f - ys[s];
      sum += loss.value(r);
      delta[out][0] = loss.derivative(r) * inv;
      backward(theta, grad);
    }
    return sum * inv;
  }

  /** Mean loss over all of data (forward passes only). */
  public double value(double[] theta, Dataset data) {
    return meanLoss(theta, data, loss);
  }

  /** Mean of another per-sample loss over all of data. */
  public double meanLoss(double[] theta, Dataset data, Loss l) {
    double[] xs = data.rawInputs(), ys = data.rawTargets();
    int d = layout.inputDim();
    double sum = 0;
    for (int s = 0; s < data.size(); s++) sum += l.value(forward(theta, xs, s * d) - ys[s]);
    return sum / data.size();
  }

  /** f(x) for the point at xs[xOff..xOff+d); fills pre and post. */
  private double forward(double[] theta, double[] xs, int xOff) {
    int d = layout.inputDim();
    int out = layout.outputLayer();
    System.arraycopy(xs, xOff, post[0], 0, d);
    for (int l = 1; l <= out; l++) {
      int n = layout.width(l), k = layout.width(l - 1);
      int wo = layout.chainOffset(l), vo = layout.skipOffset(l), bo = layout.biasOffset(l);
      double[] src = post[l - 1], z = pre[l], x = post[0];
      for (int i = 0; i < n; i++) {
        double s = theta[bo + i];
        int row = wo + i * k;
        for (int j = 0; j < k; j++) s += theta[row + j] * src[j];
        if (vo >= 0) {
          int vrow = vo + i * d;
          for (int j = 0; j < d; j++) s += theta[vrow + j] * x[j];
        }
        z[i] = s;
      }
      if (l < out) {
        double[] p = post[l];
        for (int i = 0; i < n; i++) p[i] = z[i] > 0 ? z[i] : 0.0;
      }
    }
    return pre[out][0];
  }

  /** Back-propagates delta[out] (already set) and adds the parameter gradient into grad. */
  private void backward(double[] theta, double[] grad) {
    int d = layout.inputDim();
    int out = layout.outputLayer();
    double[] x = post[0];
    for (int l = out; l >= 1; l--) {
      int n = layout.width(l), k = layout.width(l - 1);
      int wo = layout.chainOffset(l), vo = layout.skipOffset(l), bo = layout.biasOffset(l);
      double[] dl = delta[l], src = post[l - 1];
      for (int i = 0; i < n; i++) {
        double g = dl[i];
        if (g == 0) continue;
        grad[bo + i] += g;
        int row = wo + i * k;
        for (int j = 0; j < k; j++) grad[row + j] += g * src[j];
        if (vo >= 0) {
          int vrow = vo + i * d;
          for (int j = 0; j < d; j++) grad[vrow + j] += g * x[j];
        }
      }
      if (l > 1) {
        double[] below = delta[l - 1], z = pre[l - 1];
        for (int j = 0; j < k; j++) {
          if (!(z[j] > 0)) { below[j] = 0; continue; }
          double s = 0;
          for (int i = 0; i < n; i++) s += theta[wo + i * k + j] * dl[i];
          below[j] = s;
        }
      }
    }
  }
}
