package org.reluconvex.pathlift;

import org.reluconvex.network.ActivationPattern;
import org.reluconvex.network.NeuronId;

/**
 * One condition of criterion C1: g_neuron(pattern) &ge; 0, for a downstream pattern realised on the
 * neuron's zero set (zeros already expanded to both choices). Only the layers after the neuron's
 * layer of the pattern are meaningful. On an input node (layer 0) it is a condition of monotonicity
 * instead: the gain is df/dx_i on the cell of the pattern (docs/math.md section 11).
 */
public record GainConstraint(NeuronId neuron, ActivationPattern pattern) {}
