package org.reluconvex.complex;

import java.util.ArrayList;
import java.util.List;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;
import org.reluconvex.precision.PrecisionPolicy;

/**
 * The size of a network's complex in a box, counted whole or, when it would not fit in memory at
 * once ({@link PiecePlan}), from its pieces built one after another: the counts of the whole complex
 * are then recovered where the pieces meet cleanly and their crossings pair up across every cut
 * ({@link Pieces#wholeCounts}, {@link Pieces#crossingsPair}), and are absent otherwise.
 *
 * @param vertices vertices of the whole complex, or -1 when they could not be recovered from the pieces
 * @param edges edges of the whole complex, or -1 likewise
 * @param cells d-dimensional cells where cheap (d &le; 2), else -1
 * @param degeneracies configurations the build could not resolve (of every piece)
 * @param exact whether every vertex's sign vector was proven ({@link ComplexAudit}), so the counts are facts
 * @param doubt why not exact, or why the counts are absent; null when exact
 * @param pieces pieces built (1: whole)
 * @param how how it was built, for people: null when whole
 */
public record ComplexCounts(long vertices, long edges, long cells, List<String> degeneracies, boolean exact, String doubt,
    int pieces, String how) {
  public ComplexCounts {
    degeneracies = List.copyOf(degeneracies);
  }

  /** Whether the counts of the whole complex are known. */
  public boolean counted() { return vertices >= 0; }

  /** The counts of net's complex in the box within the default memory limit. */
  public static ComplexCounts of(Network net, Domain box) {
    return of(net, box, BuildSettings.defaults());
  }

  /** The counts of net's complex in the box within the build settings' memory limit. */
  public static ComplexCounts of(Network net, Domain box, BuildSettings build) {
    return PiecePlan.wholeOrPieces(net, box, build, cx -> {
      String doubt = doubt(cx);
      return new ComplexCounts(cx.vertexCount(), cx.edgeCount(), cx.cellCount(), cx.degeneracies(), doubt == null, doubt, 1, null);
    }, plan -> of(net, box, plan, build));
  }

  /** What one piece leaves for the counts. */
  private record Part(Pieces.PieceCounts counts, long[][] crossingKeys, List<String> degeneracies, String doubt) {}

  /** The counts from the plan's pieces, built one after another within the memory limit (a piece that does not fit is halved). */
  public static ComplexCounts of(Network net, Domain box, PiecePlan plan, BuildSettings build) {
    long limit = build.memoryBytes();
    List<Piece> initial = plan.pieces(box);
    List<PieceRun.Done<Part>> done = PieceRun.run(net, initial, build, (p, cx) -> {
      String doubt = doubt(cx);
      Pieces.Contribution part = Pieces.contribution(p, cx);
      return new Part(part.counts(), part.crossingKeys(), cx.degeneracies(), doubt == null ? null : p + ": " + doubt);
    });
    List<Piece> pieces = done.stream().map(PieceRun.Done::piece).toList();
    List<Part> parts = done.stream().map(PieceRun.Done::result).toList();
    List<String> degeneracies = new ArrayList<>();
    String doubt = null;
    for (Part part : parts) {
      degeneracies.addAll(part.degeneracies());
      if (doubt == null) doubt = part.doubt();
    }
    Pieces.Counts whole = Pieces.wholeCounts(box, pieces, parts.stream().map(Part::counts).toList(),
        parts.stream().map(Part::crossingKeys).toList());
    if (whole == null)
      doubt = "the pieces do not meet cleanly at the cuts (a zero set or a vertex on a cut), so the counts of the whole "
          + "complex are not recovered" + (doubt == null ? "" : "; " + doubt);
    String how = plan.describe(pieces.size(), limit);
    long v = whole == null ? -1 : whole.vertices(), e = whole == null ? -1 : whole.edges();
    return new ComplexCounts(v, e, whole == null ? -1 : PolyhedralComplex.cells(box.dim(), v, e), degeneracies, doubt == null, doubt,
        pieces.size(), how);
  }

  /** Why the complex's counts are not facts (unresolved, or not proven exact), or null. */
  private static String doubt(PolyhedralComplex cx) {
    if (!cx.isResolved()) return "degenerate configuration not resolved: " + cx.degeneracies().get(0);
    ComplexAudit.Result audit = new ComplexAudit(cx, PrecisionPolicy.DEFAULT).run();
    return audit.certified() ? null : audit.failure();
  }
}
