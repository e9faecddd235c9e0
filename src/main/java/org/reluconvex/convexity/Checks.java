package org.reluconvex.convexity;

import java.util.Locale;
import org.reluconvex.complex.Domain;
import org.reluconvex.network.Network;

/**
 * The one entry point for "is this network convex on this domain": picks a method and applies the
 * fallbacks. {@code AUTO}: the closed form for one hidden layer; otherwise on a box of dimension
 * at most {@link #MAX_SKELETON_DIM} the skeleton check, and the cell walk when the skeleton answers
 * {@code unknown}; on all of R^d, or in higher dimension, the cell walk.
 */
public final class Checks {
  /** Largest input dimension for which {@code auto} uses the skeleton on a box. */
  public static final int MAX_SKELETON_DIM = 12;

  private Checks() {}

  /** The methods a user can ask for. */
  public enum Method {
    AUTO, SKELETON, CELLS, ONELAYER;

    public static Method parse(String s) {
      try {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        StringBuilder known = new StringBuilder();
        for (Method m : values()) known.append(known.length() > 0 ? ", " : "").append(m.name().toLowerCase(Locale.ROOT));
        throw new IllegalArgumentException("unknown method '" + s + "' (known: " + known + ")");
      }
    }
  }

  /** Checks net on the domain with the given method. */
  public static Verdict check(Network net, Domain domain, Method method) {
    if (domain.dim() != net.inputDim())
      throw new IllegalArgumentException("the domain has dimension " + domain.dim() + ", the network has input dimension " + net.inputDim());
    switch (method) {
      case SKELETON:
        return new SkeletonChecker().check(net, domain);
      case CELLS:
        return new CellEnumerationChecker().check(net, domain);
      case ONELAYER:
        if (net.hiddenLayers() != 1)
          throw new IllegalArgumentException("the onelayer method needs exactly one hidden layer; this network has " + net.hiddenLayers());
        return new OneLayerChecker().check(net, domain);
      case AUTO:
      default:
        if (net.hiddenLayers() == 1) return new OneLayerChecker().check(net, domain);
        // the skeleton starts from the 2^d corners of the box: beyond a dozen dimensions walk the cells
        if (domain.isWhole() || domain.dim() > MAX_SKELETON_DIM) return new CellEnumerationChecker().check(net, domain);
        Verdict v = new SkeletonChecker().check(net, domain);
        if (v.kind() != VerdictKind.UNKNOWN) return v;
        Verdict cells = new CellEnumerationChecker().check(net, domain);
        if (cells.kind() == VerdictKind.UNKNOWN)
          return cells.withReason("skeleton: " + v.reason() + "; cells: " + cells.reason());
        return cells.withMethod("cells (skeleton: " + v.reason() + ")");
    }
  }
}
