package org.reluconvex.milp;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;
import java.util.Map;
import java.util.TreeMap;

/** A linear expression c + sum a_v v over solver variables, built before it becomes a row. */
final class Lin {
  private final TreeMap<Integer, Double> terms = new TreeMap<>();
  private final TreeMap<Integer, MPVariable> vars = new TreeMap<>();
  double constant;

  static Lin constant(double c) {
    Lin e = new Lin();
    e.constant = c;
    return e;
  }

  static Lin of(MPVariable v, double a) { return new Lin().add(v, a); }

  Lin add(MPVariable v, double a) {
    if (a == 0) return this;
    terms.merge(v.index(), a, Double::sum);
    vars.putIfAbsent(v.index(), v);
    return this;
  }

  /** this += f * e. */
  Lin add(Lin e, double f) {
    if (f == 0) return this;
    constant += f * e.constant;
    for (Map.Entry<Integer, Double> t : e.terms.entrySet()) add(e.vars.get(t.getKey()), f * t.getValue());
    return this;
  }

  /** f times this, a new expression (exact when f is a power of two and nothing under- or overflows). */
  Lin scaled(double f) { return new Lin().add(this, f); }

  boolean isConstant() { return terms.values().stream().allMatch(a -> a == 0); }

  /** lb &le; this &le; ub as a row of the solver. */
  MPConstraint constrain(MPSolver s, double lb, double ub) {
    MPConstraint c = s.makeConstraint(lb == Double.NEGATIVE_INFINITY ? -MPSolver.infinity() : lb - constant,
        ub == Double.POSITIVE_INFINITY ? MPSolver.infinity() : ub - constant);
    for (Map.Entry<Integer, Double> t : terms.entrySet()) c.setCoefficient(vars.get(t.getKey()), t.getValue());
    return c;
  }

  MPConstraint atLeast(MPSolver s, double lb) { return constrain(s, lb, Double.POSITIVE_INFINITY); }

  MPConstraint atMost(MPSolver s, double ub) { return constrain(s, Double.NEGATIVE_INFINITY, ub); }

  /** Sets the objective to this expression (the constant as offset), clearing the previous one. */
  void asObjective(MPObjective o) {
    o.clear();
    for (Map.Entry<Integer, Double> t : terms.entrySet()) o.setCoefficient(vars.get(t.getKey()), t.getValue());
    o.setOffset(constant);
  }

  /** Each term's variable and coefficient, as handed to the solver. */
  void forEachTerm(java.util.function.ObjDoubleConsumer<MPVariable> f) {
    for (Map.Entry<Integer, Double> t : terms.entrySet()) f.accept(vars.get(t.getKey()), t.getValue());
  }

  /** Value at the solver's current solution. */
  double value() {
    double v = constant;
    for (Map.Entry<Integer, Double> t : terms.entrySet()) v += t.getValue() * vars.get(t.getKey()).solutionValue();
    return v;
  }
}
