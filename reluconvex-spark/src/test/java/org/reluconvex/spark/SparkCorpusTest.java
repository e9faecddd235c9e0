package org.reluconvex.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spark corpus} against {@code check --json} run on each file alone. */
class SparkCorpusTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path REFERENCE = Path.of(System.getProperty("reluconvex.shared", "..")).resolve("reference")
      .toAbsolutePath().normalize();

  @TempDir Path dir;

  /** The files the job must find under a folder: every .onnx and .json file, recursively, sorted by path. */
  private static List<String> modelsUnder(Path folder) throws IOException {
    try (Stream<Path> s = Files.walk(folder)) {
      return s.filter(Files::isRegularFile).map(Path::toString)
          .filter(n -> n.toLowerCase(Locale.ROOT).endsWith(".onnx") || n.toLowerCase(Locale.ROOT).endsWith(".json"))
          .sorted().toList();
    }
  }

  /** What {@code check --json [options] MODEL} prints for one model, without the time and the model's name. */
  private static JsonNode single(String model, String... options) throws IOException {
    List<String> args = new ArrayList<>(List.of("check", "--json"));
    args.addAll(List.of(options));
    args.add(model);
    LocalSpark.Run r = LocalSpark.core(args.toArray(String[]::new));
    ObjectNode o = (ObjectNode) JSON.readTree(r.out());
    assertThat(o.path("exit_code").asInt()).isEqualTo(r.code());
    o.remove("check_seconds");
    o.remove("model");
    return o;
  }

  private static List<ObjectNode> lines(String out) throws IOException {
    List<ObjectNode> l = new ArrayList<>();
    for (String s : out.split("\n")) if (!s.isBlank()) l.add((ObjectNode) JSON.readTree(s));
    return l;
  }

  @Test
  void theWholeReferenceCorpusGivesCheckVerdictOnEveryFile() throws IOException {
    List<String> files = modelsUnder(REFERENCE);
    assertThat(files).hasSizeGreaterThan(400);
    Path missing = dir.resolve("no-such-model.onnx");
    LocalSpark.Run r = LocalSpark.spark("corpus", REFERENCE.toString(), "example:beyond-icnn", missing.toString());
    List<ObjectNode> got = lines(r.out());
    assertThat(got).hasSize(files.size() + 2);
    int worst = 0, verdicts = 0, failures = 0;
    for (int k = 0; k < got.size(); k++) {
      ObjectNode line = got.get(k);
      String model = k < files.size() ? files.get(k) : k == files.size() ? "example:beyond-icnn" : missing.toString();
      assertThat(line.path("model").asText()).isEqualTo(model);
      assertThat(line.has("check_seconds")).isEqualTo(line.has("verdict"));
      line.remove("check_seconds");
      line.remove("model");
      assertThat(line).as(model).isEqualTo(single(model));
      worst = Math.max(worst, line.path("exit_code").asInt());
      if (line.has("verdict")) verdicts++;
      else failures++;
    }
    // the corpus has convex and non-convex networks, and its manifests are no models: per-model failures
    assertThat(got.stream().filter(l -> "convex".equals(l.path("verdict").asText())).count()).isGreaterThan(100);
    assertThat(got.stream().filter(l -> "not_convex".equals(l.path("verdict").asText())).count()).isGreaterThan(100);
    assertThat(failures).isGreaterThanOrEqualTo(1); // the missing model (and files that are no models)
    assertThat(verdicts + failures).isEqualTo(files.size() + 2);
    assertThat(r.code()).isEqualTo(worst);
    assertThat(r.err()).contains("corpus: " + got.size() + " models: ");
  }

  @Test
  void checkOptionsGlobsAndListsOfUrisArePassedOn() throws IOException {
    Path corpus = REFERENCE.resolve("corpus");
    List<String> twoByTwo;
    try (Stream<Path> s = Files.list(corpus)) {
      twoByTwo = s.map(Path::toString).filter(n -> n.contains("fig3_d2_2x2_")).sorted().toList();
    }
    assertThat(twoByTwo).hasSizeGreaterThan(4);
    Path list = dir.resolve("models.txt");
    Files.writeString(list, "# models as URIs\n" + corpus.resolve("deep_d3_2x2_12_1.onnx").toUri() + "\n\n");
    Path out = dir.resolve("lines.jsonl");
    LocalSpark.Run r = LocalSpark.spark("corpus", corpus + "/fig3_d2_2x2_*.onnx", "--list", list.toUri().toString(),
        "--box=-3,3", "--exhaustive", "--partitions", "3", "--out", out.toString());
    assertThat(r.out()).isEmpty();
    List<ObjectNode> got = lines(Files.readString(out));
    assertThat(got).hasSize(twoByTwo.size() + 1);
    for (int k = 0; k < twoByTwo.size(); k++) {
      assertThat(got.get(k).path("model").asText()).isEqualTo(twoByTwo.get(k));
      got.get(k).remove(List.of("model", "check_seconds"));
      assertThat(got.get(k)).isEqualTo(single(twoByTwo.get(k), "--box=-3,3", "--exhaustive"));
      assertThat(got.get(k).path("domain").toString()).contains("-3.0");
    }
    // --exhaustive: the complex is built and counted (by the skeleton; the icnn method has no complex)
    assertThat(got.stream().filter(l -> l.path("method").asText().equals("skeleton") && l.path("vertices").asLong() > 0)).isNotEmpty();
    ObjectNode last = got.get(twoByTwo.size());
    assertThat(last.path("model").asText()).startsWith("file:").endsWith("deep_d3_2x2_12_1.onnx");
    last.remove(List.of("model", "check_seconds"));
    assertThat(last).isEqualTo(single(corpus.resolve("deep_d3_2x2_12_1.onnx").toString(), "--box=-3,3", "--exhaustive"));
  }

  @Test
  void aBadCheckOptionFailsInOneLineBeforeAnyTask() {
    LocalSpark.Run r = LocalSpark.spark("corpus", REFERENCE.toString(), "--method", "nope");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().strip()).startsWith("reluconvex: ").doesNotContain("\n");
  }
}
