package org.reluconvex.experiment;

import java.awt.Color;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.reluconvex.train.TrainingMode;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;
import org.reluconvex.plot.ContourImage;
import org.reluconvex.plot.LossCurves;
import org.reluconvex.train.EpochLog;
import org.reluconvex.train.CertificationLogCsv;
import org.reluconvex.train.EpochLogCsv;
import org.reluconvex.train.TrainingResult;

/** Files and text produced by the training experiments. */
public final class ExperimentReport {
  /**
   * val_mse_as_trained is before the certification phase (equal to val_mse without one);
   * second_verdict is the cell enumeration's (empty when not computed).
   */
  public static final String RESULTS_HEADER = "run,mode,val_mse,verdict,seconds,val_mse_as_trained,certification_steps,second_verdict";
  private static final int IMAGE = 360;
  private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c)};

  private ExperimentReport() {}

  /** results.csv: one row per trained model. */
  public static void writeResults(List<TrainedModel> models, Path file) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(RESULTS_HEADER + "\n");
      for (TrainedModel m : models)
        w.write(String.format(Locale.ROOT, "%d,%s,%.9g,%s,%.3f,%.9g,%d,%s%n", m.run(), m.mode().label(), m.validationMse(),
            m.verdict().label(), m.seconds(), m.validationMseAsTrained(), m.certificationSteps(),
            m.secondVerdict() == null ? "" : m.secondVerdict().label()));
    }
  }

  /**
   * A table with mean, spread and median of the validation MSE, verdict counts and mean time per
   * mode; the last column is the mean validation MSE as trained, before the certification phase.
   */
  public static String table(List<ModeSummary> summary) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-13s %6s %12s %12s %12s %12s %12s %7s %11s %8s %9s %12s%n",
        "mode", "models", "val_mse mean", "sd", "min", "median", "max", "convex", "not_convex", "unknown", "seconds", "as trained"));
    for (ModeSummary s : summary)
      sb.append(String.format(Locale.ROOT, "%-13s %6d %12.4g %12.3g %12.4g %12.4g %12.4g %7d %11d %8d %9.2f %12.4g%n",
          s.mode().label(), s.models(), s.meanValMse(), s.sdValMse(), s.minValMse(), s.medianValMse(), s.maxValMse(),
          s.convex(), s.notConvex(), s.unknown(), s.meanSeconds(), s.meanValMseAsTrained()));
    return sb.toString();
  }

  /**
   * Where the optimisation time went, mean per model of each mode: data term (forward/backward),
   * regulariser gradient, constraint recomputation (the complex), and their ratio.
   */
  public static String costs(List<TrainedModel> models) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-13s %10s %13s %13s %15s %17s%n", "mode", "data s", "regulariser s",
        "constraints s", "recomputations", "(reg+constr)/data"));
    sb.insert(0, "CPU seconds per model:\n");
    for (TrainingMode mode : TrainingMode.values()) {
      double data = 0, reg = 0, con = 0, rec = 0;
      int n = 0;
      for (TrainedModel m : models) {
        if (m.mode() != mode) continue;
        TrainingResult.Timing t = m.training().timing();
        data += t.dataSeconds();
        reg += t.regularizerSeconds();
        con += t.constraintSeconds();
        rec += t.constraintRecomputations();
        n++;
      }
      if (n == 0) continue;
      sb.append(String.format(Locale.ROOT, "%-13s %10.3f %13.3f %13.3f %15.0f %17.3f%n", mode.label(), data / n, reg / n,
          con / n, rec / n, data > 0 ? (reg + con) / data : Double.NaN));
    }
    return sb.toString();
  }

  /**
   * Writes everything for a set of models fitted to one target into dir: results.csv, target and
   * models through the writer (target.EXT, run&lt;r&gt;_&lt;mode&gt;.EXT), per-model epoch logs
   * (run&lt;r&gt;_&lt;mode&gt;_log.csv), one loss-curve PNG per run and contour PNGs of the target and every
   * fit on a common colour scale.
   */
  public static void writeAll(Network target, List<TrainedModel> models, Domain box, Path dir, ModelWriter writer, String extension) throws IOException {
    writeAll(target, new org.reluconvex.network.Forward(target)::output, models, box, dir, writer, extension);
  }

  /** As {@link #writeAll(Network, List, Domain, Path, ModelWriter, String)}; target.EXT only when the target is a network. */
  public static void writeAll(TrainingTarget target, List<TrainedModel> models, Path dir, ModelWriter writer, String extension) throws IOException {
    writeAll(target.network(), target.function(), models, target.box(), dir, writer, extension);
  }

  private static void writeAll(Network target, ToDoubleFunction<double[]> f, List<TrainedModel> models, Domain box, Path dir, ModelWriter writer,
      String extension) throws IOException {
    Files.createDirectories(dir);
    writeResults(models, dir.resolve("results.csv"));
    if (target != null) writer.write(target, dir.resolve("target." + extension));
    for (TrainedModel m : models) {
      writer.write(m.network(), dir.resolve(m.stem() + "." + extension));
      EpochLogCsv.write(m.training().epochs(), dir.resolve(m.stem() + "_log.csv"));
      if (m.training().certification() != null)
        CertificationLogCsv.write(m.training().certification(), dir.resolve(m.stem() + "_certification.csv"));
    }
    writeLossCurves(models, dir);
    if (box.dim() == 2) writeContours(f, models, box, dir);
  }

  /** loss_run&lt;r&gt;.png: validation MSE and training loss per epoch of every mode of the run. */
  public static void writeLossCurves(List<TrainedModel> models, Path dir) throws IOException {
    int runs = models.stream().mapToInt(TrainedModel::run).max().orElse(-1) + 1;
    for (int run = 0; run < runs; run++) {
      LossCurves plot = new LossCurves("run " + run + ": MSE per epoch (solid: validation, dashed: training batches)", "MSE");
      boolean any = false;
      for (TrainedModel m : models) {
        if (m.run() != run) continue;
        List<EpochLog> log = m.training().epochs();
        Color c = COLORS[m.mode().ordinal() % COLORS.length];
        plot.add(m.mode().label() + " validation", log.stream().mapToDouble(EpochLog::validationMse).toArray(), c, false);
        plot.add(m.mode().label() + " train", log.stream().mapToDouble(EpochLog::trainLoss).toArray(), c, true);
        any = any || !log.isEmpty();
      }
      if (any && plot.hasData()) plot.save(dir.resolve("loss_run" + run + ".png"));
    }
  }

  /** target.png and run&lt;r&gt;_&lt;mode&gt;.png on the colour scale of the target. */
  public static void writeContours(ToDoubleFunction<double[]> target, List<TrainedModel> models, Domain box, Path dir) throws IOException {
    ContourImage t = ContourImage.of(target, box, IMAGE);
    double lo = t.min(), hi = t.max();
    t.writePng(dir.resolve("target.png"), "target", lo, hi);
    for (TrainedModel m : models) {
      ContourImage.of(m.network(), box, IMAGE).writePng(dir.resolve(m.stem() + ".png"),
          String.format(Locale.ROOT, "run %d %s (%s)", m.run(), m.mode().label(), m.verdict().label()), lo, hi);
    }
  }
}
