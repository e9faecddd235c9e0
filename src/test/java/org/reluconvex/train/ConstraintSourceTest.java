package org.reluconvex.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.reluconvex.network.Domain;
import org.reluconvex.convexity.GainConstraints;
import org.reluconvex.network.Network;
import org.reluconvex.network.RandomNetworks;
import org.reluconvex.pathlift.GainConstraint;
import org.reluconvex.testing.SampledZeroSets;

/** The exact constraint collection against the independent sampling stand-in. */
class ConstraintSourceTest {
  @Test
  void exactCollectionContainsEveryPatternFoundBySampling() {
    Domain box = Domain.cube(2, -10, 10);
    ConstraintSource exact = GainConstraints::collect;
    SampledZeroSets sampled = new SampledZeroSets(100);
    for (int seed = 0; seed < 4; seed++) {
      Network net = seed % 2 == 0 ? RandomNetworks.mlp(2, new int[] {4, 8}, seed) : RandomNetworks.skipMlp(2, new int[] {4, 8}, seed);
      Set<String> exactKeys = keys(exact.collect(net, box));
      Set<String> sampledKeys = keys(sampled.collect(net, box));
      assertThat(sampledKeys).isNotEmpty();
      assertThat(exactKeys).as("seed %d", seed).containsAll(sampledKeys);
    }
  }

  /** (neuron, downstream part of the pattern): the layers a gain depends on. */
  private static Set<String> keys(List<GainConstraint> cs) {
    Set<String> out = new HashSet<>();
    for (GainConstraint c : cs) {
      StringBuilder sb = new StringBuilder(c.neuron().toString()).append(':');
      for (int l = c.neuron().layer() + 1; l <= c.pattern().hiddenLayers(); l++) {
        for (boolean b : c.pattern().layer(l)) sb.append(b ? '1' : '0');
        sb.append('|');
      }
      out.add(sb.toString());
    }
    return out;
  }
}
