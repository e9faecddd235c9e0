package org.reluconvex.soundness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * The thin-geometry soundness harness of issue 25, item 4: corners, slabs, facets, near-duplicate
 * hyperplanes, tied frontiers moved by 2^-30, and subnormal or overflowing products ({@link ThinGen}),
 * d = 1..64, each case through {@code check} (auto with the early witness search, as the command
 * line), auto without it, and {@code --method} cells, skeleton (d &le; {@code soundness.thin.skeletonDim},
 * default 8, and d up to 12 on every {@code soundness.thin.bigSkeletonEvery}-th case, default 3), milp
 * (every {@code soundness.thin.milpEvery}-th case, default 2) and onelayer (one hidden layer), judged by
 * {@link ThinHarness} against the exact oracle.
 *
 * <p>Seeds are fixed: every run checks the same cases. {@code -Dsoundness.thin.repeat=N} (or
 * {@code soundness.repeat}) checks N times as many cases from the same seeds
 * ({@code -Dsoundness.thin.fraction=0.1}: a tenth of them, for a quick look);
 * {@code -Dsoundness.thin.timeout=S} sets the time-out of one check (default 120 s: a guard against a hang, far above the slowest check measured, 9 s). Each property
 * fails at the end with the counts and the shortest replayable failures; the table of every family and
 * method is written to {@code target/thin-geometry-report.txt} (printed only with a failure).
 *
 * <p>Run just these: {@code mvn -q test -pl :reluconvex -am -Dtest='ThinGeometry*' -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class ThinGeometryHarnessTest {
  static final ThinHarness.Stats STATS = new ThinHarness.Stats();

  private static final int REPEAT = Integer.getInteger("soundness.thin.repeat", Integer.getInteger("soundness.repeat", 1));
  private static final int MILP_EVERY = Math.max(1, Integer.getInteger("soundness.thin.milpEvery", 2));
  /** Fraction of the tries that run (for a quick look: -Dsoundness.thin.fraction=0.1). */
  private static final double FRACTION = Double.parseDouble(System.getProperty("soundness.thin.fraction", "1"));
  private static final int BIG_SKELETON_EVERY = Math.max(1, Integer.getInteger("soundness.thin.bigSkeletonEvery", 3));
  private static final AtomicLong COUNT = new AtomicLong();

  private String family;

  private void cases(String fam, long seed) {
    family = fam;
    if (FRACTION < 1 && new SplittableRandom(seed).nextDouble() >= FRACTION) return;
    for (int k = 0; k < REPEAT; k++) {
      SplittableRandom r = new SplittableRandom(seed + k * 0x9E3779B97F4A7C15L);
      ThinGen.ThinCase c = ThinGen.draw(fam, r);
      long n = COUNT.getAndIncrement();
      ThinHarness.run(c, STATS, r, n % MILP_EVERY == 0, n % BIG_SKELETON_EVERY == 0);
    }
  }

  @Property(tries = 380, seed = "2501", shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
  void corner(@ForAll @LongRange long seed) { cases("corner", seed); }

  @Property(tries = 380, seed = "2502", shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
  void slab(@ForAll @LongRange long seed) { cases("slab", seed); }

  @Property(tries = 300, seed = "2503", shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
  void facet(@ForAll @LongRange long seed) { cases("facet", seed); }

  @Property(tries = 380, seed = "2504", shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
  void nearDuplicates(@ForAll @LongRange long seed) { cases("near_dup", seed); }

  @Property(tries = 340, seed = "2505", shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
  void tiedFrontiers(@ForAll @LongRange long seed) { cases("tied", seed); }

  @Property(tries = 320, seed = "2506", shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
  void subnormalAndOverflow(@ForAll @LongRange long seed) { cases("scale", seed); }

  @AfterProperty
  void judge() {
    if (family == null) return;
    int failures = STATS.failuresOf(family);
    if (failures > 0)
      throw new AssertionError(failures + " wrong verdicts, bad witnesses, exceptions or time-outs in family '" + family + "'\n"
          + STATS.table(java.util.List.of(family)) + STATS.reproducers(family, 2));
  }

  @AfterContainer
  static void report() {
    String text = "==== thin-geometry harness ====\n" + STATS.table(ThinGen.FAMILIES) + "\nmost common unknown reasons:\n" + STATS.unknownSummary()
        + "\nshortest failures per kind:\n" + STATS.reproducers(null, 3);
    try {
      Path dir = Path.of("target");
      if (Files.isDirectory(dir)) {
        Files.writeString(dir.resolve("thin-geometry-report.txt"), text);
        Files.writeString(dir.resolve("thin-geometry-checks.csv"), STATS.csv.toString());
      }
    } catch (IOException e) {
      System.out.println("could not write target/thin-geometry-report.txt: " + e);
    }
  }
}
