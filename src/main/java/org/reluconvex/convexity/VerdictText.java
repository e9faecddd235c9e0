package org.reluconvex.convexity;

import java.util.Locale;

/**
 * Verdicts as text, as {@code check} prints them: in the library, so that every program that prints
 * a verdict (the command line, the Spark jobs) prints the same one (its JSON: {@link VerdictJson}).
 */
public final class VerdictText {
  private VerdictText() {}

  /**
   * What {@code check} prints for a verdict on a model, with the time of the check alone; with
   * 'explain', one line per hidden neuron after it.
   */
  public static String of(Verdict v, String model, double seconds, boolean explain) {
    return of(v, model, seconds, explain, v.kind().label(), null);
  }

  /**
   * As {@link #of(Verdict, String, double, boolean)} for a property decided as convexity: the verdict
   * under its own label (concave, not_concave), and a line saying what was asked (null for none).
   */
  public static String of(Verdict v, String model, double seconds, boolean explain, String label, String property) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "verdict:  %s%n", label));
    if (property != null) sb.append(String.format(Locale.ROOT, "property: %s%n", property));
    sb.append(String.format(Locale.ROOT, "model:    %s%n", model));
    sb.append(String.format(Locale.ROOT, "domain:   %s%n", v.domain().describe()));
    sb.append(String.format(Locale.ROOT, "method:   %s%n", v.method()));
    if (v.vertices() >= 0)
      sb.append(String.format(Locale.ROOT, "skeleton: %d vertices, %d edges%s%n", v.vertices(), v.edges(),
          v.cells() >= 0 ? ", " + v.cells() + " cells" : ""));
    if (!Double.isNaN(v.minGain())) sb.append(String.format(Locale.ROOT, "min gain: %.6g%n", v.minGain()));
    if (v.isConvex() && v.minGain() < 0 && property == null)
      sb.append(String.format(Locale.ROOT, "note:     the path criterion C1 fails where several neurons switch on one surface;%n"
          + "          the kink criterion shows every such frontier is convex%n"));
    if (v.witness() != null) {
      sb.append(String.format(Locale.ROOT, "witness:  a = %s%n", point(v.witness().a())));
      sb.append(String.format(Locale.ROOT, "          b = %s%n", point(v.witness().b())));
      sb.append(String.format(Locale.ROOT, label.startsWith("not_concave") ? "          (f(a)+f(b))/2 - f((a+b)/2) = %.6g > 0%n"
          : "          f((a+b)/2) - (f(a)+f(b))/2 = %.6g > 0%n", v.witness().excess()));
      if (v.witness().foundBy() != null) sb.append(String.format(Locale.ROOT, "found by: %s%n", v.witness().foundBy()));
    }
    if (v.reason() != null)
      sb.append(String.format(Locale.ROOT, "%s%s%n", v.kind() == VerdictKind.UNKNOWN ? "reason:   " : "details:  ", v.reason()));
    sb.append(String.format(Locale.ROOT, "time:     %.3f s (check only)%n", seconds));
    if (explain && !v.neurons().isEmpty()) {
      boolean timed = v.neurons().stream().anyMatch(r -> !Double.isNaN(r.seconds()));
      sb.append(String.format(Locale.ROOT, "%nneuron       switches  patterns  min gain      %sat%n", timed ? "program s  " : ""));
      for (NeuronReport r : v.neurons()) {
        String at = r.minGainAt() == null ? "-" : fmt(r.minGainAt());
        String secs = !timed ? "" : Double.isNaN(r.seconds()) ? String.format(Locale.ROOT, "%-11s", "-") : String.format(Locale.ROOT, "%-11.3f", r.seconds());
        sb.append(String.format(Locale.ROOT, "L%d[%d]%s %-9s %8d  %-12s  %s%s%n", r.neuron().layer(), r.neuron().index(),
            " ".repeat(Math.max(1, 7 - String.valueOf(r.neuron().index()).length() - String.valueOf(r.neuron().layer()).length())),
            r.switches() ? "yes" : "no", r.patterns(), Double.isNaN(r.minGain()) ? "-" : String.format(Locale.ROOT, "%.6g", r.minGain()), secs, at));
      }
    }
    return sb.toString();
  }

  private static String fmt(double[] x) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < x.length; i++) sb.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.4g", x[i]));
    return sb.append(')').toString();
  }

  /** Most coordinates of a point printed in text; JSON always has them all. */
  public static final int POINT_COORDINATES = 16;

  /**
   * A point as text: every coordinate up to {@value #POINT_COORDINATES}, else the first twelve, the
   * last two and how many there are (a witness in d = 10,000 was 454 KB of text).
   */
  public static String point(double[] x) {
    if (x.length <= POINT_COORDINATES) return java.util.Arrays.toString(x);
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < 12; i++) sb.append(x[i]).append(", ");
    sb.append("... (").append(String.format(Locale.ROOT, "%,d", x.length)).append(" coordinates; --json has them all), ");
    sb.append(x[x.length - 2]).append(", ").append(x[x.length - 1]).append(']');
    return sb.toString();
  }
}
