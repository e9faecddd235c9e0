package org.reluconvex.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reluconvex.network.Domain;
import org.reluconvex.io.ModelFiles;
import org.reluconvex.network.ActivationPattern;
import org.reluconvex.network.Network;
import org.reluconvex.network.NetworkBuilder;
import org.reluconvex.pathlift.GainConstraint;
import org.reluconvex.pathlift.Gains;
import org.reluconvex.testing.SampledZeroSets;
import org.reluconvex.train.ParameterLayout;

/**
 * {@code reluconvex constraints} and its serve op: the constraint list against a hand-derived case and
 * against sampling of the zero sets, the gains against exact rational gains, R against its definition
 * and the gradient against central differences of R on the listed (frozen) constraints.
 */
class ConstraintsCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String... args) throws Exception {
    List<String> a = new ArrayList<>(List.of("constraints"));
    a.addAll(List.of(args));
    a.add("--json");
    CliRun r = CliRun.of(a.toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isZero();
    return JSON.readTree(r.out());
  }

  /** f(x) = -|x1| = -relu(x1) - relu(-x1). */
  private static Network minusAbs() {
    return NetworkBuilder.of(2, 2)
        .weights(1, 0, new double[][] {{1, 0}, {-1, 0}}).bias(1, new double[] {0, 0})
        .weights(2, 1, new double[][] {{-1, -1}}).bias(2, new double[] {0}).build();
  }

  @Test
  void minusAbsoluteValueByHand(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("minus-abs.json");
    ModelFiles.write(minusAbs(), file);
    // both neurons switch on x1 = 0 inside the box; each gain is its output weight, -1
    JsonNode j = json(file.toString(), "--box=-1,1", "--margin=0.5", "--gradient");
    assertThat(j.get("architecture").asText()).isEqualTo("MLP");
    assertThat(j.get("count").asInt()).isEqualTo(2);
    assertThat(j.get("constraints").toString()).isEqualTo(
        "[{\"layer\":1,\"neuron\":0,\"pattern\":[],\"gain\":-1.0},{\"layer\":1,\"neuron\":1,\"pattern\":[],\"gain\":-1.0}]");
    assertThat(j.get("min_gain").asDouble()).isEqualTo(-1.0);
    assertThat(j.get("penalty").asDouble()).isEqualTo(3.0); // 2 * (0.5 - (-1))
    // d/dw2[i] of (0.5 - w2[i]) = -1; nothing else is on a path from a switching neuron
    assertThat(j.get("gradient").toString()).isEqualTo("[0.0,0.0,0.0,0.0,0.0,0.0,-1.0,-1.0,0.0]");
    assertThat(j.get("parameter_layout").toString()).isEqualTo("[{\"layer\":1,\"block\":\"weights\",\"from\":0,\"offset\":0,\"shape\":[2,2]},"
        + "{\"layer\":1,\"block\":\"bias\",\"offset\":4,\"shape\":[2]},"
        + "{\"layer\":2,\"block\":\"weights\",\"from\":1,\"offset\":6,\"shape\":[1,2]},"
        + "{\"layer\":2,\"block\":\"bias\",\"offset\":8,\"shape\":[1]}]");
    // away from x1 = 0 nothing switches: no constraint, R = 0
    JsonNode away = json(file.toString(), "--box=1:2,-1:1");
    assertThat(away.get("count").asInt()).isZero();
    assertThat(away.get("min_gain").isNull()).isTrue();
    assertThat(away.get("penalty").asDouble()).isZero();
    assertThat(away.has("gradient")).isFalse();
    CliRun text = CliRun.of("constraints", file.toString(), "--box=-1,1");
    assertThat(text.out()).contains("constraints: 2, smallest gain -1.00000", "penalty:     2.00000",
        "  layer 1 neuron 0  downstream -  gain -1.00000");
  }

