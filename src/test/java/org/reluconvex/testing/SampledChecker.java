package org.reluconvex.testing;

import java.util.List;
import java.util.SplittableRandom;
import org.reluconvex.complex.Domain;
import org.reluconvex.convexity.ConvexityChecker;
import org.reluconvex.convexity.Verdict;
import org.reluconvex.convexity.VerdictKind;
import org.reluconvex.convexity.Witness;
import org.reluconvex.network.Network;
import org.reluconvex.pathlift.GainConstraint;
import org.reluconvex.pathlift.Gains;

/**
 * Test stand-in for the exact skeleton checker (on main): not_convex when random midpoint tests find
 * a verified witness, convex when every gain on the sampled zero-set constraints is &ge; 0, unknown
 * otherwise. Approximate; tests only.
 */
public final class SampledChecker implements ConvexityChecker {
  private final SampledZeroSets constraints;
  private final int midpointTests;

  public SampledChecker(int grid, int midpointTests) {
    this.constraints = new SampledZeroSets(grid);
    this.midpointTests = midpointTests;
  }

  @Override
  public String name() { return "sampled-test-stand-in"; }

  @Override
  public Verdict check(Network net, Domain box) {
    SplittableRandom rnd = new SplittableRandom(net.hashCode());
    int d = net.inputDim();
    for (int t = 0; t < midpointTests; t++) {
      double[] a = new double[d], b = new double[d];
      for (int i = 0; i < d; i++) {
        a[i] = box.lo(i) + (box.hi(i) - box.lo(i)) * rnd.nextDouble();
        b[i] = box.lo(i) + (box.hi(i) - box.lo(i)) * rnd.nextDouble();
      }
      Witness w = Witness.verified(net, a, b);
      if (w != null) return new Verdict(VerdictKind.NOT_CONVEX, name(), box, -1, -1, -1, Double.NaN, w, null, null);
    }
    List<GainConstraint> cs = constraints.collect(net, box);
    double min = Double.POSITIVE_INFINITY;
    for (GainConstraint c : cs) min = Math.min(min, Gains.gain(net, c.neuron().layer(), c.neuron().index(), c.pattern()));
    VerdictKind kind = min >= 0 ? VerdictKind.CONVEX : VerdictKind.UNKNOWN;
    return new Verdict(kind, name(), box, -1, -1, -1, cs.isEmpty() ? Double.NaN : min, null,
        kind == VerdictKind.UNKNOWN ? "negative sampled gain without a midpoint witness" : null, null);
  }
}
