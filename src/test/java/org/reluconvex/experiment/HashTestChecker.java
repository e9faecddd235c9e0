package org.reluconvex.experiment;

import org.reluconvex.network.Domain;
import org.reluconvex.convexity.ConvexityChecker;
import org.reluconvex.convexity.Verdict;
import org.reluconvex.convexity.Witness;
import org.reluconvex.network.Network;
import org.reluconvex.precision.PrecisionPolicy;

/**
 * Test-only fake: a verdict that is a deterministic function of the network's weights (hash mod 3),
 * with a vertex count derived from it too, so that any mix-up of draws between threads or
 * architectures changes the tallies.
 */
public final class HashTestChecker implements ConvexityChecker {
  @Override
  public String name() { return "hash-test"; }

  @Override
  public Verdict check(Network net, Domain domain) {
    int h = Math.floorMod(net.hashCode(), 3);
    long v = Math.floorMod(net.hashCode(), 101);
    double[] a = new double[net.inputDim()], b = new double[net.inputDim()];
    return switch (h) {
      case 0 -> Verdict.convex(name(), domain, PrecisionPolicy.DEFAULT).withCounts(v, 2 * v, Verdict.NO_COUNT).withMinGain(0);
      case 1 -> Verdict.notConvex(new Witness(a, b, 1), name(), domain, PrecisionPolicy.DEFAULT).withCounts(v, 2 * v, Verdict.NO_COUNT)
          .withMinGain(-1);
      default -> Verdict.unknown("fake", name(), domain, PrecisionPolicy.DEFAULT).withCounts(v, 2 * v, Verdict.NO_COUNT);
    };
  }
}
