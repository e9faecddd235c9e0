package org.reluconvex.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.reluconvex.network.Domain;
import org.reluconvex.convexity.SkeletonChecker;
import org.reluconvex.convexity.Verdict;
import org.reluconvex.convexity.VerdictKind;
import org.reluconvex.network.Network;
import org.reluconvex.network.RandomNetworks;

class WitnessFirstTest {
  @Test
  void sameVerdictsAsTheExactCheckerAndMostDecidedBySearch() {
    SkeletonChecker exact = new SkeletonChecker();
    WitnessFirst wf = new WitnessFirst(new SkeletonChecker(), 128);
    Domain box = Domain.cube(2, -100, 100);
    DrawSpec spec = new DrawSpec(2, new int[] {3, 3}, false);
    int searched = 0, notConvex = 0;
    for (int i = 0; i < 300; i++) {
      Network net = spec.draw(1, i);
      Verdict a = exact.check(net, box), b = wf.check(net, box);
      assertThat(b.kind()).isEqualTo(a.kind());
      if (b.kind() == VerdictKind.NOT_CONVEX) {
        notConvex++;
        assertThat(b.witness().verifies(net)).isTrue();
        if (b.vertices() < 0) searched++;
      }
    }
    assertThat(searched).isGreaterThan(notConvex * 9 / 10);
  }

  @Test
  void neverClaimsAnIcnnIsNotConvex() {
    WitnessFirst wf = new WitnessFirst(new SkeletonChecker(), 256);
    for (int i = 0; i < 100; i++) {
      Network net = RandomNetworks.icnn(3, new int[] {4, 4}, i);
      assertThat(wf.search(net, Domain.cube(3, -100, 100))).isNull();
    }
  }

  @Test
  void deterministicPerNetwork() {
    WitnessFirst wf = new WitnessFirst(new SkeletonChecker(), 64);
    Network net = RandomNetworks.mlp(2, new int[] {5, 5}, 3);
    Domain box = Domain.cube(2, -100, 100);
    assertThat(wf.search(net, box)).usingRecursiveComparison().isEqualTo(wf.search(net, box));
  }
}
