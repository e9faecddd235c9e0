package org.reluconvex.complex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;

/**
 * A box cut into a grid of pieces whose complexes are built independently, then joined into the
 * complex of the whole box, in any dimension. Cutting is sequential within one complex (every neuron
 * cuts what the previous ones left), so separate pieces are how a build uses several cores, and the
 * unit of work a distributed run hands out.
 *
 * <p>The cut hyperplanes are not constraints of the network. A piece ends every edge of the whole
 * complex that crosses a cut at a <em>crossing</em>: a point of the cut on d − 1 real constraints (zero
 * sets and facets of the whole box). The two pieces on either side of the cut each have one edge
 * ending there, on those constraints; the join drops the crossing and makes the two edges (or the
 * chain of edges, when a whole edge crosses several cuts) one again, and drops every edge lying in a
 * cut: in a clean arrangement those are where faces of dimension 2 or more meet the cut, not edges of
 * the whole complex.
 *
 * <p>The arrangement is clean when every vertex on a cut lies on exactly d constraints counting the cuts
 * and on at most d − 1 real ones (no vertex of the whole complex lies on a cut, so no zero set runs
 * inside a cut either), every crossing has one edge off the cuts and that edge lies on the crossing's
 * constraints, and the crossings of the two sides of each cut pair up one to one by their
 * constraints and activity. Then every frontier of the whole complex meets the interior of some piece, and the
 * join is the complex of the whole box: the same vertices (constraints, activity) and edges. Anything
 * else (a zero set in a cut, zero sets meeting on one, a degenerate configuration in a piece, a
 * rounding that puts a point on one more constraint on one side) gives no join, and the caller builds
 * the whole box in one piece. Either way the result does not depend on the number of threads.
 */
public final class Pieces {
  private Pieces() {}

  /** Vertex kinds of a piece, in {@link Side#kind}: a vertex of the whole complex, or on a cut and dropped by the join. */
  private static final byte WHOLE = -1, ARTIFACT = -2, UNCLEAN = -3;

  /**
   * The box cut into counts[i] equal slices along each coordinate i, in grid order (the first
   * coordinate varies fastest). Neighbouring pieces share their cut coordinate bit for bit.
   */
  public static List<Piece> grid(Domain box, int... counts) {
    if (!box.isBox()) throw new IllegalArgumentException("pieces need a bounded box, not " + box.describe());
    int d = box.dim();
    if (counts.length != d) throw new IllegalArgumentException("a grid of " + counts.length + " counts for a " + d + "-dimensional box");
    double[][] cuts = new double[d][];
    int total = 1;
    for (int i = 0; i < d; i++) {
      int n = counts[i];
      if (n < 1) throw new IllegalArgumentException("grid counts must be at least 1, got " + n);
      cuts[i] = new double[n + 1];
      for (int k = 0; k <= n; k++) cuts[i][k] = k == 0 ? box.lo(i) : k == n ? box.hi(i) : box.lo(i) + (box.hi(i) - box.lo(i)) * k / n;
      for (int k = 0; k < n; k++)
        if (!(cuts[i][k] < cuts[i][k + 1])) throw new IllegalArgumentException("coordinate " + (i + 1) + " is too narrow for " + n + " pieces");
      total = Math.multiplyExact(total, n);
    }
    List<Piece> out = new ArrayList<>(total);
    int[] index = new int[d];
    for (int k = 0; k < total; k++) {
      double[] lo = new double[d], hi = new double[d];
      for (int i = 0; i < d; i++) {
        lo[i] = cuts[i][index[i]];
        hi[i] = cuts[i][index[i] + 1];
      }
      out.add(new Piece(Domain.box(lo, hi), index, counts));
      for (int i = 0; i < d && ++index[i] == counts[i]; i++) index[i] = 0;
    }
    return out;
  }

  /**
   * The complex of the whole box built as the grid's pieces on up to 'threads' threads and joined, or
   * null when they do not join exactly (the caller then builds the whole box in one piece).
   */
  public static PolyhedralComplex build(Network net, Domain box, int[] counts, int threads) {
    return build(net, box, counts, threads, BuildSettings.defaults());
  }

