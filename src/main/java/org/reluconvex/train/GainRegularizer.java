package org.reluconvex.train;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.reluconvex.network.ActivationPattern;
import org.reluconvex.pathlift.GainConstraint;
import org.reluconvex.pathlift.GainEvaluator;

/**
 * The regulariser R(theta) = sum over constraints (nu, a) of max(0, -s g_nu(a; theta)) and its exact
 * gradient: for convexity (docs/math.md section 7) the constraints are on hidden neurons and s = 1;
 * for monotonicity (section 11) they are on input nodes (layer 0, whose gain under a cell's pattern is
 * df/dx_i there) and s is the sign asked of input i, +1 non-decreasing, -1 non-increasing.
 *
 * <p>For an MLP or SkipMLP the gain of neuron i of layer m under the frozen pattern a is
 * g = e_i^T W_{m+1}^T D_{m+1} W_{m+2}^T ... D_k w_{k+1}, D_l = diag(a_l) (input skips never lie on a
 * path from a hidden neuron). The gain comes from {@link GainEvaluator} over this layout's chain
 * blocks, whose backward sweep leaves the gains of the pre-activations of every downstream layer,
 * beta_l = D_l W_{l+1}^T beta_{l+1} (beta_{k+1} = 1). What is computed here is the derivative: a
 * forward sweep from the neuron gives the frozen path sums alpha_m = e_i,
 * alpha_l = D_l W_l alpha_{l-1}. Every path through the edge (q -&gt; p) of W_l factors into a part
 * before and a part after it, so dg / dW_l[p][q] = beta_l[p] * alpha_{l-1}[q]. From an input node
 * the input skips V_l of a SkipMLP are paths too: alpha_l gains D_l V_l e_i, and dg / dV_l[p][i] =
 * beta_l[p].
 *
 * <p>The constraints are compiled once into primitive arrays ({@link #setConstraints}); evaluation
 * then allocates nothing.
 */
public final class GainRegularizer {
  private final ParameterLayout layout;
  private int count;
  private List<GainConstraint> current = List.of();
  private int[] neuronLayer = new int[0];
  private int[] neuronIndex = new int[0];
  private int[] sign = new int[0];
  private final int[] inputSigns;
  private boolean[][][] masks = new boolean[0][][]; // masks[c][l] = pattern of hidden layer l
  private final GainEvaluator gains;
  private final double[][] alpha;

  /** The convexity regulariser: constraints on hidden neurons only. */
  public GainRegularizer(ParameterLayout layout) {
    this(layout, new int[layout.inputDim()]);
  }

  /**
   * A regulariser that also takes constraints on input nodes: inputSigns[i] = +1 asks df/dx_i &ge; 0
   * on every constraint's cell, -1 asks &le; 0, 0 refuses constraints on input i.
   */
  public GainRegularizer(ParameterLayout layout, int[] inputSigns) {
    if (inputSigns.length != layout.inputDim())
      throw new IllegalArgumentException(inputSigns.length + " input signs for " + layout.inputDim() + " inputs");
    for (int v : inputSigns) if (v < -1 || v > 1) throw new IllegalArgumentException("input signs must be -1, 0 or 1, not " + v);
    this.layout = layout;
    this.inputSigns = inputSigns.clone();
    int layers = layout.outputLayer() + 1;
    int[] widths = new int[layers], chain = new int[layers], skips = new int[layers];
    alpha = new double[layers][];
    for (int l = 0; l < layers; l++) {
      widths[l] = layout.width(l);
      chain[l] = l >= 1 ? layout.chainOffset(l) : 0;
      skips[l] = l >= 1 ? layout.skipOffset(l) : -1;
      alpha[l] = new double[layout.width(l)];
    }
    gains = GainEvaluator.ofChain(widths, chain, skips);
  }

