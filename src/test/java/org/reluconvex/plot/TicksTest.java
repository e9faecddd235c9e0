package org.reluconvex.plot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TicksTest {
  @Test
  void linearTicksAreRoundMultiplesInsideTheRange() {
    assertThat(Ticks.linear(-10, 10, 6)).containsExactly(-10, -5, 0, 5, 10);
    // exact decimals: integer multiples scaled once, not a running sum of 0.1
    assertThat(Ticks.linear(0.13, 0.61, 5)).containsExactly(0.2, 0.3, 0.4, 0.5, 0.6);
    assertThat(Ticks.linear(0, 1, 4)).containsExactly(0, 0.25, 0.5, 0.75, 1);
    assertThat(Ticks.linear(-0.3, 0.3, 6)).containsExactly(-0.3, -0.2, -0.1, 0, 0.1, 0.2, 0.3);
    assertThat(Ticks.linear(150, 950, 4)).containsExactly(200, 400, 600, 800);
    assertThat(Ticks.linear(3, 3, 5)).containsExactly(3);
  }

  @Test
  void labelsAreShort() {
    assertThat(Ticks.label(2.5)).isEqualTo("2.5");
    assertThat(Ticks.label(-5)).isEqualTo("-5");
    assertThat(Ticks.label(0.1)).isEqualTo("0.1");
    assertThat(Ticks.label(1e-5)).isEqualTo("1e-5");
  }

  @Test
  void colourMapEndsAtViridisEnds() {
    ColorMap v = ColorMap.viridis();
    assertThat(v.rgb(0)).isEqualTo(0x440154);
    assertThat(v.rgb(0.5)).isEqualTo(0x21918c);
    assertThat(v.rgb(1)).isEqualTo(0xfde725);
    assertThat(v.at(0.5).getRGB() & 0xFFFFFF).isEqualTo(v.rgb(0.5));
  }
}
