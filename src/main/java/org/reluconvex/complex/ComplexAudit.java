package org.reluconvex.complex;

import java.math.BigDecimal;
import java.util.Arrays;
import org.reluconvex.network.Domain;
import org.reluconvex.network.ExactForward;
import org.reluconvex.network.Network;
import org.reluconvex.precision.PrecisionPolicy;

/**
 * Proves that a complex built in floating point is the exact complex, vertex by vertex.
 *
 * <p>Edge subdivision is a sequence of sign decisions (the sign of a neuron's pre-activation at a
 * vertex); every decision it made is recorded in the final vertices' sign vectors (tight
 * constraints and activity bits), and with every decision exact the construction is the exact one.
 * A claimed vertex (tight set T, |T| = d, the other signs) is true iff the affine system
 * G_T(x) = 0 of its tight constraints, with every relu replaced by its claimed gate, has a solution
 * x* at which every other gated pre-activation has its claimed sign: by induction in topological
 * order the gated maps then agree with the network at x*.
 *
 * <p>First in double: from the residual G_T(p) at the computed position p and an enclosure of
 * ||A^-1|| (A the Jacobian of G_T, from an approximate inverse M with ||I - M A|| &lt; 1/2), every
 * x* lies within delta of p, and each other sign is decided when |G_k(p)| exceeds its rounding bound
 * plus ||grad G_k||_1 delta. Vertices the double test cannot decide (degenerate ones with |T| &gt; d,
 * near-singular systems, thin margins) are solved exactly: x* = N / D by Cramer's rule in BigDecimal
 * and every sign evaluated exactly ({@link ExactForward}).
 */
public final class ComplexAudit {
  /** The outcome: certified, or the first vertex whose claim is false or could not be decided. */
  public record Result(boolean certified, int exactVertices, String failure) {
    static Result ok(int exact) { return new Result(true, exact, null); }
  }

  /** An exactly solved vertex: x* = num / den, den &gt; 0. */
  public record ExactPoint(BigDecimal[] num, BigDecimal den) {}

  private final PolyhedralComplex cx;
  private final Network net;
  private final PrecisionPolicy policy;
  private final int d;
  private final int hidden;
  private final int[] layerOf, indexOf;
  private final long exactWorkBudget;
  private long exactWork;

  /** |W| of each block (l, src) transposed: entry (i, q) at q * n_l + i, read by {@link #localBounds}. */
  private final double[][][] absT;

  public ComplexAudit(PolyhedralComplex cx, PrecisionPolicy policy) {
    this.cx = cx;
    this.net = cx.network();
    this.policy = policy;
    this.d = cx.dim();
    this.hidden = cx.hiddenCount();
    layerOf = new int[hidden];
    indexOf = new int[hidden];
    for (int l = 1; l <= net.hiddenLayers(); l++)
      for (int g = cx.layerStart(l); g < cx.layerStart(l + 1); g++) {
        layerOf[g] = l;
        indexOf[g] = g - cx.layerStart(l);
      }
    absT = new double[net.outputLayer()][][];
    for (int l = 1; l <= net.hiddenLayers(); l++) {
      absT[l] = new double[l][];
      int n = net.width(l);
      for (int src = 0; src < l; src++) {
        double[] w = net.rawBlock(l, src);
        if (w == null) continue;
        int k = net.width(src);
        double[] t = new double[k * n];
        for (int i = 0; i < n; i++)
          for (int q = 0; q < k; q++) t[q * n + i] = Math.abs(w[i * k + q]);
        absT[l][src] = t;
      }
    }
    // exact work is counted in weight-sized BigDecimal steps per vertex: (d + 1) times the parameters
    long perVertex = (long) (d + 1) * Math.max(1, net.parameterCount());
    exactWorkBudget = Math.max(perVertex, (long) policy.exactVertexBudget() * Math.min(perVertex, 2_000L));
  }

