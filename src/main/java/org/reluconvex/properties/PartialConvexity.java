package org.reluconvex.properties;

import java.util.Locale;
import org.reluconvex.complex.BuildSettings;
import org.reluconvex.convexity.CellEnumerationChecker;
import org.reluconvex.convexity.Checks;
import org.reluconvex.convexity.ConvexityChecker;
import org.reluconvex.convexity.MilpChecker;
import org.reluconvex.convexity.Verdict;
import org.reluconvex.convexity.VerdictKind;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;
import org.reluconvex.precision.PrecisionPolicy;

/**
 * Convexity in a subset S of the inputs (docs/math.md section 11): f(x_S, x_rest) convex in x_S for
 * every value of the others, what partially input-convex networks guarantee by construction. A
 * frontier matters only where its normal has a component on S; a witness's two points differ only
 * in the inputs of S. Methods: {@code cells} (exact, any dimension the walk affords, on a box or on
 * R^d) and {@code milp} (neurons no path from S reaches need no program); {@code auto} walks the cells
 * when they are few, the programs otherwise, and the other when the first cannot decide.
 */
public final class PartialConvexity {
  private final PrecisionPolicy policy;
  private final MilpChecker.Settings settings;
  private final BuildSettings build;

  public PartialConvexity(PrecisionPolicy policy, MilpChecker.Settings settings) {
    this(policy, settings, BuildSettings.of(policy));
  }

  /** With the memory a complex or a cell walk may take (and the listener of pieces) of 'build'; its snapping band is the policy's. */
  public PartialConvexity(PrecisionPolicy policy, MilpChecker.Settings settings, BuildSettings build) {
    this.policy = policy;
    this.settings = settings;
    this.build = build.withPolicy(policy); // a checker builds with its own policy's snapping band
  }

  /**
   * Whether f is convex in the inputs listed (0-based) on the domain. The verdict reports no minimum
   * gain (the whole network's would mix in neurons S cannot bend), and its witness names the method.
   */
  public Verdict check(Network net, Domain domain, int[] inputs, Checks.Method method) {
    Verdict v = decide(net, domain, inputs, method).withMinGain(Double.NaN);
    return v.witness() == null || v.witness().foundBy() != null ? v : v.withWitness(v.witness().withFoundBy(v.method() + " check along the inputs asked"));
  }

  private Verdict decide(Network net, Domain domain, int[] inputs, Checks.Method method) {
    boolean[] inS = Inputs.subset(net, inputs, "convex-in");
    if (domain.dim() != net.inputDim())
      throw new IllegalArgumentException("the domain has dimension " + domain.dim() + ", the network has input dimension " + net.inputDim());
    if (net.hiddenLayers() >= 1 && net.isIcnn())
      return Verdict.convex("icnn", domain, policy).withReason("every weight leaving a hidden neuron is non-negative: convex in all inputs, so in these");
    return switch (method) {
      case CELLS -> cells(net, domain, inS);
      case MILP -> milp(net, domain, inS);
      case AUTO -> {
        if (!domain.isBox()) yield cells(net, domain, inS);
        boolean cellsFirst = Inputs.cellBound(net, domain, policy) <= Monotonicity.CELL_BUDGET;
        Verdict first;
        try {
          first = cellsFirst ? cells(net, domain, inS) : milp(net, domain, inS);
        } catch (org.reluconvex.complex.ResourceLimitException e) { // more cells than memory holds: the programs decide
          yield milp(net, domain, inS);
        }
        if (first.kind() != VerdictKind.UNKNOWN) yield first;
        Verdict second;
        try {
          second = cellsFirst ? milp(net, domain, inS) : cells(net, domain, inS);
        } catch (org.reluconvex.complex.ResourceLimitException e) {
          yield first;
        }
        String prefix = "the " + first.method() + " method could not decide (" + first.reason() + ")";
        yield second.withReason(second.reason() == null ? prefix : prefix + "; " + second.reason());
      }
      default -> throw new IllegalArgumentException("partial convexity is decided by the methods auto, cells and milp, not "
          + method.name().toLowerCase(Locale.ROOT));
    };
  }

  /**
   * Partial convexity in the inputs listed behind the checker interface (for code that takes a
   * {@link ConvexityChecker}: training that ends certified convex in these inputs).
   */
  public ConvexityChecker checker(int[] inputs, Checks.Method method) {
    int[] s = inputs.clone();
    return new ConvexityChecker() {
      @Override
      public String name() { return "convex-in"; }

      @Override
      public Verdict check(Network net, Domain domain) { return PartialConvexity.this.check(net, domain, s, method); }
    };
  }

  private Verdict cells(Network net, Domain domain, boolean[] inS) {
    return new CellEnumerationChecker((long) (20 * Monotonicity.CELL_BUDGET), true, policy, build).check(net, domain, inS);
  }

  private Verdict milp(Network net, Domain domain, boolean[] inS) {
    return new MilpChecker(policy, settings, inS, build.progress() instanceof org.reluconvex.convexity.Progress p ? p : null).check(net, domain);
  }
}