  /** As above with the settings: the pieces built side by side share its memory limit. */
  static PolyhedralComplex build(Network net, Domain box, int[] counts, int threads, BuildSettings settings) {
    long limit = settings.memoryBytes();
    List<Piece> pieces = grid(box, counts);
    List<PolyhedralComplex> parts = buildAll(net, pieces, threads, settings);
    long held = 0, vertices = 0, edges = 0;
    for (PolyhedralComplex p : parts) {
      if (!p.isResolved()) return null;
      held += p.bytes();
      vertices += p.vertexCount();
      edges += p.edgeCount();
    }
    // the joined complex is about as large as its pieces, which are held while it is made
    if (2 * held > limit)
      throw new ResourceLimitException(2 * held, limit, String.format(java.util.Locale.ROOT,
          "built %d pieces of %,d vertices and %,d edges in all", parts.size(), vertices, edges));
    return join(net, box, pieces, parts);
  }

  /** The complex of one closed piece, on its own (what a worker of a distributed run builds), within the default memory limit. */
  public static PolyhedralComplex build(Network net, Piece piece) {
    return build(net, piece, BuildSettings.defaults());
  }

  /** As {@link #build(Network, Piece)} with the settings' memory limit and snapping band. */
  public static PolyhedralComplex build(Network net, Piece piece, BuildSettings settings) {
    return EdgeSubdivision.buildWhole(net, piece.box(), settings);
  }

  /**
   * The complexes of the pieces, each built independently, on up to 'threads' threads; the list is in
   * the pieces' order and the same for any number of threads. Each piece gets the share of the
   * memory limit that the pieces built at the same time leave it.
   */
  public static List<PolyhedralComplex> buildAll(Network net, List<Piece> pieces, int threads, BuildSettings settings) {
    if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    int n = pieces.size();
    int together = Math.min(n, threads);
    long limit = settings.memoryBytes();
    BuildSettings share = settings.withMemory(Math.max(1, limit / Math.max(1, together)));
    PolyhedralComplex[] out = new PolyhedralComplex[n];
    try {
      if (together <= 1) {
        for (int k = 0; k < n; k++) out[k] = EdgeSubdivision.buildWhole(net, pieces.get(k).box(), share);
      } else if (together <= ForkJoinPool.getCommonPoolParallelism() + 1) {
        // the common pool's workers and the calling thread give the threads asked for: no pool to start
        IntStream.range(0, n).parallel().forEach(k -> out[k] = EdgeSubdivision.buildWhole(net, pieces.get(k).box(), share));
      } else {
        ForkJoinPool pool = new ForkJoinPool(together);
        try {
          Parallel.join(pool.submit(() -> IntStream.range(0, n).parallel()
              .forEach(k -> out[k] = EdgeSubdivision.buildWhole(net, pieces.get(k).box(), share))));
        } finally {
          pool.shutdown();
        }
      }
    } catch (ResourceLimitException e) {
      // a piece stopped at its share: the whole needs about that many times more
      throw new ResourceLimitException(e.neededBytes() * together, limit, e.reached());
    }
    return Arrays.asList(out);
  }

  /** What one piece contributes to the counts of the whole complex (summed by {@link #wholeCounts}). */
  public record PieceCounts(Piece piece, long vertices, long edges, long ownVertices, long segments, long crossings, boolean clean) {}

  /** Counts of the whole complex. */
  public record Counts(long vertices, long edges) {}

  /**
   * The piece's own counts (vertices and edges of its closed box) and what it contributes to the
   * whole: its vertices off the cuts (each a vertex of the whole complex, in no other piece), its
   * edges off the cuts (pieces of edges of the whole complex) and its crossings (each shared with one
   * neighbour, where two such pieces are one edge of the whole).
   */
  public static PieceCounts count(Piece piece, PolyhedralComplex cx) {
    return counts(piece, cx, new Side(piece, cx));
  }

