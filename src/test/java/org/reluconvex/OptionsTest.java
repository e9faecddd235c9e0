package org.reluconvex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.reluconvex.complex.MemoryLimit;
import org.reluconvex.complex.ResourceLimitException;
import org.reluconvex.convexity.VerdictKind;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;
import org.reluconvex.network.RandomNetworks;

/** Every setting of a check in ReluConvex.Options: the memory limit holds for the call alone, time limit and threads reach the programs. */
class OptionsTest {
  @Test
  void theMemoryLimitHoldsForTheCallAlone() {
    long before = MemoryLimit.bytes();
    Network net = RandomNetworks.mlp(2, new int[] {400, 400}, 1);
    Domain box = Domain.cube(2, -100, 100);
    ReluConvex.Options tight = ReluConvex.Options.defaults().withExhaustive(true).withMaxMemory(1 << 20);
    assertThatThrownBy(() -> ReluConvex.check(net, box, tight)).isInstanceOf(ResourceLimitException.class).hasMessageContaining("1.0 MB");
    assertThat(MemoryLimit.bytes()).isEqualTo(before);
    // the same network without the limit is decided (by the early search when it runs, here by the complex of a small box)
    assertThat(ReluConvex.check(RandomNetworks.mlp(2, new int[] {4, 4}, 1), Domain.cube(2, -1, 1), ReluConvex.Options.defaults().withMaxMemory(64L << 20)).kind())
        .isNotEqualTo(VerdictKind.UNKNOWN);
  }

  @Test
  void timeLimitAndThreadsReachTheIntegerPrograms() {
    ReluConvex.Options o = ReluConvex.Options.defaults().withTimeLimit(12.5).withThreads(1);
    assertThat(o.milp().timeLimitSeconds()).isEqualTo(12.5);
    assertThat(o.milp().threads()).isEqualTo(1);
    assertThatThrownBy(() -> ReluConvex.Options.defaults().withMaxMemory(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
