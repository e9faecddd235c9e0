package org.reluconvex.icnn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.reluconvex.network.Network;

/**
 * A one-hidden-layer network f(x) = sum_j a_j relu(w_j . x + b_j) + v . x + c seen as a sum over
 * hyperplanes (MATH.md section 5): f = sum_H c_H relu(n_H . x + o_H) + affine.
 *
 * <p>Neurons with w_j = 0 (exactly) are dead: constants a_j relu(b_j). The others are grouped by
 * hyperplane with {@link #GROUPING_TOLERANCE} (see {@link HyperplaneGrouping}). Works for any input
 * dimension in O(n d + n log n).
 */
public final class OneLayer {
  /**
   * Two neurons share a hyperplane when their unit normals agree to 1e-9 in every coordinate (up to
   * sign) and so do their compressed normalised offsets (absolute near the origin, relative beyond
   * distance 1). Chosen to absorb double rounding of weights that were computed as multiples of one
   * another, while keeping genuinely distinct hyperplanes of trained or random networks apart.
   */
  public static final double GROUPING_TOLERANCE = 1e-9;

  private final Network net;
  private final int n;
  private final int d;
  private final double[] a; // output weights
  private final double[] norms; // ||w_j||
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
    double[][] keys = new double[n][];
    for (int j = 0; j < n; j++) {
      double s = 0;
      for (int i = 0; i < d; i++) s += w[j * d + i] * w[j * d + i];
      norms[j] = Math.sqrt(s);
      if (norms[j] == 0) continue; // dead: constant relu(b_j)
      double[] k = new double[d + 1];
      for (int i = 0; i < d; i++) k[i] = w[j * d + i] / norms[j];
      k[d] = HyperplaneGrouping.compress(b[j] / norms[j]);
      keys[j] = k;
    }
    int[] label = HyperplaneGrouping.group(keys, GROUPING_TOLERANCE);
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
      double[] normal = new double[d];
      for (int i = 0; i < d; i++) normal[i] = w[rep * d + i] / norms[rep];
      double offset = b[rep] / norms[rep];
      int[] members = new int[g.size()];
      int[] orient = new int[g.size()];
      double kink = 0, scale = 0;
      for (int m = 0; m < members.length; m++) {
        int j = g.get(m);
        members[m] = j;
        double dot = 0;
        for (int i = 0; i < d; i++) dot += normal[i] * w[j * d + i];
        orient[m] = dot >= 0 ? 1 : -1;
        orientation[j] = orient[m];
        double term = a[j] * norms[j];
        kink += term;
        scale += Math.abs(term);
        groupOf[j] = hs.size();
      }
      double[] raw = new double[d];
      System.arraycopy(w, rep * d, raw, 0, d);
      hs.add(new Hyperplane(raw, b[rep], normal, offset, members, orient, kink, scale));
    }
    hyperplanes = Collections.unmodifiableList(hs);
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
  public org.reluconvex.convexity.Witness witnessAcross(Hyperplane h, org.reluconvex.complex.Domain domain) {
    return HyperplaneWitness.across(this, h, domain);
  }

  /** The distinct hyperplanes, ordered by their representatives. */
  public List<Hyperplane> hyperplanes() { return hyperplanes; }
}
