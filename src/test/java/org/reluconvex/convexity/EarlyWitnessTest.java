package org.reluconvex.convexity;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reluconvex.network.Domain;
import org.reluconvex.io.ExampleModels;
import org.reluconvex.io.ModelFiles;
import org.reluconvex.network.Network;
import org.reluconvex.network.NetworkBuilder;
import org.reluconvex.network.RandomNetworks;
import org.reluconvex.precision.PrecisionPolicy;
import org.reluconvex.testing.SharedReference;

/**
 * The early witness search changes the time to a verdict, never the verdict: on every reference
 * network (corpus and extras) the verdict with the search equals the verdict without it, for
 * {@code auto} and for the skeleton, and every witness the search finds verifies exactly.
 */
class EarlyWitnessTest {
  private static final MilpChecker.Settings MILP = MilpChecker.Settings.defaults();

  private record Row(String name, Network net, Domain box) {}

  private static List<Row> references() {
    List<Row> rows = new ArrayList<>();
    for (String folder : List.of("corpus", "extras"))
      for (SharedReference.Entry e : SharedReference.manifest(folder)) {
        Network net = ModelFiles.read(e.onnx());
        var box = e.json().get("box");
        rows.add(new Row(e.name(), net, box == null ? Domain.cube(net.inputDim(), -100, 100)
            : Domain.cube(net.inputDim(), box.get(0).asDouble(), box.get(1).asDouble())));
      }
    return rows;
  }

  @Test
  void sameVerdictsWithAndWithoutTheEarlySearchOnEveryReferenceNetwork() {
    List<Row> rows = references();
    assertThat(rows).hasSizeGreaterThanOrEqualTo(424);
    int notConvex = 0, early = 0;
    long withNanos = 0, withoutNanos = 0;
    for (Checks.Method m : List.of(Checks.Method.AUTO, Checks.Method.SKELETON)) {
      for (Row r : rows) {
        long t0 = System.nanoTime();
        Verdict without = Checks.check(r.net(), r.box(), CheckOptions.defaults().withMethod(m).withMilp(MILP));
        long t1 = System.nanoTime();
        Verdict with = Checks.check(r.net(), r.box(), CheckOptions.defaults().withMethod(m).withMilp(MILP).withEarlyTrials(WitnessSearch.EARLY_TRIALS));
        long t2 = System.nanoTime();
        withoutNanos += t1 - t0;
        withNanos += t2 - t1;
        assertThat(with.kind()).as(r.name() + " " + m).isEqualTo(without.kind());
        if (with.kind() != VerdictKind.NOT_CONVEX) {
          // nothing found early: the method ran exactly as without the search
          assertThat(with.method()).as(r.name()).isEqualTo(without.method());
          assertThat(with.vertices()).as(r.name()).isEqualTo(without.vertices());
          continue;
        }
        notConvex++;
        assertThat(with.witness().verifies(r.net())).as(r.name()).isTrue();
        assertThat(r.box().contains(with.witness().a()) && r.box().contains(with.witness().b())).as(r.name()).isTrue();
        assertThat(with.witness().foundBy()).as(r.name()).isNotNull();
        if (with.method().equals(Checks.EARLY_METHOD)) {
          early++;
          assertThat(with.vertices()).isEqualTo(-1);
          assertThat(with.witness().foundBy()).startsWith("early search");
        } else {
          assertThat(with.witness().foundBy()).doesNotStartWith("early search");
        }
      }
    }
    org.reluconvex.testing.TestReports.add("early-witness", String.format(java.util.Locale.ROOT, "early witness search on %d reference networks x 2 methods: %d not convex, %d of them decided early; "
        + "all checks %.2f s with the search, %.2f s without", rows.size(), notConvex, early, withNanos / 1e9, withoutNanos / 1e9));
    // the search is worth running: it settles most non-convex reference networks (measured: all but a handful)
    assertThat(early).isGreaterThan(notConvex * 8 / 10);
  }

  @Test
  void neverFindsAWitnessOnConvexNetworks() {
    for (int seed = 0; seed < 40; seed++) {
      Network icnn = RandomNetworks.icnn(2 + seed % 3, new int[] {6, 6}, seed);
      Domain box = Domain.cube(icnn.inputDim(), -100, 100);
      assertThat(WitnessSearch.early(icnn, box, PrecisionPolicy.DEFAULT, 256, seed)).isNull();
    }
    // convex, not an ICNN, and C1 fails on it: the search runs first under auto and finds nothing
    Network beyond = ExampleModels.builtIn("beyond-icnn");
    for (Checks.Method m : List.of(Checks.Method.AUTO, Checks.Method.SKELETON, Checks.Method.CELLS)) {
      Verdict v = Checks.check(beyond, Domain.cube(2, -3, 3), CheckOptions.defaults().withMethod(m).withMilp(MILP).withEarlyTrials(1024));
      assertThat(v.kind()).isEqualTo(VerdictKind.CONVEX);
    }
  }

