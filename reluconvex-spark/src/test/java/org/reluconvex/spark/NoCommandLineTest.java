package org.reluconvex.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The jobs use the library (and the experiment package), never the command line's classes: no
 * compiled class of this module names a class of org.reluconvex.cli, by reference or by string
 * (a class named in a string is a reference too). Its tests may: they compare with the command line.
 */
class NoCommandLineTest {
  @Test
  void noClassOfTheJobsNamesTheCommandLine() throws IOException, URISyntaxException {
    Path classes = Path.of(SparkMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertThat(classes).isDirectory();
    List<Path> files;
    try (Stream<Path> s = Files.walk(classes)) {
      files = s.filter(p -> p.toString().endsWith(".class")).toList();
    }
    assertThat(files).anyMatch(p -> p.endsWith("CorpusJob.class"));
    for (Path f : files) {
      // names in the constant pool are modified UTF-8: ASCII for these
      String pool = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
      assertThat(pool).as(classes.relativize(f).toString()).doesNotContain("org/reluconvex/cli/").doesNotContain("org.reluconvex.cli.");
    }
  }
}
