package org.reluconvex.complex;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;

/**
 * The vertices and edges of a skeleton while it is built, in primitive arrays grown by doubling and
 * never an object per vertex or edge: per vertex its position, its tight constraints (a run of one
 * pool) and its activity bits; per edge its two ends. Every growth is checked against a memory limit
 * first ({@link ResourceLimitException}), counting the value tables of the cuts as they report them
 * ({@link #holdValues}).
 */
final class SkeletonStore implements VertexView {
  private final int d;
  private final int words;
  private final long memoryLimit;

  private int nv;
  private double[] pos;
  /**
   * Vertex v's tight constraints are tightPool[tightFrom[v] .. tightTo[v]), sorted: no array per
   * vertex. A set that grows (a vertex found on a later zero set) is copied to the end of the pool.
   */
  private int[] tightFrom, tightTo, tightPool;
  private int poolSize;
  private long[] bits;
  private int ne;
  private int[] ea;
  private int[] eb;
  /** Bytes of the cuts' value tables, held beside these arrays. */
  private long valueBytes;
  /** A point being added. */
  private final double[] point;

  // --- memory: what the arrays of a build really take (compressed references, 16-byte array headers) ---

  /**
   * Bytes per vertex of capacity while building: position (d doubles), tight set (two offsets and
   * about d entries of the pool), activity bits, the block's sign words, the known-values word and
   * the interpolation recipe of a vertex created in the layer.
   */
  static long builderBytesPerVertex(int d, int words) {
    return 8L * d + 8 + 4L * d + 8L * words + 8 + 8 + 8 + (4 + 4 + 8);
  }

  /** Bytes per vertex of the finished complex: position, tight constraints packed (an offset and about d entries) and bits. */
  static long complexBytesPerVertex(int d, int words) {
    return 8L * d + 4 + 4L * d + 8L * words;
  }

  /** Bytes per edge of capacity while building (two ends, next piece), and per edge of the finished complex (two ends). */
  static final long BUILDER_BYTES_PER_EDGE = 12, COMPLEX_BYTES_PER_EDGE = 8;

  /** Peak bytes of a build ending with v vertices and e edges: the builder's arrays and the finished copy, side by side. */
  static long estimatedBytes(int d, int words, long v, long e) {
    return v * (builderBytesPerVertex(d, words) + complexBytesPerVertex(d, words)) + e * (BUILDER_BYTES_PER_EDGE + COMPLEX_BYTES_PER_EDGE);
  }

  /** Words of activity bits per vertex for 'hidden' neurons (at least one). */
  static int words(int hidden) { return Math.max(1, (hidden + 63) >>> 6); }

  /** The box's 2^d corners (tight on one facet per coordinate) and its d 2^(d-1) edges. */
  SkeletonStore(Domain box, int words, long memoryLimit) {
    this.d = box.dim();
    this.words = words;
    this.memoryLimit = memoryLimit;
    this.point = new double[d];
    int corners = 1 << d;
    int cap = Math.max(64, corners * 4);
    pos = new double[cap * d];
    tightFrom = new int[cap];
    tightTo = new int[cap];
    tightPool = new int[cap * d];
    bits = new long[cap * words];
    ea = new int[cap];
    eb = new int[cap];
    for (int m = 0; m < corners; m++) {
      double[] x = new double[d];
      int[] t = new int[d];
      for (int i = 0; i < d; i++) {
        boolean high = ((m >> i) & 1) != 0;
        x[i] = high ? box.hi(i) : box.lo(i);
        t[i] = high ? 2 * i + 1 : 2 * i;
      }
      addVertex(x, t);
    }
    for (int m = 0; m < corners; m++)
      for (int i = 0; i < d; i++) {
        if (((m >> i) & 1) == 0) addEdge(m, m | (1 << i));
      }
  }

  // --- reading ---

  @Override
  public int dim() { return d; }

  @Override
  public int vertexCount() { return nv; }

  int edgeCount() { return ne; }

  /** Vertices the arrays hold room for. */
  int vertexCapacity() { return tightFrom.length; }

  /** Edges the arrays hold room for. */
  int edgeCapacity() { return ea.length; }

  @Override
  public double coord(int v, int i) { return pos[v * d + i]; }

  @Override
  public int tightCount(int v) { return tightTo[v] - tightFrom[v]; }

  @Override
  public int tightAt(int v, int k) { return tightPool[tightFrom[v] + k]; }

  @Override
  public int bitWords() { return words; }

  @Override
  public long bitWord(int v, int q) { return bits[v * words + q]; }

  int edgeStart(int e) { return ea[e]; }

  int edgeEnd(int e) { return eb[e]; }

  /** The constraints u and w share (sorted), followed by c when c is non-negative (c greater than all of them). */
  int[] sharedTight(int u, int w, int c) {
    int n = sharedCount(u, w);
    int[] out = new int[c >= 0 ? n + 1 : n];
    SortedRuns.intersect(tightPool, tightFrom[u], tightTo[u], tightPool, tightFrom[w], tightTo[w], out);
    if (c >= 0) out[n] = c;
    return out;
  }

  /** Number of constraints u and w share. */
  int sharedCount(int u, int w) {
    return SortedRuns.intersect(tightPool, tightFrom[u], tightTo[u], tightPool, tightFrom[w], tightTo[w], null);
  }

