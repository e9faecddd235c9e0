package org.reluconvex.complex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The unboxed collections of the complex against java.util oracles, on key sets chosen to collide:
 * few distinct keys, keys differing in high bits only, and growth far past the expected size.
 */
class PrimitiveCollectionsTest {
  private static long key(SplittableRandom r, int round) {
    return switch (round % 3) {
      case 0 -> 1 + r.nextInt(50); // many repeats
      case 1 -> (1L + r.nextInt(64)) << 40; // high bits only
      default -> r.nextLong() | 1; // anything non-zero
    };
  }

  @Test
  void longSetAgreesWithAHashSet() {
    for (int round = 0; round < 30; round++) {
      SplittableRandom r = new SplittableRandom(round);
      LongSet set = new LongSet(1 + r.nextInt(8)); // grows many times
      Set<Long> oracle = new HashSet<>();
      for (int i = 0; i < 3_000; i++) {
        long k = key(r, round);
        assertThat(set.add(k)).isEqualTo(oracle.add(k));
        long probe = key(r, round + 1);
        assertThat(set.contains(probe)).isEqualTo(oracle.contains(probe));
      }
      for (long k : oracle) assertThat(set.contains(k)).isTrue();
    }
  }

  @Test
  void multiMapKeepsEveryValueOfAKeyInInsertionOrder() {
    for (int round = 0; round < 30; round++) {
      SplittableRandom r = new SplittableRandom(100 + round);
      LongIntMultiMap map = new LongIntMultiMap(1 + r.nextInt(8));
      Map<Long, List<Integer>> oracle = new LinkedHashMap<>();
      int n = 1 + r.nextInt(5_000);
      for (int v = 0; v < n; v++) {
        long k = key(r, round);
        map.put(k, v);
        oracle.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
      }
      assertThat(map.size()).isEqualTo(n);
      Map<Long, List<Integer>> read = new LinkedHashMap<>();
      for (int s = 0; s < map.capacity(); s++)
        for (int e = map.first(s); e >= 0; e = map.nextEntry(e)) {
          assertThat(read.containsKey(map.keyAt(s)) && map.first(s) == e).isFalse();
          read.computeIfAbsent(map.keyAt(s), x -> new ArrayList<>()).add(map.value(e));
        }
      assertThat(read).isEqualTo(oracle.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }
  }

  @Test
  void indexSortOrdersByKeyAndKeepsAPermutation() {
    for (int round = 0; round < 200; round++) {
      SplittableRandom r = new SplittableRandom(200 + round);
      int n = r.nextInt(0, 400);
      double[] key = new double[n];
      for (int i = 0; i < n; i++)
        key[i] = switch (round % 4) {
          case 0 -> r.nextInt(5); // many ties
          case 1 -> n - i; // reversed
          case 2 -> i; // sorted
          default -> r.nextDouble(-1e6, 1e6);
        };
      int[] idx = new int[n];
      for (int i = 0; i < n; i++) idx[i] = i;
      IndexSort.byKey(idx, key);
      boolean[] seen = new boolean[n];
      for (int i = 0; i < n; i++) {
        assertThat(seen[idx[i]]).isFalse();
        seen[idx[i]] = true;
        if (i > 0) assertThat(key[idx[i - 1]]).isLessThanOrEqualTo(key[idx[i]]);
      }
    }
  }
}
