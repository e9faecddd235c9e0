package org.reluconvex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reluconvex.experiment.HashTestChecker;
import org.reluconvex.network.Network;
import org.reluconvex.network.RandomNetworks;
import org.reluconvex.plot.Frontier;
import picocli.CommandLine;

class PlotCommandTest {
  @TempDir Path tmp;

  private static String[] run(Network net, String... args) {
    StringWriter out = new StringWriter(), err = new StringWriter();
    PlotCommand cmd = new PlotCommand(n -> HashTestChecker::new, () -> (g, box) -> List.of(new Frontier(0, -1, 0, 1, 1)), m -> net);
    CommandLine cl = new CommandLine(cmd);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  @Test
  void slicesModelsWithMoreThanTwoInputs() {
    Network net = RandomNetworks.mlp(4, new int[] {5, 5}, 3);
    Path png = tmp.resolve("slice.png");
    String[] r = run(net, "m", "--out", png.toString(), "--slice", "0,0,0.5,1", "--axes", "3,1");
    assertThat(r[0]).as(r[2]).isEqualTo("0");
    assertThat(png).exists();
  }

  @Test
  void oneLineErrors() {
    Network net3 = RandomNetworks.mlp(3, new int[] {2}, 3);
    String[] r = run(net3, "m", "--out", tmp.resolve("a.png").toString());
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2].strip()).isEqualTo("reluconvex: the model has 3 inputs: give a point with --slice x1,...,x3 (and --axes i,j)");
    r = run(RandomNetworks.mlp(2, new int[] {2}, 3), "m", "--out", tmp.resolve("a.png").toString(), "--slice", "1,2");
    assertThat(r[2].strip()).startsWith("reluconvex: --slice applies to models with more than 2 inputs");
    r = run(net3, "m", "--out", tmp.resolve("a.jpg").toString());
    assertThat(r[2].strip()).isEqualTo("reluconvex: --out " + tmp.resolve("a.jpg") + " must end in .png or .svg");
    r = run(net3, "m", "--out", tmp.resolve("a.svg").toString(), "--slice", "0,0,0", "--axes", "2,2");
    assertThat(r[2].strip()).startsWith("reluconvex: slice axes must be two different coordinates");
  }
}
