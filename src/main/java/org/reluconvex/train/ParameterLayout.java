package org.reluconvex.train;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.reluconvex.network.Architecture;
import org.reluconvex.network.Network;
import org.reluconvex.network.NetworkBuilder;
import org.reluconvex.network.RandomNetworks;

/**
 * Where each weight of an MLP or SkipMLP lives in one flat parameter vector theta.
 *
 * <p>Layers are numbered as in {@link Network}: 0 = input (width d), 1..k hidden, k+1 = output. For
 * every layer l &ge; 1 the vector holds, in this order, the chain block W_l (from layer l-1, row-major
 * [target][source]), the input skip block V_l (from layer 0, only for a SkipMLP and l &ge; 2) and the
 * bias b_l.
 */
public final class ParameterLayout {
  private final int[] widths; // d, n_1..n_k, 1
  private final boolean skip;
  private final int[] chainOffset;
  private final int[] skipOffset; // -1 where absent
  private final int[] biasOffset;
  private final int size;

  public ParameterLayout(int inputDim, int[] hiddenWidths, boolean skip) {
    if (inputDim < 1) throw new IllegalArgumentException("input dimension must be at least 1");
    if (hiddenWidths.length < 1) throw new IllegalArgumentException("need at least one hidden layer");
    widths = new int[hiddenWidths.length + 2];
    widths[0] = inputDim;
    for (int i = 0; i < hiddenWidths.length; i++) {
      if (hiddenWidths[i] < 1) throw new IllegalArgumentException("hidden widths must be positive");
      widths[i + 1] = hiddenWidths[i];
    }
    widths[widths.length - 1] = 1;
    this.skip = skip;
    int layers = widths.length;
    chainOffset = new int[layers];
    skipOffset = new int[layers];
    biasOffset = new int[layers];
    Arrays.fill(skipOffset, -1);
    int off = 0;
    for (int l = 1; l < layers; l++) {
      chainOffset[l] = off;
      off += widths[l] * widths[l - 1];
      if (hasSkip(l)) {
        skipOffset[l] = off;
        off += widths[l] * inputDim;
      }
      biasOffset[l] = off;
      off += widths[l];
    }
    size = off;
  }

  /** The layout of a network that is an MLP or a SkipMLP. */
  public static ParameterLayout of(Network net) {
    Architecture a = net.architecture();
    if (a == Architecture.DAG)
      throw new IllegalArgumentException("training supports MLPs and SkipMLPs, not " + net.describe());
    if (net.hiddenLayers() < 1) throw new IllegalArgumentException("training needs at least one hidden layer");
    return new ParameterLayout(net.inputDim(), net.hiddenWidths(), a == Architecture.SKIP_MLP);
  }

  public int inputDim() { return widths[0]; }

  public int hiddenLayers() { return widths.length - 2; }

  public int outputLayer() { return widths.length - 1; }

  public int width(int l) { return widths[l]; }

  public int[] hiddenWidths() { return Arrays.copyOfRange(widths, 1, widths.length - 1); }

  public boolean skip() { return skip; }

  /** Whether layer l receives an input skip block V_l. */
  public boolean hasSkip(int l) { return skip && l >= 2; }

  /** Number of parameters. */
  public int size() { return size; }

  /** Offset of W_l (edges from layer l-1 into layer l). */
  public int chainOffset(int l) { return chainOffset[l]; }

  /** Offset of V_l (edges from the input into layer l), or -1. */
  public int skipOffset(int l) { return skipOffset[l]; }

  public int biasOffset(int l) { return biasOffset[l]; }

