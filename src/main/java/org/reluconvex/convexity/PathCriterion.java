package org.reluconvex.convexity;

import java.util.ArrayList;
import java.util.List;
import org.reluconvex.complex.LongHash;
import org.reluconvex.complex.PolyhedralComplex;
import org.reluconvex.network.ActivationPattern;
import org.reluconvex.network.Network;
import org.reluconvex.network.NeuronId;
import org.reluconvex.pathlift.GainConstraint;
import org.reluconvex.pathlift.GainEvaluator;

/**
 * Criterion C1 over a skeleton (docs/math.md sections 3 and 4): for every hidden neuron, the distinct
 * downstream patterns realised on the edges of its zero set (vertices when d = 1), zeros expanded to
 * both choices, and their gains.
 */
public final class PathCriterion {
  /** Most neurons tight along one element whose choices are expanded (2^this patterns). */
  static final int MAX_EXPANDED_ZEROS = 16;

  /** A pattern of a neuron that C1 rejects, with one element of the skeleton where it is realised. */
  public record Failure(int neuron, double gain, int element) {}

  /** Result of the scan. */
  public static final class Result {
    final int hidden;
    final boolean[] switches;
    final int[] patterns;
    final double[] minGain;
    final int[] minGainElement;
    final List<Failure> failures = new ArrayList<>();
    /** Every element realising a failing pattern, as (element, neuron) pairs: the pieces the kink test decides. */
    int[] failingElements = new int[32];
    int failingCount;
    final List<GainConstraint> constraints;
    String unresolved;

    Result(int hidden, boolean keepConstraints) {
      this.hidden = hidden;
      switches = new boolean[hidden];
      patterns = new int[hidden];
      minGain = new double[hidden];
      minGainElement = new int[hidden];
      java.util.Arrays.fill(minGain, Double.POSITIVE_INFINITY);
      java.util.Arrays.fill(minGainElement, -1);
      constraints = keepConstraints ? new ArrayList<>() : null;
    }

    /** Smallest gain over all neurons and patterns, NaN when no neuron switches. */
    public double minGain() {
      double m = Double.POSITIVE_INFINITY;
      for (double g : minGain) m = Math.min(m, g);
      return m == Double.POSITIVE_INFINITY ? Double.NaN : m;
    }

    /** One failing (neuron, pattern) per distinct pattern, most negative gain first. */
    public List<Failure> failures() { return failures; }

    /** Number of elements realising a failing pattern. */
    public int failingElementCount() { return failingCount; }

    /** Element of the k-th failing piece. */
    public int failingElement(int k) { return failingElements[2 * k]; }

    /** Neuron of the k-th failing piece. */
    public int failingNeuron(int k) { return failingElements[2 * k + 1]; }

    void addFailingElement(int el, int g) {
      if (2 * failingCount + 2 > failingElements.length) failingElements = java.util.Arrays.copyOf(failingElements, failingElements.length * 2);
      failingElements[2 * failingCount] = el;
      failingElements[2 * failingCount + 1] = g;
      failingCount++;
    }

    public boolean passes() { return failures.isEmpty() && unresolved == null; }
  }

  private PathCriterion() {}

  /** Scans every element of the skeleton lying on a hidden neuron's zero set. */
  public static Result scan(PolyhedralComplex cx, boolean keepConstraints) {
    int elements = cx.dim() == 1 ? cx.vertexCount() : cx.edgeCount();
    // chunks of elements scanned independently, then merged in element order: the result is the
    // same for any number of chunks and threads (constraints, kept for training, are listed in one pass)
    return scan(cx, keepConstraints, keepConstraints || elements < (1 << 15) ? 1 : 2 * Runtime.getRuntime().availableProcessors());
  }

  /** The scan in a given number of chunks (tests compare chunkings). */
  static Result scan(PolyhedralComplex cx, boolean keepConstraints, int chunks) {
    return scan(cx, keepConstraints, chunks, -1L);
  }

