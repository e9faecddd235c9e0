package org.reluconvex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reluconvex.icnn.OneLayerNets;
import org.reluconvex.network.Examples;
import org.reluconvex.network.Network;
import picocli.CommandLine;

class ToIcnnCommandTest {
  private final Map<String, Network> models = new HashMap<>();
  private final Map<Path, Network> written = new HashMap<>();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = new CommandLine(new ToIcnnCommand(models::get, (net, path) -> written.put(path, net)));
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  @Test
  void writesAnIcnnForAConvexNetwork() {
    models.put("dup", OneLayerNets.of(new double[][] {{1, 1}, {2, 2}, {-1, 0}}, new double[] {1, 2, 0},
        new double[] {2, -0.5, 1}, null, 0.5));
    assertThat(run("dup", "--out", "icnn.json")).isZero();
    Network icnn = written.get(Path.of("icnn.json"));
    assertThat(icnn.isIcnn()).isTrue();
    assertThat(out.toString()).contains("wrote").contains("icnn.json");
  }

  /** --out - puts the ICNN on standard output as a JSON model (for a pipe) and what was done on standard error. */
  @Test
  void writesTheIcnnToStandardOutput() {
    Network net = OneLayerNets.of(new double[][] {{1, 1}, {2, 2}, {-1, 0}}, new double[] {1, 2, 0}, new double[] {2, -0.5, 1}, null, 0.5);
    models.put("dup", net);
    assertThat(run("dup", "--out", "-")).isZero();
    assertThat(written).isEmpty();
    Network icnn = org.reluconvex.io.JsonModel.read(out.toString(), "stdout");
    assertThat(icnn.isIcnn()).isTrue();
    double[] x = {0.3, -0.7};
    assertThat(icnn.eval(x)).isCloseTo(net.eval(x), org.assertj.core.api.Assertions.within(1e-12));
    assertThat(err.toString()).contains("wrote").contains("standard output");
  }

  @Test
  void printsTheWitnessForANonConvexNetwork() {
    models.put("neg", OneLayerNets.of(new double[][] {{1}}, new double[] {0}, new double[] {-1}, null, 0));
    assertThat(run("neg", "--out", "x.json")).isEqualTo(ToIcnnCommand.NOT_CONVEX);
    assertThat(written).isEmpty();
    assertThat(err.toString()).contains("not convex").contains("witness");
  }

  @Test
  void refusesDeeperNetworks() {
    models.put("beyond", Examples.nonIcnnWeights());
    assertThat(run("beyond", "--out", "x.json")).isEqualTo(ToIcnnCommand.REFUSED);
    assertThat(err.toString()).contains("beyond-icnn");
  }
}
