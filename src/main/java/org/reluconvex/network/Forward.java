package org.reluconvex.network;

/**
 * Forward pass with reusable buffers (one instance per thread). After {@link #run(double[])},
 * {@link #pre(int)} and {@link #post(int)} hold every layer's pre- and post-activations.
 */
public final class Forward {
  private final Network net;
  private final double[][] pre;
  private final double[][] post;

  public Forward(Network net) {
    this.net = net;
    int layers = net.outputLayer() + 1;
    pre = new double[layers][];
    post = new double[layers][];
    for (int l = 1; l < layers; l++) {
      pre[l] = new double[net.width(l)];
      post[l] = new double[net.width(l)];
    }
  }

  public static double eval(Network net, double[] x) {
    return new Forward(net).output(x);
  }

  /** Runs the network on x (length d) and returns f(x). */
  public double output(double[] x) {
    run(x);
    return pre[net.outputLayer()][0];
  }

  /** Runs the network on x; results stay in the buffers. */
  public void run(double[] x) {
    if (x.length != net.inputDim())
      throw new IllegalArgumentException("point has " + x.length + " coordinates, the network expects " + net.inputDim());
    post[0] = x;
    pre[0] = x;
    runFrom(1, net.outputLayer());
  }

  /** Recomputes layers from..to assuming earlier layers are current. */
  void runFrom(int from, int to) {
    for (int l = from; l <= to; l++) {
      int n = net.width(l);
      double[] z = pre[l];
      System.arraycopy(net.rawBias(l), 0, z, 0, n);
      for (int m = 0; m < l; m++) {
        double[] w = net.rawBlock(l, m);
        if (w == null) continue;
        double[] src = post[m];
        int k = src.length;
        for (int i = 0; i < n; i++) {
          double s = 0;
          int off = i * k;
          for (int j = 0; j < k; j++) s += w[off + j] * src[j];
          z[i] += s;
        }
      }
      if (l < net.outputLayer()) {
        double[] p = post[l];
        for (int i = 0; i < n; i++) p[i] = z[i] > 0 ? z[i] : 0.0;
      }
    }
  }

  /** Pre-activations of layer l from the last run (live buffer). */
  public double[] pre(int l) { return pre[l]; }

  /** Post-activations of layer l from the last run (live buffer; layer 0 is the input). */
  public double[] post(int l) { return post[l]; }

  public Network network() { return net; }
}
