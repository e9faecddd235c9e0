package org.reluconvex.cli;

import java.util.concurrent.Callable;
import org.reluconvex.ReluConvex;
import org.reluconvex.convexity.Checks;
import org.reluconvex.io.BadInputException;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;
import org.reluconvex.properties.LipschitzResult;
import org.reluconvex.properties.Norm;
import org.reluconvex.properties.PropertyJson;
import org.reluconvex.properties.PropertyText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reluconvex lipschitz MODEL --norm inf}: the exact Lipschitz constant on a box. */
@Command(name = "lipschitz", description = {
    "Compute MODEL's Lipschitz constant on a box exactly: the largest dual norm of its gradient over the cells, with a point and the gradient of "
        + "the cell that attains it.",
    "Exit code 0 exact, 3 when only proven bounds could be given (lower <= L <= upper)."})
public final class LipschitzCommand implements Callable<Integer> {
  @Mixin ModelSource model;

  @Option(names = "--norm", paramLabel = "inf|1|2", description = "The input norm: |f(x) - f(y)| <= L |x - y|_p (default: inf).")
  String norm = "inf";

  @Mixin PropertyOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Network net = model.load();
    Domain box = options.domain.box(net.inputDim());
    Norm p;
    try {
      p = Norm.parse(norm);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--norm: " + e.getMessage());
    }
    var o = options.options();
    if (o.method() != Checks.Method.AUTO && o.method() != Checks.Method.CELLS && o.method() != Checks.Method.MILP)
      throw new BadInputException("lipschitz is computed by --method auto, cells or milp, not " + options.method);
    long t0 = System.nanoTime();
    LipschitzResult r = CliSupport.compute(model.spec(), options.memory, o, with -> ReluConvex.lipschitz(net, box, p, with));
    double seconds = (System.nanoTime() - t0) / 1e9;
    options.print(spec, PropertyJson.lipschitz(r, model.spec(), seconds), PropertyText.lipschitz(r, model.spec(), seconds));
    return r.exact() ? CliSupport.OK : org.reluconvex.convexity.VerdictKind.UNKNOWN.exitCode();
  }
}
