package org.reluconvex.milp;

import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPSolverParameters;
import com.google.ortools.linearsolver.MPVariable;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;

/**
 * A mixed-integer program over x in a box and the activation patterns consistent with x (the exact
 * encoding of {@link ReluEncoding}) whose objective is the output f(x) or a function of the gradient
 * of the pattern (docs/math.md section 11: ranges and Lipschitz constants).
 *
 * <p>The gradient is a backward flow: lambda_mu = df/dy_mu = theta_(mu, out) + sum over mu -&gt; nu of
 * theta rho_nu, rho_nu = delta_nu lambda_nu (a binary times a bounded continuous variable, linearised
 * exactly with interval bounds of lambda), and df/dx_i = theta_(i, out) + sum over i -&gt; nu of theta
 * rho_nu. At a neuron with pre = 0 both values of delta are allowed, so the program ranges over every
 * pattern of a cell that meets x and possibly over patterns no cell realises: a maximiser is a
 * candidate, confirmed by the caller on a cell with an interior point, and excluded otherwise
 * ({@link #exclude}).
 */
public final class GradientProgram implements AutoCloseable {
  /** What the solver returned. */
  public enum Status { OPTIMAL, LIMIT_WITH_SOLUTION, LIMIT, INFEASIBLE, FAILED }

  /** Status, the solver's dual bound and best value, and the solution's x and pattern (1 active, 0 inactive). */
  public record Outcome(Status status, double bound, double value, double[] x, byte[][] pattern) {}

  private final Network net;
  private final PreBounds bounds;
  private final MPSolver s;
  private final ReluEncoding enc;
  private final Lin[] gradient;
  private final double[] gradientLo, gradientHi;
  private MPVariable[] gradientVars;
  private MPVariable[] tangentV;
  private Lin tangentOut;
  private int tangentNorm;
  private double tangentBound;
  private double unit = 1;

  /** The program over the box with the given pre-activation bounds; {@link #close()} frees the solver. */
  public GradientProgram(Network net, Domain box, PreBounds bounds, Solver kind, boolean withGradient) {
    this.net = net;
    this.bounds = bounds;
    s = kind.newInstance();
    int out = net.outputLayer(), d = net.inputDim();
    enc = new ReluEncoding(s, net, box, bounds, out, true);
    gradient = new Lin[d];
    gradientLo = new double[d];
    gradientHi = new double[d];
    if (!withGradient) return;
    // rho[l][i] = delta lambda as expressions, with enclosures; lambda of layer l needs rho of later layers
    Lin[][] rho = new Lin[out][];
    double[][] rLo = new double[out][], rHi = new double[out][];
    for (int l = out - 1; l >= 1; l--) {
      int n = net.width(l);
      rho[l] = new Lin[n];
      rLo[l] = new double[n];
      rHi[l] = new double[n];
      for (int i = 0; i < n; i++) {
        if (bounds.dead(l, i)) continue;
        double[] enclosure = new double[2];
        Lin lambda = adjoint(l, i, rho, rLo, rHi, enclosure);
        double lo = enclosure[0], hi = enclosure[1];
        if (bounds.active(l, i)) {
          rho[l][i] = lambda;
          rLo[l][i] = lo;
          rHi[l][i] = hi;
          continue;
        }
        MPVariable di = enc.delta[l][i];
        rLo[l][i] = Math.min(0, lo);
        rHi[l][i] = Math.max(0, hi);
        if (lambda.isConstant()) {
          rho[l][i] = Lin.of(di, lambda.constant);
          continue;
        }
        MPVariable g = s.makeNumVar(rLo[l][i], rHi[l][i], "rho" + l + "_" + i);
        Lin.of(g, 1).add(di, -hi).atMost(s, 0); // rho <= hi delta
        Lin.of(g, 1).add(di, -lo).atLeast(s, 0); // rho >= lo delta
        Lin.of(g, 1).add(lambda, -1).add(di, -lo).atMost(s, -lo); // rho <= lambda - lo (1 - delta)
        Lin.of(g, 1).add(lambda, -1).add(di, -hi).atLeast(s, -hi); // rho >= lambda - hi (1 - delta)
        rho[l][i] = Lin.of(g, 1);
      }
    }
    for (int c = 0; c < d; c++) {
      double[] enclosure = new double[2];
      gradient[c] = adjoint(0, c, rho, rLo, rHi, enclosure);
      gradientLo[c] = enclosure[0];
      gradientHi[c] = enclosure[1];
    }
  }

