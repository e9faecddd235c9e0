package org.reluconvex.train;

import java.util.Locale;
import org.reluconvex.convexity.Verdict;
import org.reluconvex.convexity.VerdictKind;
import org.reluconvex.convexity.VerdictText;
import org.reluconvex.properties.MonotoneVerdict;

/**
 * The exact answer on the property a run trains toward (convexity, convexity in some inputs,
 * monotonicity), in one shape for the trainer and its logs.
 *
 * @param kind the answer in the three values every check gives, with their exit codes (0, 1, 3); for a
 *     property other than convexity {@link VerdictKind#CONVEX} reads "holds"
 * @param label the answer in the property's own words ({@code convex}, {@code not_monotone}, ...)
 * @param method the method that decided it
 * @param reason why it is unknown (null otherwise)
 * @param witness what proves that the property fails, in one line (null otherwise)
 */
public record Certificate(VerdictKind kind, String label, String method, String reason, String witness) {
  public Certificate {
    if (kind == null || label == null) throw new IllegalArgumentException("a certificate needs its answer");
  }

  /** A convexity (or partial convexity) verdict. */
  public static Certificate of(Verdict v) {
    String witness = v.witness() == null ? null : "a = " + VerdictText.point(v.witness().a()) + ", b = " + VerdictText.point(v.witness().b())
        + String.format(Locale.ROOT, ", f((a+b)/2) - (f(a)+f(b))/2 = %.6g > 0", v.witness().excess());
    return new Certificate(v.kind(), v.kind().label(), v.method(), v.reason(), witness);
  }

  /** A monotonicity verdict. */
  public static Certificate of(MonotoneVerdict v) {
    VerdictKind kind = switch (v.kind()) {
      case MONOTONE -> VerdictKind.CONVEX;
      case NOT_MONOTONE -> VerdictKind.NOT_CONVEX;
      case UNKNOWN -> VerdictKind.UNKNOWN;
    };
    String witness = v.witness() == null ? null : String.format(Locale.ROOT, "a = %s, b = %s, f(b) - f(a) = %.6g (%s in x%d)",
        VerdictText.point(v.witness().a()), VerdictText.point(v.witness().b()), v.witness().change(),
        v.witness().increasing() ? "should not fall" : "should not rise", v.witness().input());
    return new Certificate(kind, v.kind().label(), v.method(), v.reason(), witness);
  }

  /** Whether the property is proven to hold. */
  public boolean holds() { return kind == VerdictKind.CONVEX; }
}
