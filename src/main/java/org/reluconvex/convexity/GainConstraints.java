package org.reluconvex.convexity;

import java.util.LinkedHashSet;
import java.util.List;
import org.reluconvex.network.Domain;
import org.reluconvex.complex.EdgeSubdivision;
import org.reluconvex.pathlift.GainConstraint;
import org.reluconvex.network.Network;

/**
 * The conditions of criterion C1 for a network on a box: one (neuron, downstream pattern) pair per
 * distinct pattern realised on the neuron's zero set, zeros expanded. The regulariser of docs/math.md section 7
 * sums max(0, -g) over them.
 */
public final class GainConstraints {
  private GainConstraints() {}

  public static List<GainConstraint> collect(Network net, Domain box) {
    if (net.hiddenLayers() == 0) return List.of();
    // one constraint per distinct pair: a downstream zero expanded to both choices can repeat a
    // pattern also realised without it, and R would count that pair twice
    return List.copyOf(new LinkedHashSet<>(PathCriterion.scan(EdgeSubdivision.build(net, box), true).constraints));
  }
}
