package org.reluconvex.cli;

import java.util.function.Function;
import java.util.function.Supplier;
import org.reluconvex.convexity.ConvexityChecker;
import org.reluconvex.convexity.GainConstraints;
import org.reluconvex.convexity.SkeletonChecker;
import org.reluconvex.experiment.ModelWriter;
import org.reluconvex.io.ModelFiles;
import org.reluconvex.network.Network;
import org.reluconvex.train.ConstraintSource;

/**
 * What the training commands use from the rest of the project: the exact checker, the constraint
 * collection of the regulariser, and model files. Tests substitute their own.
 *
 * @param checker a fresh exact checker
 * @param constraints the (neuron, pattern) constraints realised in a box
 * @param reader a model by file name or built-in example name
 * @param writer saves a model, format from the file name
 */
public record TrainingTools(
    Supplier<ConvexityChecker> checker,
    ConstraintSource constraints,
    Function<String, Network> reader,
    ModelWriter writer) {

  /** The project's own: the skeleton checker, GainConstraints, and ONNX/JSON model files. */
  public static TrainingTools standard() {
    return new TrainingTools(SkeletonChecker::new, GainConstraints::collect, ModelFiles::resolve, ModelFiles::write);
  }
}
