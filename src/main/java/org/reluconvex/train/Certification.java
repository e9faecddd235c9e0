package org.reluconvex.train;

import java.util.Locale;

/**
 * The final phase of a regularized run, which ends with a network that the exact checker calls
 * convex on the box, or says plainly that it could not.
 *
 * <p>Each round first asks the exact checker; if the answer is not {@code convex}, it takes up to
 * {@code stepsPerRound} optimisation steps with the constraints recomputed before every step (so no
 * step works on stale patterns), and leaves the round early as soon as every fresh constraint has a
 * gain of at least {@code margin} (the network is then convex unless the checker finds otherwise,
 * docs/math.md section 7). Adam normalises step sizes, so a larger lambda changes the direction of a step
 * (towards the constraints), not its length; the step size itself shrinks by {@code decay} after
 * every round in which R did not fall, because with a fixed step the parameters can circle around
 * the boundary of the constraints (the patterns, hence the constraints, change as they move) without
 * settling inside it.
 *
 * @param strategy what a step descends
 * @param rounds at most this many rounds of steps (0: no certification phase)
 * @param stepsPerRound optimisation steps per round
 * @param growth lambda is multiplied by this at the start of every round ({@link Strategy#CONTINUE})
 * @param margin the steps penalise max(0, margin - g), so that gains end at least margin above 0
 * @param decay the step size is multiplied by this after a round in which R did not fall
 * @param polish after the rounds moved the parameters, up to this many further steps (data term +
 *     lambda R_margin) that may only win back accuracy: they are taken in blocks of {@value
 *     #POLISH_BLOCK}, each block kept only if the checker still says convex after it (otherwise undone
 *     and the step size halved; three undone blocks in a row end it). 0: none
 *
 * <p>When the rounds end without a convex network (all used, or the step size decayed {@value
 * #STALLED} times: R is stuck where raising one gain lowers another), a repair follows. The
 * hidden-to-hidden and output weights that are not negative are locked at 0 or above; then, round
 * by round, the negative weight whose removal lowers R most to first order is set to 0 and locked,
 * and up to {@code stepsPerRound} steps refit the data around it, until the checker says convex.
 * Each repair round locks one more weight, so the repair ends at the latest when none is negative,
 * at an ICNN, which is convex on all of R^d: a run with a certification phase ends convex whenever
 * the checker can decide, and reports how many weights the repair zeroed.
 */
public record Certification(Strategy strategy, int rounds, int stepsPerRound, double growth, double margin, double decay, int polish) {
  /** Steps of the polish between two exact checks. */
  public static final int POLISH_BLOCK = 10;

  /** The rounds stop early once the step size has decayed this many times. */
  public static final int STALLED = 4;

  /** No certification phase. */
  public static final Certification OFF = new Certification(Strategy.CONTINUE, 0, 1, 1, 0, 1, 0);

  /**
   * The default for the regularized mode: keep fitting the data, lambda doubled every round of 50
   * steps, the step size halved after rounds in which R did not fall, margin 1e-3, at most 20 rounds
   * before the repair, then up to 200 polishing steps.
   */
  public static final Certification STANDARD = new Certification(Strategy.CONTINUE, 20, 50, 2.0, 1e-3, 0.5, 200);

  public enum Strategy {
    /** Keep training on the data with data term + lambda_r * R_margin, lambda_r rising each round. */
    CONTINUE,
    /**
     * Descend R_margin alone from the trained parameters (the limit lambda -&gt; infinity): a
     * projection onto the constraints by gradient steps; the data are ignored.
     */
    PROJECT;

    public String label() { return name().toLowerCase(Locale.ROOT); }

    public static Strategy parse(String s) {
      for (Strategy v : values()) if (v.label().equalsIgnoreCase(s.trim())) return v;
      throw new IllegalArgumentException("unknown certification strategy '" + s + "' (known: continue, project)");
    }
  }

  public Certification {
    if (strategy == null) throw new IllegalArgumentException("a certification strategy is required");
    if (rounds < 0) throw new IllegalArgumentException("certification rounds must be >= 0");
    if (stepsPerRound < 1) throw new IllegalArgumentException("certification steps per round must be positive");
    if (!(growth >= 1) || Double.isInfinite(growth)) throw new IllegalArgumentException("lambda growth must be a finite number >= 1");
    if (!(margin >= 0) || Double.isInfinite(margin)) throw new IllegalArgumentException("certification margin must be a finite number >= 0");
    if (!(decay > 0 && decay <= 1)) throw new IllegalArgumentException("step decay must be in (0, 1]");
    if (polish < 0) throw new IllegalArgumentException("polishing steps must be >= 0");
  }

  public boolean enabled() { return rounds > 0; }

  public Certification withStrategy(Strategy v) { return new Certification(v, rounds, stepsPerRound, growth, margin, decay, polish); }

  public Certification withRounds(int v) { return new Certification(strategy, v, stepsPerRound, growth, margin, decay, polish); }

  public Certification withStepsPerRound(int v) { return new Certification(strategy, rounds, v, growth, margin, decay, polish); }

  public Certification withGrowth(double v) { return new Certification(strategy, rounds, stepsPerRound, v, margin, decay, polish); }

  public Certification withMargin(double v) { return new Certification(strategy, rounds, stepsPerRound, growth, v, decay, polish); }

  public Certification withDecay(double v) { return new Certification(strategy, rounds, stepsPerRound, growth, margin, v, polish); }

  public Certification withPolish(int v) { return new Certification(strategy, rounds, stepsPerRound, growth, margin, decay, v); }

  @Override
  public String toString() {
    if (!enabled()) return "off";
    return String.format(Locale.ROOT, "%s, at most %d rounds of %d steps, lambda x%s per round, step x%s when R rises, margin %s, polish %d",
        strategy.label(), rounds, stepsPerRound, growth, decay, margin, polish);
  }
}
