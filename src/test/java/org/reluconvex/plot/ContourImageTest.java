package org.reluconvex.plot;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Examples;

class ContourImageTest {
  @Test
  void rendersHeatmapWithColourBar() {
    ContourImage c = ContourImage.of(Examples.nonIcnnWeights(), Domain.cube(2, -2, 2), 100);
    assertThat(c.min()).isBetween(0.0, 0.05); // max(|x2|, |x1| - 1) >= 0, close to 0 near the segment
    assertThat(c.max()).isBetween(1.9, 2.0);
    BufferedImage img = c.render("f");
    assertThat(img.getWidth()).isGreaterThan(100);
    // the centre (0, 0) is low (dark), the corner (2, 2) is high (bright)
    int centre = img.getRGB(70 + 50, 40 + 50), corner = img.getRGB(70 + 1, 40 + 1);
    assertThat(brightness(corner)).isGreaterThan(brightness(centre));
  }

  private static int brightness(int rgb) {
    return ((rgb >> 16) & 255) + ((rgb >> 8) & 255) + (rgb & 255);
  }
}
