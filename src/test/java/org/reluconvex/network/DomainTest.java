package org.reluconvex.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DomainTest {
  @Test
  void parsesBothBoxFormsIntoTheBoxTheyName() {
    assertThat(Domain.parseBox("-2,3", 3)).isEqualTo(Domain.box(new double[] {-2, -2, -2}, new double[] {3, 3, 3}));
    assertThat(Domain.parseBox(" -1:1 , 0.5:2e3 ", 2)).isEqualTo(Domain.box(new double[] {-1, 0.5}, new double[] {1, 2000}));
    assertThat(Domain.parseBox("-1e300,1e300", 2).scale()).isEqualTo(1e300);
    assertThat(Domain.parseBox("-2,3", 3).describe()).isEqualTo("[-2, 3]^3");
    assertThat(Domain.parseBox("-2:2,-1:3", 2).describe()).isEqualTo("[-2, 2] x [-1, 3]");
    assertThat(Domain.parseBox("0.25:0.5,0:1", 2).describe()).isEqualTo("[0.25, 0.5] x [0, 1]");
    assertThat(Domain.whole(4).describe()).isEqualTo("R^4");
  }

  @Test
  void badBoxesAreRefusedWithTheReason() {
    assertThatThrownBy(() -> Domain.parseBox("3,1", 2)).hasMessageContaining("lower bound 3.0 is not below upper bound 1.0");
    assertThatThrownBy(() -> Domain.parseBox("1,1", 2)).hasMessageContaining("not below");
    assertThatThrownBy(() -> Domain.parseBox("0:1", 2)).hasMessageContaining("gives 1 intervals").hasMessageContaining("input dimension 2");
    assertThatThrownBy(() -> Domain.parseBox("0:1:2,0:1", 2)).hasMessageContaining("is not LO:HI");
    assertThatThrownBy(() -> Domain.parseBox("a,b", 2)).hasMessageContaining("not a number");
    assertThatThrownBy(() -> Domain.parseBox("1,2,3", 2)).hasMessageContaining("neither LO,HI");
    assertThatThrownBy(() -> Domain.parseBox("-Infinity,1", 2)).hasMessageContaining("not finite");
    assertThatThrownBy(() -> Domain.parseBox("NaN,1", 2)).hasMessageContaining("not finite");
    assertThatThrownBy(() -> Domain.whole(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void membershipAgreesWithTheCoordinateBounds() {
    Domain box = Domain.box(new double[] {-1, 2}, new double[] {3, 2.5});
    SplittableRandom r = new SplittableRandom(4);
    for (int i = 0; i < 10_000; i++) {
      double[] x = {r.nextDouble(-2, 4), r.nextDouble(1.5, 3)};
      boolean in = -1 <= x[0] && x[0] <= 3 && 2 <= x[1] && x[1] <= 2.5;
      assertThat(box.contains(x)).isEqualTo(in);
      double m = r.nextDouble(0, 0.2);
      boolean inside = -1 + m < x[0] && x[0] < 3 - m && 2 + m < x[1] && x[1] < 2.5 - m;
      assertThat(box.containsStrictly(x, m)).isEqualTo(inside);
    }
    // the corners belong to the closed box, not to the open one
    assertThat(box.contains(new double[] {-1, 2.5})).isTrue();
    assertThat(box.containsStrictly(new double[] {-1, 2.5}, 0)).isFalse();
    assertThat(Domain.whole(2).contains(new double[] {1e308, -1e308})).isTrue();
  }

  @Test
  void boundsAreCopiedInAndOut() {
    double[] lo = {0, 0}, hi = {1, 1};
    Domain d = Domain.box(lo, hi);
    lo[0] = -5;
    d.hi()[1] = 7;
    assertThat(d.lo(0)).isZero();
    assertThat(d.hi(1)).isEqualTo(1);
    assertThat(d.scale()).isEqualTo(1);
    assertThat(Domain.cube(2, 10, 11).scale()).as("the magnitude of the coordinates, not the side").isEqualTo(11);
    assertThat(Domain.whole(2).scale()).isZero();
    assertThat(Domain.whole(2).lo()).isNull();
    assertThat(Domain.cube(2, 0, 1)).isEqualTo(Domain.parseBox("0,1", 2)).hasSameHashCodeAs(Domain.parseBox("0:1,0:1", 2));
    assertThat(Domain.cube(2, 0, 1)).isNotEqualTo(Domain.cube(3, 0, 1)).isNotEqualTo(Domain.whole(2));
  }
}