  @Test
  void randomNetworksAgainstSamplingExactGainsAndFiniteDifferences() throws Exception {
    Domain box = Domain.cube(2, -3, 3);
    double margin = 0.05;
    for (int seed = 0; seed < 4; seed++) {
      String spec = "example:random?dim=2&widths=4,6&seed=" + seed + (seed % 2 == 1 ? "&skip=true" : "");
      Network net = ModelFiles.resolve(spec);
      JsonNode j = json(spec, "--box=-3,3", "--margin=" + margin, "--gradient");
      int k = net.hiddenLayers();
      List<GainConstraint> listed = new ArrayList<>();
      Set<String> keys = new HashSet<>();
      double r = 0;
      for (JsonNode c : j.get("constraints")) {
        int l = c.get("layer").asInt(), i = c.get("neuron").asInt();
        boolean[][] a = new boolean[k + 1][];
        for (int m = 1; m <= k; m++) a[m] = new boolean[net.width(m)];
        for (int m = l + 1; m <= k; m++)
          for (int q = 0; q < net.width(m); q++) a[m][q] = c.get("pattern").get(m - l - 1).get(q).asInt() == 1;
        ActivationPattern p = new ActivationPattern(a);
        listed.add(new GainConstraint(new org.reluconvex.network.NeuronId(l, i), p));
        assertThat(keys.add(l + ":" + i + ":" + p)).as("seed %d: listed once", seed).isTrue();
        BigDecimal exact = Gains.exactAll(net, p)[l][i];
        assertThat(c.get("gain").asDouble()).as("seed %d", seed).isCloseTo(exact.doubleValue(), within(1e-12));
        r += Math.max(0, margin - exact.doubleValue());
      }
      assertThat(j.get("count").asInt()).isEqualTo(listed.size()).isPositive();
      assertThat(j.get("penalty").asDouble()).as("seed %d", seed).isCloseTo(r, within(1e-12));
      // every pattern that sampling finds on a zero set is listed
      Set<String> sampled = new HashSet<>();
      for (GainConstraint c : new SampledZeroSets(100).collect(net, box))
        sampled.add(c.neuron().layer() + ":" + c.neuron().index() + ":" + downstreamOnly(c, k));
      Set<String> listedKeys = new HashSet<>();
      for (GainConstraint c : listed) listedKeys.add(c.neuron().layer() + ":" + c.neuron().index() + ":" + downstreamOnly(c, k));
      assertThat(sampled).isNotEmpty();
      assertThat(listedKeys).as("seed %d", seed).containsAll(sampled);
      // gradient: central differences of R on the listed constraints, parameters in train's layout
      ParameterLayout layout = ParameterLayout.of(net);
      double[] theta = layout.parametersOf(net);
      JsonNode grad = j.get("gradient");
      assertThat(grad.size()).isEqualTo(layout.size());
      double h = 1e-6;
      for (int q = 0; q < theta.length; q++) {
        double[] plus = theta.clone(), minus = theta.clone();
        plus[q] += h;
        minus[q] -= h;
        double fd = (penalty(layout.network(plus), listed, margin) - penalty(layout.network(minus), listed, margin)) / (2 * h);
        assertThat(grad.get(q).asDouble()).as("seed %d parameter %d", seed, q).isCloseTo(fd, within(1e-7));
      }
    }
  }

  private static double penalty(Network net, List<GainConstraint> cs, double margin) {
    double r = 0;
    for (GainConstraint c : cs) r += Math.max(0, margin - Gains.gain(net, c.neuron().layer(), c.neuron().index(), c.pattern()));
    return r;
  }

  private static String downstreamOnly(GainConstraint c, int k) {
    StringBuilder sb = new StringBuilder();
    for (int m = c.neuron().layer() + 1; m <= k; m++) {
      for (boolean b : c.pattern().layer(m)) sb.append(b ? '1' : '0');
      sb.append('|');
    }
    return sb.toString();
  }

