package org.reluconvex.convexity;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.reluconvex.network.Network;

/**
 * A one-hidden-layer network f(x) = sum_j a_j relu(w_j . x + b_j) + v . x + c seen as a sum over
 * hyperplanes (docs/math.md section 5): f = sum_H c_H relu(n_H . x + o_H) + affine.
 *
 * <p>Exact: every weight and bias is a double, hence an exact rational. Neurons with w_j = 0 (exactly)
 * are dead: constants a_j relu(b_j). The others are grouped by exact proportionality of (w_j, b_j)
 * ({@link HyperplaneGrouping}). Writing member j as lambda_j (w_r, b_r) for the representative r, the kink
 * is c_H = ||w_r|| sum_j a_j |lambda_j|; with p the pivot (first non-zero coordinate of w_r),
 * |lambda_j| = |w_j[p]| / |w_r[p]|, so c_H has the sign of S_H = sum_j a_j |w_j[p]|, a sum of products of
 * doubles computed exactly in BigDecimal. Works for any input dimension in O(n d) expected time.
 */
public final class OneLayer {
  private final Network net;
  private final int n;
  private final int d;
  private final double[] a; // output weights
  private final double[] norms; // ||w_j||, rounded (infinite when it overflows)
  private final int[] groupOf; // index into hyperplanes, -1 for dead neurons
  private final int[] orientation; // +1/-1 relative to the hyperplane normal, 0 for dead neurons
  private final List<Hyperplane> hyperplanes;

  private OneLayer(Network net) {
    this.net = net;
    this.d = net.inputDim();
    this.n = net.width(1);
    double[] w = net.rawBlock(1, 0);
    double[] b = net.rawBias(1);
    double[] out = net.rawBlock(2, 1);
    a = out == null ? new double[n] : out.clone();
    norms = new double[n];
    for (int j = 0; j < n; j++) norms[j] = maxAbs(w, j) * scaledNorm(w, j);
    int[] label = HyperplaneGrouping.group(w, b, n, d);
    // collect members per representative, in index order
    int[] slot = new int[n];
    java.util.Arrays.fill(slot, -1);
    List<List<Integer>> groups = new ArrayList<>();
    for (int j = 0; j < n; j++) {
      if (label[j] < 0) continue;
      int root = label[j];
      if (slot[root] < 0) {
        slot[root] = groups.size();
        groups.add(new ArrayList<>());
      }
      groups.get(slot[root]).add(j);
    }
    groupOf = new int[n];
    java.util.Arrays.fill(groupOf, -1);
    orientation = new int[n];
    List<Hyperplane> hs = new ArrayList<>(groups.size());
    for (List<Integer> g : groups) {
      int rep = g.get(0);
      int p = HyperplaneGrouping.pivot(w, rep, d);
      double pr = w[rep * d + p];
      // unit normal without overflow or underflow: w_r / max|w_r| first
      double m = maxAbs(w, rep), s = scaledNorm(w, rep);
      double[] normal = new double[d];
      for (int i = 0; i < d; i++) normal[i] = w[rep * d + i] / m / s;
      double offset = b[rep] / m / s;
      int[] members = new int[g.size()];
      int[] orient = new int[g.size()];
      BigDecimal sum = BigDecimal.ZERO, size = BigDecimal.ZERO; // S_H and sum_j |a_j w_j[p]|
      for (int k = 0; k < members.length; k++) {
        int j = g.get(k);
        members[k] = j;
        double pj = w[j * d + p];
        orient[k] = (pj > 0) == (pr > 0) ? 1 : -1; // the sign of lambda_j
        orientation[j] = orient[k];
        BigDecimal term = exact(a[j]).multiply(exact(Math.abs(pj)));
        sum = sum.add(term);
        size = size.add(term.abs());
        groupOf[j] = hs.size();
      }
      BigDecimal pivot = exact(Math.abs(pr));
      // c_H = S_H ||w_r|| / |w_r[p]| with ||w_r|| = m s; rounded only for reporting
      double kink = sum.multiply(exact(m)).multiply(exact(s)).divide(pivot, MathContext.DECIMAL64).doubleValue();
      double relative = size.signum() == 0 ? 0 : sum.divide(size, MathContext.DECIMAL64).doubleValue();
      double weight = sum.divide(pivot, MathContext.DECIMAL64).doubleValue();
      double[] raw = new double[d];
      System.arraycopy(w, rep * d, raw, 0, d);
      hs.add(new Hyperplane(raw, b[rep], normal, offset, members, orient, sum.signum(), kink, relative, weight));
    }
    hyperplanes = Collections.unmodifiableList(hs);
  }

  private static BigDecimal exact(double v) { return new BigDecimal(v); }

  private double maxAbs(double[] w, int j) {
    double m = 0;
    for (int i = 0; i < d; i++) m = Math.max(m, Math.abs(w[j * d + i]));
    return m;
  }

  /** ||w_j|| / max|w_j| (in [1, sqrt d]; 0 for w_j = 0), free of overflow and underflow. */
  private double scaledNorm(double[] w, int j) {
    double m = maxAbs(w, j);
    if (m == 0) return 0;
    double s = 0;
    for (int i = 0; i < d; i++) {
      double t = w[j * d + i] / m;
      s += t * t;
    }
    return Math.sqrt(s);
  }

  /** Whether the closed form applies: exactly one hidden layer. */
  public static boolean applies(Network net) {
    return net.hiddenLayers() == 1;
  }

  /** Decomposes a network with one hidden layer (input-to-output skip allowed). */
  public static OneLayer of(Network net) {
    if (!applies(net))
      throw new IllegalArgumentException("the one-hidden-layer closed form needs exactly one hidden layer; this network has "
          + net.hiddenLayers());
    return new OneLayer(net);
  }

  public Network network() { return net; }

  /** Hidden width n. */
  public int width() { return n; }

  public int inputDim() { return d; }

  /** Output weight a_j, which is also the gain of neuron j. */
  public double outputWeight(int j) { return a[j]; }

  /** ||w_j||. */
  public double norm(int j) { return norms[j]; }

  /** Whether neuron j has w_j = 0 (a constant). */
  public boolean isDead(int j) { return groupOf[j] < 0; }

  /** The hyperplane of neuron j, or null for a dead neuron. */
  public Hyperplane hyperplaneOf(int j) {
    return groupOf[j] < 0 ? null : hyperplanes.get(groupOf[j]);
  }

  /** Orientation (+1/-1) of neuron j relative to its hyperplane's normal; 0 for a dead neuron. */
  public int orientation(int j) { return orientation[j]; }

  /**
   * A witness of non-convexity across h inside the domain (h must have a negative kink and meet the
   * domain), confirmed by forward evaluation; null if none could be confirmed.
   */
  public Witness witnessAcross(Hyperplane h, org.reluconvex.network.Domain domain, org.reluconvex.precision.PrecisionPolicy policy) {
    return HyperplaneWitness.across(this, h, domain, policy);
  }

  /** The distinct hyperplanes, ordered by their representatives. */
  public List<Hyperplane> hyperplanes() { return hyperplanes; }
}
