package org.reluconvex.properties;

import org.reluconvex.convexity.Checks;
import org.reluconvex.convexity.MilpChecker;
import org.reluconvex.milp.IntervalBounds;
import org.reluconvex.milp.LpTightening;
import org.reluconvex.milp.PreBounds;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;
import org.reluconvex.precision.PrecisionPolicy;

/** What the properties share: checks of the inputs asked about (public: commands check them before any work), bounds, budgets and deadlines. */
public final class Inputs {
  private Inputs() {}

  /** 0-based input indices, each within the network's inputs, none twice; at least one. */
  public static boolean[] subset(Network net, int[] inputs, String what) {
    return subset(net.inputDim(), inputs, what);
  }

  /** As {@link #subset(Network, int[], String)} for d inputs. */
  public static boolean[] subset(int d, int[] inputs, String what) {
    if (inputs == null || inputs.length == 0) throw new IllegalArgumentException(what + ": name at least one input (0-based)");
    boolean[] in = new boolean[d];
    for (int i : inputs) {
      if (i < 0 || i >= d)
        throw new IllegalArgumentException(what + ": input " + i + " does not exist (the network has inputs 0 to " + (d - 1) + ")");
      if (in[i]) throw new IllegalArgumentException(what + ": input " + i + " is named twice");
      in[i] = true;
    }
    return in;
  }

  /** The inputs of a monotonicity question: valid, at least one, none both increasing and decreasing. */
  public static void validateSigns(Network net, int[] increasing, int[] decreasing) {
    signs(net.inputDim(), increasing, decreasing);
  }

  /**
   * The sign asked of each of d inputs, +1 non-decreasing, -1 non-increasing, 0 free; refused as
   * {@link #validateSigns} refuses.
   */
  public static int[] signs(int d, int[] increasing, int[] decreasing) {
    if (increasing.length + decreasing.length == 0)
      throw new IllegalArgumentException("monotone: name at least one input with --increasing or --decreasing (0-based)");
    boolean[] up = increasing.length == 0 ? new boolean[d] : subset(d, increasing, "increasing");
    int[] sign = new int[d];
    for (int i = 0; i < d; i++) if (up[i]) sign[i] = 1;
    if (decreasing.length > 0) {
      boolean[] down = subset(d, decreasing, "decreasing");
      for (int i = 0; i < up.length; i++) {
        if (up[i] && down[i]) throw new IllegalArgumentException("monotone: input " + i + " is both increasing and decreasing (then f does not depend on it: ask for both separately)");
        if (down[i]) sign[i] = -1;
      }
    }
    return sign;
  }

  /** The bound on the cells of the neurons that may switch in the box (as auto estimates the complex). */
  static double cellBound(Network net, Domain box, PrecisionPolicy policy) {
    return Checks.regionBound(IntervalBounds.of(net, box, policy).unstableCount(), net.inputDim());
  }

  /** Pre-activation bounds over the box: interval arithmetic, tightened by linear programs from the second hidden layer on. */
  static PreBounds bounds(Network net, Domain box, PrecisionPolicy policy, MilpChecker.Settings settings) {
    return net.hiddenLayers() >= 2 ? LpTightening.of(net, box, policy, null, 1) : IntervalBounds.of(net, box, policy);
  }

  static long deadline(MilpChecker.Settings settings) {
    return Double.isInfinite(settings.timeLimitSeconds()) ? Long.MAX_VALUE
        : System.nanoTime() + (long) Math.min(settings.timeLimitSeconds() * 1e9, Long.MAX_VALUE / 2.0);
  }

  static long millisLeft(long deadline) {
    return deadline == Long.MAX_VALUE ? Long.MAX_VALUE : (deadline - System.nanoTime()) / 1_000_000;
  }

  /** Every hidden neuron marked: a cut that excludes a whole pattern. */
  static boolean[][] all(Network net) {
    boolean[][] on = new boolean[net.outputLayer()][];
    for (int l = 1; l < net.outputLayer(); l++) {
      on[l] = new boolean[net.width(l)];
      java.util.Arrays.fill(on[l], true);
    }
    return on;
  }
}