  private static PieceCounts counts(Piece piece, PolyhedralComplex cx, Side s) {
    return new PieceCounts(piece, cx.vertexCount(), cx.edgeCount(), s.wholeCount, s.segmentCount, s.crossingCount,
        s.clean && cx.isResolved());
  }

  /** What a piece built on its own contributes to the whole: {@link #count} and {@link #crossingKeys}. */
  public record Contribution(PieceCounts counts, long[][] crossingKeys) {}

  /** {@link #count} and {@link #crossingKeys} of one piece, its vertices and edges classified once. */
  public static Contribution contribution(Piece piece, PolyhedralComplex cx) {
    Side s = new Side(piece, cx);
    return new Contribution(counts(piece, cx, s), crossingKeys(piece, cx, s));
  }

  /**
   * Vertex and edge counts of the whole complex from its pieces' contributions, without joining
   * them: vertices off the cuts, plus edges off the cuts minus one per crossing (seen from both
   * sides). Null when a piece is not clean (then only the per-piece counts stand). Exact when the
   * pieces join ({@link #join}); a rounding that differs between two sides of a cut would go
   * unnoticed here, so a single machine joins, and a distributed run first pairs the crossings by
   * their keys ({@link #crossingsPair}).
   */
  public static Counts wholeCounts(List<PieceCounts> parts) {
    long v = 0, segments = 0, crossings = 0;
    for (PieceCounts p : parts) {
      if (!p.clean()) return null;
      v += p.ownVertices();
      segments += p.segments();
      crossings += p.crossings();
    }
    if ((crossings & 1) != 0) return null;
    return new Counts(v, segments - crossings / 2);
  }

  /**
   * Per facet f of the piece: when f is a cut, the sorted keys (hashes of the real constraints and the
   * activity) of the piece's crossings on it, else null. What a piece built elsewhere sends, so that
   * {@link #crossingsPair} can pair the crossings across each cut without the complexes.
   */
  public static long[][] crossingKeys(Piece piece, PolyhedralComplex cx) {
    return crossingKeys(piece, cx, new Side(piece, cx));
  }

  private static long[][] crossingKeys(Piece piece, PolyhedralComplex cx, Side s) {
    long[][] keys = new long[2 * cx.dim()][];
    for (int f = 0; f < keys.length; f++) {
      if (!piece.isCut(f)) continue;
      int[] on = s.crossingsOn(f);
      long[] k = new long[on.length];
      for (int j = 0; j < on.length; j++) k[j] = s.key(on[j]);
      Arrays.sort(k);
      keys[f] = k;
    }
    return keys;
  }

  /**
   * The counts of the whole complex from its pieces' contributions, when the pieces tile the box
   * ({@link #tiles}) and their crossings pair up across every cut plane ({@link #crossingsPair}); null
   * otherwise. What a count or a check made of pieces reports as the whole's.
   */
  public static Counts wholeCounts(Domain box, List<Piece> pieces, List<PieceCounts> parts, List<long[][]> keys) {
    return tiles(box, pieces) && crossingsPair(pieces, keys) ? wholeCounts(parts) : null;
  }

  /**
   * Whether the pieces tile the box: each inside it, no two overlapping (interiors), and their
   * volumes, computed exactly, adding up to the box's. Pieces made by {@link #grid} and {@link
   * Piece#halves} do; a combination checks it rather than trust that every piece came back.
   */
  public static boolean tiles(Domain box, List<Piece> pieces) {
    int d = box.dim();
    java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
    for (Piece p : pieces) {
      Domain b = p.box();
      if (b.dim() != d) return false;
      java.math.BigDecimal volume = java.math.BigDecimal.ONE;
      for (int i = 0; i < d; i++) {
        if (!(b.lo(i) >= box.lo(i) && b.hi(i) <= box.hi(i) && b.lo(i) < b.hi(i))) return false;
        volume = volume.multiply(new java.math.BigDecimal(b.hi(i)).subtract(new java.math.BigDecimal(b.lo(i))));
      }
      sum = sum.add(volume);
    }
    java.math.BigDecimal whole = java.math.BigDecimal.ONE;
    for (int i = 0; i < d; i++) whole = whole.multiply(new java.math.BigDecimal(box.hi(i)).subtract(new java.math.BigDecimal(box.lo(i))));
    if (sum.compareTo(whole) != 0) return false;
    for (int a = 0; a < pieces.size(); a++)
      for (int c = a + 1; c < pieces.size(); c++) {
        Domain x = pieces.get(a).box(), y = pieces.get(c).box();
        boolean apart = false;
        for (int i = 0; i < d && !apart; i++) apart = x.hi(i) <= y.lo(i) || y.hi(i) <= x.lo(i);
        if (!apart) return false;
      }
    return true;
  }

