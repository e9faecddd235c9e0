package org.reluconvex.soundness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reluconvex.ReluConvex;
import org.reluconvex.convexity.Checks;
import org.reluconvex.convexity.Verdict;
import org.reluconvex.convexity.VerdictKind;
import org.reluconvex.convexity.Witness;
import org.reluconvex.io.ModelFiles;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;

/**
 * Issue 26, item 2: ReLU MLPs trained in PyTorch on the signed distance of a convex body and pushed
 * by {@code ConvexityPenalty} (src/test/resources/trained-convex, its README says how). Plain
 * {@code check} proves each convex, and a second exact method agrees (the skeleton in d &le; 3, the
 * programs in d = 8); in d &le; 3 {@code auto} goes to the complex, which the switching neurons show
 * to be small, not to the programs a worst-case bound on all neurons once chose. Each network's twin,
 * the same minus 2^-8 relu(w.x) carried to the output by a chain of neurons relu(z + 1) (a concave kink
 * on a hyperplane through the box's centre, and no other), gets a witness that exact arithmetic confirms.
 */
class TrainedConvexTest {
  private static final Path DIR = Path.of(System.getProperty("reluconvex.shared", "."), "src", "test", "resources", "trained-convex");

  @ParameterizedTest
  @ValueSource(strings = {"d2-3x16", "d3-4x32-a", "d3-4x32-b", "d3-8x32", "d8-2x16"})
  void provenConvexAndTwinsGetAWitness(String name) {
    Network net = ModelFiles.read(DIR.resolve(name + ".onnx"));
    int d = net.inputDim();
    Domain box = Domain.cube(d, -0.5, 0.5);
    Verdict v = ReluConvex.check(net, box);
    assertThat(v.kind()).as(v.reason()).isEqualTo(VerdictKind.CONVEX);
    if (d <= 3) assertThat(v.method()).as(v.reason()).startsWith("skeleton");
    Verdict second = Checks.check(net, box, d <= 3 ? Checks.Method.SKELETON : Checks.Method.MILP);
    assertThat(second.kind()).as(second.reason()).isEqualTo(VerdictKind.CONVEX);

    Network twin = withConcaveKink(net);
    Verdict t = ReluConvex.check(twin, box);
    assertThat(t.kind()).as(t.reason()).isEqualTo(VerdictKind.NOT_CONVEX);
    assertThat(Stream.of(t.witness().a(), t.witness().b()).allMatch(box::contains)).isTrue();
    assertThat(Witness.exactExcess(twin, t.witness().a(), t.witness().b()).signum()).isPositive();
  }

  /** net minus 2^-8 (relu(x_0 - x_1/2 + x_2/4 ...) + constant), carried through the hidden layers by neurons relu(z + 1). */
  static Network withConcaveKink(Network net) {
    Editable e = Editable.of(net);
    int d = net.inputDim(), out = e.out(), prev = -1;
    for (int l = 1; l < out; l++) {
      int h = e.addNeuron(l);
      if (l == 1) for (int i = 0; i < d; i++) e.setWeight(1, h, 0, i, Math.scalb(i % 2 == 0 ? 1.0 : -1.0, -i)); // through the centre 0
      else { // relu(prev + 1) = prev + 1 > 0: carried on with no zero set of its own
        e.setWeight(l, h, l - 1, prev, 1);
        e.setBias(l, h, 1);
      }
      prev = h;
    }
    e.setWeight(out, 0, out - 1, prev, -0x1p-8);
    return e.build();
  }
}
