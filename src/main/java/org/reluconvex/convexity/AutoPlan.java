package org.reluconvex.convexity;

import java.util.Locale;
import org.reluconvex.complex.PiecePlan;
import org.reluconvex.milp.IntervalBounds;
import org.reluconvex.milp.PreBounds;
import org.reluconvex.milp.TieGroups;
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
 * @param tied whether some of them are exact multiples of each other (d &ge; 4 only: false below)
 * @param complexFirst whether the complex is tried before the programs
 */
record AutoPlan(int switching, double regions, long sampledVertices, boolean tied, boolean complexFirst) {
  /** At most this bound on the regions in d &le; 3: the complex first without sampling. */
  static final double SMALL_REGIONS_LOW_D = 2e5;
  /**
   * At most this bound in d &ge; 4, and no neurons that switch together: the complex first (its
   * corners alone are 2^d, and edges grow like n^d).
   */
  static final double SMALL_REGIONS_HIGH_D = 5e3;
  /** At most this many sampled vertices in d = 3: the complex first (seconds to build and scan). */
  static final long SMALL_VERTICES = 1_000_000;

  /** The plan for net on a box (dimension at most {@link Checks#MAX_SKELETON_DIM}). */
  static AutoPlan of(Network net, Domain box, PrecisionPolicy policy, long memoryLimit) {
    int d = net.inputDim();
    PreBounds bounds = IntervalBounds.of(net, box, policy);
    int switching = bounds.unstableCount();
    double regions = Checks.regionBound(switching, d);
    if (d <= 2) return new AutoPlan(switching, regions, -1, false, true);
    if (d == 3 && regions <= SMALL_REGIONS_LOW_D) return new AutoPlan(switching, regions, -1, false, true);
    // from d = 4 on, neurons that switch together (exact multiples) make the edge subdivision meet
    // coincident zero sets it resolves slowly or not at all, where the programs take them as one
    if (d > 3) {
      boolean tied = regions <= SMALL_REGIONS_HIGH_D && anyTied(net, bounds);
      return new AutoPlan(switching, regions, -1, tied, regions <= SMALL_REGIONS_HIGH_D && !tied);
    }
    long v;
    try {
      v = PiecePlan.sampledVertices(net, box, memoryLimit);
    } catch (RuntimeException e) { // a sample cell too large to build: the complex is not small
      return new AutoPlan(switching, regions, Long.MAX_VALUE, false, false);
    }
    return new AutoPlan(switching, regions, v, false, v <= SMALL_VERTICES);
  }

  private static boolean anyTied(Network net, PreBounds bounds) {
    return TieGroups.ofSwitching(net, bounds).stream().anyMatch(TieGroups.Group::tied);
  }

  /** Why auto tried what it tried first, for people. */
  String describe(int d) {
    String size = sampledVertices < 0 ? String.format(Locale.ROOT, "%d of the hidden neurons may switch in the box, up to %.3g regions", switching, regions)
        : sampledVertices == Long.MAX_VALUE ? String.format(Locale.ROOT, "%d hidden neurons may switch in the box and a sampled cell's complex alone was too large", switching)
        : String.format(Locale.ROOT, "%d hidden neurons may switch in the box; about %,d vertices by sampling", switching, sampledVertices);
    return "auto chose " + (complexFirst ? "the complex" : "milp") + ": dimension " + d + ", " + size
        + (tied ? ", some of them exact multiples of each other (they switch together)" : "");
  }
}
