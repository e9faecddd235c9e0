package org.reluconvex.experiment;

import org.reluconvex.network.Domain;
import org.reluconvex.convexity.ConvexityChecker;
import org.reluconvex.convexity.Verdict;
import org.reluconvex.convexity.Witness;
import org.reluconvex.network.Network;
import org.reluconvex.precision.PrecisionPolicy;

/**
 * Test-only exact checker for one hidden layer on a box (docs/math.md section 5), for random draws
 * (no two neurons share a hyperplane): f is convex iff every neuron whose hyperplane meets the open
 * box has a non-negative output weight. Counts a check in {@link #calls}.
 */
public final class OneLayerTestChecker implements ConvexityChecker {
  public static final java.util.concurrent.atomic.AtomicLong calls = new java.util.concurrent.atomic.AtomicLong();

  @Override
  public String name() { return "onelayer-test"; }

  @Override
  public Verdict check(Network net, Domain box) {
    calls.incrementAndGet();
    if (net.hiddenLayers() != 1) throw new IllegalArgumentException("one hidden layer only");
    int d = net.inputDim(), n = net.width(1);
    for (int j = 0; j < n; j++) {
      double a = net.weight(2, 1, 0, j);
      if (a >= 0) continue;
      double b = net.bias(1, j);
      double[] lo = new double[d], hi = new double[d];
      double min = b, max = b;
      for (int i = 0; i < d; i++) {
        double w = net.weight(1, 0, j, i);
        lo[i] = w > 0 ? box.lo(i) : box.hi(i);
        hi[i] = w > 0 ? box.hi(i) : box.lo(i);
        min += w * lo[i];
        max += w * hi[i];
      }
      if (!(min < 0 && max > 0)) continue;
      double t = -min / (max - min);
      double[] x0 = new double[d], p = new double[d], q = new double[d];
      double eps = 1e-6 * box.scale();
      for (int i = 0; i < d; i++) {
        x0[i] = lo[i] + t * (hi[i] - lo[i]);
        double w = net.weight(1, 0, j, i);
        p[i] = x0[i] - eps * w;
        q[i] = x0[i] + eps * w;
      }
      Witness wit = Witness.verified(net, p, q);
      Verdict v = wit != null ? Verdict.notConvex(wit, name(), box, PrecisionPolicy.DEFAULT)
          : Verdict.unknown("witness not confirmed", name(), box, PrecisionPolicy.DEFAULT);
      return v.withCounts(n + 4, Verdict.NO_COUNT, Verdict.NO_COUNT).withMinGain(a);
    }
    return Verdict.convex(name(), box, PrecisionPolicy.DEFAULT).withCounts(n + 4, Verdict.NO_COUNT, Verdict.NO_COUNT);
  }
}
