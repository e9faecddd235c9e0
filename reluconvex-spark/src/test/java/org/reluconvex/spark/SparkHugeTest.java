package org.reluconvex.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reluconvex.ReluConvex;
import org.reluconvex.network.Domain;
import org.reluconvex.complex.PolyhedralComplex;
import org.reluconvex.convexity.Verdict;
import org.reluconvex.convexity.VerdictKind;
import org.reluconvex.convexity.Witness;
import org.reluconvex.io.ModelFiles;
import org.reluconvex.network.Constructions;
import org.reluconvex.network.Network;
import org.reluconvex.network.RandomNetworks;

/** {@code spark huge} against the single-machine check and complex of the same network on the same box. */
class SparkHugeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private JsonNode huge(Network net, String... options) throws IOException {
    Path model = dir.resolve("model.json");
    ModelFiles.write(net, model);
    String[] args = new String[options.length + 3];
    args[0] = "huge";
    args[1] = model.toString();
    args[2] = "--json";
    System.arraycopy(options, 0, args, 3, options.length);
    LocalSpark.Run r = LocalSpark.spark(args);
    JsonNode o = JSON.readTree(r.out());
    assertThat(o.path("exit_code").asInt()).as(r.err()).isEqualTo(r.code());
    return o;
  }

  /** The verdict and counts of one machine: the check (method auto) and the complex of the whole box. */
  private static void assertSameAsOneMachine(Network net, Domain box, JsonNode job, VerdictKind expected) {
    Verdict one = ReluConvex.check(net, box);
    PolyhedralComplex cx = ReluConvex.regions(net, box);
    assertThat(one.kind()).isEqualTo(expected);
    assertThat(job.path("verdict").asText()).isEqualTo(one.kind().label());
    assertThat(job.path("vertices").asLong()).isEqualTo(cx.vertexCount());
    assertThat(job.path("edges").asLong()).isEqualTo(cx.edgeCount());
  }

  @Test
  void aConvex64x64NetworkIsConvexWithTheCountsOfTheWholeComplex() throws IOException {
    Network net = RandomNetworks.icnn(2, new int[] {64, 64}, 3);
    Domain box = Domain.cube(2, -100, 100);
    JsonNode job = huge(net, "--grid", "3,3");
    assertThat(job.path("pieces").asInt()).isEqualTo(9);
    assertThat(job.path("method").asText()).isEqualTo("skeleton on 9 pieces");
    assertSameAsOneMachine(net, box, job, VerdictKind.CONVEX);
    assertThat(job.path("vertices").asLong()).isGreaterThan(1000); // cuts cross many frontiers
  }

  @Test
  void aNonConvex64x64NetworkHasAVerifiedWitnessAndTheSameCounts() throws IOException {
    Network net = RandomNetworks.mlp(2, new int[] {64, 64}, 3);
    Domain box = Domain.cube(2, -3, 3);
    JsonNode job = huge(net, "--box=-3,3", "--grid", "4,2");
    assertSameAsOneMachine(net, box, job, VerdictKind.NOT_CONVEX);
    JsonNode w = job.path("witness");
    double[] a = {w.path("a").get(0).asDouble(), w.path("a").get(1).asDouble()};
    double[] b = {w.path("b").get(0).asDouble(), w.path("b").get(1).asDouble()};
    // an independent proof: the three forward passes in exact arithmetic
    assertThat(Witness.exactExcess(net, a, b).signum()).isPositive();
    assertThat(box.contains(a) && box.contains(b)).isTrue();
    assertThat(w.path("found_by").asText()).startsWith("piece [");
  }

  @Test
  void aPieceTooLargeForItsTaskIsHalvedOnItsExecutorWithTheSameVerdictAndCounts() throws IOException {
    Network net = RandomNetworks.icnn(3, new int[] {24, 24}, 4);
    Domain box = Domain.cube(3, -3, 3);
    JsonNode whole = huge(net, "--box=-3,3", "--grid", "2,1,1");
    assertThat(whole.path("pieces").asInt()).isEqualTo(2);
    // a task share far below one piece's complex: pieces halved (several times) on the executors
    JsonNode halved = huge(net, "--box=-3,3", "--grid", "2,1,1", "--max-memory", "600K");
    assertThat(halved.path("pieces").asInt()).isGreaterThan(2);
    assertSameAsOneMachine(net, box, halved, VerdictKind.CONVEX);
    assertThat(halved.path("vertices").asLong()).isEqualTo(whole.path("vertices").asLong());
    assertThat(halved.path("min_gain").asDouble()).isEqualTo(whole.path("min_gain").asDouble());
  }

  @Test
  void aNonConvexNetworkInHalvedPiecesHasAVerifiedWitnessAndTheSameCounts() throws IOException {
    Network net = RandomNetworks.mlp(3, new int[] {20, 20}, 5);
    Domain box = Domain.cube(3, -3, 3);
    JsonNode job = huge(net, "--box=-3,3", "--grid", "2,1,1", "--max-memory", "600K");
    assertThat(job.path("pieces").asInt()).isGreaterThan(2);
    assertSameAsOneMachine(net, box, job, VerdictKind.NOT_CONVEX);
    JsonNode w = job.path("witness");
    double[] a = new double[3], b = new double[3];
    for (int i = 0; i < 3; i++) {
      a[i] = w.path("a").get(i).asDouble();
      b[i] = w.path("b").get(i).asDouble();
    }
    assertThat(Witness.exactExcess(net, a, b).signum()).isPositive();
    assertThat(box.contains(a) && box.contains(b)).isTrue();
  }

  @Test
  void aPercentageOfWhichHeapIsRefused() throws IOException {
    Path model = dir.resolve("model.json");
    ModelFiles.write(RandomNetworks.icnn(2, new int[] {4}, 1), model);
    LocalSpark.Run r = LocalSpark.spark("huge", model.toString(), "--max-memory", "50%");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--max-memory '50%'").doesNotContain("Exception");
  }

  @Test
  void inThreeDimensionsTheCountsAreThoseOfTheWholeComplexToo() throws IOException {
    Network net = RandomNetworks.icnn(3, new int[] {16, 16}, 2);
    JsonNode job = huge(net, "--box=-3,3", "--grid", "2,2,2");
    assertSameAsOneMachine(net, Domain.cube(3, -3, 3), job, VerdictKind.CONVEX);
  }

  @Test
  void piecesTheSkeletonCannotDecideAreCheckedByAutoAndStillNeedCleanCuts() throws IOException {
    // convex, but in d = 3 the skeleton leaves its coinciding zero sets undecided (auto's cell walk decides);
    // its zero sets also meet on every cut, so the pieces cannot prove the whole convex
    Network net = Constructions.projected(3, 2, Constructions.Piece.values(), false, 5);
    Domain box = Domain.cube(3, -3, 3);
    assertThat(ReluConvex.check(net, box).kind()).isEqualTo(VerdictKind.CONVEX);
    JsonNode job = huge(net, "--box=-3,3", "--grid", "2,1,1");
    assertThat(job.path("verdict").asText()).isEqualTo("unknown");
    assertThat(job.path("reason").asText()).startsWith("every piece is convex, but the pieces do not meet cleanly");
  }

  @Test
  void aZeroSetInsideACutIsNeverCalledConvex() throws IOException {
    // f(x) = -|x1| = -relu(x1) - relu(-x1): linear, so convex, on each side of the cut x1 = 0, concave across it
    Network net = ModelFiles.read(Files.writeString(dir.resolve("v.json"), """
        {"format": "reluconvex-network", "version": 1, "input_dim": 2, "layers": [
          {"width": 2, "bias": [0, 0], "weights": {"0": [[1, 0], [-1, 0]]}},
          {"width": 1, "bias": [0], "weights": {"1": [[-1, -1]]}}]}
        """));
    JsonNode job = huge(net, "--box=-1,1", "--grid", "2,1");
    assertThat(job.path("verdict").asText()).isEqualTo("unknown");
    assertThat(job.path("reason").asText()).contains("do not meet cleanly at the cuts");
    // on an odd grid the kink lies inside a piece, which finds the witness
    JsonNode odd = huge(net, "--box=-1,1", "--grid", "3,1");
    assertThat(odd.path("verdict").asText()).isEqualTo("not_convex");
    assertThat(ReluConvex.check(net, Domain.cube(2, -1, 1)).kind()).isEqualTo(VerdictKind.NOT_CONVEX);
  }
}
