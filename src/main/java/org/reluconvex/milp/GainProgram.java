package org.reluconvex.milp;

import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;

/**
 * The mixed-integer program of one hidden neuron nu (docs/math.md section 9): minimise g_nu(a) over x in
 * the box on nu's zero set and patterns a consistent with x, among the patterns that leave at least
 * one path from nu to the output active. For a group of tied neurons ({@link TieGroups}) the
 * objective is the group's weighted sum of gains, and the paths start at any member. A pattern that blocks every path has g_nu = 0 exactly, which
 * C1 accepts, so leaving those out makes "proven &ge; a positive margin" the test for every other
 * pattern instead of a comparison with zero that no floating-point solver can settle.
 *
 * <p>Path activity is the flow r_nu = 1, r_mu &le; delta_mu, r_mu &le; sum of r over mu's in-edges
 * from nu's side, sum of r over the output's in-edges &ge; 1: with r continuous in [0, 1] it is
 * feasible exactly when some path has all its neurons active (induction over the layers).
 */
public final class GainProgram implements AutoCloseable {
  /** What the solver returned for one neuron. */
  public enum Status {
    /** Optimal: bound and value are the solver's dual bound and optimum. */
    OPTIMAL,
    /** Stopped at the time limit with a solution: the bound is the dual bound reached. */
    LIMIT_WITH_SOLUTION,
    /** Stopped at the time limit without a solution. */
    LIMIT,
    /** Infeasible: no point of the zero set in the box leaves a path from nu active. */
    NO_ACTIVE_PATH,
    /** Any other solver status (numerical trouble). */
    FAILED
  }

  /**
   * The outcome: status, the solver's dual bound and best value on g_nu, and the solution (x and the
   * pattern, 1 active / 0 inactive per hidden neuron) when there is one.
   */
  public record Outcome(Status status, double bound, double value, double[] x, byte[][] pattern, double seconds) {}

  private final Network net;
  private final PreBounds bounds;
  private final MPSolver s;
  private final ReluEncoding enc;
  private final MPObjective obj;

  /** Builds nu's program (nu is the flow's neuron); {@link #close()} frees the solver. */
  public GainProgram(Network net, Domain box, PreBounds bounds, GainFlow flow, Solver kind) {
    this.net = net;
    this.bounds = bounds;
    s = kind.newInstance();
    int out = net.outputLayer();
    int l0 = flow.layer, i0 = flow.index; // the representative of a group of tied neurons: their zero sets are one
    enc = new ReluEncoding(s, net, box, bounds, out, true);
    if (l0 > 0) enc.pre(l0, i0).constrain(s, 0, 0); // an input's flow (l0 = 0) is its partial derivative anywhere in the box

    // gain flow: gamma as expressions; null where identically zero
    Lin[][] gamma = new Lin[out][];
    MPVariable[][] reach = new MPVariable[out][];
    gamma[l0] = new Lin[net.width(l0)];
    boolean[] member = new boolean[net.width(l0)];
    boolean direct = false;
    for (int k = 0; k < flow.members.length; k++) {
      int i = flow.members[k];
      gamma[l0][i] = Lin.constant(flow.weights[k]);
      member[i] = true;
      direct |= net.hasBlock(out, l0) && net.weight(out, l0, 0, i) != 0;
    }
    for (int l = l0 + 1; l < out; l++) {
      int n = net.width(l);
      gamma[l] = new Lin[n];
      reach[l] = new MPVariable[n];
      for (int i = 0; i < n; i++) {
        if (!flow.reaches(l, i)) continue;
        Lin sum = inflow(net, gamma, l0, l, i);
        MPVariable di = enc.delta[l][i];
        if (bounds.active(l, i)) gamma[l][i] = sum;
        else if (sum.isConstant()) gamma[l][i] = Lin.of(di, sum.constant);
        else {
          double lo = flow.sLo[l][i], hi = flow.sHi[l][i];
          MPVariable g = s.makeNumVar(Math.min(0, lo), Math.max(0, hi), "g" + l + "_" + i);
          Lin.of(g, 1).add(di, -hi).atMost(s, 0); // g <= hi delta
          Lin.of(g, 1).add(di, -lo).atLeast(s, 0); // g >= lo delta
          Lin.of(g, 1).add(sum, -1).add(di, -lo).atMost(s, -lo); // g <= s - lo (1 - delta)
          Lin.of(g, 1).add(sum, -1).add(di, -hi).atLeast(s, -hi); // g >= s - hi (1 - delta)
          gamma[l][i] = Lin.of(g, 1);
        }
        if (!direct) {
          MPVariable r = s.makeNumVar(0, 1, "r" + l + "_" + i);
          reach[l][i] = r;
          if (di != null) Lin.of(r, 1).add(di, -1).atMost(s, 0);
          Lin in = Lin.of(r, 1);
          double fromNu = 0;
          for (int m = l0; m < l; m++) {
            if (!net.hasBlock(l, m)) continue;
            for (int j = 0; j < net.width(m); j++) {
              if (net.weight(l, m, i, j) == 0) continue;
              if (m == l0 && member[j]) fromNu = 1;
              else if (m > l0 && reach[m][j] != null) in.add(reach[m][j], -1);
            }
          }
          in.atMost(s, fromNu);
        }
      }
    }
    if (!direct) {
      Lin atOut = new Lin();
      for (int m = l0 + 1; m < out; m++) {
        if (!net.hasBlock(out, m)) continue;
        for (int j = 0; j < net.width(m); j++)
          if (reach[m][j] != null && net.weight(out, m, 0, j) != 0) atOut.add(reach[m][j], 1);
      }
      atOut.atLeast(s, 1);
    }
    obj = s.objective();
    Lin gain = inflow(net, gamma, l0, out, 0);
    // the solver sees the gain times a power of two (exact) that makes its largest coefficient about 1:
    // coefficients left small by cancelling weights would otherwise fall below its tolerances
    double[] largest = {Math.abs(gain.constant)};
    gain.forEachTerm((v, a) -> largest[0] = Math.max(largest[0], Math.abs(a)));
    unit = largest[0] > 0 && Double.isFinite(largest[0]) ? Math.scalb(1.0, Math.getExponent(largest[0])) : 1;
    gain.scaled(1 / unit).asObjective(obj);
    obj.setMinimization();
  }

