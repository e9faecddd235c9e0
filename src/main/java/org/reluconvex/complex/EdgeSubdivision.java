package org.reluconvex.complex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.reluconvex.network.Forward;
import org.reluconvex.network.Network;
import org.reluconvex.network.NeuronId;

/**
 * Builds the 1-skeleton of a network's polyhedral complex in a box by edge subdivision (MATH.md
 * section 4, after Berzins 2023), without assuming general position.
 *
 * <p>Neurons are taken in layer order. Each one's pre-activation is affine along every current edge
 * (edges lie inside cells of all earlier neurons); edges whose ends have strictly opposite signs are
 * split at the interpolated zero; then every 2-face the zero set crosses gains a chord joining its two
 * boundary points.
 *
 * <p>The neurons of a layer are cut in blocks of up to 32. Values are computed at the vertices that
 * existed when the layer began (forward passes, or {@link LineWalk}); a vertex created during the
 * layer takes the sign its split edge's ends share, and is interpolated only for the neurons whose
 * signs differ there. One pass over the edges finds, for every neuron of the block, the edges it can
 * meet; later cuts of the block follow the pieces those edges are split into and the chords they
 * draw, so a neuron's cut costs in proportion to what it crosses, not to the size of the complex.
 *
 * <p>2-faces are never stored. A face is named by the Zobrist hash of its sign vector over the
 * constraints processed so far: relaxing one tight constraint c of an edge to + or - names a 2-face
 * around that edge. Where more constraints than d-1 pass through an edge (duplicated neurons, a
 * neuron constant on a region) every relaxation pattern is tried, and a chord is only drawn between
 * two points that share at least d-1 constraints. Vertices exactly on a new zero set take part as
 * boundary points of every face around them. Configurations that are impossible in exact arithmetic
 * (a face whose boundary meets the zero set in one point only, or in three points one of which is a
 * split point) are recorded in {@link PolyhedralComplex#degeneracies()} rather than guessed.
 */
public final class EdgeSubdivision {
  /** Upper bound on doubles held for one block of neuron values (vertices x neurons). */
  private static final long BLOCK_BUDGET = 1L << 24;
  /**
   * Most neurons per block (at most 64: their signs are packed one bit each in two longs per vertex).
   * Larger blocks save passes over the edges, but their rows of values then overflow the caches that
   * the cuts' scattered reads depend on.
   */
  private static final int MAX_BLOCK = 32;

  private final Network net;
  private final Domain box;
  private final int d;
  private final int hidden;
  private final int words;
  private final int[] layerStart;
  private final FaceNames faceNames;
  private final SkeletonStore store;
  // vertices created while cutting the current layer: v = u + t (w - u), replayed for later blocks
  private int layerFirstNew;
  private LineWalk lineWalk;
  private int[] recipeU = new int[64];
  private int[] recipeW = new int[64];
  private double[] recipeT = new double[64];
  /**
   * Values of the current block of neurons at the vertices that existed when the layer began,
   * row-major: the value of neuron k of the block at v is vals[v * cols + k]. Rows make the
   * classification pass sequential; the cuts read single entries.
   */
  private double[] vals = new double[0];
  /**
   * Values at vertices created during the layer, v = layerFirstNew + r: a row of newVals (rowOf[r],
   * -1 for none) only for the few that need one, with bit k of known[r] set once entry k is computed.
   * A row for every such vertex would be a vertices x neurons table: the largest array of a build.
   */
  private double[] newVals = new double[0];
  private int[] rowOf = new int[64];
  private int rows;
  private long[] known = new long[64];
  private int cols;

  private final double[] point;
  private final long[] signs = new long[2];
  private final Degeneracies degeneracies = new Degeneracies();