  /**
   * Whether the crossings on every cut pair up one to one between its two sides (keys.get(k) from
   * {@link #crossingKeys} of piece k): {@link #join}'s pairing, on keys. The pieces may be a grid or
   * any tiling of the box by pieces and their {@link Piece#halves}: the crossings are pooled per cut
   * plane (coordinate and value), the lower sides' against the upper sides'. A crossing's key is its
   * real constraints and activity, and within one activation region the line of those constraints
   * is straight and meets the plane once, so keys that are unique on the plane name points. False
   * when the keys differ, or when a plane has two crossings with one key (which the join decides on
   * the points and this cannot).
   */
  public static boolean crossingsPair(List<Piece> pieces, List<long[][]> keys) {
    if (pieces.size() != keys.size()) throw new IllegalArgumentException(pieces.size() + " pieces, " + keys.size() + " sets of keys");
    // per cut plane: the keys seen from below (facets 2i + 1) and from above (facets 2i)
    java.util.Map<String, List<long[]>[]> planes = new java.util.TreeMap<>();
    for (int k = 0; k < pieces.size(); k++) {
      Piece p = pieces.get(k);
      for (int f = 0; f < 2 * p.box().dim(); f++) {
        if (!p.isCut(f)) continue;
        long[] on = keys.get(k)[f];
        if (on == null) return false;
        int i = f >> 1;
        double at = (f & 1) == 0 ? p.box().lo(i) : p.box().hi(i);
        @SuppressWarnings("unchecked")
        List<long[]>[] sides = planes.computeIfAbsent(i + ":" + Double.doubleToLongBits(at), x -> new List[] {new ArrayList<>(), new ArrayList<>()});
        sides[f & 1].add(on);
      }
    }
    for (List<long[]>[] sides : planes.values()) {
      long[] above = pooled(sides[0]), below = pooled(sides[1]);
      if (!Arrays.equals(above, below)) return false;
      for (int j = 1; j < below.length; j++) if (below[j] == below[j - 1]) return false;
    }
    return true;
  }

  private static long[] pooled(List<long[]> parts) {
    long[] all = parts.stream().flatMapToLong(Arrays::stream).toArray();
    Arrays.sort(all);
    return all;
  }

  /**
   * Pieces per coordinate for at least 'atLeast' pieces in d dimensions: the coordinates halved in
   * turn, the first first (1, 1, 1 → 2, 1, 1 → 2, 2, 1 → ...).
   */
  public static int[] halvings(int d, long atLeast) {
    int[] counts = new int[d];
    Arrays.fill(counts, 1);
    for (long total = 1, i = 0; total < atLeast; i = (i + 1) % d) {
      counts[(int) i] = Math.multiplyExact(counts[(int) i], 2);
      total *= 2;
    }
    return counts;
  }

  /** The piece after piece p (number k in grid order) along axis i, sharing its upper facet 2i + 1; -1 at the box's face. */
  private static int upperNeighbour(int[] grid, Piece p, int k, int i) {
    if (p.index(i) == grid[i] - 1) return -1;
    int stride = 1;
    for (int a = 0; a < i; a++) stride *= grid[a];
    return k + stride;
  }