  /** df/dy of node (l, i) (an input when l = 0) as an expression in the rho of later layers, with an enclosure. */
  private Lin adjoint(int l, int i, Lin[][] rho, double[][] rLo, double[][] rHi, double[] enclosure) {
    int out = net.outputLayer();
    Lin e = new Lin();
    double lo = 0, hi = 0, mag = 0;
    int terms = 0;
    for (int m = l + 1; m <= out; m++) {
      double[] w = net.rawBlock(m, l);
      if (w == null) continue;
      int k = net.width(l);
      for (int j = 0; j < net.width(m); j++) {
        double t = w[j * k + i];
        if (t == 0) continue;
        if (m == out) {
          e.constant += t;
          lo += t;
          hi += t;
          mag += Math.abs(t);
        } else {
          if (rho[m][j] == null) continue;
          e.add(rho[m][j], t);
          double a = t * rLo[m][j], b = t * rHi[m][j];
          lo += Math.min(a, b);
          hi += Math.max(a, b);
          mag += Math.max(Math.abs(a), Math.abs(b));
        }
        terms++;
      }
    }
    // the enclosure bounds the linearisation: widened by a bound on the rounding of its sums (gamma_n, doubled)
    double err = terms == 0 ? 0 : widening(terms) * mag + Double.MIN_NORMAL;
    enclosure[0] = lo - err;
    enclosure[1] = hi + err;
    return e;
  }

  /**
   * Objective f'(x; v), the directional derivative, maximised over x in the box, the patterns and
   * the directions v of the unit ball of the input norm p (docs/math.md section 11): its optimum is
   * the largest dual norm |grad f|_q over the patterns. The tangent flows forward, s'_mu = sum theta
   * y'_kappa (y' = v on the inputs), y'_mu = delta_mu s'_mu, each product linearised with interval
   * bounds of s'. p = infinity: v in [-1, 1]^d; p = 1: v = v+ - v-, sum (v+ + v-) &le; 1; p = 2: the
   * quadratic constraint |v|_2^2 &le; 1, solved through the model proto ({@link #solveTangent}).
   */
  /** @param p the input norm: 1, 2, or 0 for the max-norm */
  public void objectiveTangent(int p) {
    if (tangentOut != null) throw new IllegalStateException("the tangent objective is set once per program");
    int d = gradient.length, out = net.outputLayer();
    tangentV = new MPVariable[d];
    Lin[][] tdot = new Lin[out][];
    double[][] tHi = new double[out][]; // |y'| bounds
    tdot[0] = new Lin[d];
    tHi[0] = new double[d];
    Lin norm1 = new Lin();
    for (int c = 0; c < d; c++) {
      MPVariable v = s.makeNumVar(-1, 1, "v" + c);
      tangentV[c] = v;
      tdot[0][c] = Lin.of(v, 1);
      tHi[0][c] = 1;
      if (p == 1) {
        MPVariable plus = s.makeNumVar(0, 1, "vp" + c), minus = s.makeNumVar(0, 1, "vm" + c);
        Lin.of(v, 1).add(plus, -1).add(minus, 1).constrain(s, 0, 0);
        norm1.add(plus, 1).add(minus, 1);
      }
    }
    if (p == 1) norm1.atMost(s, 1);
    for (int l = 1; l <= out; l++) {
      int n = net.width(l);
      if (l < out) {
        tdot[l] = new Lin[n];
        tHi[l] = new double[n];
      }
      for (int i = 0; i < n; i++) {
        if (l < out && bounds.dead(l, i)) continue;
        Lin sum = new Lin();
        double hi = 0;
        int fanIn = 0;
        for (int m = 0; m < l; m++) {
          double[] w = net.rawBlock(l, m);
          if (w == null) continue;
          int k = net.width(m);
          for (int j = 0; j < k; j++) {
            double t = w[i * k + j];
            if (t == 0 || tdot[m][j] == null) continue;
            sum.add(tdot[m][j], t);
            hi += Math.abs(t) * tHi[m][j];
            fanIn++;
          }
        }
        if (l == out) {
          tangentOut = sum;
          tangentBound = hi * (1 + widening(fanIn)) + Double.MIN_NORMAL;
          break;
        }
        hi = hi * (1 + widening(fanIn)) + Double.MIN_NORMAL; // the rounding of the bound's own sums
        if (bounds.active(l, i)) {
          tdot[l][i] = sum;
          tHi[l][i] = hi;
          continue;
        }
        MPVariable di = enc.delta[l][i];
        MPVariable y = s.makeNumVar(-hi, hi, "t" + l + "_" + i);
        Lin.of(y, 1).add(di, -hi).atMost(s, 0); // y' <= hi delta
        Lin.of(y, 1).add(di, hi).atLeast(s, 0); // y' >= -hi delta
        Lin.of(y, 1).add(sum, -1).add(di, hi).atMost(s, hi); // y' <= s' + hi (1 - delta)
        Lin.of(y, 1).add(sum, -1).add(di, -hi).atLeast(s, -hi); // y' >= s' - hi (1 - delta)
        tdot[l][i] = Lin.of(y, 1);
        tHi[l][i] = hi;
      }
    }
    tangentNorm = p;
    if (tangentOut == null) tangentOut = new Lin();
    setObjective(tangentOut, true);
  }

