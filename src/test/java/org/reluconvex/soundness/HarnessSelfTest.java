package org.reluconvex.soundness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.reluconvex.network.Domain;
import org.reluconvex.convexity.Checks;
import org.reluconvex.convexity.Verdict;
import org.reluconvex.convexity.VerdictKind;
import org.reluconvex.convexity.Witness;
import org.reluconvex.network.Network;
import org.reluconvex.precision.PrecisionPolicy;

/**
 * The harness must catch a broken checker: deliberately wrong checkers (always convex, convex on
 * every huge box, convex when the central half of the box is, bad witnesses, exceptions) are run
 * through the same kinds of cases, and the harness must report failures of the right kind; an
 * honest checker that always says unknown must cause none.
 */
class HarnessSelfTest {
  private static Verdict verdict(VerdictKind kind, Domain box) {
    String why = "a deliberately wrong checker";
    return kind == VerdictKind.UNKNOWN ? Verdict.unknown(why, "mutant", box, PrecisionPolicy.DEFAULT)
        : Verdict.convex("mutant", box, PrecisionPolicy.DEFAULT).withReason(why);
  }

  private static Harness.Tally run(String kind, int seeds, Harness.Checker checker) {
    Harness.Tally t = new Harness.Tally(kind);
    for (long s = 1; s <= seeds; s++) {
      switch (kind) {
        case "plain" -> Kinds.plain(s, t, checker);
        case "superset" -> Kinds.superset(s, t, checker);
        case "shifted" -> Kinds.shifted(s, t, checker);
        default -> Kinds.combined(s, t, checker);
      }
    }
    return t;
  }

  @Test
  void alwaysConvexIsCaughtOnEveryCaseWithAKnownKink() {
    Harness.Tally t = run("plain", 150, (net, box, m) -> verdict(VerdictKind.CONVEX, box));
    assertThat(t.knownNotConvex).isGreaterThan(20);
    // every case with a known concave kink fails for both methods; fresh lines may find more
    assertThat(t.failures).isGreaterThanOrEqualTo(2 * t.knownNotConvex);
    assertThat(t.failuresByReason.keySet()).allMatch(r -> r.contains("convex, oracle not convex"));
    assertThat(t.examples.get(0)).contains("\"format\": \"reluconvex-network\"").contains("--box ").contains("oracle witness (exact)");
  }

  @Test
  void convexOnHugeBoxesIsCaught() {
    Harness.Checker mutant = (net, box, m) -> box.scale() > 1e6 ? verdict(VerdictKind.CONVEX, box) : Checks.check(net, box, m);
    Harness.Tally t = run("superset", 60, mutant);
    assertThat(t.failures).isGreaterThan(10);
    assertThat(t.examples.get(0)).contains("superset box of");
  }

  @Test
  void convexWhenTheCentralHalfIsConvexIsCaught() {
    Harness.Checker mutant = (net, box, m) -> {
      int d = box.dim();
      double[] lo = new double[d], hi = new double[d];
      for (int i = 0; i < d; i++) {
        double c = 0.5 * box.lo(i) + 0.5 * box.hi(i), h = 0.25 * (box.hi(i) - box.lo(i));
        lo[i] = c - h;
        hi[i] = c + h;
      }
      Verdict v = Checks.check(net, Domain.box(lo, hi), m);
      return v.kind() == VerdictKind.CONVEX ? verdict(VerdictKind.CONVEX, box) : Checks.check(net, box, m);
    };
    Harness.Tally t = run("plain", 300, mutant);
    assertThat(t.failures).isGreaterThan(0);
  }

  @Test
  void badWitnessesAreCaught() {
    // a witness with a = b (excess 0)
    Harness.Checker same = (net, box, m) -> {
      Verdict v = Checks.check(net, box, m);
      if (v.kind() != VerdictKind.NOT_CONVEX) return v;
      double[] a = v.witness().a();
      return v.withWitness(new Witness(a, a.clone(), 1));
    };
    Harness.Tally t = run("plain", 100, same);
    assertThat(t.notConvex).isGreaterThan(10);
    assertThat(t.failures).isEqualTo(t.notConvex);
    assertThat(t.failuresByReason.keySet()).allMatch(r -> r.contains("bad witness (does not verify"));
    // a true witness moved outside the box
    Harness.Checker outside = (net, box, m) -> {
      Verdict v = Checks.check(net, box, m);
      if (v.kind() != VerdictKind.NOT_CONVEX) return v;
      double[] a = v.witness().a().clone(), b = v.witness().b().clone();
      double w = box.hi(0) - box.lo(0);
      a[0] += 2 * w;
      b[0] += 2 * w;
      return v.withWitness(new Witness(a, b, 1));
    };
    Harness.Tally u = run("shifted", 60, outside);
    assertThat(u.failures).isEqualTo(u.notConvex).isGreaterThan(5);
    assertThat(u.failuresByReason.keySet()).allMatch(r -> r.contains("bad witness (outside the box"));
  }

  @Test
  void exceptionsAreFailuresAndUnknownIsNot() {
    Harness.Tally t = run("combined", 20, (net, box, m) -> {
      throw new IllegalStateException("boom");
    });
    assertThat(t.failures).isEqualTo(t.checks).isGreaterThan(0);
    assertThat(t.examples.get(0)).contains("boom");
    Harness.Tally u = run("combined", 40, (net, box, m) -> verdict(VerdictKind.UNKNOWN, box));
    assertThat(u.failures).isZero();
    assertThat(u.unknown).isEqualTo(u.checks);
  }

  @Test
  void aCorrectVerdictOnAConvexNetworkPasses() {
    // max(x1, x2) = x2 + relu(x1 - x2): convex; a checker saying convex must pass every line
    Network net = org.reluconvex.network.NetworkBuilder.withWidths(2, 1, 1)
        .weights(1, 0, new double[][] {{1, -1}}).weights(2, 1, new double[][] {{1}}).weights(2, 0, new double[][] {{0, 1}}).build();
    Harness.Tally t = new Harness.Tally("hand");
    Harness.run(new Harness.Case("hand", Gen.Family.CONVEX, "max(x1, x2)", "none", net, new double[] {-1e300, -3}, new double[] {5, 1e300},
        java.util.List.of(), 30), t, new java.util.SplittableRandom(1), (n, box, m) -> verdict(VerdictKind.CONVEX, box));
    assertThat(t.failures).isZero();
    assertThat(t.convex).isEqualTo(2);
  }
}
