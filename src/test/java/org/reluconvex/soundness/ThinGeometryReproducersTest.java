package org.reluconvex.soundness;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.reluconvex.convexity.Verdict;
import org.reluconvex.convexity.VerdictKind;
import org.reluconvex.io.JsonModel;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Examples;
import org.reluconvex.network.Network;
import org.reluconvex.soundness.ExactOracle.Restriction;

/**
 * The five shortest reproducers of issue 25, each through {@code check} (auto with the early search,
 * as the command line), auto without it, and {@code --method} skeleton, cells, milp (and onelayer
 * where there is one hidden layer). For the non-convex ones: the verdict is not {@code convex}; every
 * {@code not_convex} witness verifies exactly (the oracle, not the checker); no exception. For the
 * subnormal-output network, which is convex: the verdict is not {@code not_convex}. The ground truth
 * of each is checked first by the exact oracle on the line the issue names.
 */
class ThinGeometryReproducersTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(Long.getLong("soundness.thin.timeout", 60));

  private static Network json(String layers, int d) {
    return JsonModel.read("{\"format\":\"reluconvex-network\",\"version\":1,\"input_dim\":" + d + ",\"layers\":" + layers + "}", "issue 25");
  }

  private static double[] fill(int d, double v) {
    double[] x = new double[d];
    Arrays.fill(x, v);
    return x;
  }

  private static Rational[] r(double... x) { return Rational.of(x); }

  /** A reproducer: the model, the box, whether it is convex, and a line {p, q} that shows a concave kink when it is not. */
  record Repro(String name, Network net, double[] lo, double[] hi, boolean convex, Rational[][] line) {}

  static final double TWO_M30 = Math.scalb(1.0, -30);

  /** 1. f = -relu(x1 + x2 + x3 + x4 - 4 + 2^-30) through a unit neuron, [-1, 1]^4 (milp said convex). */
  static Repro thinCorner() {
    Network n = json("[{\"width\":1,\"bias\":[-3.9999999990686774],\"weights\":{\"0\":[[1,1,1,1]]}},{\"width\":1,\"bias\":[0],\"weights\":{\"1\":[[1]]}},"
        + "{\"width\":1,\"bias\":[0],\"weights\":{\"2\":[[-1]]}}]", 4);
    double p = 1 - Math.scalb(1.0, -33);
    return new Repro("thin corner d=4", n, fill(4, -1), fill(4, 1), false, new Rational[][] {r(0, p, p, p), r(1, 0, 0, 0)});
  }

  /** 2. relu(x1 - 0.9999999999999991) with output weight -1 through a unit neuron, [-1, 1]^3 (cells and milp said convex). */
  static Repro nearFacet() {
    Network n = json("[{\"width\":1,\"bias\":[-0.9999999999999991],\"weights\":{\"0\":[[1,0,0]]}},{\"width\":1,\"bias\":[0],\"weights\":{\"1\":[[1]]}},"
        + "{\"width\":1,\"bias\":[0],\"weights\":{\"2\":[[-1]]}}]", 3);
    return new Repro("hyperplane 2^-50 inside a facet d=3", n, fill(3, -1), fill(3, 1), false, new Rational[][] {r(0, 0, 0), r(1, 0, 0)});
  }

  /** 3. relu(x1 + x2), relu(x1 + (1 + 2^-30) x2), each through a unit neuron, output weights 2 and -1 (auto, cells, milp said convex). */
  static Repro nearDuplicates(double box) {
    double w = 1 + TWO_M30;
    Network n = json("[{\"width\":2,\"bias\":[0,0],\"weights\":{\"0\":[[1,1,0],[1," + w + ",0]]}},{\"width\":2,\"bias\":[0,0],\"weights\":{\"1\":[[1,0],[0,1]]}},"
        + "{\"width\":1,\"bias\":[0],\"weights\":{\"2\":[[2,-1]]}}]", 3);
    return new Repro("near-duplicate hyperplanes 2^-30 apart d=3 on [-" + box + ", " + box + "]^3", n, fill(3, -box), fill(3, box), false,
        new Rational[][] {r(0, 0.5, 0), r(1, 0, 0)});
  }

  /** 4. example:non-icnn-weights with its output layer times 2^-1060 (exact): convex (early search, skeleton and cells said not_convex). */
  static Repro subnormalOutput(double box) {
    Editable e = Editable.of(Examples.nonIcnnWeights());
    int out = e.out();
    e.setBias(out, 0, Math.scalb(e.bias(out, 0), -1060));
    for (int m = 0; m < out; m++)
      if (e.hasBlock(out, m))
        for (int j = 0; j < e.width(m); j++) {
          double w = e.weight(out, 0, m, j), s = Math.scalb(w, -1060);
          if (Math.scalb(s, 1060) != w) throw new IllegalStateException("inexact scaling of " + w);
          e.setWeight(out, 0, m, j, s);
        }
    return new Repro("example:non-icnn-weights, output times 2^-1060, on [-" + box + ", " + box + "]^2", e.build(), fill(2, -box), fill(2, box), true, null);
  }

  /** 5. d = 1: weights 1e200, 1e200, -1 in a chain of three layers: f = -1e400 relu(x), not convex on a box around 0 (exit 4 before). */
  static Repro overflowChain(double box) {
    Network n = json("[{\"width\":1,\"bias\":[0],\"weights\":{\"0\":[[1e200]]}},{\"width\":1,\"bias\":[0],\"weights\":{\"1\":[[1e200]]}},"
        + "{\"width\":1,\"bias\":[0],\"weights\":{\"2\":[[-1]]}}]", 1);
    return new Repro("chain 1e200, 1e200, -1 on [-" + box + ", " + box + "]", n, fill(1, -box), fill(1, box), false, new Rational[][] {r(0), r(1)});
  }

  /** 5b. the same trouble from the box: -relu(x1) + relu(x2) on [-1e308, 1e308]^2 (a normal of NaN before). */
  static Repro hugeBox() {
    Network n = json("[{\"width\":2,\"bias\":[0,0],\"weights\":{\"0\":[[1,0],[0,1]]}},{\"width\":1,\"bias\":[0],\"weights\":{\"1\":[[-1,1]]}}]", 2);
    return new Repro("-relu(x1) + relu(x2) on [-1e308, 1e308]^2", n, fill(2, -1e308), fill(2, 1e308), false, new Rational[][] {r(0, 0), r(1, 0)});
  }

  static List<Repro> all() {
    return List.of(thinCorner(), nearFacet(), nearDuplicates(1), nearDuplicates(100), subnormalOutput(100), subnormalOutput(1), overflowChain(1),
        overflowChain(1e308), hugeBox());
  }

  /** The ground truth of every reproducer, from the exact oracle alone. */
  @Test
  void groundTruth() {
    for (Repro c : all()) {
      ExactOracle o = new ExactOracle(c.net());
      if (c.convex()) {
        Lines.Search s = Lines.search(o, c.lo(), c.hi(), new java.util.SplittableRandom(25), 60, 1);
        assertTrue(!s.foundConcave(), c.name() + ": the oracle found a concave kink in a network meant to be convex");
      } else {
        Restriction res = o.restrict(c.line()[0], c.line()[1], Rational.of(c.lo()), Rational.of(c.hi()));
        assertTrue(res != null && !res.convex(), c.name() + ": the issue's line shows no concave kink: " + (res == null ? "misses the box" : res.describe()));
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> reproducers() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Repro c : all())
      for (ThinHarness.M m : ThinHarness.M.values()) {
        if (m == ThinHarness.M.ONELAYER && c.net().hiddenLayers() != 1) continue;
        tests.add(DynamicTest.dynamicTest(c.name() + " / " + m.label, () -> judge(c, m)));
      }
    return tests.stream();
  }

  private static void judge(Repro c, ThinHarness.M m) {
    Domain box = Domain.box(c.lo(), c.hi());
    Verdict v;
    try {
      v = Assertions.assertTimeoutPreemptively(TIMEOUT, () -> m.check(c.net(), box));
    } catch (RuntimeException e) {
      fail(c.name() + " / " + m.label + ": the checker threw " + e, e);
      return;
    }
    String said = c.name() + " / " + m.label + ": " + v.kind().label() + " by " + v.method() + " (" + v.reason() + ")";
    if (c.convex()) assertNotEquals(VerdictKind.NOT_CONVEX, v.kind(), said + " on a convex network, witness " + v.witness());
    else assertNotEquals(VerdictKind.CONVEX, v.kind(), said + " on a network that is not convex");
    if (v.kind() == VerdictKind.NOT_CONVEX)
      assertNull(Harness.badWitness(new ExactOracle(c.net()), v.witness(), c.lo(), c.hi()), said + ": its witness is no witness");
  }
}