  /**
   * The scan with the pair keys masked by keyMask (-1: the full hash). Tests weaken the hash to force
   * collisions; the result must not change.
   */
  static Result scan(PolyhedralComplex cx, boolean keepConstraints, int chunks, long keyMask) {
    int hidden = cx.hiddenCount();
    int elements = cx.dim() == 1 ? cx.vertexCount() : cx.edgeCount();
    int per = (elements + chunks - 1) / chunks;
    Chunk[] parts = new Chunk[chunks];
    java.util.stream.IntStream range = java.util.stream.IntStream.range(0, chunks);
    (chunks > 1 ? range.parallel() : range).forEach(c ->
        parts[c] = scanRange(cx, c * per, Math.min(elements, (c + 1) * per), keepConstraints, keyMask));
    Result r = new Result(hidden, false);
    if (keepConstraints) r = new Result(hidden, true);
    // a pair first seen in a chunk is new unless an earlier chunk saw it too: each chunk checks the
    // earlier chunks' maps (read-only, in parallel), and the merge below only reads the flags
    boolean[][] seenBefore = new boolean[chunks][];
    java.util.stream.IntStream others = java.util.stream.IntStream.range(0, chunks);
    (chunks > 1 ? others.parallel() : others).forEach(c -> {
      Chunk part = parts[c];
      boolean[] flags = new boolean[part.count];
      for (int k = 0; k < part.count; k++)
        for (int j = 0; j < c && !flags[k]; j++)
          flags[k] = parts[j].saw(part, k);
      seenBefore[c] = flags;
    });
    for (int c = 0; c < chunks; c++) {
      Chunk part = parts[c];
      for (int g = 0; g < hidden; g++) r.switches[g] |= part.switches[g];
      if (r.unresolved == null) r.unresolved = part.unresolved;
      if (r.constraints != null) r.constraints.addAll(part.constraints);
      for (int k = 0; k < part.count; k++) {
        if (seenBefore[c][k]) continue;
        int g = part.neurons[k];
        r.patterns[g]++;
        if (part.mins[k] < r.minGain[g]) {
          r.minGain[g] = part.mins[k];
          r.minGainElement[g] = part.elements[k];
        }
        if (part.mins[k] < 0) r.failures.add(new Failure(g, part.mins[k], part.elements[k]));
      }
      for (int k = 0; k < part.failing.failingCount; k++) r.addFailingElement(part.failing.failingElement(k), part.failing.failingNeuron(k));
    }
    r.failures.sort((x, y) -> Double.compare(x.gain(), y.gain()));
    return r;
  }

  /**
   * What one chunk of elements found: the (neuron, pattern) pairs in the order first seen, and the
   * failing pieces. A pair is identified by its neuron and its signature (the downstream activity
   * words, then the downstream neurons tight on the element); the 64-bit hash only buckets, equality
   * is decided on the signature itself, so a hash collision never merges two patterns.
   */
  private static final class Chunk {
    final boolean[] switches;
    final Result failing; // used for its failing-piece list only
    final List<GainConstraint> constraints = new ArrayList<>();
    String unresolved;
    long[] keys = new long[64];
    int[] neurons = new int[64];
    int[] elements = new int[64];
    double[] mins = new double[64];
    /** Where pair k's record starts in {@link #records}. */
    int[] recordOf = new int[64];
    int count;

    /**
     * The pairs' records, packed so that a lookup reads one place: (neuron << 32 | signature length),
     * min gain bits, the next record with the same key (-1 at the end of the chain), the signature.
     */
    long[] records = new long[1024];
    int used;

    /** Key -> the latest record with that key (head of its chain). */
    final LongIntMap seen;
    /** Each neuron's record seen last, or -1. */
    final int[] last;

    Chunk(int hidden, int elements) {
      seen = new LongIntMap(elements / 3); // about one distinct pair per four elements on random networks; grows if needed
      last = new int[hidden];
      java.util.Arrays.fill(last, -1);
      switches = new boolean[hidden];
      failing = new Result(0, false);
    }

    /** The record of (g, sig[from, to)) with this key, or -1. */
    int find(long key, int g, long[] sig, int from, int to) {
      for (int o = seen.get(key); o >= 0; o = (int) records[o + 2]) if (same(o, g, sig, from, to)) return o;
      return -1;
    }

    /** Whether record o is the pair (g, sig[from, to)). */
    boolean same(int o, int g, long[] sig, int from, int to) {
      if (records[o] != ((long) g << 32 | (to - from))) return false;
      for (int i = o + 3, q = from; q < to; i++, q++) if (records[i] != sig[q]) return false;
      return true;
    }

    double min(int record) { return Double.longBitsToDouble(records[record + 1]); }

