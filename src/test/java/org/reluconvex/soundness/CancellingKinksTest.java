package org.reluconvex.soundness;

import org.reluconvex.convexity.CheckOptions;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.reluconvex.ReluConvex;
import org.reluconvex.convexity.Checks;
import org.reluconvex.convexity.Verdict;
import org.reluconvex.convexity.VerdictKind;
import org.reluconvex.convexity.Witness;
import org.reluconvex.network.Domain;

/**
 * Issue 26, item 5: networks whose kinks cancel ({@link CancelGen}: pass-through pairs, split
 * neurons, f_EX on projections), convex by construction, each next to a twin with one concave kink of
 * 2^-8. Plain {@code check} (auto, default options) must prove the convex ones and give the twins a
 * witness that exact arithmetic confirms, in d = 2 to 32; the integer programs alone (no early
 * search) must do the same from d = 4 on, and the skeleton in d = 3 and 4, each a second exact
 * method next to auto.
 */
class CancellingKinksTest {
  static List<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (String family : CancelGen.FAMILIES)
      for (int d : new int[] {2, 3, 4, 6, 8, 12, 16, 32})
        for (long seed = 1; seed <= 2; seed++) out.add(Arguments.of(family, d, seed));
    return out;
  }

  @ParameterizedTest(name = "{0} d={1} seed={2}")
  @MethodSource("cases")
  void convexOnesAreProvenAndTwinsGetAVerifiedWitness(String family, int d, long seed) {
    for (boolean twin : new boolean[] {false, true}) {
      CancelGen.CancelCase c = CancelGen.draw(family, d, twin, seed);
      Domain box = Domain.box(c.lo(), c.hi());
      judge(c, box, ReluConvex.check(c.net(), box, CheckOptions.defaults()), "auto");
      if (c.net().inputDim() >= 4 && (d == 4 || d == 8 || d == 16))
        judge(c, box, Checks.check(c.net(), box, Checks.Method.MILP), "milp");
      if (c.net().inputDim() == 3 || c.net().inputDim() == 4) {
        Verdict sk = Checks.check(c.net(), box, Checks.Method.SKELETON);
        // the skeleton may step aside (degenerate configurations of pass-through units); it is never wrong
        if (sk.kind() != VerdictKind.UNKNOWN) judge(c, box, sk, "skeleton");
      }
    }
  }

  private static void judge(CancelGen.CancelCase c, Domain box, Verdict v, String how) {
    String what = how + " on " + c.family() + " (" + c.recipe() + "), d = " + c.net().inputDim() + ": " + v.reason();
    if (c.convex()) {
      assertThat(v.kind()).as(what).isEqualTo(VerdictKind.CONVEX);
      return;
    }
    assertThat(v.kind()).as(what).isEqualTo(VerdictKind.NOT_CONVEX);
    Witness w = v.witness();
    assertThat(box.contains(w.a()) && box.contains(w.b())).as(what).isTrue();
    assertThat(Witness.exactExcess(c.net(), w.a(), w.b()).signum()).as(what).isPositive();
  }
}
