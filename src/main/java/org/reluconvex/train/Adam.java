package org.reluconvex.train;

/** Adam (Kingma and Ba 2015) on a flat parameter vector, with bias-corrected moments. */
public final class Adam {
  private final double learningRate;
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double[] m;
  private final double[] v;
  private long t;

  public Adam(int size, double learningRate) {
    this(size, learningRate, 0.9, 0.999, 1e-8);
  }

  public Adam(int size, double learningRate, double beta1, double beta2, double epsilon) {
    if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be positive");
    this.learningRate = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.m = new double[size];
    this.v = new double[size];
  }

  /** One step theta -= lr * mhat / (sqrt(vhat) + eps) with the gradient grad. */
  public void step(double[] theta, double[] grad) {
    step(theta, grad, learningRate);
  }

  /** One step with another step size (a schedule), the moments updated as usual. */
  public void step(double[] theta, double[] grad, double learningRate) {
    t++;
    double c1 = 1 - Math.pow(beta1, t);
    double c2 = 1 - Math.pow(beta2, t);
    for (int p = 0; p < theta.length; p++) {
      double g = grad[p];
      m[p] = beta1 * m[p] + (1 - beta1) * g;
      v[p] = beta2 * v[p] + (1 - beta2) * g * g;
      theta[p] -= learningRate * (m[p] / c1) / (Math.sqrt(v[p] / c2) + epsilon);
    }
  }

  public long steps() { return t; }
}
