package org.reluconvex.complex;

import java.util.Arrays;
import org.reluconvex.network.NeuronId;

/**
 * Up to 64 consecutive neurons of one layer cutting the complex, one after the other: made fresh for
 * each block, it holds what only the block needs and is dropped when the block ends.
 *
 * <p>It starts with the signs of the whole block at the vertices and edges present, in one pass over
 * each: scanning every edge once per neuron would cost O(neurons x edges) for O(splits) of useful
 * work. An edge whose ends have the same strict sign for a neuron keeps it at every point (the neuron
 * is affine along the edge), so only the edges found then (the neuron's candidates), the chords drawn
 * later whose ends differ, and the pieces later cuts split them into, can meet that neuron's zero
 * set: a neuron's cut costs in proportion to what it crosses, not to the size of the complex.
 *
 * <p>A neuron's cut ({@link #cut}) splits every edge whose ends have strictly opposite signs at the
 * interpolated zero, files the split points and the vertices exactly on the zero set under the faces
 * they bound ({@link FaceJoin}), puts those vertices on the neuron's constraint, and draws the chords.
 * The block's activity bits go into the store when it ends ({@link #finish}).
 */
final class NeuronBlock {
  /** The precision policy's snapping band: a vertex within it (relative to the column's largest |value|) of a zero set is put on it. */
  private final double snapRelative;
  private final SkeletonStore store;
  private final FaceNames faceNames;
  private final Degeneracies degeneracies;
  private final BlockValues values;
  private final BlockScratch scratch;
  private final int d;
  private final int layer, j0, g0, cols;
  private final long colMask;
  /**
   * Signs of the block's neurons at every vertex: bit k of plus[v] (minus[v]) is set when neuron k of
   * the block is positive (negative) at v; neither when v is on its zero set.
   */
  private long[] plus, minus;
  /** Zero thresholds of the block's neurons. */
  private double[] tols;
  /** Vertices present when the block began that lie on the zero set of some neuron of the block. */
  private int[] zeroVertices;
  /** Vertices created in the block on the zero set of a later neuron of the block, per neuron. */
  private final IntLists newZeros;
  /** Edges each neuron of the block may cross or touch (each with the pieces later cuts split it into). */
  private IntLists candidates;
  /** The next piece of a split edge (-1: none); the pieces of an edge form a chain from it. */
  private int[] nextPiece;

  /**
   * Neurons j0 .. j0 + cols - 1 of 'layer' (global index of the first: g0), with their values; classifies
   * every vertex and edge present.
   */
  NeuronBlock(SkeletonStore store, FaceNames faceNames, Degeneracies degeneracies, BlockValues values, BlockScratch scratch, int layer, int j0, int g0,
      int cols, double snapRelative) {
    this.snapRelative = snapRelative;
    this.store = store;
    this.faceNames = faceNames;
    this.degeneracies = degeneracies;
    this.values = values;
    this.scratch = scratch;
    this.d = store.dim();
    this.layer = layer;
    this.j0 = j0;
    this.g0 = g0;
    this.cols = cols;
    this.colMask = cols == 64 ? -1L : (1L << cols) - 1;
    this.newZeros = new IntLists(cols);
    classify();
  }

