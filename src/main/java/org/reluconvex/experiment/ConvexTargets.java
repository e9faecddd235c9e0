package org.reluconvex.experiment;

import java.util.SplittableRandom;
import org.reluconvex.network.Domain;
import org.reluconvex.convexity.ConvexityChecker;
import org.reluconvex.network.Forward;
import org.reluconvex.network.Network;
import org.reluconvex.network.NetworkBuilder;
import org.reluconvex.network.RandomNetworks;

/** Random convex targets that are not ICNNs (docs/math.md section 7). */
public final class ConvexTargets {
  private ConvexTargets() {}

  /**
   * A target, how many draws it took, and how much its negative hidden weights matter: the largest
   * |f - f_clipped| on a 101 x 101 grid of the box, as a share of the range of f there, where
   * f_clipped is f with its negative hidden-to-hidden weights set to 0 (the nearest ICNN weights).
   */
  public record Draw(Network network, int attempts, double clipEffect) {}

  /**
   * Draws ICNN-like networks (PyTorch draw with absolute values on the hidden-to-hidden and output
   * weights), flips one or two hidden-to-hidden entries negative, and returns the first draw that
   * the checker calls convex on the box. The result is convex on the box and not an ICNN.
   *
   * @throws IllegalStateException when maxAttempts draws give none
   */
  public static Draw convexNonIcnn(int inputDim, int[] widths, boolean skip, Domain box, ConvexityChecker checker, SplittableRandom rnd, int maxAttempts) {
    if (widths.length < 2) throw new IllegalArgumentException("a non-ICNN convex target needs at least two hidden layers");
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      Network icnn = RandomNetworks.draw(inputDim, widths, skip, true, rnd);
      Network candidate = flipHiddenEntries(icnn, 1 + rnd.nextInt(2), rnd);
      if (!candidate.isIcnn() && checker.check(candidate, box).isConvex())
        return new Draw(candidate, attempt, clipEffect(candidate, box));
    }
    throw new IllegalStateException("no convex non-ICNN network of widths " + java.util.Arrays.toString(widths)
        + " in " + maxAttempts + " draws");
  }

  /** max |f - f_clipped| / (max f - min f) on a 101 x 101 grid of a 2-D box (NaN in other dimensions). */
  static double clipEffect(Network f, Domain box) {
    if (box.dim() != 2) return Double.NaN;
    NetworkBuilder b = f.toBuilder();
    for (int l = 2; l <= f.outputLayer(); l++) {
      double[] w = b.block(l, l - 1);
      for (int i = 0; i < w.length; i++) if (w[i] < 0) w[i] = 0;
    }
    Forward fo = new Forward(f), fc = new Forward(b.build());
    double diff = 0, lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
    double[] x = new double[2];
    for (int i = 0; i <= 100; i++)
      for (int j = 0; j <= 100; j++) {
        x[0] = box.lo(0) + (box.hi(0) - box.lo(0)) * i / 100;
        x[1] = box.lo(1) + (box.hi(1) - box.lo(1)) * j / 100;
        double y = fo.output(x);
        diff = Math.max(diff, Math.abs(y - fc.output(x)));
        lo = Math.min(lo, y);
        hi = Math.max(hi, y);
      }
    return hi > lo ? diff / (hi - lo) : 0.0;
  }

  /** Makes `count` distinct random entries of the hidden-to-hidden blocks W_2..W_k negative. */
  static Network flipHiddenEntries(Network net, int count, SplittableRandom rnd) {
    int k = net.hiddenLayers();
    int total = 0;
    for (int l = 2; l <= k; l++) total += net.width(l) * net.width(l - 1);
    NetworkBuilder b = net.toBuilder();
    int[] chosen = new int[Math.min(count, total)];
    for (int c = 0; c < chosen.length; c++) {
      int e;
      boolean fresh;
      do {
        e = rnd.nextInt(total);
        fresh = true;
        for (int p = 0; p < c; p++) if (chosen[p] == e) fresh = false;
      } while (!fresh);
      chosen[c] = e;
      int l = 2, off = e;
      while (off >= net.width(l) * net.width(l - 1)) {
        off -= net.width(l) * net.width(l - 1);
        l++;
      }
      double[] w = b.block(l, l - 1);
      w[off] = -Math.abs(w[off]);
    }
    return b.build();
  }
}