  /** Certifies every vertex; stops at the first false or undecidable claim. */
  public Result run() {
    Bounds bounds = new Bounds();
    int nv = cx.vertexCount();
    boolean[] inDouble = new boolean[nv];
    // the double test per vertex is independent: blocks of vertices in parallel, one scratch each
    int blocks = nv < 2048 ? 1 : Math.min(64, nv / 1024);
    int per = (nv + blocks - 1) / blocks;
    java.util.stream.IntStream range = java.util.stream.IntStream.range(0, blocks);
    (blocks > 1 ? range.parallel() : range).forEach(b -> {
      Scratch sc = new Scratch();
      for (int v = b * per; v < Math.min(nv, (b + 1) * per); v++) inDouble[v] = certifiedInDouble(bounds, sc, v);
    });
    String structure = edgesConsistent();
    if (structure != null) return new Result(false, 0, structure);
    int exact = 0;
    for (int v = 0; v < nv; v++) {
      if (inDouble[v]) continue;
      exact++;
      if (exactWork > exactWorkBudget)
        return new Result(false, exact, "more vertices need exact arithmetic than the precision policy allows ("
            + exact + " so far, " + nv + " vertices)");
      String why = exactCheck(v);
      if (why != null) return new Result(false, exact, why);
    }
    return Result.ok(exact);
  }

  /**
   * The edges against the (claimed) vertices: no edge's ends lie strictly on opposite sides of a
   * constraint (an edge lies in one cell of every constraint it is not on), its ends share at least
   * d - 1 constraints, and a vertex with exactly d tight constraints has the 2 n + f edges of a simple
   * vertex (n neurons and f box facets among them: two rays along each line not in a facet, one ray
   * into the box). Faces are joined by hashes of sign vectors: this is what would show a collision.
   */
  private String edgesConsistent() {
    if (d == 1 && cx.edgeCount() == 0) return null;
    int nv = cx.vertexCount(), words = cx.bitWords();
    int[] degree = new int[nv];
    int[] shared = new int[16];
    for (int e = 0; e < cx.edgeCount(); e++) {
      int u = cx.edgeStart(e), w = cx.edgeEnd(e);
      degree[u]++;
      degree[w]++;
      if (shared.length < Math.min(cx.tightCount(u), cx.tightCount(w))) shared = new int[2 * Math.min(cx.tightCount(u), cx.tightCount(w))];
      if (cx.edgeTightInto(e, shared) < d - 1)
        return "edge " + e + " joins vertices " + u + " and " + w + " that share fewer than " + (d - 1) + " constraints";
      for (int q = 0; q < words; q++) {
        long diff = cx.bitWord(u, q) ^ cx.bitWord(w, q);
        while (diff != 0) {
          int g = 64 * q + Long.numberOfTrailingZeros(diff);
          diff &= diff - 1;
          int c = 2 * d + g;
          if (!cx.isTight(u, c) && !cx.isTight(w, c))
            return "edge " + e + " crosses the zero set of neuron " + cx.neuron(g) + " between its ends " + u + " and " + w;
        }
      }
    }
    for (int v = 0; v < nv; v++) {
      int[] t = cx.vertexTight(v);
      if (t.length != d) continue;
      int facets = 0;
      for (int c : t) if (c < 2 * d) facets++;
      int expected = 2 * (d - facets) + facets;
      if (degree[v] != expected)
        return "vertex " + v + " at " + Arrays.toString(cx.vertex(v)) + " has " + degree[v] + " edges, a simple vertex with "
            + facets + " box facet(s) has " + expected;
    }
    return null;
  }

  private boolean[][] gates(int v, int[] tight) {
    boolean[][] gate = new boolean[net.outputLayer()][];
    for (int l = 1; l <= net.hiddenLayers(); l++) gate[l] = new boolean[net.width(l)];
    fillGates(v, tight, gate);
    return gate;
  }

