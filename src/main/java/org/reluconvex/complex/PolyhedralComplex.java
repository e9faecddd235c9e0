package org.reluconvex.complex;

import java.util.Arrays;
import java.util.List;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;
import org.reluconvex.network.NeuronId;

/**
 * The 1-skeleton of the polyhedral complex of a network in a box: vertices with their positions,
 * the constraints they lie on and the activity of every hidden neuron there, and edges.
 *
 * <p>Constraints are numbered: box facets first (2i for x_i = lo_i, 2i+1 for x_i = hi_i), then the
 * hidden neurons in layer order ({@link #constraintOf(int)}). A neuron's sign on an edge is 0 when
 * the edge lies on its zero set (the constraint is tight at both ends), else the sign at either
 * endpoint where it is not tight; activity bits of an edge are therefore the OR of its endpoints'.
 */
public final class PolyhedralComplex implements VertexView {
  private final Network net;
  private final Domain box;
  private final int dim;
  private final int words;
  private final int[] layerStart; // global index of the first neuron of each hidden layer; [k+1] = total
  private final int nv;
  private final double[] pos;
  /** Vertex v's tight constraints are tightPool[tightStart[v] .. tightStart[v + 1]), sorted: no array per vertex. */
  private final int[] tightStart;
  private final int[] tightPool;
  private final long[] bits;
  private final int ne;
  private final int[] ea;
  private final int[] eb;
  private final List<String> degeneracies;

  PolyhedralComplex(Network net, Domain box, int[] layerStart, int nv, double[] pos, int[] tightStart, int[] tightPool, long[] bits,
      int ne, int[] ea, int[] eb, List<String> degeneracies) {
    this.net = net;
    this.box = box;
    this.dim = net.inputDim();
    this.layerStart = layerStart;
    this.words = (layerStart[layerStart.length - 1] + 63) >>> 6;
    this.nv = nv;
    this.pos = pos;
    this.tightStart = tightStart;
    this.tightPool = tightPool;
    this.bits = bits;
    this.ne = ne;
    this.ea = ea;
    this.eb = eb;
    this.degeneracies = List.copyOf(degeneracies);
  }

  public Network network() { return net; }

  public Domain domain() { return box; }

  public int dim() { return dim; }

  public int vertexCount() { return nv; }

  public int edgeCount() { return ne; }

  /**
   * Number of cells (d-dimensional regions) where cheap: for d = 1 the number of edges, for d = 2
   * from Euler's formula V - E + F = 1 on a disc; -1 otherwise.
   */
  public long cellCount() { return cells(dim, nv, ne); }

  /** {@link #cellCount} of a complex of v vertices and e edges in dimension d. */
  public static long cells(int d, long v, long e) {
    if (d == 1) return e;
    if (d == 2) return e - v + 1;
    return -1;
  }

  /** Position of vertex v (a copy). */
  public double[] vertex(int v) {
    double[] x = new double[dim];
    System.arraycopy(pos, v * dim, x, 0, dim);
    return x;
  }

  /** Coordinate i of vertex v. */
  public double coord(int v, int i) { return pos[v * dim + i]; }

  public int edgeStart(int e) { return ea[e]; }

  public int edgeEnd(int e) { return eb[e]; }

  /** Constraints vertex v lies on (sorted; a copy). */
  public int[] vertexTight(int v) { return Arrays.copyOfRange(tightPool, tightStart[v], tightStart[v + 1]); }

  /** Number of constraints vertex v lies on. */
  public int tightCount(int v) { return tightStart[v + 1] - tightStart[v]; }

  /** The k-th smallest constraint vertex v lies on. */
  public int tightAt(int v, int k) { return tightPool[tightStart[v] + k]; }

  /** Whether vertex v lies on constraint c. */
  public boolean isTight(int v, int c) { return Arrays.binarySearch(tightPool, tightStart[v], tightStart[v + 1], c) >= 0; }

  /** Constraints the whole edge lies on (sorted). */
  public int[] edgeTight(int e) {
    int[] out = new int[Math.min(tightCount(ea[e]), tightCount(eb[e]))];
    int k = edgeTightInto(e, out);
    return k == out.length ? out : Arrays.copyOf(out, k);
  }

  /** Writes the constraints edge e lies on into out (length at least either end's count; sorted) and returns how many. */
  public int edgeTightInto(int e, int[] out) {
    int a = ea[e], b = eb[e];
    return SortedRuns.intersect(tightPool, tightStart[a], tightStart[a + 1], tightPool, tightStart[b], tightStart[b + 1], out);
  }

  /**
   * Bytes the arrays of this complex take (16-byte array headers): per vertex its coordinates, its
   * tight constraints and its activity bits, per edge its two ends.
   */
  public long bytes() {
    return array(8L * pos.length) + array(4L * tightStart.length) + array(4L * tightPool.length) + array(8L * bits.length)
        + array(4L * ea.length) + array(4L * eb.length);
  }

  private static long array(long payload) { return 16 + ((payload + 7) & ~7L); }

  /** A hidden neuron whose zero set contains edge e (the first in layer order), or null for box edges. */
  public NeuronId edgeNeuron(int e) {
    for (int c : edgeTight(e)) if (c >= 2 * dim) return neuron(c - 2 * dim);
    return null;
  }

  /** Whether hidden neuron g (global index) is active (pre &gt; 0) at vertex v. */
  public boolean active(int v, int g) {
    return (bits[v * words + (g >>> 6)] & (1L << (g & 63))) != 0;
  }

  /** Words of activity bits per vertex. */
  public int bitWords() { return words; }

  /** Activity bits word w of vertex v. */
  public long bitWord(int v, int w) { return bits[v * words + w]; }

  /** Total hidden neurons. */
  public int hiddenCount() { return layerStart[layerStart.length - 1]; }

  /** Global index of neuron (layer, index). */
  public int globalIndex(int layer, int index) { return layerStart[layer - 1] + index; }

  /** First global index of hidden layer l (l = k+1 gives the total). */
  public int layerStart(int l) { return layerStart[l - 1]; }

  /** The neuron with global index g. */
  public NeuronId neuron(int g) {
    int l = 1;
    while (layerStart[l] <= g) l++;
    return new NeuronId(l, g - layerStart[l - 1]);
  }

  /** Constraint id of hidden neuron g. */
  public int constraintOf(int g) { return 2 * dim + g; }

  /**
   * Configurations the construction could not resolve (empty when the skeleton is exact). When not
   * empty, counts may be off and a verdict must not rest on this complex alone.
   */
  public List<String> degeneracies() { return degeneracies; }

  public boolean isResolved() { return degeneracies.isEmpty(); }

  /** A copy with neuron g's activity at vertex v forced (tests plant wrong decisions with it). */
  PolyhedralComplex withActivity(int v, int g, boolean on) {
    long[] b = bits.clone();
    if (on) b[v * words + (g >>> 6)] |= 1L << (g & 63);
    else b[v * words + (g >>> 6)] &= ~(1L << (g & 63));
    return new PolyhedralComplex(net, box, layerStart, nv, pos, tightStart, tightPool, b, ne, ea, eb, degeneracies);
  }

  /** A copy keeping only the given edges (tests remove edges with it). */
  PolyhedralComplex withEdges(int[] keep) {
    int[] a = new int[keep.length], b = new int[keep.length];
    for (int i = 0; i < keep.length; i++) {
      a[i] = ea[keep[i]];
      b[i] = eb[keep[i]];
    }
    return new PolyhedralComplex(net, box, layerStart, nv, pos, tightStart, tightPool, bits, keep.length, a, b, degeneracies);
  }
}