  private void classify() {
    final int count = store.vertexCount(), edges = store.edgeCount(), cols = this.cols;
    // every entry below count is written here, entries above it when their vertex is created
    if (scratch.plus.length < store.vertexCapacity()) {
      scratch.plus = new long[store.vertexCapacity()];
      scratch.minus = new long[store.vertexCapacity()];
    }
    final long[] plus = this.plus = scratch.plus;
    final long[] minus = this.minus = scratch.minus;
    final double[] vals = values.evaluatedRows();
    final long colMask = this.colMask;
    // vertices that existed when the layer began carry values; the maxima over them are the maxima
    // over every vertex, since later vertices interpolate them (each neuron is affine on their cells)
    final int old = values.first();
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
    final double[] tols = this.tols = new double[cols];
    long near = 0; // columns with a non-zero value within the threshold
    for (int k = 0; k < cols; k++) {
      double max = 0, min = Double.POSITIVE_INFINITY;
      for (int ci = 0; ci < vChunks; ci++) {
        max = Math.max(max, maxAbs[ci][k]);
        min = Math.min(min, minAbs[ci][k]);
      }
      tols[k] = snapRelative * max;
      if (min <= tols[k]) near |= 1L << k;
    }
    if (near != 0) {
      final long nearCols = near;
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
    // vertices created since in the layer, in order (their ends come first)
    int nz = zeros.length;
    SplitRecipes recipes = values.recipes();
    for (int p = old; p < count; p++) {
      signsAt(p, recipes.u(p), recipes.w(p), colMask, 0, 0);
      if ((plus[p] | minus[p]) != colMask) {
        if (nz == zeros.length) zeros = Arrays.copyOf(zeros, Math.max(8, 2 * nz));
        zeros[nz++] = p;
      }
    }
    zeroVertices = Arrays.copyOf(zeros, nz);
    // edges each neuron crosses (strictly opposite signs) or touches (an end on its zero set, d >= 2)
    int eChunk = 1 << 14;
    int eChunks = (edges + eChunk - 1) / eChunk;
    IntLists[] found = new IntLists[eChunks];
    Parallel.forEach(eChunks, (long) edges * 4, ci -> {
      int from = ci * eChunk, to = Math.min(edges, from + eChunk);
      IntLists lists = new IntLists(cols);
      for (int e = from; e < to; e++) {
        long hit = meetMask(store.edgeStart(e), store.edgeEnd(e)) & colMask;
        while (hit != 0) {
          int k = Long.numberOfTrailingZeros(hit);
          hit &= hit - 1;
          lists.add(k, e);
        }
      }
      found[ci] = lists;
    });
    candidates = IntLists.concat(found, cols);
    nextPiece = scratch.nextPiece.length < store.edgeCapacity() ? new int[store.edgeCapacity()] : scratch.nextPiece;
    Arrays.fill(nextPiece, 0, edges, -1);
  }

  /** Neurons of the block that the edge u-w crosses (strictly opposite signs) or may touch (an end with neither sign, d &ge; 2). */
  private long meetMask(int u, int w) {
    long pu = plus[u], mu = minus[u], pw = plus[w], mw = minus[w];
    long hit = (pu & mw) | (mu & pw);
    if (d >= 2) hit |= ~((pu | mu) & (pw | mw));
    return hit;
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

  /**
   * Signs of the block's neurons in 'open' at vertex p = u + t (w - u), created during the layer: a
   * neuron with the same strict sign at u and w has it at p (it is affine along the edge); the others
   * are classified by p's interpolated value. The signs of the other neurons are donePlus, doneMinus.
   */
  private void signsAt(int p, int u, int w, long open, long donePlus, long doneMinus) {
    long pu = plus[u], mu = minus[u], pw = plus[w], mw = minus[w];
    long pl = pu & pw & open, mi = mu & mw & open;
    for (long rest = open & ~(pl | mi); rest != 0; rest &= rest - 1) {
      int k = Long.numberOfTrailingZeros(rest);
      double x = values.value(p, k);
      if (x > tols[k]) pl |= 1L << k;
      else if (x < -tols[k]) mi |= 1L << k;
    }
    plus[p] = donePlus | pl;
    minus[p] = doneMinus | mi;
  }

  /** Sign (+1, -1, 0) of neuron col of the block at vertex v. */
  private int sign(int v, int col) {
    return (int) ((plus[v] >>> col) & 1) - (int) ((minus[v] >>> col) & 1);
  }

  /** Cuts the complex by neuron col of the block. */
  void cut(int col) {
    final int g = g0 + col;
    final int c = 2 * d + g;
    final long bit = 1L << col;
    boolean anyZero = newZeros.size(col) > 0;
    for (int v : zeroVertices) if (((plus[v] | minus[v]) & bit) == 0) anyZero = true;
    int[] hits = crossings(col, anyZero);
    int nv0 = store.vertexCount();
    FaceJoin join = new FaceJoin(faceNames, store, degeneracies, hits.length, anyZero);
    for (int e : hits) {
      int u = store.edgeStart(e), w = store.edgeEnd(e);
      int su = sign(u, col), sw = sign(w, col);
      if (su * sw < 0) split(join, g, c, col, e, u, w);
      else touch(join, g, col, u, w, su, sw);
    }
    if (anyZero) {
      for (int v : zeroVertices) if (((plus[v] | minus[v]) & bit) == 0) store.appendTight(v, c);
      for (int q = 0; q < newZeros.size(col); q++) store.appendTight(newZeros.get(col, q), c);
    }
    long laterMask = ~((2L << col) - 1) & colMask;
    join.join(nv0, new NeuronId(layer, j0 + col), (a, b) -> {
      int chord = addEdge(a, b);
      nextPiece[chord] = -1;
      // later neurons of the block that may meet the chord
      for (long hit = meetMask(a, b) & laterMask; hit != 0; hit &= hit - 1) candidates.add(Long.numberOfTrailingZeros(hit), chord);
    });
  }

  /**
   * Edges that neuron col of the block crosses (strictly opposite signs) or touches (an end on its
   * zero set, d &ge; 2), in increasing order: pieces of its candidate edges.
   */
  private int[] crossings(int col, boolean anyZero) {
    final boolean touch = anyZero && d >= 2;
    int[] buf = new int[16];
    int n = 0;
    for (int q = 0, m = candidates.size(col); q < m; q++)
      for (int e = candidates.get(col, q); e >= 0; e = nextPiece[e]) {
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

  private int addEdge(int a, int b) {
    int e = store.addEdge(a, b);
    if (e >= nextPiece.length) nextPiece = Arrays.copyOf(nextPiece, store.edgeCapacity());
    return e;
  }

  /** Splits edge e = u-w, whose ends have strictly opposite signs, at the zero of neuron col (global g, constraint c). */
  private void split(FaceJoin join, int g, int c, int col, int e, int u, int w) {
    int[] tp = store.sharedTight(u, w, c);
    int tn = tp.length - 1; // the edge's own constraints: tp without the new one
    double vu = values.value(u, col), vw = values.value(w, col);
    double tt = vu / (vu - vw);
    long h = d >= 2 ? faceNames.edgeHash(store, u, w, tp, tn, g, plus, col) : 0;
    int p = store.addPointOnEdge(u, w, tt, tp);
    if (plus.length <= p) {
      plus = Arrays.copyOf(plus, store.vertexCapacity());
      minus = Arrays.copyOf(minus, store.vertexCapacity());
    }
    values.created(p, u, w, tt);
    // signs at p: earlier neurons are never strictly opposite at u and w, so p takes u's sign where
    // it is non-zero and w's elsewhere; later neurons as for any vertex created in the layer; p lies
    // on this neuron's zero set (neither bit)
    long pu = plus[u], mu = minus[u], pw = plus[w], mw = minus[w];
    long done = (1L << col) - 1;
    long later = ~done & ~(1L << col) & colMask;
    signsAt(p, u, w, later, (pu | (pw & ~(pu | mu))) & done, (mu | (mw & ~(pu | mu))) & done);
    for (long zero = later & ~(plus[p] | minus[p]); zero != 0; zero &= zero - 1) newZeros.add(Long.numberOfTrailingZeros(zero), p);
    store.setEdgeEnd(e, p);
    int piece = addEdge(p, w);
    nextPiece[piece] = nextPiece[e];
    nextPiece[e] = piece;
    if (d >= 2) join.file(tp, tn, h, p, true);
  }

  /** An edge with an end exactly on the zero set: its zero ends bound the faces around it. */
  private void touch(FaceJoin join, int g, int col, int u, int w, int su, int sw) {
    int[] t = store.sharedTight(u, w, -1);
    long h = faceNames.edgeHash(store, u, w, t, t.length, g, plus, col);
    if (su == 0 && sw == 0) join.zeroEdge(u, w);
    if (su == 0) join.file(t, t.length, h, u, false);
    if (sw == 0) join.file(t, t.length, h, w, false);
  }

  /** Ends the block: its activity (the plus bits) goes into the store, its arrays back to the scratch. */
  void finish() {
    storeActivity();
    scratch.plus = plus;
    scratch.minus = minus;
    scratch.nextPiece = nextPiece;
    values.finish(scratch);
  }

  /** Writes the block's activity (its plus bits) into the store's activity words. */
  private void storeActivity() {
    final int count = store.vertexCount();
    final int word = g0 >>> 6, shift = g0 & 63;
    final boolean spills = shift + cols > 64;
    final long[] plus = this.plus;
    int chunk = 1 << 16;
    int chunks = (count + chunk - 1) / chunk;
    Parallel.forEach(chunks, (long) count * 4, ci -> {
      int to = Math.min(count, (ci + 1) * chunk);
      for (int v = ci * chunk; v < to; v++) {
        long p = plus[v];
        store.orActivity(v, word, p << shift);
        if (spills) store.orActivity(v, word + 1, p >>> (64 - shift));
      }
    });
  }
}
