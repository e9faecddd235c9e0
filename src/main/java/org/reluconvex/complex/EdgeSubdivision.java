package org.reluconvex.complex;

import java.util.Arrays;
import java.util.Locale;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Forward;
import org.reluconvex.network.Network;

/**
 * Builds the 1-skeleton of a network's polyhedral complex in a box by edge subdivision (docs/math.md
 * section 4, after Berzins 2023), without assuming general position.
 *
 * <p>Neurons are taken in layer order. Each one's pre-activation is affine along every current edge
 * (edges lie inside cells of all earlier neurons); edges whose ends have strictly opposite signs are
 * split at the interpolated zero; then every 2-face the zero set crosses gains a chord joining its two
 * boundary points.
 *
 * <p>This class runs the layers and their blocks and evaluates the values each block starts from; the
 * parts do the rest, each made for one job:
 * <ul>
 *   <li>{@link SkeletonStore}: the vertices and edges, in primitive arrays grown within the memory
 *       limit, and the finished {@link PolyhedralComplex};
 *   <li>{@link NeuronBlock}, made fresh for each block of up to 32 neurons of a layer: the block's
 *       signs at every vertex, the edges each neuron can meet, and the cuts;
 *   <li>{@link BlockValues} and {@link SplitRecipes}: values at the vertices that existed when the
 *       layer began are computed before each block (forward passes, or {@link LineWalk}); a vertex
 *       created during the layer takes the sign its split edge's ends share, and is interpolated only
 *       for the neurons whose signs differ there;
 *   <li>{@link FaceNames} and {@link FaceJoin}: 2-faces are never stored; a face is named by the
 *       Zobrist hash of its sign vector, the points a zero set puts on its boundary are filed under
 *       that name, and two points of one face are joined by a chord. Configurations that are
 *       impossible in exact arithmetic are recorded ({@link Degeneracies}, then {@link
 *       PolyhedralComplex#degeneracies()}) rather than guessed.
 * </ul>
 */
public final class EdgeSubdivision {
  /**
   * Upper bound on doubles held for one block of neuron values (vertices x neurons). Under a small
   * memory limit the bound is limit / 16 doubles (half the limit's bytes) instead, so that the values
   * shrink with the limit (blocks of fewer neurons) rather than stop a small piece at a fixed cost.
   * Each block runs the forward passes of every earlier layer again (docs/performance.md: above
   * about 262,000 vertices, the blocks of the last layers multiply that work).
   */
  private static final long BLOCK_BUDGET = 1L << 24;
  /**
   * Most neurons per block (at most 64: their signs are packed one bit each in two longs per vertex).
   * Larger blocks save passes over the edges, but their rows of values then overflow the caches that
   * the cuts' scattered reads depend on.
   */
  private static final int MAX_BLOCK = 32;
  /**
   * Hidden neurons from which a complex (d &ge; 2) is built as two pieces, halves of the box along x0,
   * side by side ({@link Pieces}): below it the complex is too small for a second thread to pay.
   */
  static final int PIECES_MIN_NEURONS = 96;
  /** Hidden neurons from which a planar build is estimated before it starts. */
  static final int ESTIMATE_MIN_NEURONS = 512;

  private final Network net;
  private final Domain box;
  private final int d;
  /** Global index of the first neuron of each hidden layer; [k] = total. */
  private final int[] layerStart;
  private final SkeletonStore store;
  private final FaceNames faceNames;
  /** Doubles of block values this build may hold: {@link #BLOCK_BUDGET} or less under a small limit. */
  private final long blockBudget;
  private final Degeneracies degeneracies = new Degeneracies();
  /**
   * The blocks' values at the vertices that existed when their layer began, reused from block to
   * block: it is the largest array of a build, and every entry a block reads is written first.
   */
  private double[] valueRows = new double[0];
  /** The other arrays of a block, passed on from block to block. */
  private BlockScratch scratch = new BlockScratch();

  /** The snapping band of the precision policy ({@link BuildSettings#snapRelative}). */
  private final double snapRelative;

  /** Most neurons per block in this build ({@link #MAX_BLOCK} but in tests). */
  private final int maxBlock;

  private EdgeSubdivision(Network net, Domain box, BuildSettings settings, int maxBlock) {
    this.maxBlock = maxBlock;
    long memoryLimit = settings.memoryBytes();
    snapRelative = settings.snapRelative();
    if (!box.isBox()) throw new IllegalArgumentException("edge subdivision needs a bounded box, not " + box.describe());
    if (box.dim() != net.inputDim())
      throw new IllegalArgumentException("box has dimension " + box.dim() + ", the network has input dimension " + net.inputDim());
    if (net.inputDim() > 20) throw new IllegalArgumentException("edge subdivision needs 2^d box corners; d = " + net.inputDim() + " is too large");
    this.net = net;
    this.box = box;
    this.d = net.inputDim();
    int k = net.hiddenLayers();
    layerStart = new int[k + 1];
    for (int l = 1; l <= k; l++) layerStart[l] = layerStart[l - 1] + net.width(l);
    int hidden = layerStart[k];
    int words = SkeletonStore.words(hidden);
    faceNames = new FaceNames(d, hidden, words);
    store = new SkeletonStore(box, words, memoryLimit);
    blockBudget = Math.min(BLOCK_BUDGET, Math.max(1024, memoryLimit / 16));
  }

