package org.reluconvex.complex;

import org.reluconvex.network.ActivationPattern;
import org.reluconvex.network.Network;

/**
 * The affine maps of every pre-activation on one cell: with the activation pattern frozen,
 * pre_nu(x) = grad_nu . x + off_nu, computed layer by layer (post_mu = pre_mu on active neurons, 0 on
 * inactive ones, x on the input). The pattern is decided while the maps are built, layer by layer, by
 * a {@link Rule}, so that a neuron's bit can depend on its own map under the upstream bits.
 *
 * <p>Every hidden neuron gets a {@link Kind}. Cancellation is judged against magnitude bounds computed
 * alongside (the same sums with absolute values): the gradient is zero when every component is at most
 * {@link #CANCELLATION_TOLERANCE} times the gradient bound, and the offset likewise. Zero parts are
 * snapped to exact zeros. A ZERO neuron (pre identically 0 on the cell) is inactive by convention, a
 * CONSTANT one has the sign of its offset; only SWITCHING neurons constrain the cell.
 */
public final class CellMaps {
  /** Relative size below which a gradient or offset is a rounding residue of exact cancellation. */
  public static final double CANCELLATION_TOLERANCE = 1e-10;

  /** What a pre-activation does on the cell. */
  public enum Kind {
    /** Non-zero gradient: its zero set may cut the cell; it is a constraint of the cell. */
    SWITCHING,
    /** Zero gradient, non-zero offset: constant sign on the cell. */
    CONSTANT,
    /** Identically zero on the cell. */
    ZERO
  }

  /** Decides the bit of a SWITCHING neuron from its map (upstream bits already fixed). */
  @FunctionalInterface
  public interface Rule {
    boolean active(int layer, int index, double[] grad, int gradOffset, double off, double gradBound);
  }

  private final Network net;
  private final int d;
  private final double[][] grad; // grad[l]: width(l) x d row-major, l = 1..out
  private final double[][] off;
  private final double[][] gradBound;
  private final double[][] offBound;
  private final Kind[][] kind;
  private final boolean[][] active;
  /** Neurons whose ZERO or CONSTANT kind rests on the cancellation tolerance (a non-zero residue snapped). */
  private final boolean[][] snapped;

  private CellMaps(Network net, Rule rule) {
    this(net, rule, null, 1);
  }

