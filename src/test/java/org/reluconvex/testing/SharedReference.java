package org.reluconvex.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The reference networks of the repository (reference/), under the folder named by the system property reluconvex.shared. */
public final class SharedReference {
  private SharedReference() {}

  public static Path root() {
    return Path.of(System.getProperty("reluconvex.shared", ".")).resolve("reference");
  }

  /** One manifest entry: the ONNX file and its samples. */
  public record Entry(String name, Path onnx, JsonNode json) {
    @Override
    public String toString() { return name; }
  }

  public static List<Entry> manifest(String folder) {
    Path dir = root().resolve(folder);
    try {
      JsonNode m = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
      List<Entry> out = new ArrayList<>();
      for (JsonNode e : m) out.add(new Entry(e.get("name").asText(), dir.resolve(e.get("onnx").asText()), e));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
