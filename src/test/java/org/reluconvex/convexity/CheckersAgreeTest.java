package org.reluconvex.convexity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.reluconvex.network.Domain;
import org.reluconvex.icnn.OneLayerNets;
import org.reluconvex.network.Architecture;
import org.reluconvex.network.Network;
import org.reluconvex.network.NetworkBuilder;
import org.reluconvex.network.RandomNetworks;

class CheckersAgreeTest {
  private final CellEnumerationChecker cells = new CellEnumerationChecker();
  private final OneLayerChecker onelayer = new OneLayerChecker();

  /** One hidden layer with repeated, scaled and flipped neurons; kinks of mixed signs, some exactly zero. */
  @Property(tries = 80, seed = "20261126")
  void onelayerAndCellsAgreeOnWholeSpace(
      @ForAll @IntRange(min = 1, max = 3) int d,
      @ForAll @IntRange(min = 1, max = 5) int hyperplanes,
      @ForAll @IntRange(min = 1, max = 3) int copies,
      @ForAll @IntRange(min = 0, max = 1_000_000) int seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] kinks = new double[hyperplanes];
    for (int h = 0; h < hyperplanes; h++) kinks[h] = switch (r.nextInt(4)) {
      case 0 -> 0.0;
      case 1 -> -r.nextDouble(0.1, 2);
      default -> r.nextDouble(0.1, 2);
    };
    Network net = OneLayerNets.withCopies(d, kinks, copies, seed);
    for (Domain dom : new Domain[] {Domain.whole(d), Domain.cube(d, -0.5, 0.5)}) {
      Verdict a = onelayer.check(net, dom);
      Verdict b = cells.check(net, dom);
      assertThat(a.kind()).as("onelayer: %s", a.reason()).isNotEqualTo(VerdictKind.UNKNOWN);
      assertThat(b.kind()).as("cells %s: %s vs onelayer %s", dom, b.reason(), a.reason()).isEqualTo(a.kind());
      if (b.kind() == VerdictKind.NOT_CONVEX) assertThat(b.witness().verifies(net)).isTrue();
    }
  }

  @Property(tries = 60, seed = "20261126")
  void onelayerAndCellsAgreeOnPlainDraws(
      @ForAll @IntRange(min = 1, max = 3) int d,
      @ForAll @IntRange(min = 1, max = 8) int width,
      @ForAll @IntRange(min = 0, max = 1_000_000) int seed) {
    Network net = RandomNetworks.skipMlp(d, new int[] {width}, seed);
    Domain box = Domain.cube(d, -1, 1);
    assertThat(cells.check(net, box).kind()).isEqualTo(onelayer.check(net, box).kind());
    assertThat(cells.check(net, Domain.whole(d)).kind()).isEqualTo(onelayer.check(net, Domain.whole(d)).kind());
  }

  /** General DAGs: an MLP plus edges from the first hidden layer to the output and from the input to layer 2. */
  @Property(tries = 25, seed = "20261126")
  void cellsOnDagsAgreeWithSampling(
      @ForAll @IntRange(min = 1, max = 3) int d,
      @ForAll @IntRange(min = 0, max = 1_000_000) int seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Network mlp = RandomNetworks.icnn(d, new int[] {3, 3}, seed);
    NetworkBuilder b = mlp.toBuilder();
    double[] skip = new double[3];
    for (int i = 0; i < 3; i++) skip[i] = r.nextDouble(-0.2, 0.5);
    b.block(3, 1, skip);
    Network net = b.build();
    assertThat(net.architecture()).isEqualTo(Architecture.DAG);
    Domain dom = Domain.cube(d, -3, 3);
    Verdict v = new CellEnumerationChecker(100_000, false).check(net, dom);
    assertThat(v.kind()).as(v.reason()).isNotEqualTo(VerdictKind.UNKNOWN);
    assertThat(v.cells()).isGreaterThanOrEqualTo(CellEnumerationCheckerTest.sampledPatterns(net, dom, seed, 2000));
    boolean violation = CellEnumerationCheckerTest.samplingFindsViolation(net, dom, seed, 4000);
    if (violation) assertThat(v.kind()).isEqualTo(VerdictKind.NOT_CONVEX);
    if (v.kind() == VerdictKind.NOT_CONVEX) assertThat(v.witness().verifies(net)).isTrue();
  }

  /** Integer weights: coincident hyperplanes, common points, identically-zero neurons. */
  @Property(tries = 40, seed = "20261126")
  void cellsOnDegenerateNetworksAgreeWithSamplingAndOnelayer(
      @ForAll @IntRange(min = 1, max = 3) int d,
      @ForAll @IntRange(min = 1, max = 2) int layers,
      @ForAll @IntRange(min = 0, max = 1_000_000) int seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] widths = new int[layers];
    for (int l = 0; l < layers; l++) widths[l] = 1 + r.nextInt(4);
    Network net = DegenerateNetworks.draw(d, widths, r.nextBoolean(), r.nextBoolean(), r);
    Domain dom = r.nextBoolean() ? Domain.cube(d, -2, 2) : Domain.whole(d);
    Verdict v = cells.check(net, dom);
    assertThat(v.kind()).as(v.reason()).isNotEqualTo(VerdictKind.UNKNOWN);
    Domain sample = dom.isBox() ? dom : Domain.cube(d, -5, 5);
    if (CellEnumerationCheckerTest.samplingFindsViolation(net, sample, seed, 3000))
      assertThat(v.kind()).isEqualTo(VerdictKind.NOT_CONVEX);
    if (v.kind() == VerdictKind.NOT_CONVEX) assertThat(v.witness().verifies(net)).isTrue();
    if (layers == 1) assertThat(onelayer.check(net, dom).kind()).isEqualTo(v.kind());
  }
}
