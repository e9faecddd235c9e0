package org.reluconvex.network;

/**
 * A hidden neuron: layer (1-based, as in docs/math.md) and index within the layer (0-based). Layer 0
 * names an input node, whose gain under a cell's pattern is df/dx_i there (monotonicity).
 */
public record NeuronId(int layer, int index) implements Comparable<NeuronId> {
  @Override
  public int compareTo(NeuronId o) {
    return layer != o.layer ? Integer.compare(layer, o.layer) : Integer.compare(index, o.index);
  }

  @Override
  public String toString() { return "layer " + layer + " neuron " + index; }
}