  /** Vertex v's position, for messages. */
  String describe(int v) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < d; i++) sb.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.6g", pos[v * d + i]));
    return sb.append(')').toString();
  }

  // --- growing ---

  /** A vertex at x on the constraints t (sorted), with no activity bits yet; returns its index. */
  int addVertex(double[] x, int[] t) {
    ensureVertexCapacity(nv + 1);
    System.arraycopy(x, 0, pos, nv * d, d);
    tightFrom[nv] = poolAppend(t, t.length, -1);
    tightTo[nv] = poolSize;
    return nv++;
  }

  /**
   * The point u + t (w - u) of edge u-w, on the constraints 'tight' (sorted), with the activity bits
   * of the edge (the OR of its ends'); returns its index.
   */
  int addPointOnEdge(int u, int w, double t, int[] tight) {
    for (int i = 0; i < d; i++) point[i] = pos[u * d + i] + t * (pos[w * d + i] - pos[u * d + i]);
    int p = addVertex(point, tight);
    for (int q = 0; q < words; q++) bits[p * words + q] = bits[u * words + q] | bits[w * words + q];
    return p;
  }

  /** Adds constraint c (greater than all of v's) to v's tight set: the set moves to the end of the pool. */
  void appendTight(int v, int c) {
    int n = tightTo[v] - tightFrom[v];
    int[] t = Arrays.copyOfRange(tightPool, tightFrom[v], tightTo[v]);
    tightFrom[v] = poolAppend(t, n, c);
    tightTo[v] = poolSize;
  }

  /** ORs 'active' into activity word q of vertex v (distinct vertices may be written from several threads). */
  void orActivity(int v, int q, long active) { bits[v * words + q] |= active; }

  /** A new edge a-b; returns its index. */
  int addEdge(int a, int b) {
    if (ne == ea.length) {
      int cap = ne * 2;
      checkGrowth(tightFrom.length, cap, 12L * ne);
      ea = Arrays.copyOf(ea, cap);
      eb = Arrays.copyOf(eb, cap);
    }
    ea[ne] = a;
    eb[ne] = b;
    return ne++;
  }

  /** Moves the second end of edge e to p (the edge is cut short at p). */
  void setEdgeEnd(int e, int p) { eb[e] = p; }

  /** Records the bytes the cuts' value tables now take (counted with these arrays against the limit). */
  void holdValues(long bytes) { valueBytes = bytes; }

  /** Throws when 'extra' more bytes, beside everything held now, would pass the limit. */
  void checkRoom(long extra) { checkGrowth(tightFrom.length, ea.length, extra); }

  /** Appends t[0..n) and then c (unless negative) to the pool; returns where they start. */
  private int poolAppend(int[] t, int n, int c) {
    int need = poolSize + n + 1;
    if (need > tightPool.length) {
      int cap = Math.max(need, tightPool.length + (tightPool.length >> 1));
      checkGrowth(tightFrom.length, ea.length, 4L * tightPool.length);
      tightPool = Arrays.copyOf(tightPool, cap);
    }
    int start = poolSize;
    System.arraycopy(t, 0, tightPool, start, n);
    poolSize += n;
    if (c >= 0) tightPool[poolSize++] = c;
    return start;
  }

  private void ensureVertexCapacity(int need) {
    if (need <= tightFrom.length) return;
    int cap = Math.max(need, tightFrom.length * 2);
    checkGrowth(cap, ea.length, (long) tightFrom.length * (8L * d + 8 + 8L * words));
    pos = Arrays.copyOf(pos, cap * d);
    tightFrom = Arrays.copyOf(tightFrom, cap);
    tightTo = Arrays.copyOf(tightTo, cap);
    bits = Arrays.copyOf(bits, cap * words);
  }

  /** Bytes held with vertex capacity vcap and edge capacity ecap, the value tables included. */
  private long footprint(long vcap, long ecap) {
    return vcap * builderBytesPerVertex(d, words) + ecap * BUILDER_BYTES_PER_EDGE + valueBytes;
  }

  /** Throws when growing to these capacities, with the old arrays still held during the copy ('copying' bytes), would pass the limit. */
  private void checkGrowth(long vcap, long ecap, long copying) {
    long need = footprint(vcap, ecap) + copying;
    if (need > memoryLimit)
      throw new ResourceLimitException(need, memoryLimit, String.format(Locale.ROOT,
          "reached %,d vertices and %,d edges while building", nv, ne));
  }

  // --- the finished complex ---

  /**
   * The finished complex: a trimmed copy, made one array at a time while this store lets go of each
   * (the store is empty afterwards). The cuts' value tables must be released first.
   */
  PolyhedralComplex finish(Network net, Domain box, int[] layerStart, List<String> degeneracies) {
    valueBytes = 0;
    checkGrowth(tightFrom.length, ea.length, (long) nv * complexBytesPerVertex(d, words) + (long) ne * COMPLEX_BYTES_PER_EDGE);
    double[] p = trim(pos, nv * d);
    pos = null;
    long[] b = trim(bits, nv * words);
    bits = null;
    int[] a = trim(ea, ne);
    ea = null;
    int[] e = trim(eb, ne);
    eb = null;
    // the tight sets packed in vertex order
    int[] start = new int[nv + 1];
    for (int v = 0; v < nv; v++) start[v + 1] = start[v] + tightTo[v] - tightFrom[v];
    int[] packed = new int[start[nv]];
    for (int v = 0; v < nv; v++) System.arraycopy(tightPool, tightFrom[v], packed, start[v], tightTo[v] - tightFrom[v]);
    tightPool = tightFrom = tightTo = null;
    return new PolyhedralComplex(net, box, layerStart, nv, p, start, packed, b, ne, a, e, degeneracies);
  }

  private static double[] trim(double[] x, int n) { return x.length == n ? x : Arrays.copyOf(x, n); }

  private static long[] trim(long[] x, int n) { return x.length == n ? x : Arrays.copyOf(x, n); }

  private static int[] trim(int[] x, int n) { return x.length == n ? x : Arrays.copyOf(x, n); }
}
