package org.reluconvex.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.reluconvex.io.BadInputException;

/**
 * One request of {@code reluconvex serve} (docs/serve.md): a JSON object is turned into the command
 * line of the command it names, with {@code --json}, and that command runs in this process; its JSON
 * output, with the request's id, is the answer. So an answer has exactly the fields of the command's
 * {@code --json}, and an option the command gains is one more entry in {@link #OPTIONS}.
 *
 * <p>Inline models and outputs the client did not place go to a temporary directory of this request,
 * deleted before the answer is returned; its path is removed from the answer.
 */
final class ServeRequest {
  /** Version of the protocol; raised when a field changes meaning or disappears. */
  static final int PROTOCOL = 1;

  /** Jackson's default string limit (20 MB) is below the size of a large inline model. */
  static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build()).build());

  /** How a request field becomes command-line arguments. */
  private interface Option {
    void add(String field, JsonNode value, ServeRequest r);
  }

  /** The ops and the fields each accepts besides id, op and model. */
  static final Map<String, List<String>> OPS = new LinkedHashMap<>();

  private static final Map<String, Option> OPTIONS = Map.ofEntries(
      Map.entry("box", (f, v, r) -> r.args.add("--box=" + box(v))),
      Map.entry("global", flag("--global")),
      Map.entry("explain", flag("--explain")),
      Map.entry("exhaustive", flag("--exhaustive")),
      Map.entry("progress", flag("--progress")),
      Map.entry("exact", flag("--exact")),
      Map.entry("float32", flag("--float32")),
      Map.entry("gradient", flag("--gradient")),
      Map.entry("margin", (f, v, r) -> r.args.add("--margin=" + number(f, v))),
      Map.entry("method", text("--method")),
      Map.entry("concave", flag("--concave")),
      Map.entry("convex_in", inputs("--convex-in")),
      Map.entry("increasing", inputs("--increasing")),
      Map.entry("decreasing", inputs("--decreasing")),
      Map.entry("norm", (f, v, r) -> r.args.add("--norm=" + (v.isNumber() ? number(f, v) : string(f, v)))),
      Map.entry("checker", text("--checker")),
      Map.entry("solver", text("--solver")),
      Map.entry("threads", (f, v, r) -> r.args.add("--threads=" + number(f, v))),
      Map.entry("max_memory", (f, v, r) -> r.args.add("--max-memory=" + (v.isNumber() ? number(f, v) : string(f, v)))),
      Map.entry("time_limit", (f, v, r) -> r.args.add("--time-limit=" + number(f, v))),
      Map.entry("slice", (f, v, r) -> r.args.add("--slice=" + String.join(",", numbers(f, v)))),
      Map.entry("axes", (f, v, r) -> r.args.add("--axes=" + String.join(",", numbers(f, v)))),
      Map.entry("out", (f, v, r) -> {
        r.args.add("--out=" + string(f, v));
        r.outGiven = true;
      }),
      Map.entry("points", (f, v, r) -> {
        if (!v.isArray()) throw bad(f + " must be an array of points (arrays of numbers)");
        StringBuilder csv = new StringBuilder();
        for (JsonNode p : v) csv.append(String.join(",", numbers(f, p))).append('\n');
        r.stdin = csv.toString().getBytes(StandardCharsets.UTF_8);
        r.args.add("--points=-");
      }));

  static {
    OPS.put("check", List.of("box", "global", "method", "explain", "exhaustive", "time_limit", "solver", "threads", "max_memory", "concave", "convex_in",
        "progress"));
    OPS.put("monotone", List.of("box", "method", "increasing", "decreasing", "time_limit", "solver", "threads", "max_memory"));
    OPS.put("lipschitz", List.of("box", "method", "norm", "time_limit", "solver", "threads", "max_memory"));
    OPS.put("range", List.of("box", "method", "time_limit", "solver", "threads", "max_memory"));
    OPS.put("regions", List.of("box", "max_memory", "progress"));
    OPS.put("info", List.of());
    OPS.put("eval", List.of("points", "exact"));
    OPS.put("to-icnn", List.of("out", "float32"));
    OPS.put("plot", List.of("box", "slice", "axes", "checker", "out"));
    OPS.put("constraints", List.of("box", "margin", "gradient", "max_memory", "convex_in"));
  }

  /** The command class of each op (its picocli name). */
  private static final Map<String, Class<?>> COMMANDS = new LinkedHashMap<>();

  static {
    for (Class<?> c : Main.SUBCOMMANDS) {
      String name = c.getAnnotation(picocli.CommandLine.Command.class).name();
      if (OPS.containsKey(name)) COMMANDS.put(name, c);
    }
    if (!COMMANDS.keySet().equals(OPS.keySet())) throw new IllegalStateException("serve ops without a command: " + OPS.keySet());
    for (List<String> fields : OPS.values())
      if (!OPTIONS.keySet().containsAll(fields)) throw new IllegalStateException("serve fields without an option: " + fields);
  }

  private final List<String> args = new ArrayList<>();
  private byte[] stdin = new byte[0];
  private boolean outGiven;
  private Path tmp;

  private ServeRequest() {}

  /** The answer to one request line, without progress lines. */
  static ObjectNode answer(String line, PrintWriter log, boolean verbose) {
    return answer(line, log, verbose, (id, event) -> {});
  }

  /**
   * The answer to one request line; never throws (a failure is an answer with "error" and
   * "exit_code"). Progress the command reports (field "progress": true) goes to 'progress' as it
   * comes, with the request's id.
   */
  static ObjectNode answer(String line, PrintWriter log, boolean verbose, java.util.function.BiConsumer<JsonNode, JsonNode> progress) {
    ObjectNode answer = JSON.createObjectNode();
    ServeRequest r = new ServeRequest();
    try {
      JsonNode req = parse(line, answer);
      r.translate(req);
      if (verbose) r.args.add(1, "--verbose");
      JsonNode id = answer.get("id"); // read once: the events come from other threads while the answer is filled in
      r.run(answer, log, event -> progress.accept(id, event));
    } catch (Exception | OutOfMemoryError | StackOverflowError e) {
      int code = CliSupport.exitCode(e);
      answer.setAll(CliSupport.errorJson(code, CliSupport.message(e, verbose)));
      if (verbose) e.printStackTrace(log);
    } finally {
      r.deleteTmp();
    }
    return answer;
  }

  /** The request object; its id and op are copied into the answer first, so even a refusal carries them. */
  private static JsonNode parse(String line, ObjectNode answer) {
    JsonNode req;
    try {
      req = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      answer.putNull("id");
      throw bad("the request is not JSON: " + org.reluconvex.io.JsonProblems.describe(e));
    }
    if (req == null || !req.isObject()) {
      answer.putNull("id");
      throw bad("a request is one JSON object per line");
    }
    answer.set("id", req.has("id") ? req.get("id") : answer.nullNode());
    if (req.has("op")) answer.set("op", req.get("op"));
    return req;
  }

  private void translate(JsonNode req) throws IOException {
    JsonNode opNode = req.get("op");
    if (opNode == null || !opNode.isTextual()) throw bad("missing \"op\": one of " + String.join(", ", OPS.keySet()));
    String op = opNode.asText();
    List<String> fields = OPS.get(op);
    if (fields == null) throw bad("unknown op '" + op + "' (known: " + String.join(", ", OPS.keySet()) + ")");
    args.add(op);
    for (Iterator<Map.Entry<String, JsonNode>> it = req.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      String f = e.getKey();
      if (f.equals("id") || f.equals("op") || f.equals("model") || e.getValue().isNull()) continue;
      if (!fields.contains(f))
        throw bad("op " + op + " has no field '" + f + "' (its fields: id, op, model" + (fields.isEmpty() ? "" : ", ") + String.join(", ", fields) + ")");
      OPTIONS.get(f).add(f, e.getValue(), this);
    }
    if (!outGiven && op.equals("to-icnn")) args.add("--out=" + tmp().resolve("icnn.json"));
    if (!outGiven && op.equals("plot")) args.add("--out=" + tmp().resolve("plot.png"));
    args.add("--json");
    args.add("--"); // the model is never read as an option, whatever its name
    args.add(model(req.get("model")));
  }

  /** The model as a command-line MODEL: a path or example:NAME as given, an inline model as a file in the request's directory. */
  private String model(JsonNode m) throws IOException {
    if (m == null || m.isNull()) throw bad("missing \"model\": a path, example:NAME, {\"onnx_base64\": ...} or a reluconvex-network JSON object");
    if (m.isTextual()) return m.asText();
    if (!m.isObject()) throw bad("\"model\" must be a path, example:NAME, {\"onnx_base64\": ...} or a reluconvex-network JSON object");
    if (m.has("format")) return write("inline.json", JSON.writeValueAsBytes(m));
    JsonNode b64 = m.get("onnx_base64");
    if (b64 == null || !b64.isTextual())
      throw bad("an inline \"model\" object is {\"onnx_base64\": \"...\", \"name\": optional file name} or a JSON model with \"format\": \"reluconvex-network\"");
    String name = m.has("name") ? string("model.name", m.get("name")) : "inline.onnx";
    if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith("."))
      throw bad("model.name '" + name + "' must be a plain file name such as net.onnx");
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(b64.asText());
    } catch (IllegalArgumentException e) {
      throw bad("model.onnx_base64 is not base64 (" + e.getMessage() + ")");
    }
    return write(name, bytes);
  }

  private String write(String name, byte[] bytes) throws IOException {
    Path p = tmp().resolve(name);
    Files.write(p, bytes);
    return p.toString();
  }

  /** Runs the command in this process and turns its JSON output into the answer. */
  private void run(ObjectNode answer, PrintWriter log, java.util.function.Consumer<JsonNode> progress) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
    PrintStream errStream = new PrintStream(new ProgressSplitter(err, progress), true, StandardCharsets.UTF_8);
    int code = Main.run(new ByteArrayInputStream(stdin), new PrintStream(out, true, StandardCharsets.UTF_8), errStream,
        List.of(COMMANDS.get(args.get(0))), args.toArray(String[]::new));
    errStream.close(); // a last line without its newline reaches the messages too
    String printed = out.toString(StandardCharsets.UTF_8), messages = err.toString(StandardCharsets.UTF_8);
    log.print(messages);
    log.flush();
    if (tmp != null) {
      String dir = tmp + tmp.getFileSystem().getSeparator();
      printed = printed.replace(dir, "");
      messages = messages.replace(dir, "");
    }
    JsonNode result;
    try {
      result = JSON.readTree(printed);
    } catch (JsonProcessingException e) {
      result = null;
    }
    if (result == null || !result.isObject()) {
      // a command that reported on standard error only: its last line is the error
      List<String> lines = messages.strip().lines().toList();
      if (code == CliSupport.OK || lines.isEmpty())
        throw new IllegalStateException(args.get(0) + " --json printed no JSON object (exit code " + code + ")");
      result = CliSupport.errorJson(code, lines.get(lines.size() - 1).replaceFirst("^reluconvex: ", ""));
    }
    answer.setAll((ObjectNode) result);
    if (!answer.has("exit_code")) answer.put("exit_code", code);
    if (outGiven || code != CliSupport.OK) return;
    // outputs placed by serve come back inline
    if (args.get(0).equals("to-icnn")) {
      answer.remove("out");
      answer.set("icnn", JSON.readTree(tmp.resolve("icnn.json").toFile()));
    } else if (args.get(0).equals("plot")) {
      answer.remove("out");
      answer.put("png_base64", Base64.getEncoder().encodeToString(Files.readAllBytes(tmp.resolve("plot.png"))));
    }
  }

  /** The command's standard error: its progress lines go on at once, the rest is kept for the answer and the log. */
  private static final class ProgressSplitter extends java.io.OutputStream {
    private final ByteArrayOutputStream rest;
    private final java.util.function.Consumer<JsonNode> progress;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    ProgressSplitter(ByteArrayOutputStream rest, java.util.function.Consumer<JsonNode> progress) {
      this.rest = rest;
      this.progress = progress;
    }

    @Override
    public synchronized void write(int b) {
      line.write(b);
      if (b == '\n') flushLine();
    }

    @Override
    public synchronized void close() {
      if (line.size() > 0) flushLine();
    }

    private void flushLine() {
      String text = line.toString(StandardCharsets.UTF_8);
      line.reset();
      if (text.startsWith(ProgressLines.JSON_PREFIX)) {
        try {
          progress.accept(JSON.readTree(text).get("progress"));
          return;
        } catch (JsonProcessingException e) {
          // not ours after all: kept with the other messages
        }
      }
      rest.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private Path tmp() throws IOException {
    if (tmp == null) tmp = Files.createTempDirectory("reluconvex-serve");
    return tmp;
  }

  private void deleteTmp() {
    if (tmp == null) return;
    try (Stream<Path> files = Files.walk(tmp)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a leftover temporary file is no reason to fail the answer
    }
  }

  // ------------------------------------------------------------------ field conversions

  private static Option flag(String option) {
    return (f, v, r) -> {
      if (!v.isBoolean()) throw bad(f + " must be true or false");
      if (v.asBoolean()) r.args.add(option);
    };
  }

  /** A list of 0-based inputs: an empty one names none (the option would get an empty string). */
  private static Option inputs(String option) {
    return (f, v, r) -> {
      List<String> xs = numbers(f, v);
      if (xs.isEmpty()) throw bad(f + " must name at least one input (0-based)");
      r.args.add(option + "=" + String.join(",", xs));
    };
  }

  private static Option text(String option) {
    return (f, v, r) -> r.args.add(option + "=" + string(f, v));
  }

  private static String string(String f, JsonNode v) {
    if (!v.isTextual()) throw bad(f + " must be a string");
    return v.asText();
  }

  /** A number as the command line writes it: integers without a fraction, others exactly (Double.toString). */
  private static String number(String f, JsonNode v) {
    if (!v.isNumber()) throw bad(f + " must be a number, not " + v);
    double x = v.asDouble();
    return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x);
  }

  private static List<String> numbers(String f, JsonNode v) {
    if (!v.isArray()) throw bad(f + " must be an array of numbers, not " + v);
    List<String> out = new ArrayList<>();
    for (JsonNode x : v) out.add(number(f, x));
    return out;
  }

  /** [lo, hi] (every coordinate), [[lo1, hi1], ...] (one per coordinate), or the command line's text. */
  private static String box(JsonNode v) {
    if (v.isTextual()) return v.asText();
    String form = "box must be [lo, hi], [[lo1, hi1], [lo2, hi2], ...] or a string such as \"-1,1\"";
    if (!v.isArray() || v.isEmpty()) throw bad(form);
    if (v.get(0).isNumber()) {
      if (v.size() != 2) throw bad(form);
      return String.join(",", numbers("box", v));
    }
    List<String> parts = new ArrayList<>();
    for (JsonNode iv : v) {
      if (!iv.isArray() || iv.size() != 2) throw bad(form);
      parts.add(String.join(":", numbers("box", iv)));
    }
    return String.join(",", parts);
  }

  private static BadInputException bad(String message) {
    return new BadInputException(message);
  }
}
