package org.reluconvex.milp;

import org.reluconvex.network.ActivationPattern;
import org.reluconvex.network.Network;
import org.reluconvex.pathlift.GainEvaluator;
import org.reluconvex.pathlift.Gains;
import org.reluconvex.precision.PrecisionPolicy;

/**
 * Interval enclosures of the gain flow of one hidden neuron nu (docs/math.md section 9): gamma_nu = 1,
 * s_mu = sum over edges kappa -&gt; mu of theta gamma_kappa, gamma_mu = delta_mu s_mu, and the gain
 * g = sum over edges kappa -&gt; out of theta gamma_kappa, with delta_mu ranging over what the
 * pre-activation bounds allow (fixed where the neuron is stable). Rounded outward, so
 * {@link #gainLo()} &ge; 0 proves g_nu &ge; 0 for every downstream pattern, and the bounds of s are
 * valid big-M constants for the exact product encoding.
 */
public final class GainFlow {
  /** nu's layer and index (the representative of a group of tied neurons). */
  final int layer, index;
  /** The group's neurons in nu's layer and their weights |s_mu| (pre_mu = s_mu pre_nu): nu alone with weight 1 for one neuron. */
  final int[] members;
  final double[] weights;
  /** Enclosures of s_mu and gamma_mu, [layer][neuron], for layers after nu's. */
  final double[][] sLo, sHi, gLo, gHi;
  private final double gainLo, gainHi, scale, magnitude;

  public GainFlow(Network net, PreBounds bounds, int layer, int index, PrecisionPolicy policy) {
    this(net, bounds, new TieGroups.Group(layer, new int[] {index}, new double[] {1}), policy);
  }

  /**
   * The flow of a group of tied neurons ({@link TieGroups}): seeded with |s_mu| at each member, so
   * that its gain is the group's sum of |s_mu| g_mu, whose sign is the sign of the kink across their
   * common zero set (docs/math.md section 10).
   */
  public GainFlow(Network net, PreBounds bounds, TieGroups.Group group, PrecisionPolicy policy) {
    this.layer = group.layer();
    this.index = group.members()[0];
    this.members = group.members();
    this.weights = group.weights();
    int out = net.outputLayer();
    sLo = new double[out + 1][];
    sHi = new double[out + 1][];
    gLo = new double[out][];
    gHi = new double[out][];
    gLo[layer] = new double[net.width(layer)];
    gHi[layer] = new double[net.width(layer)];
    for (int k = 0; k < members.length; k++) gLo[layer][members[k]] = gHi[layer][members[k]] = weights[k];
    for (int l = layer + 1; l <= out; l++) {
      int n = net.width(l);
      sLo[l] = new double[n];
      sHi[l] = new double[n];
      for (int i = 0; i < n; i++) {
        double lo = 0, hi = 0, mag = 0;
        int terms = 0;
        for (int m = layer; m < l; m++) {
          double[] w = net.rawBlock(l, m);
          if (w == null) continue;
          int k = net.width(m), off = i * k;
          for (int j = 0; j < k; j++) {
            double wij = w[off + j];
            if (wij == 0 || (gLo[m][j] == 0 && gHi[m][j] == 0)) continue;
            double a = wij * gLo[m][j], c = wij * gHi[m][j];
            lo += Math.min(a, c);
            hi += Math.max(a, c);
            mag += Math.max(Math.abs(a), Math.abs(c));
            terms++;
          }
        }
        double err = terms == 0 ? 0 : policy.gamma(terms) * mag + Double.MIN_NORMAL;
        sLo[l][i] = lo - err;
        sHi[l][i] = hi + err;
        if (terms == 0) sLo[l][i] = sHi[l][i] = 0;
      }
      if (l == out) break;
      gLo[l] = new double[n];
      gHi[l] = new double[n];
      for (int i = 0; i < n; i++) {
        if (bounds.dead(l, i)) continue;
        if (bounds.active(l, i)) {
          gLo[l][i] = sLo[l][i];
          gHi[l][i] = sHi[l][i];
        } else {
          gLo[l][i] = Math.min(0, sLo[l][i]);
          gHi[l][i] = Math.max(0, sHi[l][i]);
        }
      }
    }
    gainLo = sLo[out][0];
    gainHi = sHi[out][0];
    scale = Math.max(Math.abs(gainLo), Math.abs(gainHi));
    // the same flow with |theta| and no cancellation: how large the terms are that make up the gain
    double[][] abs = new double[out + 1][];
    abs[layer] = new double[net.width(layer)];
    for (int k = 0; k < members.length; k++) abs[layer][members[k]] = Math.abs(weights[k]);
    for (int l = layer + 1; l <= out; l++) {
      abs[l] = new double[net.width(l)];
      for (int i = 0; i < net.width(l); i++) {
        if (l < out && bounds.dead(l, i)) continue;
        double sum = 0;
        for (int m = layer; m < l; m++) {
          double[] w = net.rawBlock(l, m);
          if (w == null || abs[m] == null) continue;
          int k = net.width(m), off = i * k;
          for (int j = 0; j < k; j++) sum += Math.abs(w[off + j]) * abs[m][j];
        }
        abs[l][i] = sum * (1 + 0x1p-40); // the rounding of these sums, generously
      }
    }
    magnitude = Math.max(scale, abs[out][0]);
  }

