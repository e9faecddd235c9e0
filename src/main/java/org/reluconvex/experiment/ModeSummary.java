package org.reluconvex.experiment;

import java.util.List;
import org.reluconvex.convexity.VerdictKind;
import org.reluconvex.train.TrainingMode;

/**
 * Validation errors, verdicts and timings of all models trained in one mode.
 *
 * @param sdValMse sample standard deviation (0 for a single run)
 * @param medianValMse the middle value, or the mean of the two middle values
 * @param meanValMseAsTrained mean validation MSE before the certification phase (equal to the
 *     mean without one)
 */
public record ModeSummary(
    TrainingMode mode,
    int models,
    double meanValMse,
    double sdValMse,
    double minValMse,
    double medianValMse,
    double maxValMse,
    int convex,
    int notConvex,
    int unknown,
    double meanSeconds,
    double meanValMseAsTrained) {

  public static ModeSummary of(TrainingMode mode, List<TrainedModel> all) {
    List<TrainedModel> ms = all.stream().filter(m -> m.mode() == mode).toList();
    int n = ms.size();
    double trained = 0, sum = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, secs = 0;
    int convex = 0, notConvex = 0, unknown = 0;
    for (TrainedModel m : ms) {
      double v = m.validationMse();
      sum += v;
      trained += m.validationMseAsTrained();
      min = Math.min(min, v);
      max = Math.max(max, v);
      secs += m.seconds();
      if (m.verdict() == VerdictKind.CONVEX) convex++;
      else if (m.verdict() == VerdictKind.NOT_CONVEX) notConvex++;
      else unknown++;
    }
    double mean = n == 0 ? Double.NaN : sum / n;
    double ss = 0;
    for (TrainedModel m : ms) ss += (m.validationMse() - mean) * (m.validationMse() - mean);
    double sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0.0;
    double[] sorted = ms.stream().mapToDouble(TrainedModel::validationMse).sorted().toArray();
    double median = n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    return new ModeSummary(mode, n, mean, sd, n == 0 ? Double.NaN : min, median, n == 0 ? Double.NaN : max,
        convex, notConvex, unknown, n == 0 ? Double.NaN : secs / n, n == 0 ? Double.NaN : trained / n);
  }
}
