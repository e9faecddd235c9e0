package org.reluconvex.train;

import org.reluconvex.convexity.Checks;
import org.reluconvex.convexity.ConvexityChecker;
import org.reluconvex.convexity.VerdictKind;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;
import org.reluconvex.properties.MonotoneVerdict;
import org.reluconvex.properties.Monotonicity;

/** The exact check that certifies a trained network: of convexity, or of another property. */
public interface Certifier {
  Certificate certify(Network net, Domain box);

  /** How an answer of this kind is written for this property ({@code convex}, {@code not_monotone}, ...). */
  String label(VerdictKind kind);

  /** Certifies convexity (or convexity in some inputs) by the checker's verdict. */
  static Certifier of(ConvexityChecker checker) {
    return new Certifier() {
      @Override
      public Certificate certify(Network net, Domain box) { return Certificate.of(checker.check(net, box)); }

      @Override
      public String label(VerdictKind kind) { return kind.label(); }
    };
  }

  /** Certifies monotonicity: non-decreasing in the inputs 'increasing', non-increasing in 'decreasing'. */
  static Certifier monotone(Monotonicity check, int[] increasing, int[] decreasing, Checks.Method method) {
    int[] inc = increasing.clone(), dec = decreasing.clone();
    return new Certifier() {
      @Override
      public Certificate certify(Network net, Domain box) { return Certificate.of(check.check(net, box, inc, dec, method)); }

      @Override
      public String label(VerdictKind kind) {
        return switch (kind) {
          case CONVEX -> MonotoneVerdict.Kind.MONOTONE.label();
          case NOT_CONVEX -> MonotoneVerdict.Kind.NOT_MONOTONE.label();
          case UNKNOWN -> MonotoneVerdict.Kind.UNKNOWN.label();
        };
      }
    };
  }
}
