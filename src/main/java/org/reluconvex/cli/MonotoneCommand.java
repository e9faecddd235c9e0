package org.reluconvex.cli;

import java.util.concurrent.Callable;
import org.reluconvex.ReluConvex;
import org.reluconvex.io.BadInputException;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;
import org.reluconvex.properties.Inputs;
import org.reluconvex.properties.MonotoneVerdict;
import org.reluconvex.properties.PropertyJson;
import org.reluconvex.properties.PropertyText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reluconvex monotone MODEL --increasing 0,1 --decreasing 3}: exact monotonicity in chosen inputs. */
@Command(name = "monotone", description = {
    "Decide exactly whether MODEL is non-decreasing in the --increasing inputs and non-increasing in the --decreasing ones on a box.",
    "Exit code 0 monotone, 1 not monotone (with two points that differ in one input, f in the wrong order: check them with 'eval'), 3 unknown."})
public final class MonotoneCommand implements Callable<Integer> {
  @Mixin ModelSource model;

  @Option(names = "--increasing", paramLabel = "I,J,...", split = ",", description = "Inputs (0-based) in which f must not decrease.")
  int[] increasing = new int[0];

  @Option(names = "--decreasing", paramLabel = "I,J,...", split = ",", description = "Inputs (0-based) in which f must not increase.")
  int[] decreasing = new int[0];

  @Mixin PropertyOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Network net = model.load();
    Domain box = options.domain.box(net.inputDim());
    CliSupport.inputs(() -> Inputs.validateSigns(net, increasing, decreasing));
    var o = options.options();
    if (o.method() != org.reluconvex.convexity.Checks.Method.AUTO && o.method() != org.reluconvex.convexity.Checks.Method.CELLS
        && o.method() != org.reluconvex.convexity.Checks.Method.MILP)
      throw new BadInputException("monotone is decided by --method auto, cells or milp, not " + options.method);
    long t0 = System.nanoTime();
    MonotoneVerdict v = CliSupport.compute(model.spec(), options.memory, o, with -> ReluConvex.monotone(net, box, increasing, decreasing, with));
    double seconds = (System.nanoTime() - t0) / 1e9;
    options.print(spec, PropertyJson.monotone(v, model.spec(), seconds), PropertyText.monotone(v, model.spec(), seconds));
    return v.kind().exitCode();
  }
}
