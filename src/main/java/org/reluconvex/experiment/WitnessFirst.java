package org.reluconvex.experiment;

import java.util.SplittableRandom;
import org.reluconvex.complex.Domain;
import org.reluconvex.convexity.ConvexityChecker;
import org.reluconvex.convexity.Verdict;
import org.reluconvex.convexity.VerdictKind;
import org.reluconvex.convexity.Witness;
import org.reluconvex.network.Forward;
import org.reluconvex.network.Network;

/**
 * An exact checker behind a cheap search for a non-convexity witness. Most random draws are not
 * convex, and a midpoint test that fails proves it (the witness is verified by forward passes,
 * {@link Witness#verified}); only the draws where the search finds nothing go to the exact checker,
 * whose answer is then returned unchanged. The verdicts are therefore the same as the exact
 * checker's, except that a draw it would leave unknown may be proved not convex. Draws decided by
 * the search report no vertex or edge count (-1).
 *
 * <p>The search tries {@code tries} triples x - h u, x, x + h u in the box, with u a random unit
 * direction and the centre and spread drawn on scales from 1/100 of the box to the whole box
 * (log-uniform), because PyTorch-initialised layers put their zero sets within O(1) of the origin
 * while the box may be much larger. The generator is seeded from the network's weights, so the
 * verdict of a network does not depend on the thread or on the order of the draws.
 */
public final class WitnessFirst implements ConvexityChecker {
  private final ConvexityChecker exact;
  private final int tries;

  public WitnessFirst(ConvexityChecker exact, int tries) {
    if (tries < 1) throw new IllegalArgumentException("the witness search needs at least one try");
    this.exact = exact;
    this.tries = tries;
  }

  @Override
  public String name() { return exact.name() + "+witness-search"; }

  @Override
  public Verdict check(Network net, Domain domain) {
    if (domain.isBox()) {
      Witness w = search(net, domain);
      if (w != null) return new Verdict(VerdictKind.NOT_CONVEX, name(), domain, -1, -1, -1, Double.NaN, w, null, null);
    }
    return exact.check(net, domain);
  }

  Witness search(Network net, Domain box) {
    int d = net.inputDim();
    SplittableRandom rnd = new SplittableRandom(DrawSeeds.mix64(net.hashCode() * 0x9E3779B97F4A7C15L + 0x5eedL));
    Forward fw = new Forward(net);
    double[] centre = new double[d], u = new double[d], a = new double[d], b = new double[d];
    double[] mid = new double[d], half = new double[d];
    for (int i = 0; i < d; i++) {
      mid[i] = 0.5 * (box.lo(i) + box.hi(i));
      half[i] = 0.5 * (box.hi(i) - box.lo(i));
    }
    for (int t = 0; t < tries; t++) {
      double scale = Math.pow(10, -2 * rnd.nextDouble()); // 1/100 .. 1 of the box
      double norm = 0;
      for (int i = 0; i < d; i++) {
        // centres near the origin when it is in the box, else near the box centre
        double c0 = box.lo(i) < 0 && box.hi(i) > 0 ? 0 : mid[i];
        centre[i] = Math.max(box.lo(i), Math.min(box.hi(i), c0 + scale * half[i] * (2 * rnd.nextDouble() - 1)));
        u[i] = gaussian(rnd);
        norm += u[i] * u[i];
      }
      norm = Math.sqrt(norm);
      double h = scale * Math.pow(10, -2 * rnd.nextDouble()) * minHalf(half);
      boolean inside = true;
      for (int i = 0; i < d; i++) {
        a[i] = centre[i] - h * u[i] / norm;
        b[i] = centre[i] + h * u[i] / norm;
        if (a[i] < box.lo(i) || a[i] > box.hi(i) || b[i] < box.lo(i) || b[i] > box.hi(i)) inside = false;
      }
      if (!inside) continue;
      double fc = fw.output(centre), fa = fw.output(a), fb = fw.output(b);
      if (fc - 0.5 * (fa + fb) > 0) {
        Witness w = Witness.verified(net, a, b);
        if (w != null) return w;
      }
    }
    return null;
  }

  private static double minHalf(double[] half) {
    double m = Double.POSITIVE_INFINITY;
    for (double v : half) m = Math.min(m, v);
    return m;
  }

  private static double gaussian(SplittableRandom rnd) {
    // Box-Muller; one of the pair is enough here
    double r = Math.sqrt(-2 * Math.log(1 - rnd.nextDouble()));
    return r * Math.cos(2 * Math.PI * rnd.nextDouble());
  }
}