  /**
   * A bound on |f'(x; v)| for every x and every v in [-1, 1]^d (so on every unit ball of the three
   * norms): the flow of |theta|, a Lipschitz constant no program is needed for, and the unit of the
   * solver's margin.
   */
  public double tangentBound() { return tangentBound; }

  /** Solves the tangent objective ({@link #objectiveTangent}); for p = 2 with its quadratic constraint through the model proto. */
  public Outcome solveTangent(long timeLimitMillis, double relativeGap) {
    if (tangentNorm != 2) return solve(timeLimitMillis, relativeGap);
    com.google.ortools.linearsolver.MPModelProto.Builder m = s.exportModelToProto().toBuilder();
    com.google.ortools.linearsolver.MPQuadraticConstraint.Builder q = com.google.ortools.linearsolver.MPQuadraticConstraint.newBuilder()
        .setLowerBound(Double.NEGATIVE_INFINITY).setUpperBound(1);
    for (MPVariable v : tangentV) q.addQvar1Index(v.index()).addQvar2Index(v.index()).addQcoefficient(1);
    m.addGeneralConstraint(com.google.ortools.linearsolver.MPGeneralConstraintProto.newBuilder().setQuadraticConstraint(q));
    return solveProto(m, timeLimitMillis, relativeGap, 1 / unit);
  }

  private com.google.ortools.linearsolver.MPModelRequest.Builder request(com.google.ortools.linearsolver.MPModelProto.Builder m, long timeLimitMillis,
      double relativeGap) {
    com.google.ortools.linearsolver.MPModelRequest.Builder req = com.google.ortools.linearsolver.MPModelRequest.newBuilder().setModel(m)
        .setSolverType(com.google.ortools.linearsolver.MPModelRequest.SolverType.SCIP_MIXED_INTEGER_PROGRAMMING)
        .setSolverSpecificParameters("limits/gap = " + relativeGap);
    if (timeLimitMillis < Long.MAX_VALUE) req.setSolverTimeLimitSeconds(Math.max(0.001, timeLimitMillis / 1000.0));
    return req;
  }

  /** Solves a model proto; value and bound divided by 'scale' (the objective's factor). */
  private Outcome solveProto(com.google.ortools.linearsolver.MPModelProto.Builder m, long timeLimitMillis, double relativeGap, double scale) {
    com.google.ortools.linearsolver.MPSolutionResponse r = MPSolver.solveWithProto(request(m, timeLimitMillis, relativeGap).build());
    switch (r.getStatus()) {
      case MPSOLVER_OPTIMAL:
      case MPSOLVER_FEASIBLE: {
        Status st = r.getStatus() == com.google.ortools.linearsolver.MPSolverResponseStatus.MPSOLVER_OPTIMAL ? Status.OPTIMAL : Status.LIMIT_WITH_SOLUTION;
        double[] x = new double[enc.x.length];
        for (int i = 0; i < x.length; i++) x[i] = r.getVariableValue(enc.x[i].index());
        return new Outcome(st, r.getBestObjectiveBound() / scale, r.getObjectiveValue() / scale, x, enc.pattern(v -> r.getVariableValue(v.index())));
      }
      case MPSOLVER_INFEASIBLE:
        return new Outcome(Status.INFEASIBLE, Double.NaN, Double.NaN, null, null);
      case MPSOLVER_NOT_SOLVED:
        return new Outcome(Status.LIMIT, Double.NaN, Double.NaN, null, null);
      default:
        return new Outcome(Status.FAILED, Double.NaN, Double.NaN, null, null);
    }
  }

