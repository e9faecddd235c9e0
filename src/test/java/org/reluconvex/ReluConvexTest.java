package org.reluconvex;

import org.reluconvex.convexity.CheckOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reluconvex.network.Domain;
import org.reluconvex.convexity.Checks;
import org.reluconvex.convexity.Verdict;
import org.reluconvex.convexity.VerdictKind;
import org.reluconvex.icnn.OneLayerNets;
import org.reluconvex.io.ModelFiles;
import org.reluconvex.network.Network;
import org.reluconvex.network.RandomNetworks;

/** The front door answers as the checks behind it, on hand-derived cases and against a second exact method. */
class ReluConvexTest {
  /** f(x) = a relu(x) + a relu(-x) = a |x|: convex for a = 1, concave for a = -1. */
  private static Network oneNeuronPair(double a) {
    return OneLayerNets.of(new double[][] {{1}, {-1}}, new double[] {0, 0}, new double[] {a, a}, null, 0);
  }

  @Test
  void absoluteValueIsConvexAndItsNegativeIsNotWithAWitnessCheckedByHand() {
    Domain box = Domain.cube(1, -1, 1);
    assertThat(ReluConvex.check(oneNeuronPair(1), box).kind()).isEqualTo(VerdictKind.CONVEX);

    Verdict v = ReluConvex.check(oneNeuronPair(-1), box);
    assertThat(v.kind()).isEqualTo(VerdictKind.NOT_CONVEX);
    double a = v.witness().a()[0], b = v.witness().b()[0], m = 0.5 * (a + b);
    // -|x|: the midpoint lies above the chord exactly when a and b straddle 0
    assertThat(-Math.abs(m) - 0.5 * (-Math.abs(a) - Math.abs(b))).isPositive();
    assertThat(a * b).isNegative();
    assertThat(box.contains(v.witness().a()) && box.contains(v.witness().b())).isTrue();
  }

  @Test
  void autoAndTheCellWalkAgreeOnSeededNetworks() {
    for (long seed = 1; seed <= 6; seed++) {
      Network net = RandomNetworks.skipMlp(2, new int[] {3, 3}, seed);
      Domain box = Domain.cube(2, -2, 2);
      Verdict auto = ReluConvex.check(net, box);
      Verdict asChecks = Checks.check(net, box, Checks.Method.AUTO);
      assertThat(auto.kind()).as("seed %d", seed).isEqualTo(asChecks.kind());
      assertThat(auto.method()).isEqualTo(asChecks.method());
      Verdict cells = ReluConvex.check(net, box, Checks.Method.CELLS);
      if (auto.kind() != VerdictKind.UNKNOWN && cells.kind() != VerdictKind.UNKNOWN)
        assertThat(cells.kind()).as("seed %d: cells against auto", seed).isEqualTo(auto.kind());
      if (auto.kind() == VerdictKind.NOT_CONVEX) assertThat(auto.witness().verifies(net)).isTrue();
    }
  }

  @Test
  void optionsChooseTheMethodAndTheEarlySearchLeavesTheVerdictAlone() {
    Network net = ReluConvex.load("example:random?dim=2&widths=4,4&seed=1");
    Domain box = Domain.cube(2, -1, 1);
    Verdict plain = ReluConvex.check(net, box, CheckOptions.defaults().withMethod(Checks.Method.SKELETON));
    Verdict early = ReluConvex.check(net, box, CheckOptions.defaults().withMethod(Checks.Method.SKELETON).withEarlyTrials(200));
    assertThat(plain.method()).isEqualTo("skeleton");
    assertThat(early.kind()).isEqualTo(plain.kind());
    assertThatThrownBy(() -> CheckOptions.defaults().withEarlyTrials(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theRegionsOfTheL1NormAreTheFourQuadrants() {
    // |x1| + |x2| on [-1, 1]^2: the axes cut the square into 4 cells; 4 corners, 4 axis ends and the
    // origin are the vertices; 8 half sides and 4 half axes the edges
    Network l1 = OneLayerNets.of(new double[][] {{1, 0}, {-1, 0}, {0, 1}, {0, -1}}, new double[4], new double[] {1, 1, 1, 1}, null, 0);
    var cx = ReluConvex.regions(l1, Domain.cube(2, -1, 1));
    assertThat(cx.vertexCount()).isEqualTo(9);
    assertThat(cx.edgeCount()).isEqualTo(12);
    assertThat(cx.cellCount()).isEqualTo(4);
  }

  @Test
  void readGivesBackTheNetworkWritten(@TempDir Path dir) {
    Network net = RandomNetworks.mlp(3, new int[] {4, 2}, 7);
    for (String name : new String[] {"m.json", "m.onnx"}) {
      Path p = dir.resolve(name);
      ModelFiles.write(net, p);
      Network back = ReluConvex.read(p);
      double[] x = {0.25, -1.5, 3};
      assertThat(back.eval(x)).as(name).isEqualTo(net.eval(x));
    }
  }
}