  private void fillGates(int v, int[] tight, boolean[][] gate) {
    for (int g = 0; g < hidden; g++) gate[layerOf[g]][indexOf[g]] = cx.active(v, g);
    for (int c : tight) if (c >= 2 * d) gate[layerOf[c - 2 * d]][indexOf[c - 2 * d]] = false;
  }

  private static boolean isTight(int[] tight, int c) { return Arrays.binarySearch(tight, c) >= 0; }

  // ---- double --------------------------------------------------------------------------------

  /**
   * Bounds that hold at every point of the box under every gating, computed once: the rounding
   * error of each gated pre-activation, of each entry of its gradient, and a Lipschitz constant
   * (max-norm to value) of each. Interval propagation with |post| &le; |pre| covers both gates.
   */
  private final class Bounds {
    final double[][] err, gradErr, lip;

    Bounds() {
      int out = net.outputLayer();
      err = new double[out + 1][];
      gradErr = new double[out + 1][];
      lip = new double[out + 1][];
      double[][] mag = new double[out + 1][]; // max |pre| over the box, any gate
      double[][] absJac = new double[out + 1][]; // |W|...|W| applied to the identity, row-major n x d
      Domain box = cx.domain();
      mag[0] = new double[d];
      absJac[0] = new double[d * d];
      err[0] = new double[d];
      for (int i = 0; i < d; i++) {
        mag[0][i] = Math.max(Math.abs(box.lo(i)), Math.abs(box.hi(i))) * (1 + 1e-9);
        absJac[0][i * d + i] = 1;
      }
      int terms = 0;
      for (int l = 0; l <= out; l++) terms += net.width(l) + 1;
      double gammaPath = policy.gamma(terms);
      for (int l = 1; l <= out; l++) {
        int n = net.width(l);
        double[] b = net.rawBias(l);
        double[] m = new double[n], e = new double[n], j = new double[n * d];
        int fanIn = 1;
        for (int i = 0; i < n; i++) m[i] = Math.abs(b[i]);
        for (int src = 0; src < l; src++) {
          double[] w = net.rawBlock(l, src);
          if (w == null) continue;
          int k = net.width(src);
          fanIn += k + 1;
          for (int i = 0; i < n; i++)
            for (int q = 0; q < k; q++) {
              double aw = Math.abs(w[i * k + q]);
              if (aw == 0) continue;
              m[i] += aw * mag[src][q];
              e[i] += aw * err[src][q];
              for (int c = 0; c < d; c++) j[i * d + c] += aw * absJac[src][q * d + c];
            }
        }
        double gamma = policy.gamma(fanIn);
        double[] ge = new double[n], li = new double[n];
        for (int i = 0; i < n; i++) {
          e[i] = (e[i] + gamma * m[i] + policy.underflow(2 * fanIn)) * (1 + 1e-9);
          double row = 0, rowMax = 0;
          for (int c = 0; c < d; c++) {
            row += j[i * d + c];
            rowMax = Math.max(rowMax, j[i * d + c]);
          }
          li[i] = row * (1 + 1e-9);
          ge[i] = gammaPath * rowMax * (1 + 1e-9);
          if (!Double.isFinite(e[i]) || !Double.isFinite(li[i]) || !Double.isFinite(ge[i])) e[i] = Double.POSITIVE_INFINITY;
        }
        mag[l] = m;
        err[l] = e;
        gradErr[l] = ge;
        lip[l] = li;
        absJac[l] = j;
      }
    }
  }

  /** Per-thread buffers for the double test. */
  private final class Scratch {
    final boolean[][] gate = new boolean[net.outputLayer()][];
    final double[][] pre = new double[net.outputLayer() + 1][];
    final double[][] post = new double[net.outputLayer() + 1][];
    final double[][] adj = new double[net.outputLayer() + 1][];
    final double[] a = new double[d * d], aErr = new double[d], row = new double[d];
    final int[][] on = new int[net.outputLayer()][]; // indices of the open gates per layer
    final int[] count = new int[net.outputLayer()];
    /**
     * Per hidden layer: |W| products through the open gates at the vertex (n x d, column-major: entry
     * (i, c) at c * n + i, so that the sums over a layer's neurons run over contiguous memory), and
     * their row sums.
     */
    final double[][] localJac = new double[net.hiddenLayers() + 1][], localLip = new double[net.hiddenLayers() + 1][];
    /** Per hidden layer: the rounding error of each gated pre-activation at the vertex, from the values there. */
    final double[][] localErr = new double[net.hiddenLayers() + 1][];