  @Test
  void theServeOpAnswersWhatTheCommandPrints(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("minus-abs.json");
    ModelFiles.write(minusAbs(), file);
    String model = JSON.readTree(file.toFile()).toString();
    String requests = String.join("\n",
        "{\"id\": 1, \"op\": \"constraints\", \"model\": \"example:non-icnn-weights\", \"box\": [-2, 2]}",
        "{\"id\": 2, \"op\": \"constraints\", \"model\": " + model + ", \"box\": [[-1, 1], [-1, 1]], \"margin\": 0.5, \"gradient\": true}",
        "{\"id\": 3, \"op\": \"constraints\", \"model\": \"example:non-icnn-weights\", \"gradient\": 1}",
        "{\"id\": 4, \"op\": \"constraints\", \"model\": \"example:non-icnn-weights\", \"margin\": -1}",
        "{\"id\": 5, \"op\": \"constraints\", \"model\": \"example:non-icnn-weights\", \"method\": \"milp\"}") + "\n";
    CliRun r = CliRun.withStdin(requests, "serve");
    assertThat(r.code()).as(r.err()).isZero();
    List<JsonNode> lines = new ArrayList<>();
    for (String l : r.out().lines().toList()) lines.add(JSON.readTree(l));
    assertThat(lines.get(0).get("ops").toString()).contains("\"constraints\"");
    ObjectNode first = fields(lines.get(1)), expected = fields(json("example:non-icnn-weights", "--box=-2,2"));
    expected.put("exit_code", 0);
    assertThat(first).isEqualTo(expected);
    // non-icnn-weights has downstream neurons vanishing on zero sets: their expansion repeats no pair
    Set<String> pairs = new HashSet<>();
    for (JsonNode c : first.get("constraints")) pairs.add(c.get("layer") + ":" + c.get("neuron") + ":" + c.get("pattern"));
    assertThat(pairs).hasSize(first.get("count").asInt()).hasSize(8);
    assertThat(first.get("min_gain").asDouble()).isEqualTo(-2.0);
    ObjectNode second = fields(lines.get(2)), byFile = fields(json(file.toString(), "--box=-1,1", "--margin=0.5", "--gradient"));
    byFile.put("model", "inline.json");
    byFile.put("exit_code", 0);
    assertThat(second).isEqualTo(byFile);
    assertThat(lines.get(3).get("error").asText()).contains("gradient must be true or false");
    assertThat(lines.get(4).get("error").asText()).contains("--margin must be a finite number >= 0");
    assertThat(lines.get(5).get("error").asText()).contains("op constraints has no field 'method'");
    for (int i = 3; i <= 5; i++) assertThat(lines.get(i).get("exit_code").asInt()).isEqualTo(CliSupport.BAD_INPUT);
  }

  private static ObjectNode fields(JsonNode answer) {
    ObjectNode o = ((ObjectNode) answer).deepCopy();
    o.remove(List.of("id", "op", "seconds"));
    return o;
  }

  @Test
  void networksWithoutTrainsLayoutAreRefusedInOneLine(@TempDir Path dir) throws Exception {
    // hidden layer 1 also feeds the output directly: a DAG
    Network dag = NetworkBuilder.of(2, 2, 2)
        .weights(1, 0, new double[][] {{1, 0}, {0, 1}}).bias(1, new double[] {0, 0})
        .weights(2, 1, new double[][] {{1, 1}, {1, -1}}).bias(2, new double[] {0, 0})
        .weights(3, 2, new double[][] {{1, 1}}).weights(3, 1, new double[][] {{1, -1}}).bias(3, new double[] {0}).build();
    Path file = dir.resolve("dag.json");
    ModelFiles.write(dag, file);
    CliRun r = CliRun.of("constraints", file.toString());
    assertThat(r.code()).isEqualTo(CliSupport.BAD_INPUT);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains("constraints takes an MLP or a SkipMLP with at least one hidden layer, not DAG");
  }
}