  /**
   * The skeleton of net's complex in the box. Throws {@link ResourceLimitException} when it would
   * need more memory than {@link MemoryLimit#defaultBytes()}: in the plane before building when the
   * estimate ({@link PlanarSizeEstimate}) already exceeds it, otherwise when the arrays are about to
   * grow past it.
   */
  public static PolyhedralComplex build(Network net, Domain box) {
    return build(net, box, BuildSettings.defaults());
  }

  /** {@link #build(Network, Domain)} with the settings' memory limit and snapping band. */
  public static PolyhedralComplex build(Network net, Domain box, BuildSettings settings) {
    long limit = settings.memoryBytes();
    int hidden = net.hiddenCount();
    // the estimate costs a few milliseconds: made for large networks, or a limit that a complex of
    // the typical size (hidden^2 vertices) would come near; otherwise the growth checks suffice
    long typical = SkeletonStore.estimatedBytes(2, SkeletonStore.words(hidden), (long) hidden * hidden, 2L * hidden * hidden);
    if (net.inputDim() == 2 && box.isBox() && box.dim() == 2 && hidden > 0
        && (hidden >= ESTIMATE_MIN_NEURONS || typical > limit / 16)) {
      long v = PlanarSizeEstimate.vertices(net, box);
      long need = SkeletonStore.estimatedBytes(2, SkeletonStore.words(hidden), v, 2 * v); // planar: about two edges per vertex
      if (need > limit)
        throw new ResourceLimitException(need, limit, String.format(Locale.ROOT, "estimated before building: at least about %,d vertices", v));
    }
    if (net.inputDim() >= 2 && box.isBox() && box.dim() == net.inputDim() && hidden >= PIECES_MIN_NEURONS) {
      int[] grid = new int[net.inputDim()];
      Arrays.fill(grid, 1);
      grid[0] = 2;
      try {
        PolyhedralComplex joined = Pieces.build(net, box, grid, Math.min(2, Runtime.getRuntime().availableProcessors()), settings);
        if (joined != null) return joined;
      } catch (ResourceLimitException e) {
        // a piece holding most of the complex can pass its share of the limit where the whole fits:
        // the whole build decides (and stops at the limit itself if it does not fit)
      }
    }
    return buildWhole(net, box, settings);
  }

  /** The skeleton built in one piece. */
  static PolyhedralComplex buildWhole(Network net, Domain box) {
    return buildWhole(net, box, BuildSettings.defaults());
  }

  /** The skeleton built in one piece, with the settings' memory limit and snapping band. */
  static PolyhedralComplex buildWhole(Network net, Domain box, BuildSettings settings) {
    return new EdgeSubdivision(net, box, settings, MAX_BLOCK).run();
  }

  /** As above with at most 'maxBlock' neurons per block (tests: the complex must not depend on it). */
  static PolyhedralComplex buildWhole(Network net, Domain box, BuildSettings settings, int maxBlock) {
    return new EdgeSubdivision(net, box, settings, Math.max(1, Math.min(maxBlock, MAX_BLOCK))).run();
  }

  private PolyhedralComplex run() {
    for (int l = 1; l <= net.hiddenLayers(); l++) {
      int n = net.width(l);
      int block = (int) Math.max(1, Math.min(Math.min(n, maxBlock), blockBudget / Math.max(1, (long) store.vertexCount() * 2)));
      SplitRecipes recipes = new SplitRecipes(store.vertexCount());
      LineWalk walk = l == 2 && LineWalk.applies(net) ? new LineWalk(store, net, recipes.first) : null;
      for (int j0 = 0; j0 < n; j0 += block) {
        int j1 = Math.min(n, j0 + block);
        BlockValues values = new BlockValues(store, recipes, evaluate(l, j0, j1, recipes.first, walk), j1 - j0, scratch);
        NeuronBlock cuts = new NeuronBlock(store, faceNames, degeneracies, values, scratch, l, j0, layerStart[l - 1] + j0, j1 - j0, snapRelative);
        for (int j = j0; j < j1; j++) cuts.cut(j - j0);
        cuts.finish();
      }
    }
    // what only the cuts needed goes before the finished copy is made
    valueRows = null;
    scratch = null;
    return store.finish(net, box, layerStart, degeneracies.list());
  }

  /**
   * Pre-activations of neurons j0..j1-1 of layer l at the vertices 0..count-1 (those that existed
   * when the layer began), row-major (j1 - j0 per vertex): by the walk when there is one, otherwise
   * by forward passes.
   */
  private double[] evaluate(int l, int j0, int j1, int count, LineWalk walk) {
    final int cols = j1 - j0;
    long room = (long) count * cols;
    if (valueRows.length < room) {
      int size = (int) Math.min(Integer.MAX_VALUE - 8, room + (room >> 2));
      valueRows = null;
      store.holdValues(8L * scratch.created.length);
      store.checkRoom(8L * size);
      valueRows = new double[size];
      store.holdValues(8L * (size + scratch.created.length));
    }
    final double[] rows = valueRows;
    if (walk != null) {
      walk.evaluate(j0, j1, rows);
      return rows;
    }
    int chunk = 2048;
    int chunks = (count + chunk - 1) / chunk;
    long perVertex = 0;
    for (int m = 1; m <= l; m++) perVertex += (long) net.width(m) * net.width(m - 1);
    Parallel.forEach(chunks, count * perVertex, ci -> {
      Forward.Batch batch = new Forward.Batch(net);
      int end = Math.min(count, (ci + 1) * chunk);
      for (int v = ci * chunk; v < end; v += Forward.Batch.SIZE)
        batch.preOf(l, j0, j1, Math.min(Forward.Batch.SIZE, end - v), store::coord, v, rows, cols);
    });
    return rows;
  }
}
