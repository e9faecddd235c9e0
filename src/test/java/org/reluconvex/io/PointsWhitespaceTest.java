package org.reluconvex.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

/** Points as np.savetxt writes them: separated by spaces, in exponent form. */
class PointsWhitespaceTest {
  private static double[][] parse(String text, int dim) {
    return PointsCsv.parse(new BufferedReader(new StringReader(text)), "pts.txt", dim);
  }

  @Test
  void spaceSeparatedLinesAreRowsNotAHeader() {
    double[][] x = parse("1.000000000000000000e+00 5.000000000000000000e-01\n-3.0\t2.0\n", 2);
    assertThat(x).hasDimensions(2, 2);
    assertThat(x[0]).containsExactly(1.0, 0.5);
    assertThat(x[1]).containsExactly(-3.0, 2.0);
  }

  @Test
  void aSpaceSeparatedHeaderIsSkippedAndWrongWidthsNamed() {
    assertThat(parse("x1 x2\n1 2\n", 2)).hasDimensions(1, 2);
    assertThatThrownBy(() -> parse("1 2 3\n", 2)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("pts.txt: line 1 has 3 values, expected 2");
  }
}
