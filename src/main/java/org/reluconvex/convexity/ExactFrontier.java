package org.reluconvex.convexity;

import java.math.BigDecimal;
import org.reluconvex.network.ExactForward;
import org.reluconvex.network.Network;
import org.reluconvex.network.NeuronId;

/**
 * A face of a neuron's zero set decided exactly, ties included (docs/math.md section 10). Under a fixed
 * pattern every pre-activation is an affine form with exact dyadic coefficients
 * ({@link ExactForward#gatedForms}); neurons whose forms are exact multiples of the switching
 * neuron's (a zero multiple included) switch on the same face, and nothing else is "tied". The
 * kink across the face is D(x*, n) = f'(x*; n) + f'(x*; -n) at one rational point x* of its
 * relative interior, in exact arithmetic: x* is confirmed to lie there (every other neuron strictly
 * on a side, on the pattern's side where that matters), so the sign holds on the whole face.
 */
final class ExactFrontier {
  private ExactFrontier() {}

  /**
   * The sign (-1, 0, +1) of the kink across id's zero set where the line centre + s n meets it, or
   * null when that point is not confirmed to lie in the relative interior of the face: the forms
   * are those of the gate, 'tied' the neurons whose forms are exact multiples of id's, and
   * 'onSide' the neurons that must be strictly on the gate's side (the others strictly on either),
   * 'stable' (or null) the neurons proven to keep one sign on the whole domain (nothing required).
   */
  static Integer kinkSign(Network net, BigDecimal[][][] forms, NeuronId id, boolean[][] tied, boolean[][] gate, boolean[][] onSide,
      boolean[][] stable, double[] centre, double[] n) {
    int d = net.inputDim();
    BigDecimal[] f = forms[id.layer()][id.index()];
    // s* = -(a . centre + c) / (a . n): the rational point x* = (centre den + num n) / den
    BigDecimal at = f[d], slope = BigDecimal.ZERO;
    for (int i = 0; i < d; i++) {
      at = at.add(f[i].multiply(new BigDecimal(centre[i])));
      slope = slope.add(f[i].multiply(new BigDecimal(n[i])));
    }
    if (slope.signum() == 0) return null;
    BigDecimal num = at.negate(), den = slope;
    if (den.signum() < 0) {
      num = num.negate();
      den = den.negate();
    }
    BigDecimal[] xn = new BigDecimal[d], u = new BigDecimal[d], v = new BigDecimal[d];
    for (int i = 0; i < d; i++) {
      xn[i] = new BigDecimal(centre[i]).multiply(den).add(num.multiply(new BigDecimal(n[i])));
      u[i] = new BigDecimal(n[i]);
      v[i] = u[i].negate();
    }
    ExactForward ex = new ExactForward(net);
    BigDecimal[][] pre = ex.scaledPre(xn, den);
    for (int l = 1; l < net.outputLayer(); l++)
      for (int i = 0; i < net.width(l); i++) {
        int s = pre[l][i].signum();
        boolean self = l == id.layer() && i == id.index();
        if (!self && stable != null && stable[l][i]) continue; // one sign on the whole box: linear or zero around x*, no kink
        if (self || tied[l][i]) {
          if (s != 0) return null; // the pattern is not the one at x*: its forms do not hold there
          continue;
        }
        if (s == 0) return null; // another zero set passes through x*: not a relative-interior point
        if (onSide[l][i] && (s > 0) != gate[l][i]) return null;
      }
    return ex.directional(xn, den, u).add(ex.directional(xn, den, v)).signum();
  }
}
