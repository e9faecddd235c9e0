package org.reluconvex.convexity;

import java.util.LinkedHashSet;
import java.util.List;
import org.reluconvex.network.Domain;
import org.reluconvex.complex.BuildSettings;
import org.reluconvex.complex.EdgeSubdivision;
import org.reluconvex.complex.MemoryLimit;
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
    return collect(net, box, null, MemoryLimit.defaultBytes());
  }

  /**
   * The conditions for convexity in the inputs marked in 'inS' (docs/math.md section 11): those of
   * the neurons a path of non-zero weights from S reaches. The others' zero sets have normals with
   * no component on S and bend no line along S (a superset remains: a reached neuron may have such
   * faces too).
   */
  public static List<GainConstraint> collect(Network net, Domain box, boolean[] inS) {
    return collect(net, box, inS, MemoryLimit.defaultBytes());
  }

  /** As {@link #collect(Network, Domain, boolean[])} (inS null: all inputs), the complex built within 'memoryLimit' bytes. */
  public static List<GainConstraint> collect(Network net, Domain box, boolean[] inS, long memoryLimit) {
    if (net.hiddenLayers() == 0) return List.of();
    // one constraint per distinct pair: a downstream zero expanded to both choices can repeat a
    // pattern also realised without it, and R would count that pair twice
    List<GainConstraint> all = List.copyOf(new LinkedHashSet<>(PathCriterion.scan(EdgeSubdivision.build(net, box, BuildSettings.defaults().withMemory(memoryLimit)), true).constraints));
    if (inS == null) return all;
    boolean[][] reached = PartialDirections.reachedFrom(net, inS);
    return all.stream().filter(c -> reached[c.neuron().layer()][c.neuron().index()]).toList();
  }
}