    /** Whether pair k of other was seen in this chunk. */
    boolean saw(Chunk other, int k) {
      int o = other.recordOf[k];
      return find(other.keys[k], other.neurons[k], other.records, o + 3, o + 3 + (int) other.records[o]) >= 0;
    }

    void first(long key, int g, long[] sig, int sigLength, int el, double min) {
      if (count == keys.length) {
        int n = count * 2;
        keys = java.util.Arrays.copyOf(keys, n);
        neurons = java.util.Arrays.copyOf(neurons, n);
        elements = java.util.Arrays.copyOf(elements, n);
        mins = java.util.Arrays.copyOf(mins, n);
        recordOf = java.util.Arrays.copyOf(recordOf, n);
      }
      int o = used;
      if (o + 3 + sigLength > records.length) records = java.util.Arrays.copyOf(records, Math.max(2 * records.length, o + 3 + sigLength));
      records[o] = (long) g << 32 | sigLength;
      records[o + 1] = Double.doubleToRawLongBits(min);
      records[o + 2] = seen.get(key);
      System.arraycopy(sig, 0, records, o + 3, sigLength);
      used = o + 3 + sigLength;
      seen.put(key, o);
      last[g] = o;
      keys[count] = key;
      neurons[count] = g;
      elements[count] = el;
      mins[count] = min;
      recordOf[count] = o;
      count++;
    }
  }

  private static Chunk scanRange(PolyhedralComplex cx, int fromElement, int toElement, boolean keepConstraints, long keyMask) {
    Network net = cx.network();
    int d = cx.dim();
    int hidden = cx.hiddenCount();
    int words = cx.bitWords();
    Chunk r = new Chunk(hidden, toElement - fromElement);
    GainEvaluator gains = new GainEvaluator(net);
    boolean[][] active = new boolean[net.outputLayer()][];
    for (int l = 1; l <= net.hiddenLayers(); l++) active[l] = new boolean[net.width(l)];
    int[] layerOf = new int[hidden];
    for (int l = 1; l <= net.hiddenLayers(); l++)
      for (int g = cx.layerStart(l); g < cx.layerStart(l + 1); g++) layerOf[g] = l;
    long[] w = new long[words];
    long[] sig = new long[words + 16];
    int[] last = r.last;
    int[] buf = new int[16];
    for (int el = fromElement; el < toElement; el++) {
      int u, v;
      int[] t;
      int tn;
      if (d == 1) {
        u = v = el;
        t = cx.vertexTight(el);
        tn = t.length;
        if (tn > 0 && t[0] < 2) continue; // a box end point is not inside the open interval
      } else {
        u = cx.edgeStart(el);
        v = cx.edgeEnd(el);
        int need = Math.min(cx.tightCount(u), cx.tightCount(v));
        if (buf.length < need) buf = new int[need * 2];
        tn = cx.edgeTightInto(el, buf);
        t = buf;
      }
      int firstHidden = 0;
      while (firstHidden < tn && t[firstHidden] < 2 * d) firstHidden++;
      if (firstHidden == tn) continue;
      for (int q = 0; q < words; q++) w[q] = cx.bitWord(u, q) | cx.bitWord(v, q);
      for (int a = firstHidden; a < tn; a++) {
        int g = t[a] - 2 * d;
        int layer = layerOf[g];
        r.switches[g] = true;
        int from = cx.layerStart(layer + 1);
        // signature: the activity words from this layer's successors on, then the downstream tight neurons
        int first = from >>> 6, sl = 0;
        if (sig.length < words - first + tn) sig = new long[words - first + tn];
        for (int q = first; q < words; q++) sig[sl++] = q == first ? w[q] & (-1L << (from & 63)) : w[q];
        for (int b = a + 1; b < tn; b++) if (t[b] - 2 * d >= from) sig[sl++] = t[b];
        // neighbouring elements often repeat a neuron's last pair: compared first, no hash needed
        int known = last[g] >= 0 && r.same(last[g], g, sig, 0, sl) ? last[g] : -1;
        long key = 0;
        if (known < 0) {
          key = patternKey(g, sig, sl) & keyMask;
          known = r.find(key, g, sig, 0, sl);
        }
        if (known >= 0) {
          last[g] = known;
          if (r.min(known) < 0) r.failing.addFailingElement(el, g);
          continue;
        }
        // downstream zeros: the tight neurons after this one's layer
        int zeros = 0;
        for (int b = a + 1; b < tn; b++) if (t[b] - 2 * d >= from) zeros++;
        if (zeros > MAX_EXPANDED_ZEROS) {
          r.unresolved = zeros + " neurons vanish together on one edge of the zero set of " + cx.neuron(g)
              + "; their 2^" + zeros + " patterns were not expanded";
          continue;
        }
        int[] zeroIdx = new int[zeros];
        int zi = 0;
        for (int b = a + 1; b < tn; b++) if (t[b] - 2 * d >= from) zeroIdx[zi++] = t[b] - 2 * d;
        int index = g - cx.layerStart(layer);
        if (!keepConstraints && gains.lastLayers(layer)) {
          double min = gains.minGainLastLayers(layer, index, w, zeroIdx);
          record(r, key, g, sig, sl, el, min);
          continue;
        }
        for (int l = layer + 1; l <= net.hiddenLayers(); l++) {
          int base = cx.layerStart(l);
          boolean[] act = active[l];
          for (int i = 0; i < act.length; i++) {
            int gg = base + i;
            act[i] = (w[gg >>> 6] & (1L << (gg & 63))) != 0;
          }
        }
        double min = Double.POSITIVE_INFINITY;
        for (int mask = 0; mask < (1 << zeros); mask++) {
          for (int b = 0; b < zeros; b++) {
            NeuronId z = cx.neuron(zeroIdx[b]);
            active[z.layer()][z.index()] = ((mask >> b) & 1) != 0;
          }
          double gain = gains.gain(layer, index, active);
          min = Math.min(min, gain);
          if (keepConstraints) r.constraints.add(new GainConstraint(cx.neuron(g), copy(active, layer)));
        }
        record(r, key, g, sig, sl, el, min);
      }
    }
    return r;
  }