  /** A relative bound on the rounding of a sum of n products in double (2 gamma_n with some room), at least 2^-40. */
  private static double widening(int n) {
    return Math.max(0x1p-40, 4.0 * (n + 2) * 0x1p-53);
  }

  /** Enclosure of df/dx_c over every pattern the bounds allow. */
  public double gradientLo(int c) { return gradientLo[c]; }

  public double gradientHi(int c) { return gradientHi[c]; }

  /** Objective f(x), maximised or minimised. */
  public void objectiveOutput(boolean maximise) {
    setObjective(enc.pre(net.outputLayer(), 0), maximise);
  }

  /**
   * Maximises |grad f(pattern)|_2^2 (a convex function: no linear program, but SCIP's spatial
   * branch and bound proves its optimum) on the model as built and cut so far, through the solver's
   * model proto. The value and bound are of the squared norm.
   */
  public Outcome maximiseSquaredNorm(long timeLimitMillis, double relativeGap) {
    int d = gradient.length;
    double reach = 0;
    for (int c = 0; c < d; c++) reach = Math.max(reach, Math.max(Math.abs(gradientLo[c]), Math.abs(gradientHi[c])));
    if (gradientVars == null) {
      gradientVars = new MPVariable[d];
      for (int c = 0; c < d; c++) {
        MPVariable g = s.makeNumVar(gradientLo[c], gradientHi[c], "grad" + c);
        Lin.of(g, 1).add(gradient[c], -1).constrain(s, 0, 0);
        gradientVars[c] = g;
      }
    }
    // the objective times an exact power of two that brings its coefficients near 1
    double u = reach > 0 && Double.isFinite(reach) ? Math.scalb(1.0, Math.getExponent(reach)) : 1;
    double coefficient = 1 / (u * u);
    com.google.ortools.linearsolver.MPModelProto.Builder m = s.exportModelToProto().toBuilder();
    for (int v = 0; v < m.getVariableCount(); v++) m.getVariableBuilder(v).setObjectiveCoefficient(0);
    m.clearObjectiveOffset();
    com.google.ortools.linearsolver.MPQuadraticObjective.Builder q = com.google.ortools.linearsolver.MPQuadraticObjective.newBuilder();
    for (MPVariable g : gradientVars) q.addQvar1Index(g.index()).addQvar2Index(g.index()).addCoefficient(coefficient);
    m.setQuadraticObjective(q).setMaximize(true);
    return solveProto(m, timeLimitMillis, relativeGap, coefficient);
  }


  private void setObjective(Lin e, boolean maximise) {
    double[] largest = {Math.abs(e.constant)};
    e.forEachTerm((v, a) -> largest[0] = Math.max(largest[0], Math.abs(a)));
    // the solver sees the objective times an exact power of two that makes its largest coefficient about 1
    unit = largest[0] > 0 && Double.isFinite(largest[0]) ? Math.scalb(1.0, Math.getExponent(largest[0])) : 1;
    MPObjective o = s.objective();
    e.scaled(1 / unit).asObjective(o);
    if (maximise) o.setMaximization();
    else o.setMinimization();
  }

  /** Removes every solution with this pattern on the switching neurons. */
  public void exclude(byte[][] pattern) { enc.exclude(pattern, null); }

  /** Solves to the given relative gap within the time limit (Long.MAX_VALUE for none). */
  public Outcome solve(long timeLimitMillis, double relativeGap) {
    if (timeLimitMillis < Long.MAX_VALUE) s.setTimeLimit(Math.max(1, timeLimitMillis));
    MPSolverParameters p = new MPSolverParameters();
    p.setDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, relativeGap);
    MPSolver.ResultStatus r = s.solve(p);
    switch (r) {
      case OPTIMAL:
      case FEASIBLE: {
        Status st = r == MPSolver.ResultStatus.OPTIMAL ? Status.OPTIMAL : Status.LIMIT_WITH_SOLUTION;
        MPObjective o = s.objective();
        return new Outcome(st, o.bestBound() * unit, o.value() * unit, enc.point(), enc.pattern(MPVariable::solutionValue));
      }
      case INFEASIBLE:
        return new Outcome(Status.INFEASIBLE, Double.NaN, Double.NaN, null, null);
      case NOT_SOLVED:
        return new Outcome(Status.LIMIT, Double.NaN, Double.NaN, null, null);
      default:
        return new Outcome(Status.FAILED, Double.NaN, Double.NaN, null, null);
    }
  }


  @Override
  public void close() { s.delete(); }
}
