package org.reluconvex.convexity;

import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;

/** An exact convexity test of a network on a domain. */
public interface ConvexityChecker {
  /** Method name as reported in verdicts ({@code skeleton}, {@code cells}, {@code onelayer}). */
  String name();

  Verdict check(Network net, Domain domain);
}
