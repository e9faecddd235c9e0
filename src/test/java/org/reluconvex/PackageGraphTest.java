package org.reluconvex;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of src/main depend on each other without a cycle (data flows one way, ARCHITECTURE):
 * every reference to another org.reluconvex package, by import or by a qualified name in code
 * (comments and string literals removed), is an edge; the graph must have no strongly connected
 * component of more than one package.
 */
class PackageGraphTest {
  private static final Path MAIN = Path.of("src/main/java");
  private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
  /** org.reluconvex.x.Y (package x) or org.reluconvex.Y (the root package). */
  private static final Pattern REFERENCE = Pattern.compile("\\borg\\.reluconvex\\.(?:([a-z]\\w*)\\.)?[A-Z*]");

  /** package -> packages it refers to, each with one file that shows the edge. */
  static Map<String, Map<String, String>> graph(Path root) throws IOException {
    Map<String, Map<String, String>> g = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    for (Path f : files) {
      String code = stripCommentsAndStrings(Files.readString(f));
      Matcher pm = PACKAGE.matcher(code);
      if (!pm.find()) continue;
      String pkg = pm.group(1);
      Map<String, String> out = g.computeIfAbsent(pkg, k -> new TreeMap<>());
      Matcher m = REFERENCE.matcher(code);
      while (m.find()) {
        String target = m.group(1) == null ? "org.reluconvex" : "org.reluconvex." + m.group(1);
        if (!target.equals(pkg)) out.putIfAbsent(target, root.relativize(f).toString());
      }
    }
    return g;
  }

  /** The code with comments, string and character literals blanked (text blocks included). */
  static String stripCommentsAndStrings(String s) {
    StringBuilder b = new StringBuilder(s.length());
    int i = 0, n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
        while (i < n && s.charAt(i) != '\n') i++;
      } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
        int end = s.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
        b.append(' ');
      } else if (s.startsWith("\"\"\"", i)) {
        int end = s.indexOf("\"\"\"", i + 3);
        i = end < 0 ? n : end + 3;
        b.append("\"\"");
      } else if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < n && s.charAt(j) != c) j += s.charAt(j) == '\\' ? 2 : 1;
        i = j + 1;
        b.append(c).append(c);
      } else {
        b.append(c);
        i++;
      }
    }
    return b.toString();
  }

  /** The strongly connected components of more than one node (Tarjan), each sorted. */
  static List<List<String>> cycles(Map<String, Map<String, String>> g) {
    Map<String, Integer> index = new HashMap<>(), low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    List<List<String>> out = new ArrayList<>();
    for (String v : g.keySet()) if (!index.containsKey(v)) connect(v, g, index, low, stack, out);
    return out;
  }

  private static void connect(String v, Map<String, Map<String, String>> g, Map<String, Integer> index, Map<String, Integer> low,
      Deque<String> stack, List<List<String>> out) {
    index.put(v, index.size());
    low.put(v, index.get(v));
    stack.push(v);
    for (String w : g.getOrDefault(v, Map.of()).keySet()) {
      if (!index.containsKey(w)) {
        connect(w, g, index, low, stack, out);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (stack.contains(w)) low.put(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v).equals(index.get(v))) {
      TreeSet<String> scc = new TreeSet<>();
      String w;
      do {
        w = stack.pop();
        scc.add(w);
      } while (!w.equals(v));
      if (scc.size() > 1) out.add(new ArrayList<>(scc));
    }
  }

  @Test
  void thePackagesOfTheMainCodeHaveNoCycle() throws IOException {
    Map<String, Map<String, String>> g = graph(MAIN);
    assertThat(g).as("packages found").containsKeys("org.reluconvex.network", "org.reluconvex.convexity", "org.reluconvex.cli");
    List<String> report = new ArrayList<>();
    for (List<String> scc : cycles(g))
      for (String p : scc)
        for (Map.Entry<String, String> e : g.get(p).entrySet())
          if (scc.contains(e.getKey())) report.add(p + " -> " + e.getKey() + " (" + e.getValue() + ")");
    assertThat(report).as("package dependencies inside a cycle").isEmpty();
  }

  @Test
  void theDetectorFindsCyclesAndTheReferencesInCode() {
    Map<String, Map<String, String>> g = new TreeMap<>();
    g.put("a", Map.of("b", ""));
    g.put("b", Map.of("c", ""));
    g.put("c", Map.of("a", "", "d", ""));
    g.put("d", Map.of("e", ""));
    g.put("e", Map.of());
    assertThat(cycles(g)).containsExactly(List.of("a", "b", "c"));
    g.put("e", Map.of("d", ""));
    assertThat(cycles(g)).containsExactlyInAnyOrder(List.of("a", "b", "c"), List.of("d", "e"));

    String code = "package org.reluconvex.x;\nimport org.reluconvex.y.A; // org.reluconvex.z.B\n"
        + "/** {@link org.reluconvex.z.C} */ class K { org.reluconvex.w.D d; String s = \"org.reluconvex.v.E\"; org.reluconvex.Root r; }";
    String stripped = stripCommentsAndStrings(code);
    List<String> found = new ArrayList<>();
    Matcher m = REFERENCE.matcher(stripped);
    while (m.find()) found.add(String.valueOf(m.group(1)));
    assertThat(found).containsExactly("y", "w", "null");
  }
}
