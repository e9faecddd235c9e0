package org.reluconvex.soundness;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * The soundness harness of issue 10, item 7. Small half-integer networks (d = 1..4; MLP, SkipMLP,
 * DAG, convex by construction, concave, duplicated/cancelling and constant neurons) are checked
 * with {@code Checks.check} (auto and skeleton) after transformations whose effect on the verdict
 * is known exactly, and every verdict is judged by the exact oracle ({@link Harness}, {@link Kinds}):
 *
 * <ul>
 *   <li>plain: the network on a small box;
 *   <li>shifted: input and box translated by about 2^k, k = 0..40 (biases b - W c, exact);
 *   <li>scaled: inputs and box by 2^s, output by 2^o, |s|, |o| &le; 60;
 *   <li>tiny: d = 1, 2 with inputs and box scaled by 2^-60..2^-30 (boxes of width about 1e-9 to 1e-18);
 *   <li>rescaled: one to three neurons by 2^k, |k| &le; 60 (incoming times 2^k, outgoing 2^-k);
 *   <li>extreme: neurons rescaled by 2^&plusmn;(600..995), sometimes the output by 2^&plusmn;(600..990): weights up to 1e300;
 *   <li>superset: boxes reaching up to &plusmn;9e300 around the base box (where the oracle often found a concave kink);
 *   <li>combined: two to four of these in a row.
 * </ul>
 *
 * A failure does not stop a property: every wrong verdict, bad witness, exception or time-out is
 * collected and the property fails at the end with the counts and replayable examples (network
 * JSON, box, method, the checker's verdict, the oracle's line and exact witness). {@code unknown}
 * is allowed; its rate is printed. Seeds are fixed, so every run checks the same cases.
 */
class SoundnessHarnessTest {
  private static final Map<String, Harness.Tally> TALLIES = new LinkedHashMap<>();

  /** Cases per try: 1 in CI; a larger value (-Dsoundness.repeat=20) makes a long run of fresh cases from the same seeds. */
  private static final int REPEAT = Integer.getInteger("soundness.repeat", 1);

  private interface Kind {
    void run(long seed, Harness.Tally tally, Harness.Checker checker);
  }

  private void cases(String name, long seed, Kind kind) {
    Harness.Tally t = tally(name);
    for (int k = 0; k < REPEAT; k++) kind.run(seed + k * 0x9E3779B97F4A7C15L, t, Harness.FRONT_DOOR);
  }

  /** The tally of the property running in this instance (jqwik makes one instance per property). */
  private Harness.Tally current;

  private Harness.Tally tally(String kind) {
    synchronized (TALLIES) {
      current = TALLIES.computeIfAbsent(kind, Harness.Tally::new);
    }
    return current;
  }

  @Property(tries = 1500, seed = "1010", shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
  void plain(@ForAll @LongRange long seed) {
    cases("plain", seed, Kinds::plain);
  }

  @Property(tries = 1000, seed = "1020", shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
  void shifted(@ForAll @LongRange long seed) {
    cases("shifted", seed, Kinds::shifted);
  }

  @Property(tries = 800, seed = "1030", shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
  void scaled(@ForAll @LongRange long seed) {
    cases("scaled", seed, Kinds::scaled);
  }

  @Property(tries = 600, seed = "1035", shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
  void tiny(@ForAll @LongRange long seed) {
    cases("tiny", seed, Kinds::tiny);
  }

  @Property(tries = 800, seed = "1040", shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
  void rescaled(@ForAll @LongRange long seed) {
    cases("rescaled", seed, Kinds::rescaled);
  }

  @Property(tries = 800, seed = "1050", shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
  void extreme(@ForAll @LongRange long seed) {
    cases("extreme", seed, Kinds::extreme);
  }

  @Property(tries = 300, seed = "1060", shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
  void superset(@ForAll @LongRange long seed) {
    cases("superset", seed, Kinds::superset);
  }

  @Property(tries = 500, seed = "1070", shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
  void combined(@ForAll @LongRange long seed) {
    cases("combined", seed, Kinds::combined);
  }

  @AfterProperty
  void judge() {
    Harness.Tally t = current;
    if (t == null) return;
    org.reluconvex.testing.TestReports.add("soundness-harness", t.summary());
    if (t.failures > 0)
      throw new AssertionError(t.failures + " wrong verdicts, bad witnesses, crashes or time-outs among " + t.checks
          + " checks of kind '" + t.kind + "'\n" + t.report());
  }

  @AfterContainer
  static void summary() {
    StringBuilder sb = new StringBuilder("\n==== soundness harness ====\n");
    int cases = 0, checks = 0, unknown = 0, failures = 0;
    for (Harness.Tally t : TALLIES.values()) {
      sb.append(t.summary());
      cases += t.cases;
      checks += t.checks;
      unknown += t.unknown;
      failures += t.failures;
    }
    sb.append(String.format(Locale.ROOT, "total: %d cases, %d checks, %d unknown (%.1f%%), %d failures%n", cases, checks, unknown,
        checks == 0 ? 0.0 : 100.0 * unknown / checks, failures));
    org.reluconvex.testing.TestReports.add("soundness-harness", sb.toString());
  }
}