    Scratch() {
      localJac[0] = new double[d * d];
      for (int i = 0; i < d; i++) localJac[0][i * d + i] = 1;
      for (int l = 1; l <= net.hiddenLayers(); l++) {
        localJac[l] = new double[net.width(l) * d];
        localLip[l] = new double[net.width(l)];
        localErr[l] = new double[net.width(l)];
      }
      for (int l = 0; l < net.outputLayer(); l++) on[l] = new int[net.width(l)];
      for (int l = 1; l <= net.outputLayer(); l++) {
        if (l < net.outputLayer()) gate[l] = new boolean[net.width(l)];
        pre[l] = new double[net.width(l)];
        post[l] = new double[net.width(l)];
      }
      for (int l = 0; l <= net.outputLayer(); l++) adj[l] = new double[net.width(l)];
    }
  }

  /** The gated pre-activations of the hidden layers at x (plain double; errors are bounded globally). */
  private void gatedValues(Scratch sc, double[] x) {
    int last = net.hiddenLayers();
    sc.post[0] = x;
    sc.count[0] = d;
    for (int j = 0; j < d; j++) sc.on[0][j] = j;
    for (int l = 1; l <= last; l++) {
      int n = net.width(l);
      double[] z = sc.pre[l];
      System.arraycopy(net.rawBias(l), 0, z, 0, n);
      for (int m = 0; m < l; m++) {
        double[] w = net.rawBlock(l, m);
        if (w == null) continue;
        // only the sources whose gate is open contribute; four partial sums break the dependency
        double[] src = sc.post[m];
        int[] on = sc.on[m];
        int cnt = sc.count[m], k = net.width(m);
        if (2 * cnt > k) {
          // mostly open: a dense pass (closed gates hold zeros) beats the gathers
          for (int i = 0; i < n; i++) {
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            int off = i * k, q = 0;
            for (; q + 3 < k; q += 4) {
              s0 += w[off + q] * src[q];
              s1 += w[off + q + 1] * src[q + 1];
              s2 += w[off + q + 2] * src[q + 2];
              s3 += w[off + q + 3] * src[q + 3];
            }
            for (; q < k; q++) s0 += w[off + q] * src[q];
            z[i] += (s0 + s1) + (s2 + s3);
          }
          continue;
        }
        for (int i = 0; i < n; i++) {
          double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
          int off = i * k, q = 0;
          for (; q + 3 < cnt; q += 4) {
            s0 += w[off + on[q]] * src[on[q]];
            s1 += w[off + on[q + 1]] * src[on[q + 1]];
            s2 += w[off + on[q + 2]] * src[on[q + 2]];
            s3 += w[off + on[q + 3]] * src[on[q + 3]];
          }
          for (; q < cnt; q++) s0 += w[off + on[q]] * src[on[q]];
          z[i] += (s0 + s1) + (s2 + s3);
        }
      }
      double[] p = sc.post[l];
      boolean[] gt = sc.gate[l];
      int[] on = sc.on[l];
      int cnt = 0;
      for (int i = 0; i < n; i++) {
        if (gt[i]) {
          p[i] = z[i];
          on[cnt++] = i;
        } else p[i] = 0;
      }
      sc.count[l] = cnt;
    }
  }

