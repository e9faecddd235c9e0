package org.reluconvex.convexity;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.reluconvex.complex.ComplexAudit;
import org.reluconvex.complex.Piece;
import org.reluconvex.complex.PieceRun;
import org.reluconvex.complex.BuildSettings;
import org.reluconvex.complex.PiecePlan;
import org.reluconvex.complex.Pieces;
import org.reluconvex.complex.PolyhedralComplex;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;
import org.reluconvex.precision.PrecisionPolicy;

/**
 * The check of a box cut into pieces, each piece's complex built and decided on its own: on one
 * machine one after another ({@link #run}, when the whole complex would not fit in memory), or on
 * the executors of a distributed run (which call {@link #check} and {@link #combine}).
 *
 * <p>Combined: a verified witness in any piece proves the network not convex (the piece is inside
 * the box; the witness of the first such piece in the pieces' order is reported). Convex pieces
 * prove the whole box convex only when no zero set runs inside a cut, where neither side sees its
 * kink: {@link Pieces#count} calls a piece clean when every vertex on a cut lies on at most d − 1 real
 * constraints, which a zero set inside the cut would break; that test reads tight sets computed in
 * floating point, so every piece's complex must also be proven exact ({@link ComplexAudit}; a convex
 * skeleton verdict includes it). When the pieces meet cleanly, the counts of the whole complex are
 * {@link Pieces#wholeCounts} of the pieces' contributions, once {@link Pieces#crossingsPair} has
 * paired the crossings on each cut plane between its two sides. Anything else is unknown with the
 * reason.
 */
public final class PiecewiseCheck {
  private PiecewiseCheck() {}

  /** What one piece's check leaves (sent back by an executor; the complex itself is not kept). */
  public record PieceResult(VerdictKind kind, String method, String reason, double minGain, double[] a, double[] b,
      double excess, String foundBy, long vertices, long edges, long ownVertices, long segments, long crossings,
      boolean clean, boolean audited, boolean bySkeleton, long[][] crossingKeys) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /**
   * Piece 'piece' decided on its complex: by 'skeleton', and where the skeleton cannot decide (kinks
   * in d &ge; 3) by 'fallback' on the piece's box when there is one.
   */
  public static PieceResult check(Network net, Piece piece, PolyhedralComplex cx, SkeletonChecker skeleton,
      Function<Domain, Verdict> fallback) {
    Pieces.Contribution part = Pieces.contribution(piece, cx);
    Pieces.PieceCounts c = part.counts();
    Verdict s = skeleton.decide(cx);
    boolean bySkeleton = s.kind() != VerdictKind.UNKNOWN || fallback == null;
    Verdict v = bySkeleton ? s : fallback.apply(piece.box());
    // "clean" reads the complex's tight sets in floating point; only an audited complex vouches that no
    // zero set runs inside a cut (a convex skeleton verdict has audited it already)
    boolean audited = s.kind() == VerdictKind.CONVEX
        || (v.kind() == VerdictKind.CONVEX && new ComplexAudit(cx, PrecisionPolicy.DEFAULT).run().certified());
    Witness w = v.witness();
    return new PieceResult(v.kind(), v.method(), v.reason(), s.kind() != VerdictKind.UNKNOWN ? s.minGain() : Double.NaN,
        w == null ? null : w.a(), w == null ? null : w.b(), w == null ? Double.NaN : w.excess(), w == null ? null : w.foundBy(),
        c.vertices(), c.edges(), c.ownVertices(), c.segments(), c.crossings(), c.clean(), audited, s.kind() != VerdictKind.UNKNOWN,
        part.crossingKeys());
  }

  /**
   * The skeleton check of the box as the plan's pieces, built one after another within the memory
   * limit ({@link PieceRun}: a piece that does not fit is halved), each decided by 'skeleton' alone.
   */
  public static Verdict run(Network net, Domain box, PiecePlan plan, BuildSettings build, SkeletonChecker skeleton) {
    long limit = build.memoryBytes();
    List<Piece> initial = plan.pieces(box);
    List<PieceRun.Done<PieceResult>> done = PieceRun.run(net, initial, build, (p, cx) -> check(net, p, cx, skeleton, null));
    List<Piece> pieces = done.stream().map(PieceRun.Done::piece).toList();
    Verdict v = combine(net, box, pieces, done.stream().map(PieceRun.Done::result).toList(), skeleton.policy());
    String how = plan.describe(pieces.size(), limit);
    return v.withReason(v.reason() == null ? how : v.reason() + "; " + how);
  }

