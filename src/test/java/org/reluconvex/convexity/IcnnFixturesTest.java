package org.reluconvex.convexity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.reluconvex.network.Domain;
import org.reluconvex.io.ModelFiles;
import org.reluconvex.network.Network;

/**
 * ICNNs exported by PyTorch with their weight constraints inside forward (clamp, softplus, exp, abs,
 * relu) satisfy the ICNN sign conditions once loaded, so auto calls them convex at once, before any
 * geometry (issue 11: "say so at once, with that as the method").
 */
class IcnnFixturesTest {
  @Test
  void everyIcnnExportIsConvexByItsSignConditions() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(Path.of("src/test/resources/onnx-fixtures"))) {
      files = s.filter(p -> p.getFileName().toString().matches("(f64-)?icnn-.*\\.onnx")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(15);
    for (Path f : files) {
      Network net = ModelFiles.read(f);
      assertThat(net.isIcnn()).as(f.toString()).isTrue();
      Verdict v = Checks.check(net, Domain.cube(net.inputDim(), -3, 3), Checks.Method.AUTO);
      assertThat(v.kind()).as(f.toString()).isEqualTo(VerdictKind.CONVEX);
      assertThat(v.method()).as(f.toString()).isEqualTo("icnn");
    }
  }
}
