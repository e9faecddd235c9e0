package org.reluconvex.experiment;

import java.util.SplittableRandom;
import org.reluconvex.complex.Domain;
import org.reluconvex.convexity.ConvexityChecker;
import org.reluconvex.network.Network;
import org.reluconvex.network.NetworkBuilder;
import org.reluconvex.network.RandomNetworks;

/** Random convex targets that are not ICNNs (MATH.md section 7). */
public final class ConvexTargets {
  private ConvexTargets() {}

  /** A target and how many draws it took. */
  public record Draw(Network network, int attempts) {}

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
      if (!candidate.isIcnn() && checker.check(candidate, box).isConvex()) return new Draw(candidate, attempt);
    }
    throw new IllegalStateException("no convex non-ICNN network of widths " + java.util.Arrays.toString(widths)
        + " in " + maxAttempts + " draws");
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
