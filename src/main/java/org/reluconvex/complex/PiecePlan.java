package org.reluconvex.complex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;

/**
 * Whether a complex is built whole or as pieces run one after another ({@link PieceRun}), decided
 * before building from an estimate of its size: in the plane {@link PlanarSizeEstimate}; in d &ge; 3
 * the complexes of a few cells of a fine grid, chosen by a fixed seed, scaled to the whole box. The
 * estimate only sizes the pieces: a piece that does not fit anyway is halved, so a poor estimate
 * costs time, never a result.
 *
 * @param grid pieces per coordinate
 * @param estimatedVertices the estimate the grid was chosen from
 * @param basis how the estimate was made, for people
 */
public record PiecePlan(int[] grid, long estimatedVertices, String basis) {
  /** Below this share of the limit per piece ({@link PieceRun#share}), pieces are no way out. */
  static final long MIN_SHARE = 1L << 20;
  /** More pieces than this are refused before building, as a complex too large. */
  public static final int MAX_PIECES = 4096;
  /** Cells of the sampling grid (about; per coordinate its d-th root, at least 2) and cells sampled. */
  static final int SAMPLE_GRID = 512, SAMPLES = 16;
  private static final long SAMPLE_SEED = 0x5EED_C311L;

  public PiecePlan {
    grid = grid.clone();
  }

  @Override
  public int[] grid() { return grid.clone(); }

  /** The plan's pieces of the box, in grid order. */
  public List<Piece> pieces(Domain box) { return Pieces.grid(box, grid); }

  /** The grid as people write it: 2x2x1. */
  public String gridLabel() {
    StringBuilder sb = new StringBuilder();
    for (int c : grid) sb.append(sb.length() > 0 ? "x" : "").append(c);
    return sb.toString();
  }

  /** How a run of this plan built the complex, for people: 'built' pieces in the end, the plan's halved where they did not fit. */
  public String describe(int built, long limit) {
    return String.format(Locale.ROOT, "built as %d pieces (grid %s%s), not whole: %s, more than fits in %s at once", built,
        gridLabel(), built == Arrays.stream(grid).asLongStream().reduce(1, (a, b) -> a * b) ? "" : ", some halved again",
        estimatedVertices < 0 ? basis : String.format(Locale.ROOT, "about %,d vertices %s", estimatedVertices, basis),
        ResourceLimitException.bytes(limit));
  }

  /** A plan with the given grid (no estimate). */
  public static PiecePlan of(int... grid) { return new PiecePlan(grid, -1, "given"); }

  /**
   * Null when net's complex in the box is expected to fit within 'limit' bytes together with what
   * reads it, else the pieces to build it as. Throws {@link ResourceLimitException} when even
   * {@value #MAX_PIECES} pieces would not do. Cheap for networks too small to come near the limit.
   */
  public static PiecePlan of(Network net, Domain box, long limit) {
    int d = net.inputDim(), hidden = net.hiddenCount();
    if (d < 2 || !box.isBox() || box.dim() != d || hidden == 0 || PieceRun.share(limit) < MIN_SHARE) return null;
    int words = SkeletonStore.words(hidden);
    double typical = Math.pow(hidden, d);
    for (int i = 2; i <= d; i++) typical /= i; // the vertices of 'hidden' hyperplanes in general position
    long typicalBytes = SkeletonStore.estimatedBytes(d, words, (long) Math.min(typical, 1e15), (long) Math.min(d * typical, 1e15));
    long v;
    String basis;
    if (d == 2) {
      if (hidden < EdgeSubdivision.ESTIMATE_MIN_NEURONS && typicalBytes <= limit / 16) return null;
      v = PlanarSizeEstimate.vertices(net, box);
      basis = "estimated from the first two layers";
    } else {
      if (typicalBytes <= limit / 8) return null;
      v = sampledVertices(net, box, limit);
      basis = String.format(Locale.ROOT, "estimated from %d of %d cells", SAMPLES, sampleCells(d));
    }
    return forVertices(d, words, v, limit, basis);
  }

