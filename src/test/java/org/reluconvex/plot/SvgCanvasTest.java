package org.reluconvex.plot;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class SvgCanvasTest {
  @Test
  void writesWellFormedSvgWithEscapedText() throws Exception {
    SvgCanvas c = new SvgCanvas(100, 50);
    c.clip(0, 0, 50, 50);
    c.segments(new double[] {0, 0, 10, 10, 5, 5, 20, 0.25}, 2, Color.RED, 1);
    c.unclip();
    c.text(10, 20, "kappa < 0 & f > 1 \"q\"", 12, Color.BLACK, Canvas.Anchor.MIDDLE, true, -90);
    c.circle(5, 5, 2, null, Color.BLUE);
    String svg = c.toSvg();
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertThat(doc.getElementsByTagName("text").item(0).getTextContent()).isEqualTo("kappa < 0 & f > 1 \"q\"");
    assertThat(doc.getElementsByTagName("path").item(0).getAttributes().getNamedItem("d").getNodeValue())
        .isEqualTo("M0 0L10 10M5 5L20 0.3");
    assertThat(doc.getElementsByTagName("g").item(0).getAttributes().getNamedItem("clip-path").getNodeValue()).isEqualTo("url(#clip1)");
    assertThat(svg).contains("rotate(-90 10 20)").contains("fill=\"none\" stroke=\"#0000ff\"");
  }
}
