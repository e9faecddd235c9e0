package org.reluconvex.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.reluconvex.ReluConvex;
import org.reluconvex.convexity.VerdictJson;
import org.reluconvex.network.Domain;
import org.reluconvex.complex.BuildSettings;
import org.reluconvex.complex.MemoryLimit;
import org.reluconvex.complex.Piece;
import org.reluconvex.complex.PieceRun;
import org.reluconvex.complex.Pieces;
import org.reluconvex.convexity.PiecewiseCheck;
import org.reluconvex.convexity.SkeletonChecker;
import org.reluconvex.convexity.Verdict;
import org.reluconvex.experiment.Sizes;
import org.reluconvex.io.BadInputException;
import org.reluconvex.io.JsonModel;
import org.reluconvex.network.Network;
import org.reluconvex.precision.PrecisionPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code reluconvex spark huge MODEL}: one check with the box cut into a grid of pieces
 * ({@link Pieces#grid}), each built and decided on an executor ({@link PiecewiseCheck#check}: the
 * skeleton, and where it cannot decide (d &ge; 3) {@link ReluConvex#check} with method auto), within
 * the task's memory: a piece whose complex does not fit is halved there ({@link PieceRun}), as one
 * machine halves its pieces. The driver combines the pieces that were built by {@link
 * PiecewiseCheck#combine}.
 */
@Command(name = "huge", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Check one model with the box cut into a grid of pieces, each piece built and checked on an executor.",
        "Any verified witness decides (not convex); pieces all convex, meeting cleanly at the cuts, give convex, with the "
            + "vertex and edge counts of the whole complex. Exit codes as check."})
final class HugeJob implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "MODEL", description = "A .onnx or .json file, or example:NAME.")
  String model;

  @Option(names = "--box", paramLabel = "LO,HI|LO1:HI1,...",
      description = "As check: LO,HI in every coordinate, or LO1:HI1,LO2:HI2,... (default: " + Domain.DEFAULT_BOX + ").")
  String box;

  @Option(names = "--grid", paramLabel = "N1,N2,...",
      description = "Pieces along each coordinate (fewer numbers: 1 for the rest; default: the coordinates halved in turn "
          + "until there are at least 4 pieces per core).")
  String grid;

  @Option(names = "--max-memory", paramLabel = "SIZE",
      description = "Memory limit of one task (bytes, or with K, M, G, T), as check's --max-memory is of a whole run: the "
          + "task's build takes a quarter of it, and a piece that needs more is halved on its executor, up to 16 times "
          + "(default: 80%% of the executor's maximum heap, one share per two of its cores, as one machine builds two "
          + "pieces at a time).")
  String maxMemory;

  @Option(names = "--json", description = "Print one JSON object: the fields of check --json, and pieces and grid.")
  boolean json;

  @Spec CommandSpec spec;

  private final SparkMain main;

  HugeJob(SparkMain main) { this.main = main; }

  @Override
  public Integer call() {
    // a percentage would be of this driver's heap, not the executors': sizes only
    if (maxMemory != null && maxMemory.contains("%"))
      throw new BadInputException("--max-memory '" + maxMemory + "': give the task's memory as a size such as 512M (a percentage would be of the driver's heap)");
    long taskLimit = maxMemory == null ? -1 : MemoryLimit.parse(maxMemory);
    Network net = ReluConvex.load(model);
    Domain box = Domain.parseBox(this.box == null ? Domain.DEFAULT_BOX : this.box, net.inputDim());
    int[] counts = gridCounts(net.inputDim());
    List<Piece> pieces = Pieces.grid(box, counts);
    JavaSparkContext sc = main.context();
    Jobs.announce(main, "huge: " + model + " in " + pieces.size() + " pieces (grid " + label(counts) + ")");
    // the exact weights (shortest round-trip decimals), sent once to each executor rather than with every task
    Broadcast<String> text = sc.broadcast(JsonModel.write(net));
    double[] lo = box.lo(), hi = box.hi();
    long t0 = System.nanoTime();
    sc.setJobDescription("huge: " + model + ", " + pieces.size() + " pieces");
    List<Built> built;
    try {
      built = sc.parallelize(IntStream.range(0, pieces.size()).boxed().toList(), pieces.size())
          .flatMap(k -> checkPiece(text.value(), lo, hi, counts, k, taskLimit).iterator()).collect();
    } catch (RuntimeException e) {
      throw Jobs.failure("the pieces of " + model, e);
    }
    double seconds = (System.nanoTime() - t0) * 1e-9;
    List<Piece> done = built.stream().map(Built::piece).toList();
    Verdict v = PiecewiseCheck.combine(net, box, done, built.stream().map(Built::result).toList(), PrecisionPolicy.DEFAULT);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectNode o = VerdictJson.check(v, false, model, seconds);
      o.put("pieces", done.size());
      o.put("grid", label(counts));
      try {
        out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    } else {
      String t = org.reluconvex.convexity.VerdictText.of(v, model, seconds, false);
      out.print(t.substring(0, t.lastIndexOf("time:")));
      out.printf(Locale.ROOT, "pieces:   %d (grid %s%s)%ntime:     %.3f s (the Spark job)%n", done.size(), label(counts),
          done.size() > pieces.size() ? ", some halved on their executors" : "", seconds);
    }
    out.flush();
    return v.kind().exitCode();
  }

  /** A piece as built on an executor (a piece of the grid, or a part of one halved there) and what its check left. */
  record Built(double[] lo, double[] hi, int[] index, int[] grid, PiecewiseCheck.PieceResult result) implements Serializable {
    private static final long serialVersionUID = 1L;

    Piece piece() { return new Piece(Domain.box(lo, hi), index, grid); }
  }

  /**
   * The task: piece k of the grid, built and decided on an executor within 'taskLimit' bytes (-1: the
   * executor's default over its cores), halved there where it does not fit.
   */
  static List<Built> checkPiece(String networkJson, double[] lo, double[] hi, int[] counts, int k, long taskLimit) {
    Network net = JsonModel.read(networkJson, "the job's model");
    Piece piece = Pieces.grid(Domain.box(lo, hi), counts).get(k); // the same doubles as on the driver
    // one piece at a time per task and a task per core: the executor's builds together take the share
    // that one machine's two pieces at a time take (PieceRun)
    long limit = taskLimit > 0 ? taskLimit : MemoryLimit.defaultBytes() / Math.max(1, Runtime.getRuntime().availableProcessors() / PieceRun.TOGETHER);
    SkeletonChecker skeleton = new SkeletonChecker(PrecisionPolicy.DEFAULT);
    List<Built> out = new ArrayList<>();
    for (PieceRun.Done<PiecewiseCheck.PieceResult> d : PieceRun.run(net, List.of(piece), BuildSettings.defaults().withMemory(limit),
        (p, cx) -> PiecewiseCheck.check(net, p, cx, skeleton, b -> ReluConvex.check(net, b, org.reluconvex.convexity.CheckOptions.defaults().withMaxMemory(limit))))) {
      Domain b = d.piece().box();
      out.add(new Built(b.lo(), b.hi(), d.piece().index(), d.piece().grid(), d.result()));
    }
    return out;
  }

  /** --grid, or the coordinates halved in turn until there are at least 4 pieces per core. */
  int[] gridCounts(int d) {
    int[] counts = new int[d];
    Arrays.fill(counts, 1);
    if (grid != null) {
      int[] given = Sizes.parse(grid, "--grid", 1);
      if (given.length > d) throw new BadInputException("--grid has " + given.length + " numbers for a " + d + "-dimensional box");
      System.arraycopy(given, 0, counts, 0, given.length);
      return counts;
    }
    return Pieces.halvings(d, 4L * Math.max(1, main.context().defaultParallelism()));
  }

  static String label(int[] counts) {
    StringBuilder sb = new StringBuilder();
    for (int c : counts) sb.append(sb.length() > 0 ? "x" : "").append(c);
    return sb.toString();
  }
}
