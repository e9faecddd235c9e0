package org.reluconvex.plot;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.reluconvex.network.Domain;
import org.reluconvex.convexity.Witness;
import org.reluconvex.network.Network;
import org.reluconvex.network.NetworkBuilder;

class FunctionPlotTest {
  @Test
  void levelLinesOfALinearFunction() {
    double[][] g = new double[5][5];
    for (int r = 0; r < 5; r++) for (int c = 0; c < 5; c++) g[r][c] = c;
    List<double[]> segs = MarchingSquares.segments(g, 2.5);
    assertThat(segs).hasSize(4);
    for (double[] s : segs) assertThat(s[0]).isEqualTo(2.5);
  }

  /** f(x) = |x1| - |x2|: a convex kink on x1 = 0 and a concave one on x2 = 0. */
  private static Network saddle() {
    return NetworkBuilder.of(2, 4)
        .weights(1, 0, new double[][] {{1, 0}, {-1, 0}, {0, 1}, {0, -1}})
        .weights(2, 1, new double[][] {{1, 1, -1, -1}})
        .build();
  }

  @Test
  void drawsFrontiersInTheirKinkColoursAndTheWitness() throws Exception {
    Network f = saddle();
    Domain box = Domain.cube(2, -2, 2);
    List<Frontier> fr = List.of(new Frontier(0, -2, 0, 2, 2.0), new Frontier(-2, 0, 2, 0, -2.0));
    Witness w = Witness.verified(f, new double[] {1, -0.5}, new double[] {1, 0.5});
    assertThat(w).isNotNull();
    FunctionPlot p = new FunctionPlot(f, box, fr, w, "|x1| - |x2|", "not convex", "x1", "x2");
    Path dir = HeatmapPairTest.figures();
    p.save(dir.resolve("saddle.png"));
    p.save(dir.resolve("saddle.svg"));
    BufferedImage img = ImageIO.read(dir.resolve("saddle.png").toFile());
    // plot area: left 90, top 80, 580 px square; x1 = 0 is at x = 380; x2 = 0 at y = 370
    assertThat(new Color(img.getRGB(380, 120))).isEqualTo(FunctionPlot.CONVEX);
    assertThat(new Color(img.getRGB(140, 370))).isEqualTo(FunctionPlot.CONCAVE);
    // the filled bands leave no gap: no background pixel in the left half of the plot area
    for (int x = 92; x < 370; x++)
      for (int y = 82; y < 658; y++) assertThat(img.getRGB(x, y) & 0xffffff).as("pixel %d,%d", x, y).isNotEqualTo(0xffffff);
    String svg = java.nio.file.Files.readString(dir.resolve("saddle.svg"));
    assertThat(svg).contains("witness").contains("convex kink");
    HeatmapPairTest.parseSvg(dir.resolve("saddle.svg"));
  }

  @Test
  void filledBandsLeaveNoSeams() throws Exception {
    for (long seed = 1; seed <= 6; seed++) {
      Network f = org.reluconvex.network.RandomNetworks.mlp(2, new int[] {3, 4}, seed);
      FunctionPlot p = new FunctionPlot(f, Domain.cube(2, -100, 100), List.of(), null, "seams", "", "x1", "x2");
      PngCanvas c = new PngCanvas(p.width(), p.height());
      p.draw(c);
      for (int x = 91; x < 669; x++)
        for (int y = 81; y < 659; y++)
          assertThat(c.image().getRGB(x, y) & 0xffffff).as("seed %d pixel %d,%d", seed, x, y).isNotEqualTo(0xffffff);
    }
  }

  @Test
  void oneDimensionalGraphWithKinks() throws Exception {
    Network f = NetworkBuilder.of(1, 2).weights(1, 0, new double[][] {{1}, {1}}).bias(1, new double[] {0, -1})
        .weights(2, 1, new double[][] {{1, -2}}).build(); // relu(x) - 2 relu(x - 1)
    Witness w = Witness.verified(f, new double[] {0.5}, new double[] {1.5});
    FunctionPlot p = new FunctionPlot(f, Domain.cube(1, -1, 3), List.of(Frontier.point(0, 1), Frontier.point(1, -2)), w,
        "relu(x) - 2 relu(x - 1)", "not convex", "x");
    p.save(HeatmapPairTest.figures().resolve("line.png"));
    assertThat(HeatmapPairTest.figures().resolve("line.png")).exists();
  }
}