  /** Flat parameters of a network with this layout. */
  public double[] parametersOf(Network net) {
    if (!ParameterLayout.of(net).equals(this))
      throw new IllegalArgumentException(net.describe() + " does not have the layout " + this);
    double[] theta = new double[size];
    for (int l = 1; l < widths.length; l++) {
      double[] w = net.rawBlock(l, l - 1);
      System.arraycopy(w, 0, theta, chainOffset[l], w.length);
      if (hasSkip(l)) {
        double[] v = net.rawBlock(l, 0);
        System.arraycopy(v, 0, theta, skipOffset[l], v.length);
      }
      double[] b = net.rawBias(l);
      System.arraycopy(b, 0, theta, biasOffset[l], b.length);
    }
    return theta;
  }

  /** The network with parameters theta. */
  public Network network(double[] theta) {
    if (theta.length != size) throw new IllegalArgumentException("expected " + size + " parameters, got " + theta.length);
    NetworkBuilder b = NetworkBuilder.withWidths(widths);
    for (int l = 1; l < widths.length; l++) {
      b.block(l, l - 1, Arrays.copyOfRange(theta, chainOffset[l], chainOffset[l] + widths[l] * widths[l - 1]));
      if (hasSkip(l)) b.block(l, 0, Arrays.copyOfRange(theta, skipOffset[l], skipOffset[l] + widths[l] * widths[0]));
      b.bias(l, Arrays.copyOfRange(theta, biasOffset[l], biasOffset[l] + widths[l]));
    }
    return b.build();
  }

  /** A PyTorch-style initialisation drawn from rnd ({@link RandomNetworks#draw}). */
  public double[] initial(SplittableRandom rnd) {
    return parametersOf(RandomNetworks.draw(widths[0], hiddenWidths(), skip, false, rnd));
  }

  /**
   * Projects theta onto the ICNN set: every hidden-to-hidden and output weight (W_l, l &ge; 2)
   * clipped to &ge; 0. W_1, the input skips and the biases are free.
   */
  public void projectToIcnn(double[] theta) {
    for (int p = 0; p < size; p++) if (theta[p] < 0 && isIcnnConstrained(p)) theta[p] = 0.0;
  }

  /**
   * Whether parameter p is one that the ICNN sign conditions constrain (an entry of a
   * hidden-to-hidden or output block W_2 ... W_{k+1}); the first layer, skips and biases are free.
   */
  public boolean isIcnnConstrained(int p) {
    for (int l = 2; l < widths.length; l++) {
      int from = chainOffset[l], to = from + widths[l] * widths[l - 1];
      if (p >= from && p < to) return true;
    }
    return false;
  }

  /**
   * The sign each parameter must keep: +1 (&ge; 0) for the ICNN conditions ({@link
   * #isIcnnConstrained}), and where inputSigns[i] is not 0, that sign for the first-layer weights and
   * input skips of input i, so that every path from input i has it; 0 for a free parameter. A network
   * that keeps them is convex, and monotone in each input i as inputSigns[i] asks.
   */
  public int[] signConditions(int[] inputSigns) {
    if (inputSigns.length != inputDim())
      throw new IllegalArgumentException(inputSigns.length + " input signs for " + inputDim() + " inputs");
    int[] sign = new int[size];
    for (int p = 0; p < size; p++) if (isIcnnConstrained(p)) sign[p] = 1;
    int d = inputDim();
    for (int l = 1; l < widths.length; l++) {
      int from = l == 1 ? chainOffset[1] : skipOffset[l];
      if (from < 0) continue;
      for (int j = 0; j < widths[l]; j++)
        for (int i = 0; i < d; i++) sign[from + j * d + i] = Integer.signum(inputSigns[i]);
    }
    return sign;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ParameterLayout && Arrays.equals(widths, ((ParameterLayout) o).widths) && skip == ((ParameterLayout) o).skip;
  }

  @Override
  public int hashCode() { return Arrays.hashCode(widths) * 2 + (skip ? 1 : 0); }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(skip ? "SkipMLP " : "MLP ").append(widths[0]).append(" -> ");
    for (int l = 1; l < widths.length - 1; l++) sb.append(l > 1 ? "x" : "").append(widths[l]);
    return sb.append(" -> 1").toString();
  }
}