  @Test
  void aConcaveKinkIsFoundAndItsExcessIsTheHandComputedOne() {
    // f(x) = -relu(relu(x1 - 1) + relu(1 - x1) + relu(x2)) = -|x1 - 1| - relu(x2): concave across x1 = 1 and x2 = 0
    Network net = NetworkBuilder.of(2, 3, 1)
        .weights(1, 0, new double[][] {{1, 0}, {-1, 0}, {0, 1}}).bias(1, new double[] {-1, 1, 0})
        .weights(2, 1, new double[][] {{1, 1, 1}}).bias(2, new double[] {0})
        .weights(3, 2, new double[][] {{-1}}).build();
    Domain box = Domain.cube(2, -5, 5);
    Witness w = WitnessSearch.early(net, box, PrecisionPolicy.DEFAULT, 64, 7);
    assertThat(w).isNotNull();
    double[] a = w.a(), b = w.b(), m = w.midpoint();
    BigDecimal hand = f(m).subtract(f(a).add(f(b)).multiply(new BigDecimal("0.5")));
    assertThat(hand.signum()).isPositive();
    // the stored excess is the double evaluation, proven positive (within rounding of the exact one)
    assertThat(w.excess()).isCloseTo(hand.doubleValue(), org.assertj.core.data.Offset.offset(1e-12 * Math.abs(hand.doubleValue()) + 1e-300));
    assertThat(w.foundBy()).matches("early search, before any complex: .* \\(trial \\d+ of 64\\)");
  }

  /** The network above, evaluated exactly by hand: -max(0, |x1 - 1| + max(x2, 0)). */
  private static BigDecimal f(double[] x) {
    BigDecimal s = new BigDecimal(x[0]).subtract(BigDecimal.ONE).abs().add(new BigDecimal(x[1]).max(BigDecimal.ZERO));
    return s.max(BigDecimal.ZERO).negate();
  }

  @Test
  void deterministicForAGivenSeedAndBoundedByItsTrials() {
    Network net = RandomNetworks.mlp(2, new int[] {16, 16}, 3);
    Domain box = Domain.cube(2, -100, 100);
    Witness w1 = WitnessSearch.early(net, box, PrecisionPolicy.DEFAULT, 64, 11);
    Witness w2 = WitnessSearch.early(net, box, PrecisionPolicy.DEFAULT, 64, 11);
    assertThat(w1).isNotNull();
    assertThat(w1.a()).containsExactly(w2.a());
    assertThat(w1.b()).containsExactly(w2.b());
    assertThat(w1.foundBy()).isEqualTo(w2.foundBy());
    assertThat(WitnessSearch.early(net, box, PrecisionPolicy.DEFAULT, 0, 11)).isNull();
    int trial = Integer.parseInt(w1.foundBy().replaceAll(".*\\(trial (\\d+) of 64\\)", "$1"));
    // with exactly that many trials the search finds the same witness; with one fewer, not that one
    Witness exact = WitnessSearch.early(net, box, PrecisionPolicy.DEFAULT, trial, 11);
    assertThat(exact.a()).containsExactly(w1.a());
    Witness fewer = WitnessSearch.early(net, box, PrecisionPolicy.DEFAULT, trial - 1, 11);
    assertThat(fewer).isNull();
  }

  @Test
  void onlyMethodsThatBuildAComplexSearchFirst() {
    Network two = RandomNetworks.mlp(2, new int[] {4, 4}, 1), one = RandomNetworks.mlp(2, new int[] {4}, 1);
    Domain box = Domain.cube(2, -1, 1);
    assertThat(Checks.searchesFirst(two, box, Checks.Method.AUTO)).isTrue();
    assertThat(Checks.searchesFirst(two, box, Checks.Method.SKELETON)).isTrue();
    assertThat(Checks.searchesFirst(two, box, Checks.Method.CELLS)).isTrue();
    assertThat(Checks.searchesFirst(two, box, Checks.Method.MILP)).isFalse(); // it searches zero sets itself
    assertThat(Checks.searchesFirst(one, box, Checks.Method.AUTO)).isFalse(); // the closed form is immediate
    assertThat(Checks.searchesFirst(RandomNetworks.icnn(2, new int[] {4, 4}, 1), box, Checks.Method.AUTO)).isFalse();
    assertThat(Checks.searchesFirst(two, Domain.whole(2), Checks.Method.CELLS)).isFalse();
  }
}