  /** The verdict on the whole box from the pieces' (results.get(k) for pieces.get(k); see the class comment). */
  public static Verdict combine(Network net, Domain box, List<Piece> pieces, List<PieceResult> results, PrecisionPolicy policy) {
    if (pieces.size() != results.size()) throw new IllegalArgumentException(pieces.size() + " pieces, " + results.size() + " results");
    boolean allSkeleton = results.stream().allMatch(PieceResult::bySkeleton);
    String method = (allSkeleton ? "skeleton" : "skeleton, auto where it could not decide,") + " on " + pieces.size() + " pieces";
    List<Pieces.PieceCounts> parts = new ArrayList<>();
    for (int k = 0; k < pieces.size(); k++) {
      PieceResult r = results.get(k);
      parts.add(new Pieces.PieceCounts(pieces.get(k), r.vertices(), r.edges(), r.ownVertices(), r.segments(), r.crossings(), r.clean()));
    }
    // the minimum over the whole box only when every piece's skeleton computed its gains
    double minGain = results.stream().anyMatch(r -> Double.isNaN(r.minGain())) ? Double.NaN
        : results.stream().mapToDouble(PieceResult::minGain).min().orElse(Double.NaN);
    // the counts of the whole complex, whatever the verdict, when the pieces tile the box, meet cleanly
    // and their crossings on each cut pair up between its two sides
    Pieces.Counts whole = Pieces.wholeCounts(box, pieces, parts, results.stream().map(PieceResult::crossingKeys).toList());
    for (int k = 0; k < pieces.size(); k++) {
      PieceResult r = results.get(k);
      if (r.kind() != VerdictKind.NOT_CONVEX) continue;
      // proven again here, by forward evaluation, before it is reported
      Witness w = Witness.verified(net, r.a(), r.b(), policy);
      if (w == null || !box.contains(w.a()) || !box.contains(w.b())) continue;
      w = w.withFoundBy(name(pieces.get(k)) + ": " + (r.foundBy() == null ? r.method() + " check" : r.foundBy()));
      return withWhole(Verdict.notConvex(w, method, box, policy), whole, Double.NaN, box.dim());
    }
    for (int k = 0; k < pieces.size(); k++) {
      PieceResult r = results.get(k);
      if (r.kind() != VerdictKind.CONVEX) { // unknown, or a witness that did not verify again
        String why = r.kind() == VerdictKind.UNKNOWN ? r.reason()
            : "its witness did not verify again, or not with both points in the box";
        return withWhole(Verdict.unknown(name(pieces.get(k)) + ": " + why, method, box, policy), whole, Double.NaN, box.dim());
      }
    }
    if (whole == null && !Pieces.tiles(box, pieces))
      return Verdict.unknown("every piece is convex, but the pieces do not tile the box (one missing or overlapping)", method, box, policy);
    if (!results.stream().allMatch(PieceResult::audited))
      return Verdict.unknown("every piece is convex, but the complex of a piece decided by auto could not be proven exact, "
          + "so a zero set may run inside a cut unseen: try another grid", method, box, policy);
    if (whole == null)
      return Verdict.unknown("every piece is convex, but the pieces do not meet cleanly at the cuts (a zero set may run "
          + "inside one, where no piece sees its kink): try another grid", method, box, policy);
    return withWhole(Verdict.convex(method, box, policy), whole, minGain, box.dim());
  }

  /** A piece as the verdict names it: its index in its grid. */
  static String name(Piece p) {
    return "piece " + Arrays.toString(p.index()) + " of " + Arrays.toString(p.grid());
  }

  /**
   * With the counts of the whole complex when the pieces meet cleanly, and for a convex verdict the
   * minimum gain (then every frontier of the whole crosses the inside of some piece, whose skeleton
   * computed every gain on it).
   */
  private static Verdict withWhole(Verdict v, Pieces.Counts whole, double minGain, int d) {
    if (whole == null) return v;
    Verdict c = v.withCounts(whole.vertices(), whole.edges(), PolyhedralComplex.cells(d, whole.vertices(), whole.edges()));
    return Double.isNaN(minGain) ? c : c.withMinGain(minGain);
  }
}