  /** The gradient of the gated pre-activation of neuron (layer, index), by one backward sweep. */
  private void gatedGradient(Scratch sc, int layer, int index, double[] into) {
    for (int l = 0; l <= layer; l++) Arrays.fill(sc.adj[l], 0);
    sc.adj[layer][index] = 1;
    for (int l = layer; l >= 1; l--) {
      double[] g = sc.adj[l];
      for (int i = 0; i < g.length; i++) {
        double gi = g[i];
        if (gi == 0 || (l < layer && !sc.gate[l][i])) continue;
        for (int m = 0; m < l; m++) {
          double[] w = net.rawBlock(l, m);
          if (w == null) continue;
          int k = net.width(m);
          double[] t = sc.adj[m];
          for (int j = 0; j < k; j++) t[j] += w[i * k + j] * gi;
        }
      }
    }
    System.arraycopy(sc.adj[0], 0, into, 0, d);
  }

  /**
   * Bounds at the vertex, after {@link #gatedValues} there, far tighter than the global {@link
   * Bounds} on deep trained networks (where magnitudes over the whole box and products of |W| over
   * all paths grow by orders of magnitude per layer): the rounding error of each gated pre-activation
   * from the magnitudes of the values computed at the vertex (the analysis of {@link Bounds#err},
   * with values in place of box-wide bounds), and a Lipschitz bound (max-norm to value) of each gated
   * affine map: |W| products through the open gates only, a bound on the l1 norm of its gradient.
   */
  private void localBounds(Scratch sc) {
    for (int l = 1; l <= net.hiddenLayers(); l++) {
      int n = net.width(l);
      double[] j = sc.localJac[l], e = sc.localErr[l], b = net.rawBias(l);
      Arrays.fill(j, 0);
      Arrays.fill(e, 0);
      double[] m = sc.adj[l]; // magnitudes, in a scratch row free until the next gradient
      for (int i = 0; i < n; i++) m[i] = Math.abs(b[i]);
      int fanIn = 1;
      for (int src = 0; src < l; src++) {
        double[] at = absT[l][src];
        if (at == null) continue;
        int k = net.width(src);
        fanIn += k + 1;
        double[] from = sc.localJac[src], post = sc.post[src], fromErr = src == 0 ? null : sc.localErr[src];
        for (int q = 0; q < k; q++) {
          if (src > 0 && !sc.gate[src][q]) continue; // a closed gate passes an exact 0
          double x = Math.abs(post[q]), xe = src == 0 ? 0 : fromErr[q];
          int row = q * n;
          boolean finite = Double.isFinite(x) && Double.isFinite(xe);
          for (int c = 0; c < d && finite; c++) finite = Double.isFinite(from[c * k + q]);
          if (!finite) { // 0 * infinity would be NaN: a zero weight is skipped, as it adds nothing
            for (int i = 0; i < n; i++) {
              double aw = at[row + i];
              if (aw == 0) continue;
              m[i] += aw * x;
              e[i] += aw * xe;
              for (int c = 0; c < d; c++) j[c * n + i] += aw * from[c * k + q];
            }
            continue;
          }
          // every term is >= 0 and finite: adding a zero term changes no sum, so no test in the loops
          for (int i = 0; i < n; i++) {
            double aw = at[row + i];
            m[i] += aw * x;
            e[i] += aw * xe;
          }
          for (int c = 0; c < d; c++) {
            double f = from[c * k + q];
            int jc = c * n;
            for (int i = 0; i < n; i++) j[jc + i] += at[row + i] * f;
          }
        }
      }
      double gamma = policy.gamma(fanIn);
      for (int i = 0; i < n; i++) {
        e[i] = (e[i] + gamma * m[i] + policy.underflow(2 * fanIn)) * (1 + 1e-9);
        double row = 0;
        for (int c = 0; c < d; c++) row += j[c * n + i];
        sc.localLip[l][i] = row * (1 + 1e-9);
        if (!Double.isFinite(e[i]) || !Double.isFinite(row)) e[i] = Double.POSITIVE_INFINITY;
      }
    }
  }

