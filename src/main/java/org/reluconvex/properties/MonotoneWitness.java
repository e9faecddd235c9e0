package org.reluconvex.properties;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Locale;
import org.reluconvex.network.ExactForward;
import org.reluconvex.network.Network;

/**
 * A certificate that f is not monotone in one input: two points a, b that differ only in that input,
 * a_i &lt; b_i, with f(b) &lt; f(a) where f should not decrease ({@code increasing}) or f(b) &gt; f(a)
 * where it should not increase. Anyone checks it with two forward passes; the difference
 * f(b) - f(a) is proven in exact arithmetic and stored rounded to a double.
 */
public record MonotoneWitness(double[] a, double[] b, int input, boolean increasing, double change) {

  /** The witness for (a, b) if they differ only in 'input', a before b, and f moves the wrong way, exactly; else null. */
  public static MonotoneWitness verified(Network net, double[] a, double[] b, int input, boolean increasing) {
    if (a.length != b.length || input < 0 || input >= a.length || !(a[input] < b[input])) return null;
    for (int c = 0; c < a.length; c++) if (c != input && a[c] != b[c]) return null;
    BigDecimal change = ExactForward.eval(net, b).subtract(ExactForward.eval(net, a));
    boolean wrong = increasing ? change.signum() < 0 : change.signum() > 0;
    return wrong ? new MonotoneWitness(a.clone(), b.clone(), input, increasing, change.doubleValue()) : null;
  }

  /** Re-checks this witness on a network, exactly. */
  public boolean verifies(Network net) {
    return verified(net, a, b, input, increasing) != null;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "a = %s, b = %s: x%d grows, f(b) - f(a) = %.6g", Arrays.toString(a), Arrays.toString(b), input, change);
  }
}