  /**
   * The complex of the whole box from the complexes of its pieces (in grid order), or null when they
   * do not join exactly (see the class comment).
   */
  public static PolyhedralComplex join(Network net, Domain box, List<Piece> pieces, List<PolyhedralComplex> parts) {
    int n = pieces.size(), d = box.dim();
    Side[] sides = new Side[n];
    for (int k = 0; k < n; k++) {
      if (!parts.get(k).isResolved()) return null;
      sides[k] = new Side(pieces.get(k), parts.get(k));
      if (!sides[k].clean) return null;
    }
    // crossings paired across each cut: piece p's on its upper facet 2i+1 with its neighbour's on 2i
    int[][] crossingId = new int[n][];
    for (int k = 0; k < n; k++) {
      crossingId[k] = new int[parts.get(k).vertexCount()];
      Arrays.fill(crossingId[k], -1);
    }
    int crossings = 0;
    int[] grid = pieces.get(0).grid();
    for (int k = 0; k < n; k++) {
      Piece p = pieces.get(k);
      for (int i = 0; i < d; i++) {
        int q = upperNeighbour(grid, p, k, i);
        if (q < 0) continue;
        int[] lower = sides[k].crossingsOn(2 * i + 1), upper = sides[q].crossingsOn(2 * i);
        if (lower.length != upper.length) return null;
        LongIntMultiMap byKey = new LongIntMultiMap(Math.max(16, upper.length));
        for (int w : upper) byKey.put(sides[q].key(w), w);
        for (int v : lower) {
          int match = -1;
          for (int e = byKey.firstOf(sides[k].key(v)); e >= 0; e = byKey.nextEntry(e)) {
            int w = byKey.value(e);
            if (crossingId[q][w] < 0 && sides[k].samePoint(v, sides[q], w)) {
              if (match >= 0) return null; // two points of the cut on the same constraints and in the same region
              match = w;
            }
          }
          if (match < 0) return null;
          crossingId[k][v] = crossings;
          crossingId[q][match] = crossings;
          crossings++;
        }
      }
    }
    // vertices of the whole complex: each piece's vertices off the cuts, pieces in grid order
    int[][] id = new int[n][];
    long total = 0;
    for (int k = 0; k < n; k++) total += sides[k].wholeCount;
    if (total > Integer.MAX_VALUE - 8) return null;
    int nv = (int) total, words = parts.get(0).bitWords();
    double[] pos = new double[nv * d];
    int[] tightStart = new int[nv + 1];
    long poolSize = 0;
    for (int k = 0; k < n; k++)
      for (int v = 0; v < parts.get(k).vertexCount(); v++) if (sides[k].kind[v] == WHOLE) poolSize += parts.get(k).tightCount(v);
    int[] tightPool = new int[Math.toIntExact(poolSize)];
    long[] bits = new long[nv * words];
    int next = 0, pooled = 0;
    for (int k = 0; k < n; k++) {
      PolyhedralComplex cx = parts.get(k);
      id[k] = new int[cx.vertexCount()];
      for (int v = 0; v < cx.vertexCount(); v++) {
        if (sides[k].kind[v] != WHOLE) {
          id[k][v] = -1;
          continue;
        }
        int to = next++;
        id[k][v] = to;
        for (int i = 0; i < d; i++) pos[to * d + i] = cx.coord(v, i);
        for (int q = 0, m = cx.tightCount(v); q < m; q++) tightPool[pooled++] = cx.tightAt(v, q);
        tightStart[to + 1] = pooled;
        for (int q = 0; q < words; q++) bits[to * words + q] = cx.bitWord(v, q);
      }
    }
    // segments (edges off the cuts) as links between nodes: a whole vertex (>= 0) or a crossing (-1 - c)
    long segTotal = 0;
    for (Side s : sides) segTotal += s.segmentCount;
    int segments = (int) segTotal;
    int[] endA = new int[segments], endB = new int[segments];
    int[] crossingSeg = new int[2 * crossings];
    Arrays.fill(crossingSeg, -1);
    int s = 0;
    for (int k = 0; k < n; k++) {
      PolyhedralComplex cx = parts.get(k);
      for (int e = 0; e < cx.edgeCount(); e++) {
        if (!sides[k].isSegment(e)) continue;
        int a = node(cx.edgeStart(e), id[k], crossingId[k]), b = node(cx.edgeEnd(e), id[k], crossingId[k]);
        endA[s] = a;
        endB[s] = b;
        if (a < 0 && !link(crossingSeg, -1 - a, s)) return null;
        if (b < 0 && !link(crossingSeg, -1 - b, s)) return null;
        s++;
      }
    }
    for (int c = 0; c < crossings; c++) if (crossingSeg[2 * c + 1] < 0) return null;
    // edges of the whole complex: each chain of segments through crossings, listed from its lower end
    int ne = segments - crossings;
    int[] ea = new int[ne], eb = new int[ne];
    int e = 0;
    for (int t = 0; t < segments; t++) {
      int a = endA[t], b = endB[t];
      if (a < 0 && b < 0) continue; // inside a chain
      if (a < 0) {
        int x = a;
        a = b;
        b = x;
      }
      boolean chain = b < 0; // walked from both of its ends: listed once, from the lower
      int cur = t, steps = 0;
      while (b < 0) {
        int c = -1 - b;
        int nextSeg = crossingSeg[2 * c] == cur ? crossingSeg[2 * c + 1] : crossingSeg[2 * c];
        b = endA[nextSeg] == b ? endB[nextSeg] : endA[nextSeg];
        cur = nextSeg;
        if (++steps > crossings) return null;
      }
      if (a == b) return null;
      if (!chain || a < b) {
        if (e == ne) return null;
        ea[e] = a;
        eb[e] = b;
        e++;
      }
    }
    if (e != ne) return null; // a chain without two whole ends: not the complex of the whole box
    int k0 = net.hiddenLayers();
    int[] layerStart = new int[k0 + 1];
    for (int l = 1; l <= k0; l++) layerStart[l] = parts.get(0).layerStart(l + 1);
    return new PolyhedralComplex(net, box, layerStart, nv, pos, tightStart, tightPool, bits, ne, ea, eb, List.of());
  }