  /**
   * Whether vertex v's sign vector is proven in double. The gated system of its d tight constraints
   * is solved once; its solution x* lies within delta = ||M|| / (1 - q) * max |residual| of p, and
   * every other constraint's sign is proven beyond its rounding error plus its Lipschitz bound times
   * delta: with the bounds over the box first (cheap), else with those at the vertex.
   */
  private boolean certifiedInDouble(Bounds bd, Scratch sc, int v) {
    int[] tight = cx.vertexTight(v);
    if (tight.length != d) return false;
    double[] p = cx.vertex(v);
    fillGates(v, tight, sc.gate);
    gatedValues(sc, p);
    double[] a = sc.a, aErr = sc.aErr;
    for (int r = 0; r < d; r++) {
      int c = tight[r];
      Arrays.fill(a, r * d, r * d + d, 0);
      aErr[r] = 0;
      if (c < 2 * d) a[r * d + c / 2] = 1;
      else {
        int l = layerOf[c - 2 * d], i = indexOf[c - 2 * d];
        gatedGradient(sc, l, i, sc.row);
        System.arraycopy(sc.row, 0, a, r * d, d);
        aErr[r] = d * bd.gradErr[l][i];
      }
    }
    double[] m = inverse(a, d);
    if (m == null) return false;
    // q >= ||I - M A|| for the exact A: the computed residual, its rounding, and M times A's error
    double q = 0, mNorm = 0, eNorm = 0;
    for (int r = 0; r < d; r++) eNorm = Math.max(eNorm, aErr[r]);
    for (int r = 0; r < d; r++) {
      double row = 0, mRow = 0;
      for (int c = 0; c < d; c++) {
        double s = r == c ? 1 : 0, mag = 0;
        for (int k = 0; k < d; k++) {
          s -= m[r * d + k] * a[k * d + c];
          mag += Math.abs(m[r * d + k] * a[k * d + c]);
        }
        row += Math.abs(s) + policy.gamma(d) * (mag + 1);
        mRow += Math.abs(m[r * d + c]);
      }
      q = Math.max(q, row);
      mNorm = Math.max(mNorm, mRow);
    }
    q += mNorm * eNorm;
    if (!(q < 0.5)) return false;
    double spread = policy.safety() * mNorm / (1 - q);
    if (signsProven(sc, v, tight, p, spread, bd.err, bd.lip)) return true;
    localBounds(sc);
    return signsProven(sc, v, tight, p, spread, sc.localErr, sc.localLip);
  }

  /**
   * Whether every constraint of vertex v not tight keeps its claimed sign at x*, given the rounding
   * errors 'err' and Lipschitz bounds 'lip' of the gated pre-activations (delta = spread * the largest
   * residual of the tight constraints, each with its error).
   */
  private boolean signsProven(Scratch sc, int v, int[] tight, double[] p, double spread, double[][] err, double[][] lip) {
    double rMax = 0;
    for (int c : tight) {
      if (c < 2 * d) {
        int i = c / 2;
        double res = p[i] - ((c & 1) == 0 ? cx.domain().lo(i) : cx.domain().hi(i));
        rMax = Math.max(rMax, Math.abs(res) * (1 + 2 * PrecisionPolicy.UNIT_ROUNDOFF));
      } else {
        int l = layerOf[c - 2 * d], i = indexOf[c - 2 * d];
        rMax = Math.max(rMax, Math.abs(sc.pre[l][i]) + err[l][i]);
      }
    }
    double delta = spread * rMax;
    if (!Double.isFinite(delta)) return false;
    int next = 0; // tight is sorted: the next tight neuron's position in it
    while (next < tight.length && tight[next] < 2 * d) next++;
    for (int g = 0; g < hidden; g++) {
      if (next < tight.length && tight[next] == 2 * d + g) {
        next++;
        continue;
      }
      int l = layerOf[g], i = indexOf[g];
      if (policy.sign(sc.pre[l][i], err[l][i] + lip[l][i] * delta * (1 + 1e-9)) != (cx.active(v, g) ? 1 : -1)) return false;
    }
    for (int i = 0; i < d; i++) {
      double slack = delta * (1 + 1e-9) + 4 * PrecisionPolicy.UNIT_ROUNDOFF * Math.abs(p[i]);
      if (!isTight(tight, 2 * i) && !(p[i] - cx.domain().lo(i) > slack)) return false;
      if (!isTight(tight, 2 * i + 1) && !(cx.domain().hi(i) - p[i] > slack)) return false;
    }
    return true;
  }

