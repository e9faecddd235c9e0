package org.reluconvex.network;

import java.util.Arrays;

/**
 * Which hidden neurons are active (pre-activation &gt; 0), layer by layer. Index 0 is unused.
 */
public final class ActivationPattern {
  private final boolean[][] active;

  public ActivationPattern(boolean[][] active) {
    this.active = active;
  }

  /** Pattern of the cell containing x (a neuron exactly at zero counts as inactive). */
  public static ActivationPattern at(Network net, double[] x) {
    Forward f = new Forward(net);
    f.run(x);
    boolean[][] a = new boolean[net.outputLayer()][];
    for (int l = 1; l <= net.hiddenLayers(); l++) {
      double[] z = f.pre(l);
      a[l] = new boolean[z.length];
      for (int i = 0; i < z.length; i++) a[l][i] = z[i] > 0;
    }
    return new ActivationPattern(a);
  }

  /** All neurons active or all inactive. */
  public static ActivationPattern constant(Network net, boolean value) {
    boolean[][] a = new boolean[net.outputLayer()][];
    for (int l = 1; l <= net.hiddenLayers(); l++) {
      a[l] = new boolean[net.width(l)];
      Arrays.fill(a[l], value);
    }
    return new ActivationPattern(a);
  }

  public boolean active(int layer, int index) { return active[layer][index]; }

  /** Live array of layer l. */
  public boolean[] layer(int l) { return active[l]; }

  public int hiddenLayers() { return active.length - 1; }

  @Override
  public boolean equals(Object o) {
    return o instanceof ActivationPattern && Arrays.deepEquals(active, ((ActivationPattern) o).active);
  }

  @Override
  public int hashCode() { return Arrays.deepHashCode(active); }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (int l = 1; l < active.length; l++) {
      if (l > 1) sb.append('|');
      for (boolean b : active[l]) sb.append(b ? '1' : '0');
    }
    return sb.toString();
  }
}
