package org.reluconvex.convexity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.reluconvex.network.Domain;
import org.reluconvex.precision.PrecisionPolicy;

class VerdictTest {
  private final Domain box = Domain.cube(2, -1, 1);

  @Test
  void factoriesFillOnlyWhatTheyAreGiven() {
    Verdict c = Verdict.convex("skeleton", box, PrecisionPolicy.DEFAULT);
    assertThat(c.kind()).isEqualTo(VerdictKind.CONVEX);
    assertThat(c.hasCounts()).isFalse();
    assertThat(c.cells()).isEqualTo(Verdict.NO_COUNT);
    assertThat(c.minGain()).isNaN();
    assertThat(c.witness()).isNull();
    Verdict counted = c.withCounts(4, 5, 2).withMinGain(0.5);
    assertThat(counted.hasCounts()).isTrue();
    assertThat(counted.edges()).isEqualTo(5);
    assertThat(counted.minGain()).isEqualTo(0.5);
    assertThat(c.vertexCount()).isEmpty();
    assertThat(c.minimumGain()).isEmpty();
    assertThat(counted.vertexCount()).hasValue(4);
    assertThat(counted.cellCount()).hasValue(2);
    assertThat(counted.minimumGain()).hasValue(0.5);
    assertThat(counted.withCounts(4, 5, Verdict.NO_COUNT).cellCount()).isEmpty();

    assertThat(Verdict.unknown("why", "cells", box, PrecisionPolicy.DEFAULT).reason()).isEqualTo("why");
    assertThatThrownBy(() -> Verdict.notConvex(null, "cells", box, PrecisionPolicy.DEFAULT)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Verdict.unknown(null, "cells", box, PrecisionPolicy.DEFAULT)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toStringShowsTheWitnessPointsAndOnlyTheCountsThatExist() {
    double[] a = {-0.5, 0.25}, b = {0.5, 0.25};
    Verdict v = Verdict.notConvex(new Witness(a, b, 0.5), "skeleton", box, PrecisionPolicy.DEFAULT).withCounts(9, 12, Verdict.NO_COUNT);
    String s = v.toString();
    assertThat(s).startsWith("not_convex by skeleton on " + box.describe())
        .contains("9 vertices", "12 edges", "a = " + Arrays.toString(a), "b = " + Arrays.toString(b), "excess 0.5")
        .doesNotContain("[D@", "cells", "min gain", "reason");
    assertThat(Verdict.unknown("too large", "milp", box, PrecisionPolicy.DEFAULT).toString())
        .isEqualTo("unknown by milp on " + box.describe() + ", reason: too large");
  }
}
