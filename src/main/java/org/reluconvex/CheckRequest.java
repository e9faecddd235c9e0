package org.reluconvex;

import java.io.Serializable;
import org.reluconvex.complex.MemoryLimit;
import org.reluconvex.convexity.CheckOptions;
import org.reluconvex.convexity.Checks;
import org.reluconvex.convexity.MilpChecker;
import org.reluconvex.convexity.WitnessSearch;
import org.reluconvex.io.BadInputException;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;

/**
 * The settings of a check as an application is given them ({@code --box}, {@code --global},
 * {@code --method}, {@code --solver}, {@code --time-limit}, {@code --threads}, {@code --max-memory},
 * {@code --exhaustive}, {@code --explain}; null: not given), read and refused in one place, so that
 * {@code check} and the Spark corpus job check a model alike and word their refusals alike.
 * Serializable: a Spark job sends it to its tasks as given.
 */
public record CheckRequest(String box, boolean global, String method, String solver, Double timeLimit, Integer threads,
    String maxMemory, boolean exhaustive, boolean explain) implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * Refuses, before any model is read, what no model can make right: an unknown method or solver,
   * a time limit, threads or memory size out of range.
   */
  public CheckRequest validated() {
    checkMethod();
    milpSettings();
    maxMemoryBytes();
    return this;
  }

  /** The method, {@code auto} when none is given. */
  public Checks.Method checkMethod() {
    return Checks.Method.parse(method == null ? "auto" : method);
  }

  public MilpChecker.Settings milpSettings() {
    return MilpChecker.Settings.parse(solver, timeLimit, threads);
  }

  /** The memory a complex may take (bytes), {@link MemoryLimit#defaultBytes} when none is given. */
  public long maxMemoryBytes() {
    return maxMemory == null ? MemoryLimit.defaultBytes() : MemoryLimit.parse(maxMemory);
  }

  /** The domain for this network: all of R^d under {@code --global}, else the box (by default {@link Domain#DEFAULT_BOX}). */
  public Domain domain(Network net) {
    if (global && box != null) throw new BadInputException("give either --box or --global, not both");
    return global ? Domain.whole(net.inputDim()) : Domain.parseBox(box == null ? Domain.DEFAULT_BOX : box, net.inputDim());
  }

  /**
   * The options of the check of 'model': the method (refused where it cannot apply to this network
   * or domain), the integer programs' settings, and the early witness search unless the whole complex
   * is asked for ({@code --exhaustive}, or {@code --explain}, which reports from it).
   */
  public CheckOptions options(Network net, String model) {
    Checks.Method m = checkMethod();
    if (m == Checks.Method.ONELAYER && net.hiddenLayers() != 1)
      throw new BadInputException("--method onelayer needs exactly one hidden layer; " + model + " has " + net.hiddenLayers());
    if (m == Checks.Method.MILP && global) throw new BadInputException("--method milp needs a box (it bounds every neuron over it); use --method cells with --global");
    MilpChecker.Settings settings = milpSettings();
    boolean whole = exhaustive || explain;
    return CheckOptions.defaults().withMethod(m).withMilp(settings).withEarlyTrials(whole ? 0 : WitnessSearch.EARLY_TRIALS).withExhaustive(whole)
        .withMaxMemory(maxMemory == null ? 0 : maxMemoryBytes());
  }
}
