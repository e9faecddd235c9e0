package org.reluconvex.complex;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.reluconvex.convexity.CheckOptions;
import org.reluconvex.convexity.Checks;
import org.reluconvex.convexity.SkeletonChecker;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;
import org.reluconvex.network.NetworkBuilder;
import org.reluconvex.precision.PrecisionPolicy;

/** The precision policy's snapping band is the one the build uses: a custom policy changes what snaps. */
class SnapBandTest {
  /** relu(x) and relu(x - 2^-35): the second zero set passes within 2^-35 of the first one's vertices (0, -1) and (0, 1). */
  private static Network nearlyThrough() {
    return NetworkBuilder.of(2, 2)
        .weights(1, 0, new double[][] {{1, 0}, {1, 0}})
        .bias(1, new double[] {0, -Math.scalb(1.0, -35)})
        .weights(2, 1, new double[][] {{1, 1}})
        .build();
  }

  @Test
  void aWiderBandSnapsWhatTheDefaultKeepsApart() {
    Network net = nearlyThrough();
    Domain box = Domain.cube(2, -1, 1);
    PrecisionPolicy wide = new PrecisionPolicy("wide snap", 2.0, 1e-9, 20_000);
    PolyhedralComplex fine = EdgeSubdivision.build(net, box, BuildSettings.of(PrecisionPolicy.DEFAULT));
    PolyhedralComplex snapped = EdgeSubdivision.build(net, box, BuildSettings.of(wide));
    // 2^-35 ≈ 2.9e-11: outside the default band (1e-13 of the largest |pre|), inside 1e-9
    assertThat(fine.vertexCount()).isEqualTo(8);
    assertThat(snapped.vertexCount()).isEqualTo(6);
    assertThat(EdgeSubdivision.build(net, box).vertexCount()).isEqualTo(fine.vertexCount());
    // the checkers build with their own policy's band, whatever settings they are handed
    assertThat(new SkeletonChecker(wide, BuildSettings.defaults()).check(net, box).vertexCount()).hasValue(snapped.vertexCount());
    assertThat(Checks.check(net, box, CheckOptions.defaults().withMethod(Checks.Method.SKELETON).withPrecision(wide)).vertexCount())
        .hasValue(snapped.vertexCount());
    assertThat(Checks.check(net, box, Checks.Method.SKELETON).vertexCount()).hasValue(fine.vertexCount());
  }
}
