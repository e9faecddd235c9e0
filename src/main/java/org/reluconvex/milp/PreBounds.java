package org.reluconvex.milp;

/**
 * Bounds lo &le; pre_mu(x) &le; hi on the pre-activation of every hidden neuron over a box, valid
 * (rigorously or up to a stated slack, see the producers) for every x in the box. Indexed
 * [layer][neuron] for hidden layers 1..k; the arrays are not copied and must not be modified.
 */
public record PreBounds(double[][] lo, double[][] hi) {
  public double lo(int layer, int i) { return lo[layer][i]; }

  public double hi(int layer, int i) { return hi[layer][i]; }

  /**
   * Whether the neuron never switches on the box: pre &ge; 0 everywhere (then relu(pre) = pre, the
   * neuron is linear and counts as active) or pre &le; 0 everywhere (relu(pre) = 0, inactive). A
   * neuron whose pre-activation touches zero without changing sign has no kink of its own, so C1
   * need not try both of its values there.
   */
  public boolean stable(int layer, int i) { return active(layer, i) || dead(layer, i); }

  /** pre &ge; 0 on the whole box. */
  public boolean active(int layer, int i) { return lo[layer][i] >= 0 && !dead(layer, i); }

  /** pre &le; 0 on the whole box: post-activation identically 0. */
  public boolean dead(int layer, int i) { return hi[layer][i] <= 0; }

  /** Number of neurons that may switch in the box. */
  public int unstableCount() {
    int n = 0;
    for (int l = 1; l < lo.length; l++)
      for (int i = 0; i < lo[l].length; i++) if (!stable(l, i)) n++;
    return n;
  }
}
