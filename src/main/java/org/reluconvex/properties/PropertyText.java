package org.reluconvex.properties;

import java.util.Locale;
import org.reluconvex.convexity.VerdictText;

/** The properties' answers as text, as the commands print them (their JSON: {@link PropertyJson}). */
public final class PropertyText {
  private PropertyText() {}

  public static String monotone(MonotoneVerdict v, String model, double seconds) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "verdict:  %s%n", v.kind().label()));
    sb.append(String.format(Locale.ROOT, "model:    %s%n", model));
    sb.append(String.format(Locale.ROOT, "asked:    %s%n", asked(v.increasing(), v.decreasing())));
    sb.append(String.format(Locale.ROOT, "domain:   %s%n", v.domain().describe()));
    sb.append(String.format(Locale.ROOT, "method:   %s%n", v.method()));
    if (v.witness() != null) {
      MonotoneWitness w = v.witness();
      sb.append(String.format(Locale.ROOT, "witness:  a = %s%n", VerdictText.point(w.a())));
      sb.append(String.format(Locale.ROOT, "          b = %s%n", VerdictText.point(w.b())));
      sb.append(String.format(Locale.ROOT, "          x%d grows from a to b and f(b) - f(a) = %.6g %s 0%n", w.input(), w.change(), w.increasing() ? "<" : ">"));
    }
    if (v.reason() != null)
      sb.append(String.format(Locale.ROOT, "%s%s%n", v.kind() == MonotoneVerdict.Kind.UNKNOWN ? "reason:   " : "details:  ", v.reason()));
    sb.append(String.format(Locale.ROOT, "time:     %.3f s (check only)%n", seconds));
    return sb.toString();
  }

  private static String asked(int[] inc, int[] dec) {
    StringBuilder sb = new StringBuilder();
    if (inc.length > 0) sb.append("non-decreasing in ").append(inputs(inc));
    if (dec.length > 0) sb.append(inc.length > 0 ? ", " : "").append("non-increasing in ").append(inputs(dec));
    return sb.toString();
  }

  /** x0, x2 for {0, 2}. */
  public static String inputs(int[] xs) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < xs.length; i++) sb.append(i > 0 ? ", " : "").append('x').append(xs[i]);
    return sb.toString();
  }

  public static String lipschitz(LipschitzResult r, String model, double seconds) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "lipschitz: %s%s%n", Double.isNaN(r.lipschitz()) ? "unknown" : String.format(Locale.ROOT, "%.17g", r.lipschitz()),
        r.exact() ? " (exact)" : ""));
    sb.append(String.format(Locale.ROOT, "norm:      |x - y|_%s on the input (|grad f|_%s)%n", r.norm().label(),
        switch (r.norm()) { case INF -> "1"; case ONE -> "inf"; case TWO -> "2"; }));
    if (!r.exact() && !Double.isNaN(r.lower()))
      sb.append(String.format(Locale.ROOT, "bounds:    %.17g <= L <= %s%n", r.lower(), Double.isFinite(r.upper()) ? String.format(Locale.ROOT, "%.17g", r.upper()) : "(none)"));
    sb.append(String.format(Locale.ROOT, "model:     %s%n", model));
    sb.append(String.format(Locale.ROOT, "domain:    %s%n", r.domain().describe()));
    sb.append(String.format(Locale.ROOT, "method:    %s%n", r.method()));
    if (r.point() != null) {
      sb.append(String.format(Locale.ROOT, "point:     %s%n", VerdictText.point(r.point())));
      sb.append(String.format(Locale.ROOT, "gradient:  %s%n", VerdictText.point(r.gradient())));
    }
    if (r.reason() != null) sb.append(String.format(Locale.ROOT, "details:   %s%n", r.reason()));
    sb.append(String.format(Locale.ROOT, "time:      %.3f s%n", seconds));
    return sb.toString();
  }

  public static String range(RangeResult r, String model, double seconds) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "min:      %s%n", r.argmin() == null ? "unknown" : String.format(Locale.ROOT, "%.17g at %s", r.min(), VerdictText.point(r.argmin()))));
    sb.append(String.format(Locale.ROOT, "max:      %s%n", r.argmax() == null ? "unknown" : String.format(Locale.ROOT, "%.17g at %s", r.max(), VerdictText.point(r.argmax()))));
    sb.append(String.format(Locale.ROOT, "exact:    %s%n", r.exact() ? "yes" : String.format(Locale.ROOT, "no: proven %s <= min, max <= %s",
        fmt(r.minLower()), fmt(r.maxUpper()))));
    sb.append(String.format(Locale.ROOT, "model:    %s%n", model));
    sb.append(String.format(Locale.ROOT, "domain:   %s%n", r.domain().describe()));
    sb.append(String.format(Locale.ROOT, "method:   %s%n", r.method()));
    if (r.reason() != null) sb.append(String.format(Locale.ROOT, "details:  %s%n", r.reason()));
    sb.append(String.format(Locale.ROOT, "time:     %.3f s%n", seconds));
    return sb.toString();
  }

  private static String fmt(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.17g", v) : (v > 0 ? "inf" : "-inf");
  }

}
