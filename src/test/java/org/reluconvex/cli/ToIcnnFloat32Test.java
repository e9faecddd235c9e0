package org.reluconvex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** to-icnn --float32 writes float32 ONNX weights. */
class ToIcnnFloat32Test {
  @TempDir Path dir;

  private static int run(ByteArrayOutputStream out, String... args) {
    return Main.run(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(out, true, StandardCharsets.UTF_8), args);
  }

  @Test
  void float32HalvesTheWeightBytes() throws Exception {
    // positive output weights on both neurons: convex, already an ICNN up to the skip
    Path model = dir.resolve("m.json");
    Files.writeString(model, "{\"format\":\"reluconvex-network\",\"version\":1,\"input_dim\":2,\"layers\":["
        + "{\"width\":2,\"bias\":[0.1,1.3],\"weights\":{\"0\":[[1.1,0.5],[-1.7,2.3]]}},"
        + "{\"width\":1,\"bias\":[0.2],\"weights\":{\"1\":[[0.7,1.9]],\"0\":[[1,0]]}}]}");
    Path f64 = dir.resolve("a.onnx"), f32 = dir.resolve("b.onnx");
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    assertThat(run(o, "to-icnn", model.toString(), "--out", f64.toString())).as(o.toString()).isZero();
    assertThat(run(o, "to-icnn", model.toString(), "--out", f32.toString(), "--float32")).as(o.toString()).isZero();
    assertThat(Files.size(f32)).isLessThan(Files.size(f64));
    ByteArrayOutputStream info = new ByteArrayOutputStream();
    assertThat(run(info, "info", f32.toString())).isZero();
    assertThat(info.toString(StandardCharsets.UTF_8)).contains("ICNN:          yes");
  }
}
