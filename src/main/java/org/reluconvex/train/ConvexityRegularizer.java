package org.reluconvex.train;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.reluconvex.network.ActivationPattern;
import org.reluconvex.pathlift.GainConstraint;
import org.reluconvex.pathlift.GainEvaluator;

/**
 * The convexity regulariser R(theta) = sum over constraints (nu, a) of max(0, -g_nu(a; theta))
 * (docs/math.md section 7) and its exact gradient.
 *
 * <p>For an MLP or SkipMLP the gain of neuron i of layer m under the frozen pattern a is
 * g = e_i^T W_{m+1}^T D_{m+1} W_{m+2}^T ... D_k w_{k+1}, D_l = diag(a_l) (input skips never lie on a
 * path from a hidden neuron). The gain comes from {@link GainEvaluator} over this layout's chain
 * blocks, whose backward sweep leaves the gains of the pre-activations of every downstream layer,
 * beta_l = D_l W_{l+1}^T beta_{l+1} (beta_{k+1} = 1). What is computed here is the derivative: a
 * forward sweep from the neuron gives the frozen path sums alpha_m = e_i,
 * alpha_l = D_l W_l alpha_{l-1}. Every path through the edge (q -&gt; p) of W_l factors into a part
 * before and a part after it, so dg / dW_l[p][q] = beta_l[p] * alpha_{l-1}[q].
 *
 * <p>The constraints are compiled once into primitive arrays ({@link #setConstraints}); evaluation
 * then allocates nothing.
 */
public final class ConvexityRegularizer {
  private final ParameterLayout layout;
  private int count;
  private List<GainConstraint> current = List.of();
  private int[] neuronLayer = new int[0];
  private int[] neuronIndex = new int[0];
  private boolean[][][] masks = new boolean[0][][]; // masks[c][l] = pattern of hidden layer l
  private final GainEvaluator gains;
  private final double[][] alpha;

  public ConvexityRegularizer(ParameterLayout layout) {
    this.layout = layout;
    int layers = layout.outputLayer() + 1;
    int[] widths = new int[layers], chain = new int[layers];
    alpha = new double[layers][];
    for (int l = 0; l < layers; l++) {
      widths[l] = layout.width(l);
      chain[l] = l >= 1 ? layout.chainOffset(l) : 0;
      alpha[l] = new double[layout.width(l)];
    }
    gains = GainEvaluator.ofChain(widths, chain);
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
    masks = new boolean[n][][];
    int k = layout.hiddenLayers();
    for (int c = 0; c < n; c++) {
      GainConstraint gc = constraints.get(c);
      int l = gc.neuron().layer(), i = gc.neuron().index();
      if (l < 1 || l > k || i < 0 || i >= layout.width(l))
        throw new IllegalArgumentException("constraint on " + gc.neuron() + " does not fit " + layout);
      neuronLayer[c] = l;
      neuronIndex[c] = i;
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

  /** The gain g_nu(a; theta) of constraint c. */
  public double gain(double[] theta, int c) {
    gains.weights(theta);
    return gains.gain(neuronLayer[c], neuronIndex[c], masks[c]);
  }

  /** The smallest gain over the current constraints (+infinity when there are none). */
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
      // d max(0, margin - g) = -dg; forward sweep of frozen path sums from the neuron
      int m = neuronLayer[c];
      double[] a0 = alpha[m];
      java.util.Arrays.fill(a0, 0.0);
      a0[neuronIndex[c]] = 1.0;
      for (int l = m + 1; l <= out; l++) {
        int n = layout.width(l), k = layout.width(l - 1);
        int wo = layout.chainOffset(l);
        double[] src = alpha[l - 1], b = gains.preGain(l);
        // gradient of W_l: -scale * beta_l[p] * alpha_{l-1}[q]
        for (int p = 0; p < n; p++) {
          double bp = -scale * b[p];
          if (bp == 0) continue;
          int row = wo + p * k;
          for (int q = 0; q < k; q++) grad[row + q] += bp * src[q];
        }
        if (l < out) {
          boolean[] act = masks[c][l];
          double[] dst = alpha[l];
          for (int p = 0; p < n; p++) {
            if (!act[p]) { dst[p] = 0; continue; }
            double s = 0;
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
