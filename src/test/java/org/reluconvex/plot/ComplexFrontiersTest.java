package org.reluconvex.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Examples;
import org.reluconvex.network.NetworkBuilder;

class ComplexFrontiersTest {
  /**
   * f = max(|x2|, |x1| - 1) on [-3, 3]^2 bends (convexly) on the segment [-1, 1] x {0} and on the four
   * rays |x2| = |x1| - 1; its first-layer neurons also switch on x1 = 0 and on x2 = 0 for |x1| &gt; 1
   * without bending it.
   */
  @Test
  void nonIcnnWeightsFrontiersAreThoseOfMaxOfAbsoluteValues() {
    List<Frontier> fr = new ComplexFrontiers().frontiers(Examples.nonIcnnWeights(), Domain.cube(2, -3, 3));
    double bentLength = 0, flatLength = 0;
    for (Frontier f : fr) {
      double mx = 0.5 * (f.x1() + f.x2()), my = 0.5 * (f.y1() + f.y2());
      double len = Math.hypot(f.x2() - f.x1(), f.y2() - f.y1());
      if (Math.abs(f.kink()) > 1e-9) {
        assertThat(f.kink()).isPositive();
        boolean segment = Math.abs(my) < 1e-12 && Math.abs(mx) < 1;
        boolean ray = Math.abs(Math.abs(my) - (Math.abs(mx) - 1)) < 1e-12 && Math.abs(mx) > 1;
        assertThat(segment || ray).as("bent frontier at (%f, %f)", mx, my).isTrue();
        bentLength += len;
      } else {
        boolean axis = Math.abs(mx) < 1e-12 || (Math.abs(my) < 1e-12 && Math.abs(mx) > 1);
        assertThat(axis).as("flat frontier at (%f, %f)", mx, my).isTrue();
        flatLength += len;
      }
    }
    assertThat(bentLength).isCloseTo(2 + 4 * 2 * Math.sqrt(2), within(1e-9));
    assertThat(flatLength).isCloseTo(6 + 4, within(1e-9));
  }

  @Test
  void kinksOfAOneDimensionalNetwork() {
    // relu(x) - 2 relu(x - 1): kink +1 at 0, -2 at 1
    var net = NetworkBuilder.of(1, 2).weights(1, 0, new double[][] {{1}, {1}}).bias(1, new double[] {0, -1})
        .weights(2, 1, new double[][] {{1, -2}}).build();
    List<Frontier> fr = new ComplexFrontiers().frontiers(net, Domain.cube(1, -2, 2));
    assertThat(fr).hasSize(2);
    Frontier a = fr.get(0).x1() < fr.get(1).x1() ? fr.get(0) : fr.get(1), b = a == fr.get(0) ? fr.get(1) : fr.get(0);
    assertThat(a.x1()).isCloseTo(0, within(1e-12));
    assertThat(a.kink()).isCloseTo(1, within(1e-12));
    assertThat(b.x1()).isCloseTo(1, within(1e-12));
    assertThat(b.kink()).isCloseTo(-2, within(1e-12));
  }
}
