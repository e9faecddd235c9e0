package org.reluconvex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.reluconvex.complex.EdgeSubdivision;
import org.reluconvex.complex.ResourceLimitException;
import org.reluconvex.convexity.CheckOptions;
import org.reluconvex.convexity.Verdict;
import org.reluconvex.convexity.VerdictKind;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;
import org.reluconvex.network.RandomNetworks;

/** Every setting of a check in CheckOptions, held by that call alone: memory limit, progress listener, time limit and threads. */
class OptionsTest {
  /** Two checks side by side: the one with a tight limit is refused, the one beside it, without, is decided. */
  @Test
  void theMemoryLimitHoldsForTheCallAlone() throws Exception {
    Network big = RandomNetworks.mlp(2, new int[] {400, 400}, 1);
    Domain box = Domain.cube(2, -100, 100);
    CheckOptions tight = CheckOptions.defaults().withExhaustive(true).withMaxMemory(1 << 20);
    Network small = RandomNetworks.mlp(3, new int[] {24, 24, 24}, 1);
    Domain unit = Domain.cube(3, -1, 1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 3; round++) {
        Future<Throwable> refused = pool.submit(() -> {
          try {
            ReluConvex.check(big, box, tight);
            return null;
          } catch (Throwable t) {
            return t;
          }
        });
        Future<Verdict> decided = pool.submit(() -> ReluConvex.check(small, unit, CheckOptions.defaults().withExhaustive(true)));
        assertThat(refused.get()).isInstanceOf(ResourceLimitException.class).hasMessageContaining("1.0 MB");
        Verdict v = decided.get();
        assertThat(v.kind()).isNotEqualTo(VerdictKind.UNKNOWN);
        assertThat(v.vertexCount()).hasValue(EdgeSubdivision.build(small, unit).vertexCount());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** A complex built as pieces tells the call's listener of every piece, and only that call's. */
  @Test
  void theProgressListenerHearsOfEveryPieceOfItsCall() {
    Network net = RandomNetworks.mlp(3, new int[] {40, 40, 40}, 1);
    Domain box = Domain.cube(3, -1, 1);
    long whole = EdgeSubdivision.build(net, box).bytes();
    List<int[]> heard = Collections.synchronizedList(new ArrayList<>());
    CheckOptions pieces = CheckOptions.defaults().withExhaustive(true).withMaxMemory(3 * whole)
        .withProgress((finished, planned, piece, vertices) -> heard.add(new int[] {finished, planned}));
    Verdict v = ReluConvex.check(net, box, pieces);
    assertThat(v.method()).startsWith("skeleton on ");
    int built = Integer.parseInt(v.method().replaceAll("\\D+", ""));
    assertThat(heard).hasSize(built);
    assertThat(heard.stream().mapToInt(h -> h[0]).max().getAsInt()).isEqualTo(built);
    heard.clear();
    ReluConvex.check(net, box, pieces.withProgress(null));
    assertThat(heard).isEmpty();
  }

  @Test
  void timeLimitAndThreadsReachTheIntegerPrograms() {
    CheckOptions o = CheckOptions.defaults().withTimeLimit(12.5).withThreads(1);
    assertThat(o.milp().timeLimitSeconds()).isEqualTo(12.5);
    assertThat(o.milp().threads()).isEqualTo(1);
    assertThatThrownBy(() -> CheckOptions.defaults().withMaxMemory(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
