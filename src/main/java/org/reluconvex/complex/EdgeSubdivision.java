package org.reluconvex.complex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.reluconvex.network.Network;

/**
 * Builds the 1-skeleton of a network's polyhedral complex in a box by edge subdivision (MATH.md
 * section 4, after Berzins 2023), without assuming general position.
 *
 * <p>Neurons are taken in layer order. Each one's pre-activation is evaluated at every vertex (it is
 * affine along every current edge, because edges lie inside cells of all earlier neurons); edges with
 * strictly opposite signs are split at the interpolated zero; then every 2-face the zero set crosses
 * gains a chord joining its two boundary points.
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
  private static final int MAX_REPORTED = 5;
  /** Most neurons per block (at most 32: their signs are packed two bits each in one long per vertex). */
  private static final int MAX_BLOCK = 32;

  private final Network net;
  private final Domain box;
  private final int d;
  private final int hidden;
  private final int words;
  private final int[] layerStart;
  private final long[] zobrist;
  /** activeTable[k * 256 + b]: XOR of (Z(g,+) ^ Z(g,-)) over the bits g set in byte b at byte position k. */
  private final long[] activeTable;
  /** negPrefix[g]: XOR of Z(facet,+) over facets and Z(g',-) over neurons g' &lt; g. */
  private final long[] negPrefix;

  // vertices
  private int nv;
  private double[] pos;
  private int[][] tight;
  private long[] bits;
  // edges
  private int ne;
  private int[] ea;
  private int[] eb;
  // vertices created while cutting the current layer: v = u + t (w - u), replayed for later blocks
  private int layerFirstNew;
  private double[] blockMax;
  private LineWalk lineWalk;
  private int blockFirstNew;
  private int[] recipeU = new int[64];
  private int[] recipeW = new int[64];
  private double[] recipeT = new double[64];
  // values of the current block of neurons at every vertex
  private double[][] vals;

  private final double[] point;
  private final List<String> degeneracies = new ArrayList<>();
  private int degeneracyCount;

  private EdgeSubdivision(Network net, Domain box) {
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
    words = Math.max(1, (hidden + 63) >>> 6);
    int constraints = 2 * d + hidden;
    zobrist = new long[3 * constraints];
    SplittableRandom rnd = new SplittableRandom(0x5eed_c0fe_e123L);
    for (int i = 0; i < zobrist.length; i++) zobrist[i] = rnd.nextLong();
    activeTable = new long[words * 8 * 256];
    for (int bytePos = 0; bytePos < words * 8; bytePos++)
      for (int b = 1; b < 256; b++) {
        long h = 0;
        for (int i = 0; i < 8; i++) {
          int g = 8 * bytePos + i;
          if (((b >> i) & 1) != 0 && g < hidden) h ^= z(2 * d + g, 1) ^ z(2 * d + g, -1);
        }
        activeTable[bytePos * 256 + b] = h;
      }
    negPrefix = new long[hidden + 1];
    long base = 0;
    for (int f = 0; f < 2 * d; f++) base ^= z(f, 1);
    for (int g = 0; g <= hidden; g++) {
      negPrefix[g] = base;
      if (g < hidden) base ^= z(2 * d + g, -1);
    }
  }

  /** The skeleton of net's complex in the box. */
  public static PolyhedralComplex build(Network net, Domain box) {
    return new EdgeSubdivision(net, box).run();
  }

  private long z(int c, int s) { return zobrist[3 * c + s + 1]; }

  private PolyhedralComplex run() {
    initBox();
    for (int l = 1; l <= net.hiddenLayers(); l++) {
      int n = net.width(l);
      int block = (int) Math.max(1, Math.min(Math.min(n, MAX_BLOCK), BLOCK_BUDGET / Math.max(1, (long) nv * 4)));
      layerFirstNew = nv;
      for (int j0 = 0; j0 < n; j0 += block) {
        int j1 = Math.min(n, j0 + block);
        evaluateBlock(l, j0, j1);
        for (int j = j0; j < j1; j++) cut(l, j, j - j0, j1 - j0);
        storeBlockBits(layerStart[l - 1] + j0, j1 - j0);
      }
      vals = null;
      lineWalk = null;
    }
    if (degeneracyCount > degeneracies.size())
      degeneracies.add("... " + (degeneracyCount - degeneracies.size()) + " more unresolved configurations");
    return new PolyhedralComplex(net, box, layerStart, nv, Arrays.copyOf(pos, nv * d), Arrays.copyOf(tight, nv),
        Arrays.copyOf(bits, nv * words), ne, Arrays.copyOf(ea, ne), Arrays.copyOf(eb, ne), degeneracies);
  }

  private void initBox() {
    int corners = 1 << d;
    int cap = Math.max(64, corners * 4);
    pos = new double[cap * d];
    tight = new int[cap][];
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

  private int addVertex(double[] x, int[] t) {
    ensureVertexCapacity(nv + 1);
    System.arraycopy(x, 0, pos, nv * d, d);
    tight[nv] = t;
    return nv++;
  }

  private void ensureVertexCapacity(int need) {
    if (need <= tight.length) return;
    int cap = Math.max(need, tight.length * 2);
    pos = Arrays.copyOf(pos, cap * d);
    tight = Arrays.copyOf(tight, cap);
    bits = Arrays.copyOf(bits, cap * words);
  }

  private void addEdge(int a, int b) {
    if (ne == ea.length) {
      int cap = ne * 2;
      ea = Arrays.copyOf(ea, cap);
      eb = Arrays.copyOf(eb, cap);
    }
    ea[ne] = a;
    eb[ne] = b;
    ne++;
  }

  /**
   * Zobrist hash (XOR) of the sign vector of the edge u-w over the constraints before neuron g:
   * facets +, or 0 where tight; neurons +, -, or 0 where tight. Computed from the endpoints'
   * activity bits (bit g masked: it is being set) and tight sets.
   */
  private long edgeHash(int u, int w, int[] t, int tn, int g) {
    return edgeHash(u, w, t, tn, g, 0);
  }

  /** As above, with the signs of the first 'blockDone' neurons of the current block taken from blockCode. */
  private long edgeHash(int u, int w, int[] t, int tn, int g, int blockDone) {
    long h = negPrefix[g];
    for (int k = 0; k < tn; k++) {
      int c = t[k];
      h ^= c < 2 * d ? z(c, 0) ^ z(c, 1) : z(c, 0) ^ z(c, -1);
    }
    int lastWord = g >>> 6;
    for (int q = 0; q <= lastWord; q++) {
      long word = bits[u * words + q] | bits[w * words + q];
      if (q == lastWord) word &= (1L << (g & 63)) - 1;
      int k = q * 8;
      while (word != 0) {
        int b = Long.numberOfTrailingZeros(word) >>> 3;
        h ^= activeTable[(k + b) * 256 + (int) ((word >>> (8 * b)) & 0xff)];
        word &= ~(0xffL << (8 * b));
      }
    }
    if (blockDone > 0) {
      long plus = (blockCode[u] | blockCode[w]) & PLUS_BITS & ((1L << (2 * blockDone)) - 1);
      while (plus != 0) {
        int gk = g - blockDone + (Long.numberOfTrailingZeros(plus) >>> 1);
        h ^= z(2 * d + gk, 1) ^ z(2 * d + gk, -1);
        plus &= plus - 1;
      }
    }
    return h;
  }

  /**
   * Pre-activations of neurons j0..j1-1 of layer l at every current vertex. Vertices that existed
   * when the layer began are evaluated (forward passes, or a walk along first-layer lines); vertices
   * created since by this layer's cuts are interpolated along the edge they split, on which every
   * neuron of the layer is affine.
   */
  private void evaluateBlock(int l, int j0, int j1) {
    int cols = j1 - j0;
    // value arrays are reused from block to block (every entry below nv is overwritten)
    if (vals == null || vals.length < cols) vals = new double[MAX_BLOCK][];
    for (int k = 0; k < cols; k++) if (vals[k] == null || vals[k].length < nv) vals[k] = new double[nv + (nv >> 1)];
    if (d == 2 && l == 2 && LineWalk.applies(this)) {
      if (lineWalk == null) lineWalk = new LineWalk(this, layerFirstNew);
      lineWalk.evaluate(j0, j1);
    }
    else evaluateByForwardPasses(l, j0, j1, layerFirstNew);
    blockFirstNew = nv;
    if (blockCode.length < tight.length) blockCode = new long[tight.length];
    else Arrays.fill(blockCode, 0, nv, 0L);
    Parallel.forEach(cols, (long) cols * (nv - layerFirstNew), k -> replayRecipes(vals[k], layerFirstNew, nv));
    // vertices added later in the block interpolate existing ones, so these maxima stay exact
    blockMax = new double[cols];
    Parallel.forEach(cols, (long) cols * nv, k -> {
      double m = 0;
      double[] vk = vals[k];
      for (int v = 0; v < nv; v++) m = Math.max(m, Math.abs(vk[v]));
      blockMax[k] = m;
    });
  }

  /** Values at vertices from..to-1 (created by this layer's cuts) by interpolation along their edges. */
  private void replayRecipes(double[] vk, int from, int to) {
    for (int v = from; v < to; v++) {
      int r = v - layerFirstNew;
      double a = vk[recipeU[r]];
      vk[v] = a + recipeT[r] * (vk[recipeW[r]] - a);
    }
  }

  private void evaluateByForwardPasses(int l, int j0, int j1, int count) {
    int chunk = 2048;
    int chunks = (count + chunk - 1) / chunk;
    long perVertex = 0;
    for (int m = 1; m <= l; m++) perVertex += (long) net.width(m) * net.width(m - 1);
    Parallel.forEach(chunks, count * perVertex, ci -> {
      double[][] post = new double[l][];
      for (int m = 1; m < l; m++) post[m] = new double[net.width(m)];
      double[] x = new double[d];
      int end = Math.min(count, (ci + 1) * chunk);
      for (int v = ci * chunk; v < end; v++) {
        System.arraycopy(pos, v * d, x, 0, d);
        post[0] = x;
        for (int m = 1; m < l; m++) {
          double[] z = post[m];
          affine(m, 0, net.width(m), post, z);
          for (int i = 0; i < z.length; i++) if (z[i] < 0) z[i] = 0;
        }
        for (int j = j0; j < j1; j++) vals[j - j0][v] = affineOne(l, j, post);
      }
    });
  }

  private void affine(int l, int from, int to, double[][] post, double[] out) {
    double[] b = net.rawBias(l);
    for (int i = from; i < to; i++) out[i - from] = b[i];
    for (int m = 0; m < l; m++) {
      double[] w = net.rawBlock(l, m);
      if (w == null) continue;
      double[] src = post[m];
      int k = src.length;
      for (int i = from; i < to; i++) {
        double s = 0;
        int off = i * k;
        for (int j = 0; j < k; j++) s += w[off + j] * src[j];
        out[i - from] += s;
      }
    }
  }

  private double affineOne(int l, int i, double[][] post) {
    double s = net.rawBias(l)[i];
    for (int m = 0; m < l; m++) {
      double[] w = net.rawBlock(l, m);
      if (w == null) continue;
      double[] src = post[m];
      int k = src.length;
      int off = i * k;
      for (int j = 0; j < k; j++) {
        double p = src[j];
        if (p != 0) s += w[off + j] * p;
      }
    }
    return s;
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
  private void cut(int l, int j, int col, int cols) {
    final int g = layerStart[l - 1] + j;
    final int c = 2 * d + g;
    final int nv0 = nv, ne0 = ne;
    if (vals[col].length < nv) vals[col] = Arrays.copyOf(vals[col], nv + (nv >> 1));
    double[] val = vals[col];
    replayRecipes(val, blockFirstNew, nv);
    double tol = Tolerances.ZERO_RELATIVE * blockMax[col];
    if (sgn.length < nv0) sgn = new byte[nv0 + (nv0 >> 1)];
    final byte[] sgn = this.sgn;
    boolean anyZero = classify(sgn, val, nv0, tol, col);
    CutState st = new CutState(g, c, col, anyZero);
    int[] hits = crossings(sgn, ne0, anyZero);
    for (int k = 0; k < hits.length; k++) {
      int e = hits[k];
      int u = ea[e], w = eb[e];
      int su = sgn[u], sw = sgn[w];
      if (su * sw < 0) split(st, e, u, w, val);
      else touch(st, u, w, su, sw);
    }
    LongIntMultiMap faces = st.faces;
    Set<Long> zeroEdges = st.zeroEdges;
    if (anyZero)
      for (int v = 0; v < nv0; v++) if (sgn[v] == 0) tight[v] = append(tight[v], c);
    if (faces != null) joinFaces(faces, zeroEdges, g, nv0);
  }

  /**
   * Signs of the current neuron at vertices 0..count-1 into sgn (0 within tol of zero); returns whether some vertex lies on the zero set. Parallel in chunks for large
   * complexes; every vertex is written by one chunk, so the result does not depend on threads.
   */
  private boolean classify(byte[] sgn, double[] val, int count, double tol, int col) {
    final long[] code = blockCode;
    final long plus = 1L << (2 * col), minus = 2L << (2 * col);
    int chunk = 1 << 16;
    int chunks = (count + chunk - 1) / chunk;
    IntStream range = IntStream.range(0, chunks);
    return (chunks > 1 ? range.parallel() : range).map(ci -> {
      int zero = 0;
      int to = Math.min(count, (ci + 1) * chunk);
      for (int v = ci * chunk; v < to; v++) {
        double x = val[v];
        if (x > tol) {
          sgn[v] = 1;
          code[v] |= plus;
        } else if (x < -tol) {
          sgn[v] = -1;
          code[v] |= minus;
        } else {
          sgn[v] = 0;
          zero = 1;
        }
      }
      return zero;
    }).max().orElse(0) > 0;
  }

  /** Sign of the current neuron at every vertex (reused between cuts). */
  private byte[] sgn = new byte[64];

  /**
   * Signs of the neurons of the current block at every vertex, two bits per neuron (01 +, 10 -,
   * 00 zero or not yet cut). The activity bits of the block go into the vertex-major bit table once,
   * when the block ends: writing them neuron by neuron would stride through the whole table for every
   * neuron. A split point takes, neuron by neuron, the non-zero code of either end in a few word
   * operations.
   */
  private long[] blockCode = new long[64];

  private static final long PLUS_BITS = 0x5555_5555_5555_5555L;

  private void storeBlockBits(int g0, int cols) {
    final int count = nv;
    int chunk = 1 << 16;
    int chunks = (count + chunk - 1) / chunk;
    Parallel.forEach(chunks, (long) count * cols, ci -> {
      int to = Math.min(count, (ci + 1) * chunk);
      for (int v = ci * chunk; v < to; v++) {
        long plus = blockCode[v] & PLUS_BITS;
        while (plus != 0) {
          int g = g0 + (Long.numberOfTrailingZeros(plus) >>> 1);
          bits[v * words + (g >>> 6)] |= 1L << (g & 63);
          plus &= plus - 1;
        }
      }
    });
  }

  /**
   * Edges the current neuron crosses (strictly opposite signs) or touches (an end exactly on the
   * zero set, d &ge; 2), in increasing order. Scanned in parallel chunks for large complexes; the
   * order, and so the result, does not depend on the number of threads.
   */
  private int[] crossings(byte[] sgn, int ne0, boolean anyZero) {
    final int[] ea = this.ea, eb = this.eb;
    final boolean touch = anyZero && d >= 2;
    int chunk = 1 << 16;
    int chunks = (ne0 + chunk - 1) / chunk;
    int[][] found = new int[chunks][];
    IntStream range = IntStream.range(0, chunks);
    (chunks > 1 ? range.parallel() : range).forEach(ci -> {
      int from = ci * chunk, to = Math.min(ne0, from + chunk);
      int[] buf = new int[16];
      int n = 0;
      for (int e = from; e < to; e++) {
        int su = sgn[ea[e]], sw = sgn[eb[e]];
        if (su * sw < 0 || (touch && (su == 0 || sw == 0))) {
          if (n == buf.length) buf = Arrays.copyOf(buf, n * 2);
          buf[n++] = e;
        }
      }
      found[ci] = Arrays.copyOf(buf, n);
    });
    if (chunks == 1) return found[0];
    int total = 0;
    for (int[] f : found) total += f.length;
    int[] all = new int[total];
    int k = 0;
    for (int[] f : found) {
      System.arraycopy(f, 0, all, k, f.length);
      k += f.length;
    }
    return all;
  }

  /** What one neuron's cut accumulates while scanning the edges. */
  private static final class CutState {
    final int g, c, col;
    final Set<Long> zeroEdges;
    LongIntMultiMap faces;

    CutState(int g, int c, int col, boolean anyZero) {
      this.g = g;
      this.c = c;
      this.col = col;
      this.zeroEdges = anyZero ? new HashSet<>() : null;
    }

    LongIntMultiMap faces() {
      if (faces == null) faces = new LongIntMultiMap(256);
      return faces;
    }
  }

  /** Splits edge e = u-w, whose ends have strictly opposite signs, at the zero of the current neuron. */
  private void split(CutState st, int e, int u, int w, double[] val) {
    int g = st.g;
    int[] tp = PolyhedralComplex.intersectAppend(tight[u], tight[w], st.c);
    int tn = tp.length - 1; // the edge's own constraints: tp without the new one
    double tt = val[u] / (val[u] - val[w]);
    double[] x = point;
    for (int i = 0; i < d; i++) x[i] = pos[u * d + i] + tt * (pos[w * d + i] - pos[u * d + i]);
    long h = d >= 2 ? edgeHash(u, w, tp, tn, g, st.col) : 0;
    int p = addVertex(x, tp);
    for (int q = 0; q < words; q++) bits[p * words + q] = bits[u * words + q] | bits[w * words + q];
    // signs of the block's earlier neurons at p: u and w are never strictly opposite for them, so
    // p takes u's code where u's is non-zero and w's elsewhere; this neuron's code stays 00 (zero)
    if (blockCode.length <= p) blockCode = Arrays.copyOf(blockCode, tight.length);
    long cu = blockCode[u], cw = blockCode[w];
    long nonzeroU = (cu | (cu >>> 1)) & PLUS_BITS;
    nonzeroU |= nonzeroU << 1;
    long done = (1L << (2 * st.col)) - 1;
    blockCode[p] = ((cu & nonzeroU) | (cw & ~nonzeroU)) & done;
    addRecipe(p, u, w, tt);
    eb[e] = p;
    addEdge(p, w);
    if (d >= 2) register(st.faces(), tp, tn, h, p, true);
  }

  /** An edge with an end exactly on the zero set: its zero ends bound the faces around it. */
  private void touch(CutState st, int u, int w, int su, int sw) {
    int[] t = PolyhedralComplex.intersect(tight[u], tight[w]);
    long h = edgeHash(u, w, t, t.length, st.g, st.col);
    if (su == 0 && sw == 0) st.zeroEdges.add(pairKey(u, w));
    if (su == 0) register(st.faces(), t, t.length, h, u, false);
    if (sw == 0) register(st.faces(), t, t.length, h, w, false);
  }

  private static long pairKey(int a, int b) {
    return a < b ? ((long) a << 32) | b : ((long) b << 32) | a;
  }

  private static int[] append(int[] t, int c) {
    int[] r = Arrays.copyOf(t, t.length + 1);
    r[t.length] = c;
    return r;
  }

  /** Names the 2-faces around an edge (tight set t, sign-vector hash h) and files point p under each. */
  private void register(LongIntMultiMap faces, int[] t, int m, long h, int p, boolean split) {
    int flags = split ? 2 : 0;
    if (m <= d - 1) {
      int entry = (p << 2) | flags | 1;
      for (int k = 0; k < m; k++) {
        int c = t[k];
        long base = h ^ z(c, 0);
        faces.put(base ^ z(c, 1), entry);
        if (c >= 2 * d) faces.put(base ^ z(c, -1), entry);
      }
      return;
    }
    if (m > Tolerances.MAX_DEGENERATE_TIGHT) {
      degeneracy(String.format(Locale.ROOT, "%d constraints meet along one edge near %s; faces there were not enumerated",
          m, point(p)));
      return;
    }
    int entry = (p << 2) | flags;
    int[] digit = new int[m];
    // base-3 counter over the tight constraints: 0 keep tight, 1 relax to +, 2 relax to -
    while (true) {
      int i = 0;
      while (i < m && digit[i] == 2) digit[i++] = 0;
      if (i == m) break;
      digit[i]++;
      long key = h;
      boolean valid = true;
      for (int q = 0; q < m; q++) {
        if (digit[q] == 0) continue;
        int c = t[q];
        if (digit[q] == 2 && c < 2 * d) {
          valid = false;
          break;
        }
        key ^= z(c, digit[q] == 1 ? 1 : -1) ^ z(c, 0);
      }
      if (valid) faces.put(key, entry);
    }
  }

  private void joinFaces(LongIntMultiMap faces, Set<Long> zeroEdges, int g, int nv0) {
    Set<Long> added = new HashSet<>();
    int[] pts = new int[8];
    for (int s = 0; s < faces.capacity(); s++) {
      int e = faces.first(s);
      if (e < 0) continue;
      int count = 0;
      boolean genuine = false, hasSplit = false;
      for (; e >= 0; e = faces.nextEntry(e)) {
        int entry = faces.value(e);
        int p = entry >>> 2;
        genuine |= (entry & 1) != 0;
        hasSplit |= (entry & 2) != 0;
        boolean seen = false;
        for (int q = 0; q < count; q++) if (pts[q] == p) seen = true;
        if (seen) continue;
        if (count == pts.length) pts = Arrays.copyOf(pts, count * 2);
        pts[count++] = p;
      }
      if (count == 2) {
        int a = pts[0], b = pts[1];
        long pk = pairKey(a, b);
        if (a < nv0 && b < nv0 && zeroEdges != null && zeroEdges.contains(pk)) continue;
        if (PolyhedralComplex.intersectionSize(tight[a], tight[b]) < d - 1) {
          if (genuine) degeneracy(String.format(Locale.ROOT,
              "neuron %s: two points of one face share too few constraints near %s", neuronName(g), point(a)));
          continue;
        }
        if (added.add(pk)) addEdge(a, b);
      } else if (genuine && hasSplit) {
        int p = pts[0];
        for (int q = 0; q < count; q++) if (pts[q] >= nv0) p = pts[q];
        degeneracy(String.format(Locale.ROOT, "neuron %s: zero set meets a face in %d boundary point(s) near %s",
            neuronName(g), count, point(p)));
      }
    }
  }

  // --- access for LineWalk (same package, hot path) ---
  Network network() { return net; }
  int vertexCount() { return nv; }
  int dim() { return d; }
  double[] positions() { return pos; }
  int[][] tightSets() { return tight; }
  long[] activityBits() { return bits; }
  int bitWords() { return words; }
  double[][] blockValues() { return vals; }

  private String neuronName(int g) {
    int l = 1;
    while (layerStart[l] <= g) l++;
    return "layer " + l + " neuron " + (g - layerStart[l - 1]);
  }

  private String point(int v) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < d; i++) sb.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.6g", pos[v * d + i]));
    return sb.append(')').toString();
  }

  private void degeneracy(String message) {
    degeneracyCount++;
    if (degeneracies.size() < MAX_REPORTED) degeneracies.add(message);
  }
}