  /**
   * An upper bound on the gain's terms before they cancel (the flow of |theta|): the unit of a
   * solver's margin. A gain that cancels to far below it is beyond what a floating-point solver's
   * bound can certify, whatever the program's own scale.
   */
  public double magnitude() { return magnitude; }

  /** A lower bound on g_nu over every pattern the bounds allow. */
  public double gainLo() { return gainLo; }

  /** An upper bound on g_nu over every pattern the bounds allow. */
  public double gainHi() { return gainHi; }

  /** The magnitude of the gain (max |g| the bounds allow): the unit of the solver's margin. */
  public double scale() { return scale; }

  /** Largest number of switching downstream neurons whose patterns {@link #negativeGap} enumerates. */
  public static final int MAX_ENUMERATED = 16;

  /**
   * The smallest |g_nu(a)| over the downstream patterns a with g_nu(a) &lt; 0, by enumerating every
   * pattern of the switching neurons nu's flow reaches (realised or not): +infinity when no pattern
   * has a negative gain (a gain within its rounding-error bound of zero is decided exactly), NaN when there
   * are more than {@link #MAX_ENUMERATED} such neurons. Gains of constructed networks cancel to
   * exactly zero on some patterns; this gap is what lets a solver's bound near zero still decide.
   */
  public double negativeGap(Network net, PreBounds bounds, PrecisionPolicy policy) {
    int out = net.outputLayer();
    java.util.List<int[]> free = new java.util.ArrayList<>();
    for (int l = layer + 1; l < out; l++)
      for (int i = 0; i < net.width(l); i++)
        if (reaches(l, i) && !bounds.stable(l, i)) free.add(new int[] {l, i});
    if (free.size() > MAX_ENUMERATED) return Double.NaN;
    GainEvaluator gains = new GainEvaluator(net), magnitudes = GainEvaluator.ofMagnitudes(net);
    int roundings = gains.roundings(layer);
    double underflow = roundings * Double.MIN_NORMAL; // gradual underflow is outside gamma's model
    boolean[][] on = new boolean[out][];
    for (int l = 1; l < out; l++) {
      on[l] = new boolean[net.width(l)];
      for (int i = 0; i < on[l].length; i++) on[l][i] = l > layer && bounds.active(l, i);
    }
    double gap = Double.POSITIVE_INFINITY;
    for (long mask = 0; mask < (1L << free.size()); mask++) {
      for (int b = 0; b < free.size(); b++) on[free.get(b)[0]][free.get(b)[1]] = ((mask >> b) & 1) != 0;
      double g = 0, mag = 0;
      for (int k = 0; k < members.length; k++) { // one rounding per product and per sum more than one gain's
        g += weights[k] * gains.gain(layer, members[k], on);
        mag += weights[k] * magnitudes.gain(layer, members[k], on);
      }
      double err = policy.gamma(roundings + 2 * members.length) * mag + underflow * members.length;
      if (g < -err) gap = Math.min(gap, -g - err);
      else if (!(g > err)) {
        // within its error bound of zero (cancelling weights of constructed networks): exactly
        java.math.BigDecimal[][] all = Gains.exactAll(net, new ActivationPattern(on));
        java.math.BigDecimal exact = java.math.BigDecimal.ZERO;
        for (int k = 0; k < members.length; k++) exact = exact.add(new java.math.BigDecimal(weights[k]).multiply(all[layer][members[k]]));
        if (exact.signum() < 0) gap = Math.min(gap, Math.abs(exact.doubleValue()) * (1 - 1e-15));
      }
    }
    return gap;
  }

  /** Whether gamma_mu may be non-zero (mu lies on a path from nu with non-zero weights). */
  boolean reaches(int l, int i) { return l > layer && (gLo[l][i] != 0 || gHi[l][i] != 0); }
}
