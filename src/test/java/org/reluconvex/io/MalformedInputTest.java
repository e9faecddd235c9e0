package org.reluconvex.io;

import org.reluconvex.testing.SharedReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reluconvex.network.Network;

/** Corrupt files end in a BadInputException with a one-line message, never in another exception or a hang. */
class MalformedInputTest {
  static final int MUTANTS = 3000;

  static byte[] mutate(byte[] good, SplittableRandom r) {
    int kind = r.nextInt(4);
    if (kind == 0) return Arrays.copyOf(good, r.nextInt(good.length)); // truncated
    byte[] b = good.clone();
    if (kind == 1) { // a few random bytes
      int n = 1 + r.nextInt(8);
      for (int k = 0; k < n; k++) b[r.nextInt(b.length)] = (byte) r.nextInt(256);
      return b;
    }
    if (kind == 2) { // a few flipped bits
      int n = 1 + r.nextInt(4);
      for (int k = 0; k < n; k++) b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
      return b;
    }
    // a slice duplicated or removed
    int from = r.nextInt(b.length), len = 1 + r.nextInt(Math.min(32, b.length - from));
    byte[] out = new byte[b.length + (r.nextBoolean() ? len : -len)];
    if (out.length > b.length) {
      System.arraycopy(b, 0, out, 0, from + len);
      System.arraycopy(b, from, out, from + len, b.length - from);
    } else {
      System.arraycopy(b, 0, out, 0, from);
      System.arraycopy(b, from + len, out, from, b.length - from - len);
    }
    return out;
  }

