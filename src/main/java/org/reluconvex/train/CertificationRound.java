package org.reluconvex.train;


/**
 * One round of the certification phase: the exact verdict at its start and what the round then did.
 *
 * @param round 0-based; round 0 checks the network as trained
 * @param zeroed the weight that the repair set to 0 after the verdict (its index in {@link
 *     ParameterLayout} order), or -1 for a round of optimisation steps
 * @param verdict exact verdict at the start of the round
 * @param lambda the weight of R_margin during the round's steps (NaN for the projection, and for a
 *     round that took no step)
 * @param steps optimisation steps taken in the round (0 when the verdict was convex, or in the last round)
 * @param regularizer R (margin 0) on constraints recomputed at the start of the round
 * @param constraints their number
 * @param minGain their smallest gain (NaN when there are none)
 * @param validationMse at the start of the round (NaN without validation data)
 */
public record CertificationRound(
    int round,
    Certificate verdict,
    int zeroed,
    double lambda,
    int steps,
    double regularizer,
    int constraints,
    double minGain,
    double validationMse) {}
