package org.reluconvex.properties;

import org.reluconvex.network.Domain;

/**
 * The smallest and largest value of f on a box, with points that attain them (f(argmin) = min and
 * f(argmax) = max, rounded to doubles). When {@code exact}, they are the extremes (from the programs:
 * proven under the precision policy's solver margin); otherwise they are values attained. Always
 * {@code minLower} &le; min and {@code maxUpper} &ge; max are proven bounds (equal to them from the complex); a side
 * no program answered in time has value NaN and no point.
 */
public record RangeResult(double min, double max, double[] argmin, double[] argmax, boolean exact, double minLower, double maxUpper,
    String method, Domain domain, String reason) {
  public RangeResult {
    argmin = argmin == null ? null : argmin.clone();
    argmax = argmax == null ? null : argmax.clone();
  }
}
