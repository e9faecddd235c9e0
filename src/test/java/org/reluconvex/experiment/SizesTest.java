package org.reluconvex.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SizesTest {
  @Test
  void rangesListsAndProgressions() {
    assertThat(Sizes.parse("2..7", "w", 1)).containsExactly(2, 3, 4, 5, 6, 7);
    assertThat(Sizes.parse("3,5, 9", "w", 1)).containsExactly(3, 5, 9);
    assertThat(Sizes.parse("1,2,4,...,512", "w", 1)).containsExactly(1, 2, 4, 8, 16, 32, 64, 128, 256, 512);
    assertThat(Sizes.parse("2,4,6,...,10", "w", 1)).containsExactly(2, 4, 6, 8, 10);
    assertThat(Sizes.parse("1,2,...,4", "w", 1)).containsExactly(1, 2, 3, 4);
    assertThat(Sizes.parse("2..3,8", "w", 1)).containsExactly(2, 3, 8);
  }

  @Test
  void badSpecsFailWithOneLine() {
    assertThatThrownBy(() -> Sizes.parse("7..2", "--widths", 1)).hasMessageContaining("--widths").hasMessageContaining("empty");
    assertThatThrownBy(() -> Sizes.parse("a,b", "--widths", 1)).hasMessageContaining("not an integer");
    assertThatThrownBy(() -> Sizes.parse("0..3", "--widths", 1)).hasMessageContaining("below the minimum");
    assertThatThrownBy(() -> Sizes.parse("1,2,4,...,100", "--widths", 1)).hasMessageContaining("not a term");
    assertThatThrownBy(() -> Sizes.parse("1,...,4", "--widths", 1)).hasMessageContaining("two numbers");
    assertThatThrownBy(() -> Sizes.parse("1..2000000000", "--widths", 1)).hasMessageContaining("more than");
    assertThatThrownBy(() -> Sizes.parse("1,2,...,2000000000", "--widths", 1)).hasMessageContaining("more than");
  }

  @Test
  void seedsDependOnEveryPartAndNothingElse() {
    DrawSpec a = new DrawSpec(2, new int[] {3, 5}, false);
    assertThat(DrawSeeds.seed(1, a, 0)).isEqualTo(DrawSeeds.seed(1, new DrawSpec(2, new int[] {3, 5}, false), 0));
    assertThat(DrawSeeds.seed(1, a, 0)).isNotEqualTo(DrawSeeds.seed(1, a, 1));
    assertThat(DrawSeeds.seed(1, a, 0)).isNotEqualTo(DrawSeeds.seed(2, a, 0));
    assertThat(DrawSeeds.seed(1, a, 0)).isNotEqualTo(DrawSeeds.seed(1, new DrawSpec(2, new int[] {5, 3}, false), 0));
    assertThat(DrawSeeds.seed(1, a, 0)).isNotEqualTo(DrawSeeds.seed(1, new DrawSpec(2, new int[] {3, 5}, true), 0));
    assertThat(a.draw(1, 7)).isEqualTo(a.draw(1, 7));
    assertThat(a.widthsLabel()).isEqualTo("3x5");
  }
}
