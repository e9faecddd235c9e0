package org.reluconvex.experiment;

import org.reluconvex.convexity.VerdictKind;

/**
 * What the draws of one architecture gave, indexed by draw number and filled in by whichever thread
 * made the draw. Aggregates read the arrays in index order, so they do not depend on the threads.
 * A part ({@link #part}) holds a range of draws only: what a cluster task sends back, to be
 * {@link #add added} into the whole.
 */
public final class Outcomes implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private final DrawSpec spec;
  private final int first; // index of the first draw held
  private final byte[] kind; // VerdictKind ordinal
  private final boolean[] icnn;
  private final long[] vertices; // -1 when the checker does not count them
  private final long[] edges;
  private final long[] nanos;
  private long cpuNanos;
  private int failures;
  private String firstFailure;

  public Outcomes(DrawSpec spec, int draws) {
    this(spec, 0, draws);
  }

  private Outcomes(DrawSpec spec, int first, int draws) {
    this.spec = spec;
    this.first = first;
    kind = new byte[draws];
    icnn = new boolean[draws];
    vertices = new long[draws];
    edges = new long[draws];
    nanos = new long[draws];
  }

  /** Draws {@code from..to-1} of an architecture only; indices stay those of the draws. */
  public static Outcomes part(DrawSpec spec, int from, int to) {
    if (from < 0 || to < from) throw new IllegalArgumentException("bad range of draws " + from + ".." + to);
    return new Outcomes(spec, from, to - from);
  }

  /** Copies a part's draws, CPU time and failures into this (parts added in index order keep the first failure first). */
  public synchronized void add(Outcomes part) {
    if (!part.spec.equals(spec)) throw new IllegalArgumentException("outcomes of " + part.spec + " added to " + spec);
    int at = part.first - first;
    if (at < 0 || at + part.kind.length > kind.length) throw new IllegalArgumentException("draws out of range");
    System.arraycopy(part.kind, 0, kind, at, part.kind.length);
    System.arraycopy(part.icnn, 0, icnn, at, part.icnn.length);
    System.arraycopy(part.vertices, 0, vertices, at, part.vertices.length);
    System.arraycopy(part.edges, 0, edges, at, part.edges.length);
    System.arraycopy(part.nanos, 0, nanos, at, part.nanos.length);
    cpuNanos += part.cpuNanos;
    failures += part.failures;
    if (firstFailure == null) firstFailure = part.firstFailure;
  }

  void set(int d, VerdictKind k, boolean isIcnn, long v, long e, long ns) {
    int i = d - first;
    kind[i] = (byte) k.ordinal();
    icnn[i] = isIcnn;
    vertices[i] = v;
    edges[i] = e;
    nanos[i] = ns;
  }

  /** A check that threw: the draw counts as unknown, the first message is kept for the report. */
  synchronized void fail(int i, long seed, RuntimeException e) {
    set(i, VerdictKind.UNKNOWN, icnn[i - first], -1, -1, 0);
    failures++;
    if (firstFailure == null) firstFailure = "draw " + i + " (seed " + seed + "): " + e;
  }

  public synchronized int failures() { return failures; }

  synchronized void addCpuNanos(long ns) { cpuNanos += ns; }

  /** CPU time the worker threads spent on this architecture (draws and checks), or 0 if not measurable. */
  public synchronized long cpuNanos() { return cpuNanos; }

  /** Description of the first failed check, or null. */
  public synchronized String firstFailure() { return firstFailure; }

  public DrawSpec spec() { return spec; }

  /** Draws held (of a part: its range only). */
  public int draws() { return kind.length; }

  public VerdictKind kind(int i) { return VerdictKind.values()[kind[i - first]]; }

  public boolean icnn(int i) { return icnn[i - first]; }

  public long vertices(int i) { return vertices[i - first]; }

  public long edges(int i) { return edges[i - first]; }

  /** Wall time of the check of draw i, in nanoseconds. */
  public long nanos(int i) { return nanos[i - first]; }

  public int count(VerdictKind k) {
    int c = 0;
    for (byte b : kind) if (b == k.ordinal()) c++;
    return c;
  }

  public int icnnCount() {
    int c = 0;
    for (boolean b : icnn) if (b) c++;
    return c;
  }

  public int convexNotIcnn() {
    int c = 0;
    for (int i = 0; i < kind.length; i++) if (kind[i] == VerdictKind.CONVEX.ordinal() && !icnn[i]) c++;
    return c;
  }

  /** ICNN draws that the checker did not find convex: every ICNN is convex, so this must be 0. */
  public int icnnNotConvex() {
    int c = 0;
    for (int i = 0; i < kind.length; i++) if (icnn[i] && kind[i] == VerdictKind.NOT_CONVEX.ordinal()) c++;
    return c;
  }

  /** Mean of a per-draw count over the draws where it is known (NaN if none). */
  public double meanVertices() { return meanKnown(vertices); }

  public double meanEdges() { return meanKnown(edges); }

  private static double meanKnown(long[] a) {
    long s = 0;
    int n = 0;
    for (long v : a) if (v >= 0) { s += v; n++; }
    return n == 0 ? Double.NaN : (double) s / n;
  }

  public double meanSeconds() {
    if (nanos.length == 0) return Double.NaN;
    double s = 0;
    for (long v : nanos) s += v;
    return s / nanos.length * 1e-9;
  }

  public double medianSeconds() {
    if (nanos.length == 0) return Double.NaN;
    long[] c = nanos.clone();
    java.util.Arrays.sort(c);
    int m = c.length / 2;
    return (c.length % 2 == 1 ? c[m] : 0.5 * (c[m - 1] + c[m])) * 1e-9;
  }
}
