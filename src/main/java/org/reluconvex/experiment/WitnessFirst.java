package org.reluconvex.experiment;

import org.reluconvex.network.Domain;
import org.reluconvex.convexity.ConvexityChecker;
import org.reluconvex.convexity.Verdict;
import org.reluconvex.convexity.Witness;
import org.reluconvex.convexity.WitnessSearch;
import org.reluconvex.network.Network;
import org.reluconvex.precision.PrecisionPolicy;

/**
 * An exact checker behind a cheap search for a non-convexity witness. Most random draws are not
 * convex, and a midpoint test that fails proves it (the witness is verified by forward passes,
 * {@link Witness#verified}); only the draws where the search finds nothing go to the exact checker,
 * whose answer is then returned unchanged. The verdicts are therefore the same as the exact
 * checker's, except that a draw it would leave unknown may be proved not convex. Draws decided by
 * the search report no vertex or edge count (-1).
 *
 * <p>The search is {@code check}'s early search ({@link WitnessSearch#early}) with {@code tries}
 * trials. Its generator is seeded from the network's weights, so the verdict of a network does not
 * depend on the thread or on the order of the draws.
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
      if (w != null) return Verdict.notConvex(w, name(), domain, PrecisionPolicy.DEFAULT);
    }
    return exact.check(net, domain);
  }

  /** The early search of {@code check} ({@link WitnessSearch#early}), seeded from the network's weights. */
  Witness search(Network net, Domain box) {
    return WitnessSearch.early(net, box, PrecisionPolicy.DEFAULT, tries, DrawSeeds.mix64(net.hashCode() * 0x9E3779B97F4A7C15L + 0x5eedL));
  }
}
