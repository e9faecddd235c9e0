package org.reluconvex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reluconvex.ReluConvex;
import org.reluconvex.convexity.CheckOptions;
import org.reluconvex.convexity.Checks;
import org.reluconvex.convexity.Progress;
import org.reluconvex.convexity.Verdict;
import org.reluconvex.io.ModelFiles;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;
import org.reluconvex.network.NeuronId;

/** Progress of a long computation: the library's listener, the command line's JSON lines, serve's progress lines. */
class ProgressTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TRAINED = "src/test/resources/trained-convex/d2-3x16.onnx";

  /** Every program solved is told once, numbered 1 to the total, and the answer does not change. */
  @Test
  void theProgramsOfMilpAreToldOneByOne() {
    Network net = ModelFiles.resolve(TRAINED);
    Domain box = Domain.cube(2, -0.5, 0.5);
    List<int[]> heard = Collections.synchronizedList(new ArrayList<>());
    Progress listener = new Progress() {
      @Override
      public void done(int finished, int planned, org.reluconvex.complex.Piece piece, int vertices) {}

      @Override
      public void programs(int done, int total, NeuronId neuron) { heard.add(new int[] {done, total, neuron.layer()}); }
    };
    CheckOptions milp = CheckOptions.defaults().withMethod(Checks.Method.MILP);
    Verdict with = ReluConvex.check(net, box, milp.withProgress(listener));
    Verdict without = ReluConvex.check(net, box, milp);
    assertThat(with.kind()).isEqualTo(without.kind());
    assertThat(heard).isNotEmpty();
    int total = heard.get(0)[1];
    assertThat(heard).allSatisfy(h -> assertThat(h[1]).isEqualTo(total)).allSatisfy(h -> assertThat(h[2]).isBetween(1, 3));
    assertThat(heard.stream().mapToInt(h -> h[0]).sorted().toArray()).containsExactly(java.util.stream.IntStream.rangeClosed(1, total).toArray());
  }

  /** What shows progress is not part of the check: a listener that fails changes nothing in the answer. */
  @Test
  void aFailingListenerChangesNothing() {
    Network net = ModelFiles.resolve(TRAINED);
    Domain box = Domain.cube(2, -0.5, 0.5);
    Progress broken = new Progress() {
      @Override
      public void done(int finished, int planned, org.reluconvex.complex.Piece piece, int vertices) { throw new IllegalStateException("display"); }

      @Override
      public void programs(int done, int total, NeuronId neuron) { throw new IllegalStateException("display"); }
    };
    CheckOptions milp = CheckOptions.defaults().withMethod(Checks.Method.MILP);
    Verdict v = ReluConvex.check(net, box, milp.withProgress(broken));
    assertThat(v.kind()).isEqualTo(ReluConvex.check(net, box, milp).kind());
    assertThat(v.method()).isEqualTo("milp");
  }

  /** With --progress, standard error carries one JSON object per event; standard output is unchanged. */
  @Test
  void progressLinesOnStandardErrorLeaveTheAnswerAlone() throws Exception {
    CliRun plain = CliRun.of("check", TRAINED, "--box=-0.5,0.5", "--method", "milp", "--json");
    CliRun r = CliRun.of("check", TRAINED, "--box=-0.5,0.5", "--method", "milp", "--json", "--progress");
    assertThat(r.code()).isEqualTo(plain.code());
    assertThat(JSON.readTree(r.out()).get("verdict")).isEqualTo(JSON.readTree(plain.out()).get("verdict"));
    List<String> lines = r.err().lines().toList();
    assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l).startsWith(ProgressLines.JSON_PREFIX));
    JsonNode last = JSON.readTree(lines.get(lines.size() - 1)).get("progress");
    assertThat(last.get("kind").asText()).isEqualTo("programs");
    assertThat(last.get("done").asInt()).isEqualTo(last.get("total").asInt()).isEqualTo(lines.size());
    // a list of models says how far it got
    CliRun list = CliRun.withStdin(TRAINED + "\nexample:beyond-icnn\n", "check", "--list", "-", "--box=-0.5,0.5", "--json", "--progress");
    List<JsonNode> models = new ArrayList<>();
    for (String l : list.err().lines().toList()) {
      JsonNode p = JSON.readTree(l).get("progress");
      if (p.get("kind").asText().equals("models")) models.add(p);
    }
    assertThat(models).extracting(p -> p.get("done").asInt()).containsExactly(0, 1, 2);
    assertThat(list.out().lines().count()).isEqualTo(2);
  }

  /** serve sends the command's progress, with the request's id, before the answer. */
  @Test
  void serveForwardsProgressBeforeTheAnswer() throws Exception {
    String request = "{\"id\": 7, \"op\": \"check\", \"model\": \"" + TRAINED + "\", \"box\": [-0.5, 0.5], \"method\": \"milp\", \"progress\": true}";
    CliRun r = CliRun.withStdin(request + "\n", "serve");
    assertThat(r.code()).as(r.err()).isZero();
    List<JsonNode> lines = new ArrayList<>();
    for (String l : r.out().lines().toList()) lines.add(JSON.readTree(l));
    lines.remove(0); // hello
    JsonNode answer = lines.remove(lines.size() - 1);
    assertThat(answer.get("id").asInt()).isEqualTo(7);
    assertThat(answer.get("verdict").asText()).isEqualTo("convex");
    assertThat(lines).isNotEmpty().allSatisfy(l -> {
      assertThat(l.get("id").asInt()).isEqualTo(7);
      assertThat(l.get("progress").get("kind").asText()).isEqualTo("programs");
    });
    assertThat(r.err()).doesNotContain("progress");
  }
}
