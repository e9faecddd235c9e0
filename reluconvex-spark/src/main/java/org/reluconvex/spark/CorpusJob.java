package org.reluconvex.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
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
import org.reluconvex.CheckRequest;
import org.reluconvex.ReluConvex;
import org.reluconvex.convexity.CheckOptions;
import org.reluconvex.convexity.Failures;
import org.reluconvex.convexity.Verdict;
import org.reluconvex.convexity.VerdictJson;
import org.reluconvex.io.BadInputException;
import org.reluconvex.io.ModelFiles;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code reluconvex spark corpus PATH...}: {@code check --json} on every model of folders, files,
 * globs or lists, on any Hadoop file system ({@code hdfs://}, {@code s3a://}, {@code file:} or a plain
 * path). Each task copies its models to a local folder and checks them through the library as
 * {@code check --json --list} does ({@link CheckRequest}, {@link ReluConvex#check}, {@link VerdictJson}:
 * one JSON line per model, a failing model reported as {@code {"model", "error", "exit_code"}} by
 * {@link Failures} and the others going on), so the lines have exactly the fields of
 * {@code check --json}; {@code model} is the name the job was given. Lines come out in the
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

  @Mixin CheckFlags check;

  @Spec CommandSpec spec;

  private final SparkMain main;

  CorpusJob(SparkMain main) { this.main = main; }

  @Override
  public Integer call() throws Exception {
    CheckRequest request = check.request();
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
      lines = sc.parallelize(models, slices).mapPartitions(it -> checkAll(it, request, hadoop.value())).collect();
    } catch (RuntimeException e) {
      throw Jobs.failure("the corpus job", e);
    }
    int worst = 0;
    int[] byCode = new int[6];
    ObjectMapper mapper = new ObjectMapper();
    for (String l : lines) {
      int code = mapper.readTree(l).path("exit_code").asInt(Failures.INTERNAL_ERROR);
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
   * extension still tells the format, and errors are worded as for a local file) and checks them
   * one after the other in this JVM.
   */
  static Iterator<String> checkAll(Iterator<String> models, CheckRequest request, Configuration conf) throws IOException {
    List<String> lines = new ArrayList<>();
    java.nio.file.Path dir = Files.createTempDirectory("reluconvex-corpus");
    try {
      for (int k = 0; models.hasNext(); k++) {
        String name = models.next();
        String local = name;
        if (!name.startsWith(ModelFiles.EXAMPLE_PREFIX)) { // a built-in has nothing to copy
          try {
            Path src = new Path(name);
            java.nio.file.Path dst = Files.createDirectory(dir.resolve(Integer.toString(k))).resolve(src.getName());
            try (InputStream in = src.getFileSystem(conf).open(src)) {
              Files.copy(in, dst, StandardCopyOption.REPLACE_EXISTING);
            }
            local = dst.toString();
          } catch (IOException | IllegalArgumentException e) {
            // worded as check words it for a local file
            lines.add(Failures.json(name, Failures.BAD_INPUT, name + (e instanceof java.io.FileNotFoundException ? ": no such file"
                : ": cannot read (" + oneLine(e) + ")")).toString());
            continue;
          }
        }
        lines.add(checkOne(name, local, request));
      }
      return lines.iterator();
    } finally {
      deleteTree(dir);
    }
  }

  /** The line of one model, read from 'local' and named 'name': check's JSON line, or its error line. */
  static String checkOne(String name, String local, CheckRequest request) {
    try {
      Network net = ReluConvex.load(local);
      Domain domain = request.domain(net);
      CheckOptions options = request.options(net, name);
      long t0 = System.nanoTime();
      Verdict v = Failures.compute(name, options, o -> ReluConvex.check(net, domain, o));
      return MAPPER.writeValueAsString(VerdictJson.check(v, request.explain(), name, (System.nanoTime() - t0) / 1e9));
    } catch (Exception | OutOfMemoryError e) {
      return Failures.json(name, Failures.exitCode(e), Failures.message(e, false).replace(local, name)).toString();
    }
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();

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