  /**
   * The solver stops once its dual bound is within this fraction of its best value: the checks need
   * the sign of the minimum with a margin, not its last digits, and the bound reported is still a
   * proven bound (only the value reported is a solution's: a positive one is at most 1.5 times the
   * minimum). The solver's gap is relative to the smaller of the two magnitudes and infinite while
   * they differ in sign, so it never stops between a negative value and a positive bound. Measured
   * on a trained 4 x 32 network in d = 3: 26 programs in 36 s to optimality, 21 s with this gap.
   */
  static final double RELATIVE_GAP = 0.5;

  private static final com.google.ortools.linearsolver.MPSolverParameters PARAMETERS = new com.google.ortools.linearsolver.MPSolverParameters();

  static {
    PARAMETERS.setDoubleParam(com.google.ortools.linearsolver.MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, RELATIVE_GAP);
  }

  /** The power of two the objective was divided by. */
  private final double unit;

  /** Solves (again, after {@link #exclude}) within the time limit (Long.MAX_VALUE for none). */
  public Outcome solve(long timeLimitMillis) {
    long t0 = System.nanoTime();
    if (timeLimitMillis < Long.MAX_VALUE) s.setTimeLimit(Math.max(1, timeLimitMillis));
    MPSolver.ResultStatus r = s.solve(PARAMETERS);
    double secs = (System.nanoTime() - t0) / 1e9;
    switch (r) {
      case OPTIMAL:
      case FEASIBLE: {
        boolean optimal = r == MPSolver.ResultStatus.OPTIMAL;
        return new Outcome(optimal ? Status.OPTIMAL : Status.LIMIT_WITH_SOLUTION, obj.bestBound() * unit, obj.value() * unit,
            enc.point(), enc.pattern(MPVariable::solutionValue), secs);
      }
      case INFEASIBLE:
        return new Outcome(Status.NO_ACTIVE_PATH, Double.POSITIVE_INFINITY, Double.NaN, null, null, secs);
      case NOT_SOLVED:
        return new Outcome(Status.LIMIT, Double.NEGATIVE_INFINITY, Double.NaN, null, null, secs);
      default:
        return new Outcome(Status.FAILED, Double.NEGATIVE_INFINITY, Double.NaN, null, null, secs);
    }
  }

  /**
   * Removes from the program every solution whose pattern agrees with 'pattern' on the neurons
   * marked in 'on' (a face already decided by its kink): at least one of them must differ.
   */
  public void exclude(byte[][] pattern, boolean[][] on) { enc.exclude(pattern, on); }

  public void close() { s.delete(); }

  /** sum over edges kappa -&gt; (l, i) from nu's layer on of theta gamma_kappa. */
  private static Lin inflow(Network net, Lin[][] gamma, int l0, int l, int i) {
    Lin sum = new Lin();
    for (int m = l0; m < l; m++) {
      double[] w = net.rawBlock(l, m);
      if (w == null) continue;
      int k = net.width(m), off = i * k;
      for (int j = 0; j < k; j++)
        if (w[off + j] != 0 && gamma[m][j] != null) sum.add(gamma[m][j], w[off + j]);
    }
    return sum;
  }
}