  /**
   * 'whole' of net's complex in the box when it fits within 'limit', else 'inPieces' of the plan to
   * build it as pieces: planned before building ({@link #of}), or after a whole build stopped at the
   * limit when pieces can help ({@link #after}). The one place that decides between the two.
   */
  public static <R> R wholeOrPieces(Network net, Domain box, BuildSettings settings, java.util.function.Function<PolyhedralComplex, R> whole,
      java.util.function.Function<PiecePlan, R> inPieces) {
    long limit = settings.memoryBytes();
    PiecePlan plan = of(net, box, limit);
    if (plan != null) return inPieces.apply(plan);
    PolyhedralComplex cx;
    try {
      cx = EdgeSubdivision.build(net, box, settings);
    } catch (ResourceLimitException e) {
      PiecePlan after = after(e, net, box, limit);
      if (after == null) throw e;
      return inPieces.apply(after);
    }
    return whole.apply(cx);
  }

  /**
   * The plan after a whole build stopped at the limit ('e'), or null when pieces cannot help (their
   * share of the limit is too small to be worth it).
   */
  public static PiecePlan after(ResourceLimitException e, Network net, Domain box, long limit) {
    int d = net.inputDim();
    if (d < 2 || !box.isBox() || PieceRun.share(limit) < MIN_SHARE) return null;
    int words = SkeletonStore.words(net.hiddenCount());
    long perVertex = SkeletonStore.estimatedBytes(d, words, 1, d);
    String basis = "from a whole build that stopped at " + ResourceLimitException.bytes(e.limitBytes()) + " (" + e.reached() + ")";
    PiecePlan p = forVertices(d, words, Math.max(1, e.neededBytes() / perVertex), limit, basis);
    return p != null ? p : new PiecePlan(Pieces.halvings(d, 2 * PieceRun.TOGETHER), -1, basis);
  }

  /** Null when v vertices fit whole (twice the build's peak within the limit), else pieces half their share each. */
  private static PiecePlan forVertices(int d, int words, long v, long limit, String basis) {
    long need = SkeletonStore.estimatedBytes(d, words, v, (long) d * v);
    if (2 * need <= limit) return null;
    long pieces = ceilDiv(2 * need, PieceRun.share(limit));
    if (pieces > MAX_PIECES)
      throw new ResourceLimitException(need, limit, String.format(Locale.ROOT,
          "%s: about %,d vertices, more than %d pieces of a %s share each", basis, v, MAX_PIECES,
          ResourceLimitException.bytes(PieceRun.share(limit))));
    return new PiecePlan(Pieces.halvings(d, pieces), v, basis);
  }

  /** Cells per coordinate of the sampling grid in d dimensions. */
  private static int samplesPerAxis(int d) { return Math.max(2, (int) Math.round(Math.pow(SAMPLE_GRID, 1.0 / d))); }

  private static long sampleCells(int d) { return (long) Math.pow(samplesPerAxis(d), d); }

  /**
   * The vertices of net's complex in the box, estimated from the complexes of {@value #SAMPLES}
   * cells of a grid of about {@value #SAMPLE_GRID} (chosen by a fixed seed): each cell's vertices
   * off its cuts (those of the whole complex, {@link Pieces#count}), scaled to all cells.
   */
  public static long sampledVertices(Network net, Domain box, long limit) {
    int d = box.dim();
    int[] counts = new int[d];
    Arrays.fill(counts, samplesPerAxis(d));
    List<Piece> cells = Pieces.grid(box, counts);
    int n = cells.size(), m = Math.min(SAMPLES, n);
    int[] order = new int[n];
    for (int k = 0; k < n; k++) order[k] = k;
    SplittableRandom rnd = new SplittableRandom(SAMPLE_SEED);
    List<Piece> chosen = new ArrayList<>();
    for (int k = 0; k < m; k++) {
      int j = k + rnd.nextInt(n - k);
      int t = order[k];
      order[k] = order[j];
      order[j] = t;
      chosen.add(cells.get(order[k]));
    }
    long sum = 0;
    // no listener: the cells are not pieces of the run people watch
    for (PieceRun.Done<Long> done : PieceRun.run(net, chosen, BuildSettings.defaults().withMemory(limit), (p, cx) -> Pieces.count(p, cx).ownVertices()))
      sum += done.result();
    return ceilDiv(sum * n, m);
  }

  private static long ceilDiv(long a, long b) { return (a + b - 1) / b; }
}
