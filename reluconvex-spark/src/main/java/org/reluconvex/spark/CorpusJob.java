package org.reluconvex.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.SerializableWritable;
import org.apache.spark.api.java.JavaSparkContext;
import org.reluconvex.cli.CheckCommand;
import org.reluconvex.cli.CliSupport;
import org.reluconvex.cli.DomainOptions;
import org.reluconvex.cli.Main;
import org.reluconvex.cli.MemoryOptions;
import org.reluconvex.cli.MilpOptions;
import org.reluconvex.convexity.Checks;
import org.reluconvex.io.BadInputException;
import org.reluconvex.io.ModelFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code reluconvex spark corpus PATH...}: {@code check --json} on every model of folders, files,
 * globs or lists, on any Hadoop file system ({@code hdfs://}, {@code s3a://}, {@code file:} or a plain
 * path). Each task copies its models to a local folder and runs the {@code check} command itself on
 * them ({@code check --json --list}: one JSON line per model, a failing model reported as
 * {@code {"model", "error", "exit_code"}} and the others going on), so the lines have exactly the
 * fields of {@code check --json}; {@code model} is the name the job was given. Lines come out in the
 * order of the arguments (a folder's models sorted by path).
 */
@Command(name = "corpus", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Check every model of folders, files or lists (local paths or any Hadoop URI) on Spark executors.",
        "One line per model with the fields of 'check --json', in argument order; a model that fails is reported "
            + "on its line and the others go on. Folders are searched recursively for .onnx and .json files.",
        "The check options (--box, --method, ...) are those of 'check'.",
        "Exit code: the largest of the models' ('check --list' does the same)."})
final class CorpusJob implements Callable<Integer> {
  @Parameters(arity = "0..*", paramLabel = "PATH", description = "Model files, folders or globs.")
  List<String> paths = new ArrayList<>();

  @Option(names = "--list", paramLabel = "FILE", description = "Also the models named in FILE (local or Hadoop URI), one per line; blank lines and #-comments skipped.")
  String list;

  @Option(names = "--out", paramLabel = "FILE", description = "Write the JSON lines to FILE (on this machine) instead of standard output.")
  java.nio.file.Path out;

  @Option(names = "--partitions", paramLabel = "N", description = "Spark partitions (default: 4 per core, at most one per model).")
  Integer partitions;

  // the options of check, passed on as given
  @Mixin DomainOptions domain;

  @Mixin MemoryOptions memory;

  @Mixin MilpOptions milp;

  @Option(names = "--global", description = "As check: decide on all of R^d instead of a box.")
  boolean global;

  @Option(names = "--method", paramLabel = "METHOD", description = "As check (default auto).")
  String method;

  @Option(names = "--exhaustive", description = "As check: build the whole complex even when the early witness search decides.")
  boolean exhaustive;

  @Option(names = "--explain", description = "As check: report every hidden neuron.")
  boolean explain;

  /** This job's own options; every other option it was given belongs to check. */
  private static final Set<String> OWN = Set.of("--list", "--out", "--partitions", "--master", "--verbose", "--help", "--version");

  @Spec CommandSpec spec;

  private final SparkMain main;

  CorpusJob(SparkMain main) { this.main = main; }

  @Override
  public Integer call() throws Exception {
    List<String> checkArgs = checkArgs();
    if (partitions != null && partitions < 1) throw new BadInputException("--partitions must be at least 1, got " + partitions);
    java.nio.file.Path outDir = out == null ? null : out.toAbsolutePath().getParent();
    if (outDir != null && !Files.isDirectory(outDir)) throw new BadInputException("--out " + out + ": no such folder " + outDir);
    JavaSparkContext sc = main.context();
    Configuration conf = sc.hadoopConfiguration();
    List<String> models = new ArrayList<>();
    for (String p : paths) models.addAll(p.startsWith(ModelFiles.EXAMPLE_PREFIX) ? List.of(p) : expand(p, conf));
    if (list != null) models.addAll(readList(list, conf));
    if (models.isEmpty()) throw new BadInputException("name models: PATH... or --list FILE");
    int slices = Math.min(partitions != null ? partitions : 4 * Math.max(1, sc.defaultParallelism()), models.size());
    Jobs.announce(main, "corpus: " + models.size() + " models in " + slices + " tasks");
    sc.setJobDescription("corpus: check " + models.size() + " models");
    SerializableWritable<Configuration> hadoop = new SerializableWritable<>(conf);
    List<String> lines;
    try {
      lines = sc.parallelize(models, slices).mapPartitions(it -> checkAll(it, checkArgs, hadoop.value())).collect();
    } catch (RuntimeException e) {
      throw Jobs.failure("the corpus job", e);
    }
    int worst = 0;
    int[] byCode = new int[6];
    ObjectMapper mapper = new ObjectMapper();
    for (String l : lines) {
      int code = mapper.readTree(l).path("exit_code").asInt(CliSupport.INTERNAL_ERROR);
      worst = Math.max(worst, code);
      byCode[Math.min(code, 5)]++;
    }
    if (out != null) {
      try {
        Files.write(out, lines, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new BadInputException("--out " + out + ": cannot write (" + e.getMessage() + ")", e);
      }
    } else {
      PrintWriter o = spec.commandLine().getOut();
      for (String l : lines) o.println(l);
      o.flush();
    }
    main.err.println(String.format(Locale.ROOT, "corpus: %d models: %d convex, %d not convex, %d unknown, %d failed%s",
        lines.size(), byCode[0], byCode[1], byCode[3], byCode[2] + byCode[4] + byCode[5], out == null ? "" : "; wrote " + out));
    main.err.flush();
    return worst;
  }

  /** The check options given to this job, as check reads them (validated here, before any task). */
  List<String> checkArgs() {
    List<String> args = new ArrayList<>();
    for (OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
      if (OWN.contains(o.longestName())) continue;
      if (o.arity().max() == 0) args.add(o.longestName());
      else for (String v : o.originalStringValues()) args.add(o.longestName() + "=" + v);
    }
    if (method != null) Checks.Method.parse(method); // check reads it only when it runs: an unknown one fails here, once
    List<String> probe = new ArrayList<>(args);
    probe.add("example:beyond-icnn");
    try {
      new CommandLine(new CheckCommand()).parseArgs(probe.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      throw new BadInputException("check options: " + e.getMessage());
    }
    return args;
  }

  /** The models a PATH names: a file, the .onnx and .json files under a folder (sorted), or those of a glob; itself when nothing matches (its line then says so). */
  static List<String> expand(String p, Configuration conf) throws IOException {
    Path path = new Path(p);
    FileSystem fs = path.getFileSystem(conf);
    FileStatus[] matches = fs.globStatus(path);
    if (matches == null || matches.length == 0) return List.of(p);
    // a path given without a scheme names its files without one too (the same default file system reads them)
    boolean plain = path.toUri().getScheme() == null;
    List<String> out = new ArrayList<>();
    for (FileStatus s : matches) {
      if (!s.isDirectory()) {
        out.add(p.matches(".*[*?\\[{].*") ? name(s.getPath(), plain) : p); // a file named as given
        continue;
      }
      List<String> found = new ArrayList<>();
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(s.getPath(), true);
      while (it.hasNext()) {
        LocatedFileStatus f = it.next();
        String n = f.getPath().getName().toLowerCase(Locale.ROOT);
        if (n.endsWith(".onnx") || n.endsWith(".json")) found.add(name(f.getPath(), plain));
      }
      found.sort(Comparator.naturalOrder());
      out.addAll(found);
    }
    return out;
  }

  private static String name(Path p, boolean plain) {
    return plain ? Path.getPathWithoutSchemeAndAuthority(p).toString() : p.toString();
  }

  /** The models named in a list file (local or Hadoop URI). */
  static List<String> readList(String file, Configuration conf) {
    Path path = new Path(file);
    try (InputStream in = path.getFileSystem(conf).open(path)) {
      List<String> out = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String m = line.strip();
        if (!m.isEmpty() && !m.startsWith("#")) out.add(m);
      }
      return out;
    } catch (IOException e) {
      throw new BadInputException("--list " + file + ": cannot read (" + e.getMessage() + ")", e);
    }
  }

  /**
   * The task: copies its models to a local folder (each in its own, under its own name, so that the
   * extension still tells the format) and runs {@code check --json --list} on them in this JVM.
   */
  static Iterator<String> checkAll(Iterator<String> models, List<String> checkArgs, Configuration conf) throws IOException {
    List<String> names = new ArrayList<>();
    models.forEachRemaining(names::add);
    ObjectMapper mapper = new ObjectMapper();
    java.nio.file.Path dir = Files.createTempDirectory("reluconvex-corpus");
    try {
      String[] lines = new String[names.size()];
      List<String> local = new ArrayList<>();
      List<Integer> at = new ArrayList<>();
      for (int k = 0; k < names.size(); k++) {
        String name = names.get(k);
        if (name.startsWith(ModelFiles.EXAMPLE_PREFIX)) { // a built-in: nothing to copy
          local.add(name);
          at.add(k);
          continue;
        }
        try {
          Path src = new Path(name);
          java.nio.file.Path dst = Files.createDirectory(dir.resolve(Integer.toString(k))).resolve(src.getName());
          try (InputStream in = src.getFileSystem(conf).open(src)) {
            Files.copy(in, dst, StandardCopyOption.REPLACE_EXISTING);
          }
          local.add(dst.toString());
          at.add(k);
        } catch (IOException | IllegalArgumentException e) {
          ObjectNode o = mapper.createObjectNode().put("model", name);
          // worded as check words it for a local file
          o.setAll(CliSupport.errorJson(CliSupport.BAD_INPUT, name + (e instanceof java.io.FileNotFoundException ? ": no such file"
              : ": cannot read (" + oneLine(e) + ")")));
          lines[k] = o.toString();
        }
      }
      if (!local.isEmpty()) {
        java.nio.file.Path listFile = dir.resolve("models.txt");
        Files.write(listFile, local, StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>(List.of("check", "--json"));
        args.addAll(checkArgs);
        args.add("--list");
        args.add(listFile.toString());
        ByteArrayOutputStream stdout = new ByteArrayOutputStream(), stderr = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(stdout, true, StandardCharsets.UTF_8);
            PrintStream e = new PrintStream(stderr, true, StandardCharsets.UTF_8)) {
          Main.run(InputStream.nullInputStream(), o, e, args.toArray(String[]::new));
        }
        String[] results = stdout.toString(StandardCharsets.UTF_8).split("\n");
        if (results.length != local.size())
          throw new IllegalStateException("check printed " + results.length + " lines for " + local.size() + " models: "
              + stderr.toString(StandardCharsets.UTF_8).strip());
        for (int j = 0; j < results.length; j++) {
          int k = at.get(j);
          JsonNode r = mapper.readTree(results[j]);
          if (!(r instanceof ObjectNode o) || !local.get(j).equals(o.path("model").asText()))
            throw new IllegalStateException("check's line " + (j + 1) + " is not about " + local.get(j) + ": " + results[j]);
          o.put("model", names.get(k)); // the name given, in place of the local copy's
          if (o.has("error")) o.put("error", o.get("error").asText().replace(local.get(j), names.get(k)));
          lines[k] = mapper.writeValueAsString(o);
        }
      }
      return List.of(lines).iterator();
    } finally {
      deleteTree(dir);
    }
  }

  private static String oneLine(Exception e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  private static void deleteTree(java.nio.file.Path dir) {
    try (Stream<java.nio.file.Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a temporary folder left behind is not worth failing the models for
    }
  }

}