  private static int node(int v, int[] id, int[] crossingId) {
    return id[v] >= 0 ? id[v] : -1 - crossingId[v];
  }

  /** Files segment s under crossing c (two per crossing, one from each side); false on a third. */
  private static boolean link(int[] crossingSeg, int c, int s) {
    if (crossingSeg[2 * c] < 0) crossingSeg[2 * c] = s;
    else if (crossingSeg[2 * c + 1] < 0) crossingSeg[2 * c + 1] = s;
    else return false;
    return true;
  }

  /** The vertices and edges of one piece, classified by where they lie relative to the cuts. */
  private static final class Side {
    final Piece piece;
    final PolyhedralComplex cx;
    final int d;
    /** Facets of the piece that are cuts (bit f). */
    final long cutFacets;
    /** Per vertex: WHOLE, ARTIFACT, UNCLEAN, or for a crossing the cut facet it lies on. */
    final byte[] kind;
    long wholeCount, segmentCount, crossingCount;
    boolean clean = true;

    Side(Piece piece, PolyhedralComplex cx) {
      this.piece = piece;
      this.cx = cx;
      this.d = cx.dim();
      long cuts = 0;
      for (int f = 0; f < 2 * d; f++) if (piece.isCut(f)) cuts |= 1L << f;
      cutFacets = cuts;
      int nv = cx.vertexCount();
      kind = new byte[nv];
      for (int v = 0; v < nv; v++) {
        long cm = cutMask(v);
        int real = cx.tightCount(v) - Long.bitCount(cm);
        byte k;
        if (cm == 0) k = WHOLE;
        else if (Long.bitCount(cm) + real != d || real > d - 1) k = UNCLEAN;
        else if (Long.bitCount(cm) == 1) k = (byte) Long.numberOfTrailingZeros(cm);
        else k = ARTIFACT;
        kind[v] = k;
        if (k == WHOLE) wholeCount++;
        else if (k >= 0) crossingCount++;
        else if (k == UNCLEAN) clean = false;
      }
      // every crossing has exactly one edge off the cuts, lying on the crossing's constraints
      byte[] degree = new byte[nv];
      for (int e = 0; e < cx.edgeCount(); e++) {
        int u = cx.edgeStart(e), w = cx.edgeEnd(e);
        if (!isSegment(e)) continue;
        segmentCount++;
        if (kind[u] == ARTIFACT || kind[w] == ARTIFACT || kind[u] == UNCLEAN || kind[w] == UNCLEAN) {
          clean = false;
          continue;
        }
        if (kind[u] >= 0 && !onConstraintsOf(u, w)) clean = false;
        if (kind[w] >= 0 && !onConstraintsOf(w, u)) clean = false;
        if (kind[u] >= 0 && degree[u] < 2) degree[u]++;
        if (kind[w] >= 0 && degree[w] < 2) degree[w]++;
      }
      for (int v = 0; v < nv; v++) if (kind[v] >= 0 && degree[v] != 1) clean = false;
    }

