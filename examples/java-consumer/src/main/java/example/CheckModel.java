package example;

import org.reluconvex.ReluConvex;
import org.reluconvex.convexity.Verdict;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;

/** Checks a model (a file or example:NAME, default example:beyond-icnn) on [-2, 2]^d; exit code 0 convex, 1 not, 3 unknown. */
public final class CheckModel {
  public static void main(String[] args) {
    Network net = ReluConvex.load(args.length > 0 ? args[0] : "example:beyond-icnn");
    Verdict v = ReluConvex.check(net, Domain.cube(net.inputDim(), -2, 2));
    System.out.println(v.kind().label() + " by " + v.method());
    if (v.witness() != null) System.out.println("witness verifies: " + v.witness().verifies(net));
    System.exit(switch (v.kind()) {
      case CONVEX -> 0;
      case NOT_CONVEX -> 1;
      default -> 3;
    });
  }
}
