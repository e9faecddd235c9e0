package org.reluconvex.complex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.reluconvex.network.ActivationPattern;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Examples;
import org.reluconvex.network.Forward;
import org.reluconvex.network.Network;
import org.reluconvex.network.RandomNetworks;
import org.reluconvex.pathlift.Gains;

class CellTest {

  @Test
  void mapsReproduceTheForwardPassOnTheirCell() {
    SplittableRandom r = new SplittableRandom(5);
    for (long seed = 0; seed < 30; seed++) {
      int d = 1 + (int) (seed % 4);
      Network net = RandomNetworks.skipMlp(d, new int[] {5, 4, 3}, seed);
      double[] x = new double[d];
      for (int c = 0; c < d; c++) x[c] = r.nextDouble(-2, 2);
      CellMaps maps = CellMaps.at(net, x);
      assertThat(maps.pattern()).isEqualTo(ActivationPattern.at(net, x));
      Forward f = new Forward(net);
      f.run(x);
      for (int l = 1; l <= net.hiddenLayers(); l++)
        for (int i = 0; i < net.width(l); i++) assertThat(maps.value(l, i, x)).isCloseTo(f.pre(l)[i], within(1e-12));
      assertThat(maps.outputGradient()).containsExactly(Gains.localAffine(net, x).gradient(), within(1e-12));
    }
  }

  @Test
  void acrossEveryFacetMatchesTheForwardPassJustAcross() {
    for (long seed = 0; seed < 30; seed++) {
      int d = 1 + (int) (seed % 3);
      Network net = RandomNetworks.mlp(d, new int[] {4, 4}, seed);
      Domain box = Domain.cube(d, -2, 2);
      double[] x = new double[d];
      CellMaps maps = CellMaps.at(net, x);
      Cell cell = new Cell(maps, box, 2);
      int facets = 0;
      for (int rep : cell.frontierCandidates()) {
        MarginLp.Result res = cell.facetCentre(rep, 2, x);
        if (res.margin() <= 1e-6) continue;
        facets++;
        double[] n = cell.normal(rep);
        double eps = 1e-4 * Math.min(res.margin(), Cell.roomIn(cell.across(rep), cell.vanishing(rep), res.x()));
        double[] beyond = res.x().clone();
        double[] inside = res.x().clone();
        for (int c = 0; c < d; c++) {
          beyond[c] -= eps * n[c];
          inside[c] += eps * n[c];
        }
        assertThat(cell.across(rep).pattern()).isEqualTo(ActivationPattern.at(net, beyond));
        assertThat(ActivationPattern.at(net, inside)).isEqualTo(maps.pattern());
      }
      assertThat(facets).isPositive();
    }
  }

  @Test
  void identicallyZeroNeuronIsInactiveAndFlipsWithItsSource() {
    // non-icnn-weights: z2_2 = relu(relu(x2)) has pre-activation identically 0 on x2 < 0
    Network f = Examples.nonIcnnWeights();
    CellMaps below = CellMaps.at(f, new double[] {0.3, -0.5});
    assertThat(below.kind(2, 1)).isEqualTo(CellMaps.Kind.ZERO);
    assertThat(below.active(2, 1)).isFalse();
    Cell cell = new Cell(below, Domain.whole(2), 1);
    boolean crossedX2 = false;
    for (int rep : cell.frontierCandidates()) {
      double[] n = cell.normal(rep);
      if (Math.abs(n[1] + 1) > 1e-12) continue; // the row x2 <= 0 has inward normal (0, -1)
      CellMaps above = cell.across(rep);
      assertThat(above.active(1, 1)).isTrue();
      assertThat(above.active(2, 1)).isTrue();
      assertThat(above.kind(2, 1)).isEqualTo(CellMaps.Kind.SWITCHING);
      crossedX2 = true;
    }
    assertThat(crossedX2).isTrue();
  }
}