  /** Layers below {@code fromLayer} are shared with {@code prefix} (maps are immutable once built). */
  private CellMaps(Network net, Rule rule, CellMaps prefix, int fromLayer) {
    this.net = net;
    this.d = net.inputDim();
    int out = net.outputLayer();
    grad = new double[out + 1][];
    off = new double[out + 1][];
    gradBound = new double[out + 1][];
    offBound = new double[out + 1][];
    kind = new Kind[out][];
    active = new boolean[out][];
    snapped = new boolean[out][];
    for (int l = 1; l <= out; l++) {
      if (l < fromLayer && l < out) {
        grad[l] = prefix.grad[l];
        off[l] = prefix.off[l];
        gradBound[l] = prefix.gradBound[l];
        offBound[l] = prefix.offBound[l];
        kind[l] = prefix.kind[l];
        active[l] = prefix.active[l];
        snapped[l] = prefix.snapped[l];
        continue;
      }
      int n = net.width(l);
      double[] g = new double[n * d], h = net.rawBias(l).clone(), gb = new double[n], hb = new double[n];
      for (int i = 0; i < n; i++) hb[i] = Math.abs(h[i]);
      for (int m = 0; m < l; m++) {
        double[] w = net.rawBlock(l, m);
        if (w == null) continue;
        int k = net.width(m);
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < k; j++) {
            double wij = w[i * k + j];
            if (wij == 0) continue;
            if (m == 0) {
              g[i * d + j] += wij;
              gb[i] += Math.abs(wij);
            } else if (active[m][j]) {
              for (int c = 0; c < d; c++) g[i * d + c] += wij * grad[m][j * d + c];
              h[i] += wij * off[m][j];
              gb[i] += Math.abs(wij) * gradBound[m][j];
              hb[i] += Math.abs(wij) * offBound[m][j];
            }
          }
        }
      }
      grad[l] = g;
      off[l] = h;
      gradBound[l] = gb;
      offBound[l] = hb;
      if (l == out) break;
      kind[l] = new Kind[n];
      active[l] = new boolean[n];
      snapped[l] = new boolean[n];
      for (int i = 0; i < n; i++) {
        boolean gradZero = true, residue = false;
        for (int c = 0; c < d; c++) {
          if (Math.abs(g[i * d + c]) > CANCELLATION_TOLERANCE * gb[i]) gradZero = false;
          residue |= g[i * d + c] != 0;
        }
        boolean offZero = Math.abs(h[i]) <= CANCELLATION_TOLERANCE * hb[i];
        snapped[l][i] = gradZero && (residue || (offZero && h[i] != 0));
        if (gradZero) for (int c = 0; c < d; c++) g[i * d + c] = 0;
        if (gradZero && offZero) {
          h[i] = 0;
          kind[l][i] = Kind.ZERO;
          active[l][i] = false;
        } else if (gradZero) {
          kind[l][i] = Kind.CONSTANT;
          active[l][i] = h[i] > 0;
        } else {
          kind[l][i] = Kind.SWITCHING;
          active[l][i] = rule.active(l, i, g, i * d, h[i], gb[i]);
        }
      }
    }
  }

  /** Maps under the bits chosen by the rule. */
  public static CellMaps build(Network net, Rule rule) {
    return new CellMaps(net, rule);
  }

  /**
   * Maps that agree with {@code prefix} below {@code fromLayer} (same bits there, by the caller's
   * knowledge) and follow the rule from there on.
   */
  public static CellMaps build(Network net, Rule rule, CellMaps prefix, int fromLayer) {
    return new CellMaps(net, rule, prefix, fromLayer);
  }

  /** The cell containing x: a switching neuron is active where its pre-activation at x is positive. */
  public static CellMaps at(Network net, double[] x) {
    return new CellMaps(net, (l, i, g, o, h, gb) -> {
      double s = h;
      for (int c = 0; c < x.length; c++) s += g[o + c] * x[c];
      return s > 0;
    });
  }

  /** The maps of a given pattern (its bits for ZERO and CONSTANT neurons are replaced by the convention). */
  public static CellMaps of(Network net, ActivationPattern a) {
    return new CellMaps(net, (l, i, g, o, h, gb) -> a.active(l, i));
  }

  public Network network() { return net; }

  /** The canonical pattern of the cell. */
  public ActivationPattern pattern() {
    boolean[][] copy = new boolean[active.length][];
    for (int l = 1; l < active.length; l++) copy[l] = active[l].clone();
    return new ActivationPattern(copy);
  }

  public boolean active(int l, int i) { return active[l][i]; }

  public Kind kind(int l, int i) { return kind[l][i]; }

  /**
   * Whether the neuron's kind (ZERO or CONSTANT) was decided by the cancellation tolerance, a
   * non-zero residue having been snapped to zero: exact arithmetic must confirm it before a proof
   * rests on it.
   */
  public boolean snapped(int l, int i) { return snapped[l][i]; }

  /** Bound on |offset| of the neuron's map: sum of the absolute contributions. */
  public double offsetBound(int l, int i) { return offBound[l][i]; }

  /** Gradient of neuron i of layer l on the cell (a copy, length d). */
  public double[] gradient(int l, int i) {
    double[] r = new double[d];
    System.arraycopy(grad[l], i * d, r, 0, d);
    return r;
  }

  /** grad_nu . v. */
  public double gradientDot(int l, int i, double[] v) {
    double s = 0;
    for (int c = 0; c < d; c++) s += grad[l][i * d + c] * v[c];
    return s;
  }

  public double offset(int l, int i) { return off[l][i]; }

  /** Bound on |grad| of the neuron's map: sum of the absolute contributions. */
  public double gradientBound(int l, int i) { return gradBound[l][i]; }

  /** pre_nu(x) on this cell's map. */
  public double value(int l, int i, double[] x) {
    return off[l][i] + gradientDot(l, i, x);
  }

  /** Gradient of f on the cell. */
  public double[] outputGradient() { return grad[net.outputLayer()].clone(); }

  /** Offset of f on the cell. */
  public double outputOffset() { return off[net.outputLayer()][0]; }

  /** Sum of the absolute contributions to the output gradient: the yardstick for a kink being zero. */
  public double outputGradientBound() { return gradBound[net.outputLayer()][0]; }
}