  private static void record(Chunk r, long key, int g, long[] sig, int sl, int el, double min) {
    r.first(key, g, sig, sl, el, min);
    if (min < 0) r.failing.addFailingElement(el, g);
  }

  /**
   * Open-addressing map from long keys to non-negative int values; get answers -1 when absent. Key
   * and value share one slot of the table, so a probe costs one cache miss.
   */
  private static final class LongIntMap {
    private static final long EMPTY = -1L;
    private long[] table;
    private int size;

    /** A map that holds 'expected' keys without growing. */
    LongIntMap(int expected) {
      int slots = Integer.highestOneBit(Math.max(512, 2 * expected - 1)) << 1;
      table = new long[2 * slots];
      for (int i = 1; i < table.length; i += 2) table[i] = EMPTY;
    }

    int get(long k) {
      int m = (table.length >>> 1) - 1;
      for (int i = (int) LongHash.mix(k) & m; table[2 * i + 1] != EMPTY; i = (i + 1) & m)
        if (table[2 * i] == k) return (int) table[2 * i + 1];
      return -1;
    }

    void put(long k, int v) {
      if (2 * (size + 1) > table.length >>> 1) grow();
      int m = (table.length >>> 1) - 1;
      int i = (int) LongHash.mix(k) & m;
      while (table[2 * i + 1] != EMPTY && table[2 * i] != k) i = (i + 1) & m;
      if (table[2 * i + 1] == EMPTY) size++;
      table[2 * i] = k;
      table[2 * i + 1] = v;
    }

    private void grow() {
      long[] old = table;
      table = new long[2 * old.length];
      for (int i = 1; i < table.length; i += 2) table[i] = EMPTY;
      size = 0;
      for (int i = 0; i < old.length; i += 2) if (old[i + 1] != EMPTY) put(old[i], (int) old[i + 1]);
    }
  }

  private static ActivationPattern copy(boolean[][] active, int layer) {
    boolean[][] a = new boolean[active.length][];
    for (int l = 1; l < active.length; l++) a[l] = l > layer ? active[l].clone() : new boolean[active[l].length];
    return new ActivationPattern(a);
  }

  /** Hash of (neuron, signature): only a bucket, identity is decided on the signature. */
  private static long patternKey(int g, long[] sig, int length) {
    long h = 0x9E3779B97F4A7C15L * (g + 1);
    for (int q = 0; q < length; q++) h = LongHash.mix(h ^ sig[q]) + q;
    return h;
  }
}
