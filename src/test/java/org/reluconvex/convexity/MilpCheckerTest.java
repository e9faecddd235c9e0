package org.reluconvex.convexity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.reluconvex.network.Domain;
import org.reluconvex.io.ModelFiles;
import org.reluconvex.network.Constructions;
import org.reluconvex.network.Constructions.Piece;
import org.reluconvex.network.Network;
import org.reluconvex.precision.PrecisionPolicy;
import org.reluconvex.testing.SharedReference;

/**
 * The integer-programming check against independent oracles: the skeleton and the cell walk on every
 * network of the reference corpus and on small-integer networks far from general position, and the
 * verdicts known by construction in dimensions no other exact method reaches.
 */
class MilpCheckerTest {
  private final MilpChecker milp = new MilpChecker();

  private static void assertSound(Network net, Verdict v, VerdictKind expected, String what) {
    assertThat(v.kind()).as("%s: %s", what, v.reason()).isEqualTo(expected);
    if (v.kind() == VerdictKind.NOT_CONVEX) assertThat(v.witness().verifies(net)).as(what).isTrue();
  }

  @Test
  void agreesWithTheSkeletonOnEveryCorpusNetwork() {
    int n = 0;
    for (SharedReference.Entry e : SharedReference.manifest("corpus")) {
      Network net = ModelFiles.read(e.onnx());
      Domain box = Domain.cube(net.inputDim(), e.json().get("box").get(0).asDouble(), e.json().get("box").get(1).asDouble());
      Verdict s = new SkeletonChecker().check(net, box);
      assertThat(s.kind()).as(e.name()).isNotEqualTo(VerdictKind.UNKNOWN);
      assertSound(net, milp.check(net, box), s.kind(), e.name());
      n++;
    }
    assertThat(n).isGreaterThan(400);
  }

  @Test
  void extrasDegenerateNetworksHaveTheirKnownVerdictsOrStayUndecided() {
    for (SharedReference.Entry e : SharedReference.manifest("extras")) {
      Network net = ModelFiles.read(e.onnx());
      boolean degenerate = "degenerate".equals(e.json().get("kind").asText());
      Domain box = degenerate ? Domain.cube(net.inputDim(), e.json().get("box").get(0).asDouble(), e.json().get("box").get(1).asDouble())
          : Domain.cube(net.inputDim(), -100, 100);
      VerdictKind truth = degenerate ? (e.json().get("convex").asBoolean() ? VerdictKind.CONVEX : VerdictKind.NOT_CONVEX)
          : new SkeletonChecker().check(net, box).kind();
      Verdict v = milp.check(net, box);
      // degenerate constructions may defeat C1 even with tied faces decided: never a wrong answer
      if (v.kind() != VerdictKind.UNKNOWN || !degenerate) assertSound(net, v, truth, e.name());
    }
  }

  /** Weights in {-2..2}: coinciding and crossing zero sets, cancelling gains; oracle: skeleton and cells. */
  @Test
  void neverContradictsTheComplexMethodsOnSmallIntegerNetworks() {
    SplittableRandom r = new SplittableRandom(20261129);
    int decided = 0, undecided = 0, compared = 0;
    for (int t = 0; t < 2000; t++) {
      int d = 1 + r.nextInt(3);
      int[] widths = r.nextBoolean() ? new int[] {1 + r.nextInt(4), 1 + r.nextInt(4)} : new int[] {1 + r.nextInt(3), 1 + r.nextInt(3), 1 + r.nextInt(3)};
      Network net = DegenerateNetworks.draw(d, widths, r.nextBoolean(), r.nextBoolean(), r);
      Domain box = Domain.cube(d, -2, 2);
      Verdict s = new SkeletonChecker().check(net, box);
      Verdict truth = s.kind() != VerdictKind.UNKNOWN ? s : new CellEnumerationChecker().check(net, box);
      if (truth.kind() == VerdictKind.UNKNOWN) continue;
      compared++;
      Verdict v = milp.check(net, box);
      if (v.kind() == VerdictKind.UNKNOWN) {
        undecided++;
        continue;
      }
      decided++;
      assertSound(net, v, truth.kind(), "draw " + t + " " + net.describe());
    }
    assertThat(compared).isGreaterThan(1700);
    // ties are everywhere in these draws; most are still decided
    assertThat(decided).isGreaterThan(4 * undecided);
  }

