package org.reluconvex.plot;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

class HeatmapPairTest {
  static Path figures() throws Exception {
    Path p = Path.of("target", "test-figures");
    Files.createDirectories(p);
    return p;
  }

  static Document parseSvg(Path svg) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
  }

  @Test
  void writesAnnotatedPngAndValidSvg() throws Exception {
    int[] ws = {2, 3, 4, 5, 6, 7};
    int[][] convex = new int[6][6], icnn = new int[6][6];
    for (int i = 0; i < 6; i++)
      for (int j = 0; j < 6; j++) {
        convex[i][j] = (int) (10000 / Math.pow(2.2, i + j));
        icnn[i][j] = (int) (10000 / Math.pow(2, (ws[i] + 1) * ws[j]));
      }
    HeatmapPair h = new HeatmapPair("test", "n1", ws, "n2", ws, "convex", convex, "ICNN", icnn);
    Path dir = figures();
    h.save(dir, "heatmap");
    BufferedImage img = ImageIO.read(dir.resolve("heatmap.png").toFile());
    assertThat(img.getWidth()).isEqualTo(h.width());
    // the top-left cell of the left panel holds the largest count: the brightest colour of the scale
    java.awt.Color c = new java.awt.Color(img.getRGB(75, 75));
    assertThat(c).isEqualTo(ColorMap.viridis().at(1.0));
    Document svg = parseSvg(dir.resolve("heatmap.svg"));
    NodeList texts = svg.getElementsByTagName("text");
    boolean found = false;
    for (int i = 0; i < texts.getLength(); i++) if (texts.item(i).getTextContent().equals("10000")) found = true;
    assertThat(found).isTrue();
    assertThat(svg.getElementsByTagName("rect").getLength()).isGreaterThan(72);
  }
}
