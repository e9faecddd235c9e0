package org.reluconvex.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class LossCurvesTest {
  @Test
  void curvesAreDrawnOnALogAxisWithoutTheValuesItCannotShow() throws Exception {
    LossCurves plot = new LossCurves("fit", "MSE")
        .add("validation", new double[] {1, 0.1, 0.01, 0.001}, Color.RED, false)
        .add("train", new double[] {10, 0, Double.NaN, 0.01}, Color.BLUE, true);
    SvgCanvas c = new SvgCanvas(LossCurves.WIDTH, LossCurves.HEIGHT);
    plot.draw(c);
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(c.toSvg().getBytes(StandardCharsets.UTF_8)));
    // the solid curve is one polyline through four points, equally spaced on the log axis
    NodeList polylines = doc.getElementsByTagName("polyline");
    assertThat(polylines.getLength()).isEqualTo(1);
    String[] pts = ((Element) polylines.item(0)).getAttribute("points").split(" ");
    assertThat(pts).hasSize(4);
    double[] y = new double[4], x = new double[4];
    for (int i = 0; i < 4; i++) {
      x[i] = Double.parseDouble(pts[i].split(",")[0]);
      y[i] = Double.parseDouble(pts[i].split(",")[1]);
    }
    for (int i = 1; i < 4; i++) {
      assertThat(x[i] - x[i - 1]).isCloseTo(x[1] - x[0], org.assertj.core.api.Assertions.within(0.11));
      assertThat(y[i] - y[i - 1]).isCloseTo(y[1] - y[0], org.assertj.core.api.Assertions.within(0.11)).isPositive();
    }
    // markers: four on the solid curve, two on the dashed one (0 and NaN are left out)
    int red = 0, blue = 0;
    NodeList circles = doc.getElementsByTagName("circle");
    for (int i = 0; i < circles.getLength(); i++) {
      String fill = ((Element) circles.item(i)).getAttribute("fill");
      if (fill.equals("#ff0000")) red++;
      if (fill.equals("#0000ff")) blue++;
    }
    assertThat(red).isEqualTo(4);
    assertThat(blue).isEqualTo(2);
    // the dashed curve is one dashed segment between its two shown points, plus its legend line
    int dashedBlue = 0;
    NodeList lines = doc.getElementsByTagName("line");
    for (int i = 0; i < lines.getLength(); i++) {
      Element l = (Element) lines.item(i);
      if (l.getAttribute("stroke").equals("#0000ff") && l.hasAttribute("stroke-dasharray")) dashedBlue++;
    }
    assertThat(dashedBlue).isEqualTo(2);
    assertThat(c.toSvg()).contains(">validation<", ">train<", ">epoch<", ">MSE<", ">fit<");
  }

  @Test
  void savesPngOfTheFixedSizeAndRefusesAPlotWithNothingToShow(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("sub/loss.png");
    new LossCurves("t", "MSE").add("a", new double[] {3, 2, 1}).save(png);
    BufferedImage img = ImageIO.read(png.toFile());
    assertThat(img.getWidth()).isEqualTo(LossCurves.WIDTH);
    assertThat(img.getHeight()).isEqualTo(LossCurves.HEIGHT);
    LossCurves empty = new LossCurves("t", "MSE").add("a", new double[] {0, -1, Double.NaN});
    assertThat(empty.hasData()).isFalse();
    assertThatThrownBy(() -> empty.save(dir.resolve("e.png"))).isInstanceOf(IllegalStateException.class);
  }
}