  /** Gauss-Jordan inverse with partial pivoting; null when singular or not finite. */
  private static double[] inverse(double[] a, int d) {
    double[] w = a.clone(), inv = new double[d * d];
    for (int i = 0; i < d; i++) inv[i * d + i] = 1;
    for (int col = 0; col < d; col++) {
      int piv = col;
      for (int r = col + 1; r < d; r++) if (Math.abs(w[r * d + col]) > Math.abs(w[piv * d + col])) piv = r;
      double pv = w[piv * d + col];
      if (pv == 0 || !Double.isFinite(pv)) return null;
      if (piv != col) {
        swapRows(w, piv, col, d);
        swapRows(inv, piv, col, d);
      }
      for (int c = 0; c < d; c++) {
        w[col * d + c] /= pv;
        inv[col * d + c] /= pv;
      }
      for (int r = 0; r < d; r++) {
        if (r == col) continue;
        double f = w[r * d + col];
        if (f == 0) continue;
        for (int c = 0; c < d; c++) {
          w[r * d + c] -= f * w[col * d + c];
          inv[r * d + c] -= f * inv[col * d + c];
        }
      }
    }
    for (double x : inv) if (!Double.isFinite(x)) return null;
    return inv;
  }

  private static void swapRows(double[] m, int r1, int r2, int d) {
    for (int c = 0; c < d; c++) {
      double t = m[r1 * d + c];
      m[r1 * d + c] = m[r2 * d + c];
      m[r2 * d + c] = t;
    }
  }

  // ---- exact ---------------------------------------------------------------------------------

  /** Null when vertex v's claim is exactly true, else why not. */
  String exactCheck(int v) {
    int[] tight = cx.vertexTight(v);
    BigDecimal[][][] forms = exactForms(v, tight);
    exactWork += (long) (d + 1) * net.parameterCount();
    ExactPoint x = solve(tight, forms);
    if (x == null)
      return "vertex " + v + " at " + Arrays.toString(cx.vertex(v)) + ": its " + tight.length
          + " tight constraints do not determine a point";
    for (int c = 0; c < 2 * d + hidden; c++) {
      int s = row(c, forms, x).signum();
      boolean t = isTight(tight, c);
      int claimed = t ? 0 : c < 2 * d ? ((c & 1) == 0 ? 1 : -1) : (cx.active(v, c - 2 * d) ? 1 : -1);
      if (s != claimed)
        return "vertex " + v + " at " + Arrays.toString(cx.vertex(v)) + ": " + describe(c) + " has sign " + s
            + " there in exact arithmetic, the floating-point complex says " + claimed;
    }
    return null;
  }

  /** The exact point of vertex v, or null when its tight constraints do not determine one. */
  public ExactPoint exactPoint(int v) {
    int[] tight = cx.vertexTight(v);
    return solve(tight, exactForms(v, tight));
  }

  /** The exact gated affine maps of every neuron under vertex v's claimed gates. */
  private BigDecimal[][][] exactForms(int v, int[] tight) {
    return new ExactForward(net).gatedForms(gates(v, tight));
  }

  private String describe(int c) {
    if (c < 2 * d) return "box facet x" + (c / 2 + 1) + ((c & 1) == 0 ? " = lo" : " = hi");
    return "neuron " + cx.neuron(c - 2 * d);
  }

