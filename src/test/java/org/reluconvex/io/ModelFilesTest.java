package org.reluconvex.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reluconvex.network.Examples;
import org.reluconvex.network.Network;
import org.reluconvex.network.RandomNetworks;

class ModelFilesTest {
  @Test
  void writingReplacesAnExistingFileAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
    Path p = dir.resolve("m.json");
    ModelFiles.write(Examples.nonIcnnWeights(), p);
    Network other = RandomNetworks.mlp(3, new int[] {2}, 1);
    ModelFiles.write(other, p);
    assertThat(ModelFiles.read(p)).isEqualTo(other);
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(p);
    }
  }

  /** A new model file is readable by others (a temporary file starts 0600); a replaced one keeps its permissions. */
  @Test
  void modelFilesAreReadableByOthersAndKeepThePermissionsTheyReplace(@TempDir Path dir) throws Exception {
    Path p = dir.resolve("m.onnx");
    ModelFiles.write(Examples.nonIcnnWeights(), p);
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).isEqualTo("rw-r--r--");
    Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw----"));
    ModelFiles.write(Examples.beyondIcnn(), p);
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).isEqualTo("rw-rw----");
  }

  @Test
  void aFailedWriteLeavesTheOldFileIntact(@TempDir Path dir) throws Exception {
    Path p = dir.resolve("m.onnx");
    ModelFiles.write(Examples.nonIcnnWeights(), p);
    byte[] before = Files.readAllBytes(p);
    Path asDirectory = dir.resolve("sub.onnx");
    Files.createDirectory(asDirectory);
    assertThatThrownBy(() -> ModelFiles.write(Examples.nonIcnnWeights(), asDirectory)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("it is a directory");
    assertThatThrownBy(() -> ModelFiles.writeAtomically(dir.resolve("missing/m.onnx"), before))
        .isInstanceOf(BadInputException.class).hasMessageContaining("does not exist");
    assertThat(Files.readAllBytes(p)).isEqualTo(before);
    assertThatThrownBy(() -> ModelFiles.read(asDirectory)).isInstanceOf(BadInputException.class).hasMessageContaining("is a directory");
  }

  @Test
  void formatFollowsTheExtensionCaseInsensitively() {
    assertThat(ModelFiles.Format.ofPath(Path.of("a/B.ONNX"))).isEqualTo(ModelFiles.Format.ONNX);
    assertThat(ModelFiles.Format.ofPath(Path.of("net.Json"))).isEqualTo(ModelFiles.Format.JSON);
    assertThat(ModelFiles.Format.ofPath(Path.of("net.pt"))).isNull();
  }

  @Test
  void examplesAreResolvedWithTheirParameters() {
    assertThat(ModelFiles.resolve("example:random?dim=2&widths=3,4&seed=5"))
        .isEqualTo(RandomNetworks.mlp(2, new int[] {3, 4}, 5));
    assertThatThrownBy(() -> ModelFiles.resolve("example:random?dim=2")).hasMessageContaining("needs dim and widths");
    assertThatThrownBy(() -> ModelFiles.resolve("example:random?dim=2&widths=3&colour=red"))
        .hasMessageContaining("unknown parameter 'colour'");
    assertThatThrownBy(() -> ModelFiles.resolve("example:non-icnn-weights?seed=1")).hasMessageContaining("takes no parameters");
    assertThatThrownBy(() -> ModelFiles.resolve("")).isInstanceOf(BadInputException.class);
  }
}
