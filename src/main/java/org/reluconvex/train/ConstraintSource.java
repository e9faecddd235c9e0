package org.reluconvex.train;

import java.util.List;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;
import org.reluconvex.pathlift.GainConstraint;

/**
 * Where the regulariser gets its constraints from: the distinct (neuron, downstream pattern) pairs
 * realised on the zero sets of the current network inside the box (docs/math.md sections 4 and 7). The
 * exact implementation is {@code org.reluconvex.convexity.GainConstraints::collect}.
 */
@FunctionalInterface
public interface ConstraintSource {
  List<GainConstraint> collect(Network net, Domain box);
}