  private EdgeSubdivision(Network net, Domain box, long memoryLimit) {
    if (!box.isBox()) throw new IllegalArgumentException("edge subdivision needs a bounded box, not " + box.describe());
    if (box.dim() != net.inputDim())
      throw new IllegalArgumentException("box has dimension " + box.dim() + ", the network has input dimension " + net.inputDim());
    if (net.inputDim() > 20) throw new IllegalArgumentException("edge subdivision needs 2^d box corners; d = " + net.inputDim() + " is too large");
    this.net = net;
    this.box = box;
    this.d = net.inputDim();
    this.point = new double[d];
    int k = net.hiddenLayers();
    layerStart = new int[k + 1];
    for (int l = 1; l <= k; l++) layerStart[l] = layerStart[l - 1] + net.width(l);
    hidden = layerStart[k];
    words = SkeletonStore.words(hidden);
    faceNames = new FaceNames(d, hidden, words);
    store = new SkeletonStore(box, words, memoryLimit);
  }

  /**
   * Hidden neurons from which a complex (d &ge; 2) is built as two pieces, halves of the box along x0,
   * side by side ({@link Pieces}): below it the complex is too small for a second thread to pay.
   */
  static final int PIECES_MIN_NEURONS = 96;

  /**
   * The skeleton of net's complex in the box. Throws {@link ResourceLimitException} when it would
   * need more memory than {@link MemoryLimit} allows: in the plane before building when the
   * estimate ({@link PlanarSizeEstimate}) already exceeds it, otherwise when the arrays are about to
   * grow past it.
   */
  /** Hidden neurons from which a planar build is estimated before it starts. */
  static final int ESTIMATE_MIN_NEURONS = 512;

