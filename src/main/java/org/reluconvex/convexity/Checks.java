package org.reluconvex.convexity;

import java.util.Locale;
import org.reluconvex.complex.Domain;
import org.reluconvex.network.Network;

/**
 * The one entry point for "is this network convex on this domain": picks a method and applies the
 * fallbacks. {@code AUTO} uses the skeleton check on a box and answers with it unless it is
 * {@code unknown}.
 */
public final class Checks {
  private Checks() {}

  /** The methods a user can ask for. */
  public enum Method {
    AUTO, SKELETON;

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
      case AUTO:
      default:
        if (domain.isWhole())
          return new Verdict(VerdictKind.UNKNOWN, "auto", domain, -1, -1, -1, Double.NaN, null,
              "no exact method for all of R^" + domain.dim() + " is available in this build", null);
        return new SkeletonChecker().check(net, domain);
    }
  }
}