    /** The cuts vertex v lies on (bit f for facet f). */
    private long cutMask(int v) {
      long cm = 0;
      for (int k = 0, m = cx.tightCount(v); k < m; k++) {
        int c = cx.tightAt(v, k);
        if (c >= 2 * d) break; // sorted: facets first
        if (((cutFacets >>> c) & 1) != 0) cm |= 1L << c;
      }
      return cm;
    }

    /** Whether edge e lies off every cut (a piece of an edge of the whole complex), not inside one. */
    boolean isSegment(int e) {
      int u = cx.edgeStart(e), w = cx.edgeEnd(e);
      if (kind[u] == WHOLE || kind[w] == WHOLE) return true;
      return (cutMask(u) & cutMask(w)) == 0;
    }

    /** Whether the other end w lies on every real constraint of crossing c (the edge follows the line they define). */
    private boolean onConstraintsOf(int c, int w) {
      for (int k = 0, m = cx.tightCount(c); k < m; k++) {
        int x = cx.tightAt(c, k);
        if (!isCut(x) && !cx.isTight(w, x)) return false;
      }
      return true;
    }

    private boolean isCut(int c) { return c < 2 * d && ((cutFacets >>> c) & 1) != 0; }

    /** Crossings on cut facet f. */
    int[] crossingsOn(int f) {
      int m = 0;
      for (byte k : kind) if (k == f) m++;
      int[] out = new int[m];
      m = 0;
      for (int v = 0; v < kind.length; v++) if (kind[v] == f) out[m++] = v;
      return out;
    }

    /** Hash of crossing v's real constraints and activity (buckets only: equality is checked on both). */
    long key(int v) {
      long h = 0x9E3779B97F4A7C15L;
      for (int k = 0, m = cx.tightCount(v); k < m; k++) {
        int c = cx.tightAt(v, k);
        if (isCut(c)) continue;
        h = (h ^ c) * 0xff51afd7ed558ccdL;
        h ^= h >>> 29;
      }
      for (int q = 0; q < cx.bitWords(); q++) {
        h = (h ^ cx.bitWord(v, q)) * 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 31;
      }
      return h;
    }

    /**
     * Whether crossing v here and crossing w of the other side are one point: the same real constraints
     * and the same activity. A line of zero sets that bends (deeper neurons) can cross a cut several
     * times, but within one activation region it is straight and crosses it once.
     */
    boolean samePoint(int v, Side other, int w) {
      for (int q = 0; q < cx.bitWords(); q++) if (cx.bitWord(v, q) != other.cx.bitWord(w, q)) return false;
      int i = 0, j = 0, m = cx.tightCount(v), mo = other.cx.tightCount(w);
      while (true) {
        while (i < m && isCut(cx.tightAt(v, i))) i++;
        while (j < mo && other.isCut(other.cx.tightAt(w, j))) j++;
        if (i == m || j == mo) return i == m && j == mo;
        if (cx.tightAt(v, i++) != other.cx.tightAt(w, j++)) return false;
      }
    }
  }
}