  public static PolyhedralComplex build(Network net, Domain box) {
    int hidden = net.hiddenCount();
    long limit = MemoryLimit.bytes();
    // the estimate costs a few milliseconds: made for large networks, or a limit that a complex of
    // the typical size (hidden^2 vertices) would come near; otherwise the growth checks suffice
    long typical = SkeletonStore.estimatedBytes(2, SkeletonStore.words(Math.max(1, hidden)), (long) hidden * hidden, 2L * hidden * hidden);
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
        PolyhedralComplex joined = Pieces.build(net, box, grid, Math.min(2, Runtime.getRuntime().availableProcessors()), limit);
        if (joined != null) return joined;
      } catch (ResourceLimitException e) {
        // a piece holding most of the complex can pass its share of the limit where the whole fits:
        // the whole build decides (and stops at the limit itself if it does not fit)
      }
    }
    return buildWhole(net, box, limit);
  }

  /** The skeleton built in one piece. */
  static PolyhedralComplex buildWhole(Network net, Domain box) {
    return buildWhole(net, box, MemoryLimit.bytes());
  }

  /** The skeleton built in one piece, within 'limit' bytes. */
  static PolyhedralComplex buildWhole(Network net, Domain box, long limit) {
    return new EdgeSubdivision(net, box, limit).run();
  }


  /** Records the bytes of the value tables with the store, which counts them against the limit. */
  private void holdValues() {
    store.holdValues((vals == null ? 0 : 8L * vals.length) + (newVals == null ? 0 : 8L * newVals.length));
  }

  private PolyhedralComplex run() {
    for (int l = 1; l <= net.hiddenLayers(); l++) {
      int n = net.width(l);
      int block = (int) Math.max(1, Math.min(Math.min(n, MAX_BLOCK), BLOCK_BUDGET / Math.max(1, (long) store.vertexCount() * 2)));
      layerFirstNew = store.vertexCount();
      for (int j0 = 0; j0 < n; j0 += block) {
        int j1 = Math.min(n, j0 + block);
        evaluateBlock(l, j0, j1);
        for (int j = j0; j < j1; j++) cut(l, j, j - j0);
        storeBlockBits(layerStart[l - 1] + j0, j1 - j0);
      }
      lineWalk = null;
    }
    // what only the cuts needed goes before the finished copy is made
    vals = null;
    newVals = null;
    rowOf = null;
    known = null;
    blockPlus = blockMinus = null;
    recipeU = recipeW = null;
    recipeT = null;
    nextPiece = null;
    candidates = null;
    newZeros = null;
    zeroVertices = null;
    return store.finish(net, box, layerStart, degeneracies.list());
  }

  private int addEdge(int a, int b) {
    int e = store.addEdge(a, b);
    if (e >= nextPiece.length) nextPiece = Arrays.copyOf(nextPiece, store.edgeCapacity());
    return e;
  }

  /**
   * Pre-activations of neurons j0..j1-1 of layer l at the vertices that existed when the layer
   * began (forward passes, or a walk along first-layer lines), then the signs of the block at every
   * vertex ({@link #classifyBlock}). Vertices created since by this layer's cuts get values only on
   * demand ({@link #value}).
   */
  private void evaluateBlock(int l, int j0, int j1) {
    final int cols = j1 - j0;
    this.cols = cols;
    // every entry a block reads is written first, so a block starts from a fresh array when it needs more room
    long room = (long) layerFirstNew * cols;
    if (vals.length < room) {
      int size = (int) Math.min(Integer.MAX_VALUE - 8, room + (room >> 2));
      vals = null;
      holdValues();
      store.checkRoom(8L * size);
      vals = new double[size];
      holdValues();
    }
    ensureValueCapacity(store.vertexCount() + 64);
    if (d == 2 && l == 2 && LineWalk.applies(net)) {
      if (lineWalk == null) lineWalk = new LineWalk(store, net, layerFirstNew);
      lineWalk.evaluate(j0, j1, vals);
    }
    else evaluateByForwardPasses(l, j0, j1, layerFirstNew);
    classifyBlock();
  }

  /** Room for the value bookkeeping of the vertices created in the layer, up to vertex count 'vertices'. */
  private void ensureValueCapacity(int vertices) {
    int need = vertices - layerFirstNew;
    if (known.length < need) {
      int cap = Math.max(need, known.length * 2);
      known = Arrays.copyOf(known, cap);
      rowOf = Arrays.copyOf(rowOf, cap);
    }
  }

  /** A fresh row of newVals for vertex layerFirstNew + r. */
  private int newRow(int r) {
    long need = (long) (rows + 1) * cols;
    if (newVals.length < need) {
      long cap = Math.max(need, Math.max(64L * cols, (long) newVals.length * 3 / 2));
      store.checkRoom(8L * newVals.length);
      newVals = Arrays.copyOf(newVals, (int) Math.min(Integer.MAX_VALUE - 8, cap));
      holdValues();
    }
    rowOf[r] = rows;
    return rows++;
  }

  /**
   * Value of neuron k of the block at v. Vertices created during the layer get theirs on demand, by
   * interpolation along the edge they split (recursively: its ends may be such vertices too), and
   * keep it for the rest of the block: most of them never need one, their signs following from
   * their ends' (see signNew).
   */
  private double value(int v, int k) {
    if (v < layerFirstNew) return vals[v * cols + k];
    int r = v - layerFirstNew;
    if ((known[r] & (1L << k)) != 0) return newVals[rowOf[r] * cols + k];
    double a = value(recipeU[r], k);
    double x = a + recipeT[r] * (value(recipeW[r], k) - a);
    int row = known[r] != 0 ? rowOf[r] : newRow(r);
    newVals[row * cols + k] = x;
    known[r] |= 1L << k;
    return x;
  }

  /**
   * Signs of the block's neurons in 'open' at vertex p = u + t (w - u), created during the layer:
   * a neuron with the same strict sign at u and w has it at p (it is affine along the edge); the
   * others are classified by p's interpolated value. Returns {plus, minus} bits in 'out'.
   */
  private void signNew(int p, int u, int w, long open, long[] out) {
    long pu = blockPlus[u], mu = blockMinus[u], pw = blockPlus[w], mw = blockMinus[w];
    long plus = pu & pw & open, minus = mu & mw & open;
    for (long rest = open & ~(plus | minus); rest != 0; rest &= rest - 1) {
      int k = Long.numberOfTrailingZeros(rest);
      double x = value(p, k);
      if (x > tols[k]) plus |= 1L << k;
      else if (x < -tols[k]) minus |= 1L << k;
    }
    out[0] = plus;
    out[1] = minus;
  }

  /**
   * Signs of the whole block at the vertices and edges present when it begins, in one pass over each:
   * scanning every edge once per neuron would cost O(neurons x edges) for O(splits) of useful work.
   * An edge whose ends have the same strict sign for a neuron keeps it at every point (the neuron is
   * affine along the edge), so only the edges found here, the chords drawn later whose ends differ,
   * and the pieces later cuts split them into, can meet that neuron's zero set.
   */
  private void classifyBlock() {
    final int count = store.vertexCount(), edges = store.edgeCount(), cols = this.cols;
    if (blockPlus.length < store.vertexCapacity()) {
      blockPlus = new long[store.vertexCapacity()];
      blockMinus = new long[store.vertexCapacity()];
    }
    final long[] plus = blockPlus, minus = blockMinus;
    final double[] vals = this.vals;
    final long colMask = cols == 64 ? -1L : (1L << cols) - 1;
    // vertices that existed when the layer began carry values; the maxima over them are the maxima
    // over every vertex, since later vertices interpolate them (each neuron is affine on their cells)
    final int old = layerFirstNew;
    int chunk = 1 << 12;
    int vChunks = (old + chunk - 1) / chunk;
    int[][] zeroFound = new int[vChunks][];
    // one pass: strict signs, and per column the largest |value| and the smallest non-zero one; the
    // threshold (relative to the largest) can only reclassify a column whose smallest is below it
    double[][] maxAbs = new double[vChunks][cols], minAbs = new double[vChunks][cols];
    Parallel.forEach(vChunks, (long) old * cols, ci -> {
      int from = ci * chunk, to = Math.min(old, from + chunk);
      double[] max = maxAbs[ci], min = minAbs[ci];
      Arrays.fill(min, Double.POSITIVE_INFINITY);
      int[] buf = new int[4];
      int n = 0;
      for (int v = from; v < to; v++) {
        long pv = 0, mv = 0;
        for (int k = 0, o = v * cols; k < cols; k++) {
          double x = vals[o + k];
          pv |= (x > 0 ? 1L : 0L) << k;
          mv |= (x < 0 ? 1L : 0L) << k;
          double a = Math.abs(x);
          if (a > max[k]) max[k] = a;
          if (a < min[k] && a > 0) min[k] = a;
        }
        plus[v] = pv;
        minus[v] = mv;
        if ((pv | mv) != colMask) {
          if (n == buf.length) buf = Arrays.copyOf(buf, 2 * n);
          buf[n++] = v;
        }
      }
      zeroFound[ci] = Arrays.copyOf(buf, n);
    });
    // vertices added later in the block interpolate existing ones, so these maxima stay exact
    tols = new double[cols];
    long near = 0; // columns with a non-zero value within the threshold
    for (int k = 0; k < cols; k++) {
      double max = 0, min = Double.POSITIVE_INFINITY;
      for (int ci = 0; ci < vChunks; ci++) {
        max = Math.max(max, maxAbs[ci][k]);
        min = Math.min(min, minAbs[ci][k]);
      }
      tols[k] = Tolerances.ZERO_RELATIVE * max;
      if (min <= tols[k]) near |= 1L << k;
    }
    if (near != 0) {
      final long nearCols = near;
      final double[] tols = this.tols;
      Parallel.forEach(vChunks, (long) old * cols, ci -> {
        int from = ci * chunk, to = Math.min(old, from + chunk);
        int[] buf = new int[4];
        int n = 0;
        for (int v = from; v < to; v++) {
          for (long open = nearCols; open != 0; open &= open - 1) {
            int k = Long.numberOfTrailingZeros(open);
            if (Math.abs(vals[v * cols + k]) <= tols[k]) {
              plus[v] &= ~(1L << k);
              minus[v] &= ~(1L << k);
            }
          }
          if ((plus[v] | minus[v]) != colMask) {
            if (n == buf.length) buf = Arrays.copyOf(buf, 2 * n);
            buf[n++] = v;
          }
        }
        zeroFound[ci] = Arrays.copyOf(buf, n);
      });
    }
    int[] zeros = concat(zeroFound);
    // vertices created since, in order (their ends come first)
    Arrays.fill(known, 0, count - old, 0L);
    rows = 0;
    long[] signs = new long[2];
    int nz = zeros.length;
    for (int p = old; p < count; p++) {
      int r = p - old;
      signNew(p, recipeU[r], recipeW[r], colMask, signs);
      plus[p] = signs[0];
      minus[p] = signs[1];
      if ((signs[0] | signs[1]) != colMask) {
        if (nz == zeros.length) zeros = Arrays.copyOf(zeros, Math.max(8, 2 * nz));
        zeros[nz++] = p;
      }
    }
    zeroVertices = Arrays.copyOf(zeros, nz);
    // edges each neuron crosses (strictly opposite signs) or touches (an end on its zero set, d >= 2)
    int eChunk = 1 << 14;
    int eChunks = (edges + eChunk - 1) / eChunk;
    int[][][] found = new int[eChunks][][];
    Parallel.forEach(eChunks, (long) edges * 4, ci -> {
      int from = ci * eChunk, to = Math.min(edges, from + eChunk);
      int[][] lists = new int[cols][];
      int[] sizes = new int[cols];
      for (int e = from; e < to; e++) {
        long hit = meetMask(store.edgeStart(e), store.edgeEnd(e)) & colMask;
        while (hit != 0) {
          int k = Long.numberOfTrailingZeros(hit);
          hit &= hit - 1;
          add(lists, sizes, k, e);
        }
      }
      for (int k = 0; k < cols; k++) lists[k] = lists[k] == null ? new int[0] : Arrays.copyOf(lists[k], sizes[k]);
      found[ci] = lists;
    });
    candidates = new int[cols][];
    candidateCount = new int[cols];
    newZeros = new int[cols][];
    newZeroCount = new int[cols];
    for (int k = 0; k < cols; k++) {
      int[][] parts = new int[eChunks][];
      for (int ci = 0; ci < eChunks; ci++) parts[ci] = found[ci][k];
      candidates[k] = concat(parts);
      candidateCount[k] = candidates[k].length;
    }
    if (nextPiece.length < store.edgeCapacity()) nextPiece = new int[store.edgeCapacity()];
    Arrays.fill(nextPiece, 0, edges, -1);
  }

  /** Neurons of the block that the edge u-w crosses (strictly opposite signs) or may touch (an end with neither sign, d &ge; 2). */
  private long meetMask(int u, int w) {
    long pu = blockPlus[u], mu = blockMinus[u], pw = blockPlus[w], mw = blockMinus[w];
    long hit = (pu & mw) | (mu & pw);
    if (d >= 2) hit |= ~((pu | mu) & (pw | mw));
    return hit;
  }

  private static void add(int[][] lists, int[] sizes, int k, int value) {
    int[] list = lists[k];
    if (list == null || list.length == 0) lists[k] = list = new int[8];
    else if (sizes[k] == list.length) lists[k] = list = Arrays.copyOf(list, 2 * sizes[k]);
    list[sizes[k]++] = value;
  }

  private static int[] concat(int[][] parts) {
    if (parts.length == 1) return parts[0];
    int total = 0;
    for (int[] f : parts) total += f.length;
    int[] all = new int[total];
    int k = 0;
    for (int[] f : parts) {
      System.arraycopy(f, 0, all, k, f.length);
      k += f.length;
    }
    return all;
  }

  private void evaluateByForwardPasses(int l, int j0, int j1, int count) {
    int chunk = 2048;
    int chunks = (count + chunk - 1) / chunk;
    long perVertex = 0;
    for (int m = 1; m <= l; m++) perVertex += (long) net.width(m) * net.width(m - 1);
    Parallel.forEach(chunks, count * perVertex, ci -> {
      Forward fw = new Forward(net);
      double[] x = new double[d];
      int end = Math.min(count, (ci + 1) * chunk);
      for (int v = ci * chunk; v < end; v++) {
        for (int i = 0; i < d; i++) x[i] = store.coord(v, i);
        fw.runBelow(x, l);
        for (int j = j0; j < j1; j++) vals[v * cols + j - j0] = fw.preOf(l, j);
      }
    });
  }

  private void addRecipe(int p, int u, int w, double t) {
    int r = p - layerFirstNew;
    if (r >= recipeU.length) {
      int cap = Math.max(r + 1, recipeU.length * 2);
      recipeU = Arrays.copyOf(recipeU, cap);
      recipeW = Arrays.copyOf(recipeW, cap);
      recipeT = Arrays.copyOf(recipeT, cap);
    }
    recipeU[r] = u;
    recipeW[r] = w;
    recipeT[r] = t;
  }

  /** Cuts the complex by neuron j of layer l, whose values are column col of the current block. */
  private void cut(int l, int j, int col) {
    final int g = layerStart[l - 1] + j;
    final int c = 2 * d + g;
    final long bit = 1L << col;
    boolean anyZero = newZeroCount[col] > 0;
    for (int v : zeroVertices) if (((blockPlus[v] | blockMinus[v]) & bit) == 0) anyZero = true;
    int[] hits = crossings(col, anyZero);
    int nv0 = store.vertexCount();
    FaceJoin join = new FaceJoin(faceNames, store, degeneracies, hits.length, anyZero);
    for (int k = 0; k < hits.length; k++) {
      int e = hits[k];
      int u = store.edgeStart(e), w = store.edgeEnd(e);
      int su = sign(u, col), sw = sign(w, col);
      if (su * sw < 0) split(join, g, c, col, e, u, w);
      else touch(join, g, col, u, w, su, sw);
    }
    if (anyZero) {
      for (int v : zeroVertices) if (((blockPlus[v] | blockMinus[v]) & bit) == 0) store.appendTight(v, c);
      for (int q = 0; q < newZeroCount[col]; q++) store.appendTight(newZeros[col][q], c);
    }
    long laterMask = ~((2L << col) - 1) & (cols == 64 ? -1L : (1L << cols) - 1);
    join.join(nv0, neuron(g), (a, b) -> {
      int chord = addEdge(a, b);
      nextPiece[chord] = -1;
      // later neurons of the block that may meet the chord
      long hit = meetMask(a, b) & laterMask;
      for (; hit != 0; hit &= hit - 1) add(candidates, candidateCount, Long.numberOfTrailingZeros(hit), chord);
    });
  }

  /** Sign (+1, -1, 0) of neuron col of the current block at vertex v. */
  private int sign(int v, int col) {
    return (int) ((blockPlus[v] >>> col) & 1) - (int) ((blockMinus[v] >>> col) & 1);
  }

  /**
   * Edges that neuron col of the block crosses (strictly opposite signs) or touches (an end on its
   * zero set, d &ge; 2), in increasing order: pieces of its candidate edges.
   */
  private int[] crossings(int col, boolean anyZero) {
    final boolean touch = anyZero && d >= 2;
    int[] buf = new int[16];
    int n = 0;
    int[] cand = candidates[col];
    for (int q = 0, m = candidateCount[col]; q < m; q++)
      for (int e = cand[q]; e >= 0; e = nextPiece[e]) {
        int su = sign(store.edgeStart(e), col), sw = sign(store.edgeEnd(e), col);
        if (su * sw < 0 || (touch && (su == 0 || sw == 0))) {
          if (n == buf.length) buf = Arrays.copyOf(buf, 2 * n);
          buf[n++] = e;
        }
      }
    int[] hits = Arrays.copyOf(buf, n);
    Arrays.sort(hits);
    return hits;
  }

  /** Signs of the current block's neurons at every vertex: bit k of blockPlus[v] (blockMinus[v]) is set
   * when neuron k of the block is positive (negative) at v; neither when v is on its zero set or not
   * yet classified. The activity bits go into the vertex-major table once, when the block ends. */
  private long[] blockPlus = new long[64];
  private long[] blockMinus = new long[64];
  /** Zero thresholds of the block's neurons. */
  private double[] tols;
  /** Vertices present when the block began that lie on the zero set of some neuron of the block. */
  private int[] zeroVertices;
  /** Vertices created in the block on the zero set of a later neuron of the block, per neuron. */
  private int[][] newZeros;
  private int[] newZeroCount;
  /** Edges neuron k of the block may cross or touch (each with the pieces later cuts split it into). */
  private int[][] candidates;
  private int[] candidateCount;
  /** The next piece of a split edge (-1: none); the pieces of an edge form a chain from it. */
  private int[] nextPiece = new int[64];

  private void storeBlockBits(int g0, int cols) {
    final int count = store.vertexCount();
    final int word = g0 >>> 6, shift = g0 & 63;
    final boolean spills = shift + cols > 64;
    int chunk = 1 << 16;
    int chunks = (count + chunk - 1) / chunk;
    Parallel.forEach(chunks, (long) count * 4, ci -> {
      int to = Math.min(count, (ci + 1) * chunk);
      for (int v = ci * chunk; v < to; v++) {
        long p = blockPlus[v];
        store.orActivity(v, word, p << shift);
        if (spills) store.orActivity(v, word + 1, p >>> (64 - shift));
      }
    });
  }

  /** Splits edge e = u-w, whose ends have strictly opposite signs, at the zero of the current neuron. */
  private void split(FaceJoin join, int g, int c, int col, int e, int u, int w) {
    int cols = this.cols;
    int[] tp = store.sharedTight(u, w, c);
    int tn = tp.length - 1; // the edge's own constraints: tp without the new one
    double vu = value(u, col), vw = value(w, col);
    double tt = vu / (vu - vw);
    long h = d >= 2 ? faceNames.edgeHash(store, u, w, tp, tn, g, blockPlus, col) : 0;
    int p = store.addPointOnEdge(u, w, tt, tp, point);
    if (blockPlus.length <= p) {
      blockPlus = Arrays.copyOf(blockPlus, store.vertexCapacity());
      blockMinus = Arrays.copyOf(blockMinus, store.vertexCapacity());
    }
    ensureValueCapacity(p + 1);
    known[p - layerFirstNew] = 0;
    addRecipe(p, u, w, tt);
    // signs at p: earlier neurons are never strictly opposite at u and w, so p takes u's sign where
    // it is non-zero and w's elsewhere; later neurons as for any vertex created in the layer; p lies
    // on this neuron's zero set (neither bit)
    long pu = blockPlus[u], mu = blockMinus[u], pw = blockPlus[w], mw = blockMinus[w];
    long done = (1L << col) - 1;
    long later = ~done & ~(1L << col) & (cols == 64 ? -1L : (1L << cols) - 1);
    long[] signs = this.signs;
    signNew(p, u, w, later, signs);
    blockPlus[p] = ((pu | (pw & ~(pu | mu))) & done) | signs[0];
    blockMinus[p] = ((mu | (mw & ~(pu | mu))) & done) | signs[1];
    for (long zero = later & ~(signs[0] | signs[1]); zero != 0; zero &= zero - 1)
      add(newZeros, newZeroCount, Long.numberOfTrailingZeros(zero), p);
    store.setEdgeEnd(e, p);
    int piece = addEdge(p, w);
    nextPiece[piece] = nextPiece[e];
    nextPiece[e] = piece;
    if (d >= 2) join.file(tp, tn, h, p, true);
  }

  /** An edge with an end exactly on the zero set: its zero ends bound the faces around it. */
  private void touch(FaceJoin join, int g, int col, int u, int w, int su, int sw) {
    int[] t = store.sharedTight(u, w, -1);
    long h = faceNames.edgeHash(store, u, w, t, t.length, g, blockPlus, col);
    if (su == 0 && sw == 0) join.zeroEdge(u, w);
    if (su == 0) join.file(t, t.length, h, u, false);
    if (sw == 0) join.file(t, t.length, h, w, false);
  }

  private NeuronId neuron(int g) {
    int l = 1;
    while (layerStart[l] <= g) l++;
    return new NeuronId(l, g - layerStart[l - 1]);
  }

}