  /** D times the value of constraint c at x = N / D (box facets: x_i - lo_i and x_i - hi_i). */
  private BigDecimal row(int c, BigDecimal[][][] forms, ExactPoint x) {
    if (c < 2 * d) {
      int i = c / 2;
      double bound = (c & 1) == 0 ? cx.domain().lo(i) : cx.domain().hi(i);
      return x.num()[i].subtract(ExactForward.exact(bound).multiply(x.den()));
    }
    BigDecimal[] f = forms[layerOf[c - 2 * d]][indexOf[c - 2 * d]];
    BigDecimal s = f[d].multiply(x.den());
    for (int k = 0; k < d; k++) s = s.add(f[k].multiply(x.num()[k]));
    return s;
  }

  private BigDecimal[] coefficients(int c, BigDecimal[][][] forms) {
    if (c < 2 * d) {
      BigDecimal[] r = new BigDecimal[d + 1];
      Arrays.fill(r, BigDecimal.ZERO);
      r[c / 2] = BigDecimal.ONE;
      double bound = (c & 1) == 0 ? cx.domain().lo(c / 2) : cx.domain().hi(c / 2);
      r[d] = ExactForward.exact(bound).negate();
      return r;
    }
    return forms[layerOf[c - 2 * d]][indexOf[c - 2 * d]];
  }

  /** Cramer's rule on the first d tight constraints with a non-zero determinant (in order). */
  private ExactPoint solve(int[] tight, BigDecimal[][][] forms) {
    if (tight.length < d) return null;
    int[] pick = new int[d];
    return choose(tight, forms, pick, 0, 0);
  }

  private ExactPoint choose(int[] tight, BigDecimal[][][] forms, int[] pick, int at, int from) {
    if (at == d) {
      BigDecimal[][] a = new BigDecimal[d][];
      for (int r = 0; r < d; r++) a[r] = coefficients(tight[pick[r]], forms);
      BigDecimal den = det(a, -1, null);
      if (den.signum() == 0) return null;
      BigDecimal[] rhs = new BigDecimal[d];
      for (int r = 0; r < d; r++) rhs[r] = a[r][d].negate();
      BigDecimal[] num = new BigDecimal[d];
      for (int i = 0; i < d; i++) num[i] = det(a, i, rhs);
      if (den.signum() < 0) {
        den = den.negate();
        for (int i = 0; i < d; i++) num[i] = num[i].negate();
      }
      return new ExactPoint(num, den);
    }
    for (int k = from; k <= tight.length - (d - at); k++) {
      pick[at] = k;
      ExactPoint p = choose(tight, forms, pick, at + 1, k + 1);
      if (p != null) return p;
    }
    return null;
  }

  /** Determinant of the d x d part of a, with column 'col' replaced by rhs when col &ge; 0 (Bareiss). */
  private BigDecimal det(BigDecimal[][] a, int col, BigDecimal[] rhs) {
    BigDecimal[][] m = new BigDecimal[d][d];
    for (int r = 0; r < d; r++)
      for (int c = 0; c < d; c++) m[r][c] = c == col ? rhs[r] : a[r][c];
    BigDecimal prev = BigDecimal.ONE;
    int sign = 1;
    for (int k = 0; k < d - 1; k++) {
      if (m[k][k].signum() == 0) {
        int swap = -1;
        for (int r = k + 1; r < d; r++) if (m[r][k].signum() != 0) { swap = r; break; }
        if (swap < 0) return BigDecimal.ZERO;
        BigDecimal[] t = m[k];
        m[k] = m[swap];
        m[swap] = t;
        sign = -sign;
      }
      for (int r = k + 1; r < d; r++)
        for (int c = k + 1; c < d; c++)
          m[r][c] = m[k][k].multiply(m[r][c]).subtract(m[r][k].multiply(m[k][c])).divide(prev);
      prev = m[k][k];
    }
    BigDecimal det = m[d - 1][d - 1];
    return sign < 0 ? det.negate() : det;
  }
}
