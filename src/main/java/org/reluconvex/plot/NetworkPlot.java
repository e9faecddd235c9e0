package org.reluconvex.plot;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.reluconvex.network.Domain;
import org.reluconvex.convexity.ConvexityChecker;
import org.reluconvex.convexity.Verdict;
import org.reluconvex.convexity.VerdictKind;
import org.reluconvex.network.Network;
import org.reluconvex.network.Slices;

/**
 * Prepares the picture of a model: d = 1 and d = 2 directly, d &gt; 2 as the 2-D slice through a
 * point along two coordinate axes. The verdict, witness and frontiers are those of the plotted
 * function (for a slice: of f restricted to the slice, which is convex when f is).
 */
public final class NetworkPlot {
  private NetworkPlot() {}

  /**
   * @param box a {@link Domain#parseBox} spec in the model's input dimension
   * @param slice the slice point (length d), required when d &gt; 2, else null
   * @param axes the two free coordinates, 0-based, or null for the first two
   */
  public static FunctionPlot prepare(Network net, String name, String box, double[] slice, int[] axes,
      ConvexityChecker checker, FrontierSource frontiers) {
    int d = net.inputDim();
    Domain full = Domain.parseBox(box, d);
    Network shown = net;
    Domain shownBox = full;
    String[] names;
    String where = "";
    if (d <= 2) {
      if (slice != null) throw new IllegalArgumentException("--slice applies to models with more than 2 inputs; this one has " + d);
      if (axes != null) throw new IllegalArgumentException("--axes applies to models with more than 2 inputs; this one has " + d);
      names = d == 1 ? new String[] {"x1"} : new String[] {"x1", "x2"};
    } else {
      if (slice == null)
        throw new IllegalArgumentException("the model has " + d + " inputs: give a point with --slice x1,...,x" + d + " (and --axes i,j)");
      int[] ax = axes == null ? new int[] {0, 1} : axes;
      if (ax.length != 2) throw new IllegalArgumentException("--axes needs two coordinates i,j");
      shown = Slices.plane(net, slice, ax[0], ax[1]);
      shownBox = Domain.box(new double[] {full.lo(ax[0]), full.lo(ax[1])}, new double[] {full.hi(ax[0]), full.hi(ax[1])});
      names = new String[] {"x" + (ax[0] + 1), "x" + (ax[1] + 1)};
      StringBuilder p = new StringBuilder();
      for (int k = 0; k < d; k++)
        p.append(k > 0 ? ", " : "").append(k == ax[0] || k == ax[1] ? names[k == ax[0] ? 0 : 1] : Ticks.label(slice[k]));
      where = " on the slice x = (" + p + ")";
    }
    Verdict v = checker.check(shown, shownBox);
    List<Frontier> fr = frontiers.frontiers(shown, shownBox);
    String title = name + where;
    return new FunctionPlot(shown, shownBox, fr, v.kind() == VerdictKind.NOT_CONVEX ? v.witness() : null, title,
        subtitle(v, shownBox, d > 2), names);
  }

  private static String subtitle(Verdict v, Domain box, boolean slice) {
    String what = switch (v.kind()) {
      case CONVEX -> "convex";
      case NOT_CONVEX -> "not convex";
      case UNKNOWN -> "convexity unknown (" + v.reason() + ")";
    };
    StringBuilder sb = new StringBuilder(slice ? "restricted to the slice: " : "").append(what).append(" on ").append(box.describe());
    sb.append(" (").append(v.method());
    if (v.vertices() >= 0) sb.append(", ").append(v.vertices()).append(" vertices");
    if (v.edges() >= 0) sb.append(", ").append(v.edges()).append(" edges");
    if (!Double.isNaN(v.minGain())) sb.append(String.format(Locale.ROOT, ", min gain %.3g", v.minGain()));
    return sb.append(')').toString();
  }

  /** Parses {@code a,b,c} into numbers; {@code what} names the option in errors. */
  public static double[] parsePoint(String s, String what) {
    try {
      return Arrays.stream(s.split(",")).map(String::trim).mapToDouble(Double::parseDouble).toArray();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " '" + s + "' is not a list of numbers");
    }
  }
}