  void fuzz(Path file, long seed) throws Exception {
    byte[] good = Files.readAllBytes(file);
    SplittableRandom r = new SplittableRandom(seed);
    int[] outcomes = new int[2];
    assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
      for (int k = 0; k < MUTANTS; k++) {
        byte[] bad = mutate(good, r);
        try {
          Network net = Onnx.readUnguarded(bad, "mutant" + k);
          assertThat(net.inputDim()).isPositive();
          outcomes[0]++;
        } catch (BadInputException e) {
          assertThat(e.getMessage()).startsWith("mutant" + k + ": ").doesNotContain("\n");
          outcomes[1]++;
        }
      }
    });
    assertThat(outcomes[1]).as("most mutants are rejected").isGreaterThan(MUTANTS / 4);
  }

  /** Exports with folded weights, BatchNorm, shape arithmetic on the batch and piecewise-linear ops. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"icnn-softplus-d5-opset13", "norm-mlp-d5-opset11",
      "bn-mlp-d5-opset17", "pwl-ops-d5-opset13", "zeros-like-d5-opset17", "refused-Conv-d4-opset13"})
  void mutantsOfTorchExportsAreLoadedOrRejected(String name) throws Exception {
    fuzz(OnnxFixturesTest.DIR.resolve(name + ".onnx"), name.hashCode());
  }

  @Test
  void mutantsOfASkipNetworkAreLoadedOrRejected() throws Exception {
    fuzz(SharedReference.root().resolve("extras/skip_d2_3x4.onnx"), 1);
  }

  @Test
  void mutantsOfANetworkWithIdentityAliasesAreLoadedOrRejected() throws Exception {
    fuzz(SharedReference.root().resolve("extras/deg_fold.onnx"), 2);
  }

  @Test
  void mutantsOfOurOwnExportAreLoadedOrRejected() throws Exception {
    Path p = Files.createTempFile("rt", ".onnx");
    try {
      Files.write(p, Onnx.write(RoundTripTest.draw(2, 2, 3, 3, 5)));
      fuzz(p, 3);
    } finally {
      Files.delete(p);
    }
  }

  @Test
  void everyKindOfBadFileHasAOneLineMessage(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> ModelFiles.read(dir.resolve("missing.onnx")))
        .isInstanceOf(BadInputException.class).hasMessageEndingWith("missing.onnx: no such file");
    Path text = dir.resolve("notes.onnx");
    Files.writeString(text, "this is not a model\n");
    assertThatThrownBy(() -> ModelFiles.read(text)).isInstanceOf(BadInputException.class).hasMessageContaining("not a valid ONNX file");
    Path empty = dir.resolve("empty.onnx");
    Files.write(empty, new byte[0]);
    assertThatThrownBy(() -> ModelFiles.read(empty)).isInstanceOf(BadInputException.class).hasMessageContaining("empty");
    // a length field claiming more bytes than remain
    byte[] lying = {0x3a, (byte) 0xff, (byte) 0xff, 0x7f, 0x0a};
    assertThatThrownBy(() -> Onnx.read(lying, "lying.onnx")).isInstanceOf(BadInputException.class)
        .hasMessageContaining("claims 2097151 bytes but only 1 remain");
    assertThatThrownBy(() -> ModelFiles.resolve("example:nope")).isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("unknown example 'nope'");
    assertThatThrownBy(() -> ModelFiles.write(Network.class.cast(ModelFiles.resolve("example:non-icnn-weights")), dir.resolve("m.txt")))
        .isInstanceOf(BadInputException.class).hasMessageContaining("use .onnx or .json");
  }

  @Test
  void badJsonModelsAreNamedPrecisely() {
    String good = JsonModel.write(ModelFiles.resolve("example:non-icnn-weights"));
    assertThat(JsonModel.read(good, "ok.json").inputDim()).isEqualTo(2);
    String[][] cases = {
        {"{", "not valid JSON"},
        {"[]", "the top level must be a JSON object"},
        {good.replace("reluconvex-network", "other"), "\"format\" must be"},
        {good.replace("\"version\": 1", "\"version\": 2"), "\"version\" must be 1"},
        {good.replace("\"input_dim\": 2", "\"input_dim\": 0"), "\"input_dim\" must be a positive integer"},
        {good.replace("\"bias\": [0.0, 0.0]", "\"bias\": [0.0]"), "layers[0].bias has 1 entries, expected 2"},
        {good.replace("[1.0, 0.0]", "[1.0, \"a\"]"), "layers[0].weights[\"0\"][0][1] is not a number"},
        {good.replace("\"1\": [", "\"7\": ["), "names layer 7, which is not before layer 2"},
        {good.replace("\"width\": 1", "\"width\": 2"), "must be 1 (the output is a scalar)"},
        {good.replace("\"width\": 2", "\"widht\": 2"), "unknown key \"widht\""},
        {good.replace("[0.0, -1.0]", "[0.0, 1e999]"), "is not finite"},
        {good.replace("[0.0, -1.0]", "[0.0, NaN]"), "NaN is not a number JSON allows"},
        {good.replace("[0.0, -1.0]", "[0.0, -Infinity]"), "-Infinity is not a number JSON allows"},
    };
    for (String[] c : cases)
      assertThatThrownBy(() -> JsonModel.read(c[0], "m.json")).as(c[1]).isInstanceOf(BadInputException.class)
          .hasMessageContaining(c[1]).hasMessageStartingWith("m.json: ").hasMessageNotContaining("JsonReadFeature").hasMessageNotContaining("`");
  }

  @Test
  void mutantsOfAJsonModelAreLoadedOrRejected() {
    byte[] good = JsonModel.write(RoundTripTest.draw(2, 2, 2, 3, 8)).getBytes(StandardCharsets.UTF_8);
    SplittableRandom r = new SplittableRandom(4);
    int rejected = 0;
    for (int k = 0; k < 1000; k++) {
      byte[] bad = mutate(good, r);
      try {
        assertThat(JsonModel.read(new String(bad, StandardCharsets.UTF_8), "m" + k).inputDim()).isPositive();
      } catch (BadInputException e) {
        assertThat(e.getMessage()).startsWith("m" + k + ": ").doesNotContain("\n");
        rejected++;
      }
    }
    assertThat(rejected).isGreaterThan(250);
  }

  @Test
  void hugeGeneratedNetworksAreRefusedBeforeAllocation() {
    assertThatThrownBy(() -> ModelFiles.resolve("example:random?dim=2&widths=60000,60000"))
        .isInstanceOf(BadInputException.class).hasMessageContaining("parameters");
  }

  @Test
  void jsonIsSniffedWhenTheExtensionIsUnknown() {
    byte[] json = JsonModel.write(ModelFiles.resolve("example:non-icnn-weights")).getBytes(StandardCharsets.UTF_8);
    assertThat(ModelFiles.sniff(json)).isEqualTo(ModelFiles.Format.JSON);
    assertThat(ModelFiles.sniff(new byte[] {0x08, 0x07})).isEqualTo(ModelFiles.Format.ONNX);
  }
}