  /**
   * Replaces the current constraint list (the patterns are frozen until the next call). The list is
   * put in a canonical order (neuron, then pattern), so that sums over it, and hence training, do
   * not depend on the order in which a source lists its constraints.
   */
  public void setConstraints(List<GainConstraint> given) {
    List<GainConstraint> constraints = new ArrayList<>(given);
    constraints.sort(Comparator.comparing(GainConstraint::neuron).thenComparing(c -> c.pattern().toString()));
    int n = constraints.size();
    neuronLayer = new int[n];
    neuronIndex = new int[n];
    sign = new int[n];
    masks = new boolean[n][][];
    int k = layout.hiddenLayers();
    for (int c = 0; c < n; c++) {
      GainConstraint gc = constraints.get(c);
      int l = gc.neuron().layer(), i = gc.neuron().index();
      if (l < 0 || l > k || i < 0 || i >= layout.width(l))
        throw new IllegalArgumentException("constraint on " + gc.neuron() + " does not fit " + layout);
      if (l == 0 && inputSigns[i] == 0)
        throw new IllegalArgumentException("a constraint on input " + i + ", which has no sign to keep");
      neuronLayer[c] = l;
      neuronIndex[c] = i;
      sign[c] = l == 0 ? inputSigns[i] : 1;
      ActivationPattern a = gc.pattern();
      masks[c] = new boolean[k + 1][];
      for (int m = l + 1; m <= k; m++) {
        boolean[] row = a.layer(m);
        if (row.length != layout.width(m))
          throw new IllegalArgumentException("pattern of layer " + m + " has " + row.length + " entries, expected " + layout.width(m));
        masks[c][m] = row.clone();
      }
    }
    count = n;
    current = List.copyOf(constraints);
  }

  public int constraintCount() { return count; }

  /** Constraint c of the current list (in the canonical order). */
  public GainConstraint constraint(int c) { return current.get(c); }

  /** R(theta) for the current constraints. */
  public double value(double[] theta) {
    double r = 0;
    for (int c = 0; c < count; c++) {
      double g = gain(theta, c);
      if (g < 0) r -= g;
    }
    return r;
  }

  /** The constrained gain s g_nu(a; theta) of constraint c: the constraint asks it to be &ge; 0. */
  public double gain(double[] theta, int c) {
    gains.weights(theta);
    return sign[c] * gains.gain(neuronLayer[c], neuronIndex[c], masks[c]);
  }

  /** The smallest constrained gain over the current constraints (+infinity when there are none). */
  public double minGain(double[] theta) {
    double min = Double.POSITIVE_INFINITY;
    for (int c = 0; c < count; c++) min = Math.min(min, gain(theta, c));
    return min;
  }

  /** Returns R(theta) and adds scale * dR/dtheta into grad. */
  public double valueAndGradient(double[] theta, double scale, double[] grad) {
    return valueAndGradient(theta, scale, 0.0, grad);
  }

  /**
   * Returns R_margin(theta) = sum of max(0, margin - g) and adds scale * dR_margin/dtheta into
   * grad (margin 0 gives R).
   */
  public double valueAndGradient(double[] theta, double scale, double margin, double[] grad) {
    double r = 0;
    int out = layout.outputLayer();
    for (int c = 0; c < count; c++) {
      double g = gain(theta, c);
      if (!(g < margin)) continue; // max(0, margin - g) is flat there (subgradient 0 at g = margin)
      r += margin - g;
      // d max(0, margin - s g) = -s dg; forward sweep of frozen path sums from the neuron
      int m = neuronLayer[c], root = neuronIndex[c], d = layout.inputDim();
      double[] a0 = alpha[m];
      java.util.Arrays.fill(a0, 0.0);
      a0[root] = 1.0;
      double step = -scale * sign[c];
      for (int l = m + 1; l <= out; l++) {
        int n = layout.width(l), k = layout.width(l - 1);
        int wo = layout.chainOffset(l), vo = m == 0 && l >= 2 ? layout.skipOffset(l) : -1;
        double[] src = alpha[l - 1], b = gains.preGain(l);
        // gradient of W_l: -s scale beta_l[p] alpha_{l-1}[q]; of V_l (paths from input node i): -s scale beta_l[p]
        for (int p = 0; p < n; p++) {
          double bp = step * b[p];
          if (bp == 0) continue;
          int row = wo + p * k;
          for (int q = 0; q < k; q++) grad[row + q] += bp * src[q];
          if (vo >= 0) grad[vo + p * d + root] += bp;
        }
        if (l < out) {
          boolean[] act = masks[c][l];
          double[] dst = alpha[l];
          for (int p = 0; p < n; p++) {
            if (!act[p]) { dst[p] = 0; continue; }
            double s = vo >= 0 ? theta[vo + p * d + root] : 0;
            int row = wo + p * k;
            for (int q = 0; q < k; q++) s += theta[row + q] * src[q];
            dst[p] = s;
          }
        }
      }
    }
    return r;
  }
}
