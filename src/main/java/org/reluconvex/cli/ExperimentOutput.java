package org.reluconvex.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.reluconvex.network.Domain;
import org.reluconvex.experiment.ExperimentReport;
import org.reluconvex.experiment.TrainedModel;
import org.reluconvex.experiment.TrainingTarget;
import org.reluconvex.network.Network;

/** What the training experiments share on the command line: progress lines and the result files. */
final class ExperimentOutput {
  private ExperimentOutput() {}

  /** Progress lines to stderr, or nothing with --quiet. */
  static Consumer<String> progress(PrintWriter stderr, boolean quiet) {
    return line -> {
      if (!quiet) {
        stderr.println(line);
        stderr.flush();
      }
    };
  }

  /** The target (when it is a network), every model and the plots into dir, as ONNX. */
  static void write(TrainingTarget target, List<TrainedModel> models, Path dir, TrainingTools tools) {
    try {
      ExperimentReport.writeAll(target, models, dir, tools.writer(), "onnx");
    } catch (IOException e) {
      throw new UncheckedIOException(dir + ": cannot write the results (" + e.getMessage() + ")", e);
    }
  }

  /** The target, every model and the plots into dir, as ONNX. */
  static void write(Network target, List<TrainedModel> models, Domain box, Path dir, TrainingTools tools) {
    try {
      ExperimentReport.writeAll(target, models, box, dir, tools.writer(), "onnx");
    } catch (IOException e) {
      throw new UncheckedIOException(dir + ": cannot write the results (" + e.getMessage() + ")", e);
    }
  }
}
