package org.reluconvex.convexity;

import java.util.Locale;
import org.reluconvex.complex.MemoryLimit;
import org.reluconvex.complex.PiecePlan;
import org.reluconvex.milp.IntervalBounds;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;
import org.reluconvex.precision.PrecisionPolicy;

/**
 * What {@code auto} expects the complex of a network in a box to cost, from what actually switches
 * there, and so which method it tries first: the complex (skeleton) when it is expected small, the
 * integer programs otherwise. Neurons that rigorous interval bounds prove stable in the box add no
 * region; in d = 3 a complex that the bound on the rest does not rule small is sized by sampling a
 * few cells of a grid ({@link PiecePlan#sampledVertices}). An estimate only orders the methods: each
 * one's {@code unknown} still hands over to the next.
 *
 * @param switching hidden neurons whose pre-activation may change sign in the box
 * @param regions the bound on the regions of 'switching' hyperplanes in general position in R^d
 * @param sampledVertices the sampled estimate of the complex's vertices, -1 when not sampled
 * @param complexFirst whether the complex is tried before the programs
 */
record AutoPlan(int switching, double regions, long sampledVertices, boolean complexFirst) {
  /** At most this bound on the regions in d &le; 3: the complex first without sampling. */
  static final double SMALL_REGIONS_LOW_D = 2e5;
  /** At most this bound in d &ge; 4: the complex first (its corners alone are 2^d, and edges grow like n^d). */
  static final double SMALL_REGIONS_HIGH_D = 5e3;
  /** At most this many sampled vertices in d = 3: the complex first (seconds to build and scan). */
  static final long SMALL_VERTICES = 1_000_000;

  /** The plan for net on a box (dimension at most {@link Checks#MAX_SKELETON_DIM}). */
  static AutoPlan of(Network net, Domain box, PrecisionPolicy policy) {
    int d = net.inputDim();
    int switching = IntervalBounds.of(net, box, policy).unstableCount();
    double regions = Checks.regionBound(switching, d);
    if (d <= 2) return new AutoPlan(switching, regions, -1, true);
    if (regions <= (d == 3 ? SMALL_REGIONS_LOW_D : SMALL_REGIONS_HIGH_D)) return new AutoPlan(switching, regions, -1, true);
    if (d > 3) return new AutoPlan(switching, regions, -1, false);
    long v;
    try {
      v = PiecePlan.sampledVertices(net, box, MemoryLimit.bytes());
    } catch (RuntimeException e) { // a sample cell too large to build: the complex is not small
      return new AutoPlan(switching, regions, Long.MAX_VALUE, false);
    }
    return new AutoPlan(switching, regions, v, v <= SMALL_VERTICES);
  }

  /** Why auto tried what it tried first, for people. */
  String describe(int d) {
    String size = sampledVertices < 0 ? String.format(Locale.ROOT, "%d of the hidden neurons may switch in the box, up to %.3g regions", switching, regions)
        : sampledVertices == Long.MAX_VALUE ? String.format(Locale.ROOT, "%d hidden neurons may switch in the box and a sampled cell's complex alone was too large", switching)
        : String.format(Locale.ROOT, "%d hidden neurons may switch in the box; about %,d vertices by sampling", switching, sampledVertices);
    return "auto chose " + (complexFirst ? "the complex" : "milp") + ": dimension " + d + ", " + size;
  }
}
