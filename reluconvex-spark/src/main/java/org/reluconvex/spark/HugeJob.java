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
import org.reluconvex.cli.CheckCommand;
import org.reluconvex.cli.CliSupport;
import org.reluconvex.cli.DomainOptions;
import org.reluconvex.cli.VerdictJson;
import org.reluconvex.network.Domain;
import org.reluconvex.complex.ComplexAudit;
import org.reluconvex.complex.Piece;
import org.reluconvex.complex.Pieces;
import org.reluconvex.complex.PolyhedralComplex;
import org.reluconvex.convexity.SkeletonChecker;
import org.reluconvex.convexity.Verdict;
import org.reluconvex.convexity.VerdictKind;
import org.reluconvex.convexity.Witness;
import org.reluconvex.experiment.Sizes;
import org.reluconvex.io.BadInputException;
import org.reluconvex.io.JsonModel;
import org.reluconvex.network.Network;
import org.reluconvex.precision.PrecisionPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code reluconvex spark huge MODEL}: one check with the box cut into a grid of pieces
 * ({@link Pieces#grid}), each built ({@link Pieces#build(Network, Piece)}) and decided
 * ({@link SkeletonChecker#decide}) on an executor; where a piece's skeleton cannot decide (d &ge; 3),
 * the piece is checked by {@link ReluConvex#check} with method auto.
 *
 * <p>Combined on the driver: a verified witness in any piece proves the network not convex (the
 * piece is inside the box; the witness of the first such piece in grid order is reported). Convex
 * pieces prove the whole box convex only when no zero set runs inside a cut, where neither piece
 * sees its kink: {@link Pieces#count} calls a piece clean when every vertex on a cut lies on at most
 * d − 1 real constraints, which a zero set inside the cut would break; that test reads tight sets
 * computed in floating point, so every piece's complex must also be proven exact ({@link
 * ComplexAudit}; a convex skeleton verdict includes it). When the pieces meet cleanly, the counts of
 * the whole complex are {@link Pieces#wholeCounts} of the pieces' contributions, once {@link
 * Pieces#crossingsPair} has paired the crossings on each cut between its two pieces by their keys
 * (the one-machine join pairs the points themselves). Anything else is unknown with the reason.
 */
@Command(name = "huge", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Check one model with the box cut into a grid of pieces, each piece built and checked on an executor.",
        "Any verified witness decides (not convex); pieces all convex, meeting cleanly at the cuts, give convex, with the "
            + "vertex and edge counts of the whole complex. Exit codes as check."})
final class HugeJob implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "MODEL", description = "A .onnx or .json file, or example:NAME.")
  String model;

  @Mixin DomainOptions domain;

  @Option(names = "--grid", paramLabel = "N1,N2,...",
      description = "Pieces along each coordinate (fewer numbers: 1 for the rest; default: the coordinates halved in turn "
          + "until there are at least 4 pieces per core).")
  String grid;

  @Option(names = "--json", description = "Print one JSON object: the fields of check --json, and pieces and grid.")
  boolean json;

  @Spec CommandSpec spec;

  private final SparkMain main;

  HugeJob(SparkMain main) { this.main = main; }

  /** What an executor sends back for one piece: its verdict and its contribution to the counts. */
  record PieceResult(int ordinal, VerdictKind kind, String method, String reason, double minGain, double[] a, double[] b,
      double excess, String foundBy, long vertices, long edges, long ownVertices, long segments, long crossings,
      boolean clean, boolean audited, boolean bySkeleton, long[][] crossingKeys) implements Serializable {}

  @Override
  public Integer call() {
    Network net = CliSupport.loadModel(model);
    Domain box = domain.box(net.inputDim());
    int[] counts = gridCounts(net.inputDim());
    List<Piece> pieces = Pieces.grid(box, counts);
    JavaSparkContext sc = main.context();
    Jobs.announce(main, "huge: " + model + " in " + pieces.size() + " pieces (grid " + label(counts) + ")");
    // the exact weights (shortest round-trip decimals), sent once to each executor rather than with every task
    Broadcast<String> text = sc.broadcast(JsonModel.write(net));
    double[] lo = box.lo(), hi = box.hi();
    long t0 = System.nanoTime();
    sc.setJobDescription("huge: " + model + ", " + pieces.size() + " pieces");
    List<PieceResult> results;
    try {
      results = sc.parallelize(IntStream.range(0, pieces.size()).boxed().toList(), pieces.size())
          .map(k -> checkPiece(text.value(), lo, hi, counts, k)).collect();
    } catch (RuntimeException e) {
      throw Jobs.failure("the pieces of " + model, e);
    }
    double seconds = (System.nanoTime() - t0) * 1e-9;
    Verdict v = combine(net, box, pieces, results);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectNode o = VerdictJson.check(v, false, model, seconds);
      o.put("pieces", pieces.size());
      o.put("grid", label(counts));
      try {
        out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    } else {
      String t = CheckCommand.text(v, model, seconds);
      out.print(t.substring(0, t.lastIndexOf("time:")));
      out.printf(Locale.ROOT, "pieces:   %d (grid %s)%ntime:     %.3f s (the Spark job)%n", pieces.size(), label(counts), seconds);
    }
    out.flush();
    return CliSupport.exitCode(v.kind());
  }

  /** The task: piece k of the grid, built and decided on an executor. */
  static PieceResult checkPiece(String networkJson, double[] lo, double[] hi, int[] counts, int k) {
    Network net = JsonModel.read(networkJson, "the job's model");
    Piece piece = Pieces.grid(Domain.box(lo, hi), counts).get(k); // the same doubles as on the driver
    PolyhedralComplex cx = Pieces.build(net, piece);
    Pieces.PieceCounts c = Pieces.count(piece, cx);
    Verdict skeleton = new SkeletonChecker(PrecisionPolicy.DEFAULT).decide(cx);
    boolean bySkeleton = skeleton.kind() != VerdictKind.UNKNOWN;
    Verdict v = bySkeleton ? skeleton : ReluConvex.check(net, piece.box()); // e.g. kinks in d >= 3
    // "clean" reads the complex's tight sets in floating point; only an audited complex vouches that no
    // zero set runs inside a cut (a convex skeleton verdict has audited it already)
    boolean audited = skeleton.kind() == VerdictKind.CONVEX
        || (v.kind() == VerdictKind.CONVEX && new ComplexAudit(cx, PrecisionPolicy.DEFAULT).run().certified());
    Witness w = v.witness();
    return new PieceResult(k, v.kind(), v.method(), v.reason(), bySkeleton ? skeleton.minGain() : Double.NaN,
        w == null ? null : w.a(), w == null ? null : w.b(), w == null ? Double.NaN : w.excess(), w == null ? null : w.foundBy(),
        c.vertices(), c.edges(), c.ownVertices(), c.segments(), c.crossings(), c.clean(), audited, bySkeleton, Pieces.crossingKeys(piece, cx));
  }

  /** The verdict on the whole box from the pieces' (see the class comment). */
  static Verdict combine(Network net, Domain box, List<Piece> pieces, List<PieceResult> results) {
    boolean allSkeleton = results.stream().allMatch(PieceResult::bySkeleton);
    String method = (allSkeleton ? "skeleton" : "skeleton, auto where it could not decide,") + " on " + pieces.size() + " pieces";
    PrecisionPolicy policy = PrecisionPolicy.DEFAULT;
    List<PieceResult> sorted = new ArrayList<>(results);
    sorted.sort((x, y) -> Integer.compare(x.ordinal(), y.ordinal()));
    List<Pieces.PieceCounts> parts = new ArrayList<>();
    double minGain = Double.NaN;
    for (PieceResult r : sorted) {
      parts.add(new Pieces.PieceCounts(pieces.get(r.ordinal()), r.vertices(), r.edges(), r.ownVertices(), r.segments(),
          r.crossings(), r.clean()));
    }
    // the minimum over the whole box only when every piece's skeleton computed its gains
    if (sorted.stream().noneMatch(r -> Double.isNaN(r.minGain())))
      minGain = sorted.stream().mapToDouble(PieceResult::minGain).min().orElse(Double.NaN);
    // the counts of the whole complex, whatever the verdict, when every piece meets its neighbours cleanly
    // and the crossings on each cut pair up between its two pieces
    Pieces.Counts whole = parts.size() == pieces.size()
        && Pieces.crossingsPair(pieces, sorted.stream().map(PieceResult::crossingKeys).toList()) ? Pieces.wholeCounts(parts) : null;
    for (PieceResult r : sorted) {
      if (r.kind() != VerdictKind.NOT_CONVEX) continue;
      // proven again here, by forward evaluation, before it is reported
      Witness w = Witness.verified(net, r.a(), r.b(), policy);
      if (w == null || !box.contains(w.a()) || !box.contains(w.b())) continue;
      Piece p = pieces.get(r.ordinal());
      w = w.withFoundBy("piece " + Arrays.toString(p.index()) + ": " + (r.foundBy() == null ? r.method() + " check" : r.foundBy()));
      return withWhole(Verdict.notConvex(w, method, box, policy), whole, Double.NaN);
    }
    for (PieceResult r : sorted)
      if (r.kind() != VerdictKind.CONVEX) { // unknown, or a witness that did not verify again
        String why = r.kind() == VerdictKind.UNKNOWN ? r.reason()
            : "its witness did not verify again on the driver, or not with both points in the box";
        Verdict u = Verdict.unknown("piece " + Arrays.toString(pieces.get(r.ordinal()).index()) + ": " + why, method, box, policy);
        return withWhole(u, whole, Double.NaN);
      }
    if (!sorted.stream().allMatch(PieceResult::audited))
      return Verdict.unknown("every piece is convex, but the complex of a piece decided by auto could not be proven exact, "
          + "so a zero set may run inside a cut unseen: try another --grid", method, box, policy);
    if (whole == null)
      return Verdict.unknown("every piece is convex, but the pieces do not meet cleanly at the cuts (a zero set may run "
          + "inside one, where no piece sees its kink): try another --grid", method, box, policy);
    return withWhole(Verdict.convex(method, box, policy), whole, minGain);
  }

  /**
   * With the counts of the whole complex when the pieces meet cleanly, and for a convex verdict the
   * minimum gain (then every frontier of the whole crosses the inside of some piece, whose skeleton
   * computed every gain on it).
   */
  private static Verdict withWhole(Verdict v, Pieces.Counts whole, double minGain) {
    if (whole == null) return v;
    Verdict c = v.withCounts(whole.vertices(), whole.edges(), Verdict.NO_COUNT);
    return Double.isNaN(minGain) ? c : c.withMinGain(minGain);
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
    int want = 4 * Math.max(1, main.context().defaultParallelism());
    for (int i = 0, total = 1; total < want; i = (i + 1) % d) {
      counts[i] *= 2;
      total *= 2;
    }
    return counts;
  }

  static String label(int[] counts) {
    StringBuilder sb = new StringBuilder();
    for (int c : counts) sb.append(sb.length() > 0 ? "x" : "").append(c);
    return sb.toString();
  }
}
