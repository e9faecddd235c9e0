package org.reluconvex.cli;

import java.util.concurrent.Callable;
import org.reluconvex.ReluConvex;
import org.reluconvex.convexity.Checks;
import org.reluconvex.io.BadInputException;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;
import org.reluconvex.properties.PropertyJson;
import org.reluconvex.properties.PropertyText;
import org.reluconvex.properties.RangeResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code reluconvex range MODEL}: the smallest and largest value on a box. */
@Command(name = "range", description = {
    "Compute the smallest and largest value of MODEL on a box, with points that attain them.",
    "Exit code 0 exact, 3 when only attained values and proven bounds could be given."})
public final class RangeCommand implements Callable<Integer> {
  @Mixin ModelSource model;

  @Mixin PropertyOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Network net = model.load();
    Domain box = options.domain.box(net.inputDim());
    var o = options.options();
    if (o.method() != Checks.Method.AUTO && o.method() != Checks.Method.SKELETON && o.method() != Checks.Method.MILP)
      throw new BadInputException("range is computed by --method auto, skeleton or milp, not " + options.method);
    var opts = o;
    long t0 = System.nanoTime();
    RangeResult r = CliSupport.compute(model.spec(), options.memory, opts, with -> ReluConvex.range(net, box, with));
    double seconds = (System.nanoTime() - t0) / 1e9;
    options.print(spec, PropertyJson.range(r, model.spec(), seconds), PropertyText.range(r, model.spec(), seconds));
    return r.exact() ? CliSupport.OK : org.reluconvex.convexity.VerdictKind.UNKNOWN.exitCode();
  }
}