  /** PyTorch-initialised MLPs and SkipMLPs, d = 1..4: general position, so every one is decided. */
  @Test
  void agreesWithTheSkeletonOnRandomDraws() {
    SplittableRandom r = new SplittableRandom(4242);
    for (int t = 0; t < 1000; t++) {
      int d = 1 + r.nextInt(4);
      int[] widths = {2 + r.nextInt(4), 2 + r.nextInt(4)};
      Network net = org.reluconvex.network.RandomNetworks.draw(d, widths, r.nextBoolean(), r.nextInt(4) == 0, r);
      Domain box = Domain.cube(d, -3, 3);
      Verdict s = new SkeletonChecker().check(net, box);
      if (s.kind() == VerdictKind.UNKNOWN) continue;
      assertSound(net, milp.check(net, box), s.kind(), "draw " + t + " " + net.describe());
    }
  }

  @Test
  void constructedNetworksInHighDimensionHaveTheirVerdicts() {
    Piece[][] kinds = {{Piece.ABS}, {Piece.HEPTAGON}, {Piece.BRANCHING}, Piece.values()};
    int k = 0;
    for (int d : new int[] {8, 24, 64, 128})
      for (int pieces : new int[] {3, 12})
        for (Piece[] kind : kinds)
          for (boolean concave : new boolean[] {false, true}) {
            Network net = Constructions.projected(d, pieces, kind, concave, 7919L * k++);
            Domain box = Domain.cube(d, -3, 3);
            assertSound(net, milp.check(net, box), concave ? VerdictKind.NOT_CONVEX : VerdictKind.CONVEX,
                "d=" + d + " pieces=" + pieces + " " + java.util.Arrays.toString(kind) + " concave=" + concave);
          }
  }

  @Test
  void autoChoosesTheProgramsInHighDimensionAndSaysSo() {
    Network net = Constructions.projected(32, 6, Piece.values(), false, 11);
    Verdict v = Checks.check(net, Domain.cube(32, -3, 3), Checks.Method.AUTO);
    assertThat(v.kind()).isEqualTo(VerdictKind.CONVEX);
    assertThat(v.method()).isEqualTo("milp");
    assertThat(v.reason()).startsWith("auto chose milp");
    Network bad = Constructions.projected(32, 6, Piece.values(), true, 11);
    Verdict w = Checks.check(bad, Domain.cube(32, -3, 3), Checks.Method.AUTO);
    assertThat(w.kind()).isEqualTo(VerdictKind.NOT_CONVEX);
    assertThat(w.witness().verifies(bad)).isTrue();
  }

  @Test
  void theVerdictAndWitnessDoNotDependOnTheThreadCount() {
    for (long seed = 1; seed <= 4; seed++) {
      Network net = Constructions.projected(16, 8, Piece.values(), seed % 2 == 0, seed);
      Domain box = Domain.cube(16, -3, 3);
      List<Verdict> vs = new ArrayList<>();
      for (int threads : new int[] {1, 2, 3})
        vs.add(new MilpChecker(PrecisionPolicy.DEFAULT, MilpChecker.Settings.defaults().withThreads(threads)).check(net, box));
      for (Verdict v : vs) {
        assertThat(v.kind()).isEqualTo(vs.get(0).kind());
        if (v.witness() != null) {
          assertThat(v.witness().a()).containsExactly(vs.get(0).witness().a());
          assertThat(v.witness().b()).containsExactly(vs.get(0).witness().b());
        }
      }
    }
  }

  @Test
  void aSpentTimeLimitLeavesTheProgramsUnknownWithTheReason() {
    Network net = Constructions.projected(64, 12, Piece.values(), false, 5);
    // the limit is over before the first program can start: no dependence on the machine's speed
    Verdict v = new MilpChecker(PrecisionPolicy.DEFAULT, MilpChecker.Settings.defaults().withTimeLimit(1e-9)).check(net, Domain.cube(64, -3, 3));
    assertThat(v.kind()).isEqualTo(VerdictKind.UNKNOWN);
    assertThat(v.reason()).contains("time limit");
  }

  @Test
  void icnnSignConditionsDecideAtOnceAndTheWholeSpaceIsRefused() {
    Network icnn = org.reluconvex.network.RandomNetworks.icnn(10, new int[] {8, 8}, 3);
    Verdict v = milp.check(icnn, Domain.cube(10, -3, 3));
    assertThat(v.kind()).isEqualTo(VerdictKind.CONVEX);
    assertThat(v.reason()).contains("ICNN sign conditions");
    assertThatThrownBy(() -> milp.check(icnn, Domain.whole(10))).hasMessageContaining("needs a box");
  }
}
