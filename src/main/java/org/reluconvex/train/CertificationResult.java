package org.reluconvex.train;

import java.util.List;

/**
 * What the certification phase of a run did.
 *
 * @param policy the phase's settings
 * @param verdict the exact answer on the final network (with its witness when the property fails)
 * @param rounds one line per round
 * @param steps optimisation steps taken in the rounds
 * @param polishSteps polishing steps kept after them (see {@link Certification#polish()})
 * @param validationMseBefore validation MSE of the network as trained (NaN without validation data)
 * @param validationMseAfter validation MSE of the final network
 */
public record CertificationResult(
    Certification policy,
    Certificate verdict,
    List<CertificationRound> rounds,
    long steps,
    long polishSteps,
    double validationMseBefore,
    double validationMseAfter) {
  public CertificationResult {
    rounds = List.copyOf(rounds);
  }

  /** How many weights the repair set to 0 (0 when the rounds of steps sufficed). */
  public int zeroedWeights() { return (int) rounds.stream().filter(r -> r.zeroed() >= 0).count(); }

  /** True when the final network is proven convex (or monotone, as the run asked) on the box. */
  public boolean certified() { return verdict.holds(); }

  /** What certification cost in accuracy: validation MSE after minus before. */
  public double accuracyCost() { return validationMseAfter - validationMseBefore; }
}
