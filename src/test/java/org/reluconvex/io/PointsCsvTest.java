package org.reluconvex.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class PointsCsvTest {
  static double[][] parse(String text, int dim) {
    return PointsCsv.parse(new BufferedReader(new StringReader(text)), "pts.csv", dim);
  }

  @Test
  void headerBlankLinesAndCommentsAreSkipped() {
    double[][] p = parse("# points\nx1, x2\n\n1.5, -2\n  3e-1,4  \n", 2);
    assertThat(p).hasDimensions(2, 2);
    assertThat(p[0]).containsExactly(1.5, -2);
    assertThat(p[1]).containsExactly(0.3, 4);
  }

  @Test
  void aNumericFirstLineIsData() {
    assertThat(parse("1,2\n3,4\n", 2)).hasDimensions(2, 2);
  }

  @Test
  void dimensionIsTakenFromTheFirstRowWhenNotGiven() {
    assertThat(parse("1,2,3\n", 0)[0]).containsExactly(1, 2, 3);
    assertThatThrownBy(() -> parse("1,2,3\n4,5\n", 0)).hasMessage("pts.csv: line 2 has 2 values, expected 3");
  }

  @Test
  void errorsNameTheLine() {
    assertThatThrownBy(() -> parse("a,b\n1,2\n1\n", 2)).isInstanceOf(BadInputException.class)
        .hasMessage("pts.csv: line 3 has 1 values, expected 2 (the model's input dimension)");
    assertThatThrownBy(() -> parse("1,2\n1,x\n", 2)).hasMessage("pts.csv: line 2, column 2: 'x' is not a number");
    assertThatThrownBy(() -> parse("1,NaN\n", 2)).hasMessageContaining("is not finite");
    assertThatThrownBy(() -> parse("1,2\n1,\n", 2)).isInstanceOf(BadInputException.class);
  }
}
