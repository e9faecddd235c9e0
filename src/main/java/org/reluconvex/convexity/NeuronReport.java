package org.reluconvex.convexity;

import org.reluconvex.network.NeuronId;

/**
 * What a check learned about one hidden neuron: whether its zero set meets the domain, how many
 * distinct downstream patterns are realised there, and its smallest gain with a point where that
 * gain is reached (null when the neuron does not switch), and the wall seconds its own program took
 * ({@code milp}; NaN where no program ran).
 */
public record NeuronReport(NeuronId neuron, boolean switches, int patterns, double minGain, double[] minGainAt, double seconds) {
  public NeuronReport(NeuronId neuron, boolean switches, int patterns, double minGain, double[] minGainAt) {
    this(neuron, switches, patterns, minGain, minGainAt, Double.NaN);
  }
}
