package org.reluconvex.complex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Examples;
import org.reluconvex.network.Network;
import org.reluconvex.network.RandomNetworks;
import org.reluconvex.precision.PrecisionPolicy;

class ComplexAuditTest {
  private static ComplexAudit.Result audit(PolyhedralComplex cx) {
    return new ComplexAudit(cx, PrecisionPolicy.DEFAULT).run();
  }

  @Test
  void randomComplexesAreCertifiedMostlyInDouble() {
    for (int seed = 1; seed <= 6; seed++) {
      for (int d = 1; d <= 3; d++) {
        Network net = RandomNetworks.mlp(d, new int[] {6, 5}, seed);
        PolyhedralComplex cx = EdgeSubdivision.build(net, Domain.cube(d, -10, 10));
        ComplexAudit.Result r = audit(cx);
        assertThat(r.certified()).as("seed %d d %d: %s", seed, d, r.failure()).isTrue();
        // random weights are in general position: every vertex is decided without exact arithmetic
        assertThat(r.exactVertices()).as("seed %d d %d", seed, d).isZero();
      }
    }
  }

  @Test
  void degenerateVerticesAreCertifiedExactly() {
    // non-icnn-weights has several zero sets through one point: those vertices need exact arithmetic
    PolyhedralComplex cx = EdgeSubdivision.build(Examples.nonIcnnWeights(), Domain.cube(2, -2, 2));
    ComplexAudit.Result r = audit(cx);
    assertThat(r.certified()).as(String.valueOf(r.failure())).isTrue();
    assertThat(r.exactVertices()).isPositive();
  }

  @Test
  void everyPlantedWrongSignIsFound() {
    Network net = RandomNetworks.mlp(2, new int[] {5, 4}, 3);
    PolyhedralComplex cx = EdgeSubdivision.build(net, Domain.cube(2, -5, 5));
    SplittableRandom rnd = new SplittableRandom(11);
    int planted = 0;
    for (int k = 0; k < 60; k++) {
      int v = rnd.nextInt(cx.vertexCount()), g = rnd.nextInt(cx.hiddenCount());
      if (java.util.Arrays.binarySearch(cx.vertexTight(v), cx.constraintOf(g)) >= 0) continue;
      PolyhedralComplex wrong = cx.withActivity(v, g, !cx.active(v, g));
      ComplexAudit.Result r = audit(wrong);
      assertThat(r.certified()).as("flipped neuron %d at vertex %d", g, v).isFalse();
      assertThat(r.failure()).containsPattern("\\b" + v + "\\b");
      planted++;
    }
    assertThat(planted).isGreaterThan(30);
  }

  /**
   * A deep trained network (8 x 32, the 512-sphere benchmark), where bounds over the whole box grow
   * by orders of magnitude per layer and most vertices used to fall to exact arithmetic: the bounds
   * at each vertex prove nearly all in double, and still find every planted wrong sign.
   */
  @Test
  void onADeepTrainedNetworkTheBoundsAtTheVertexProveItAndFindPlantedWrongSigns() throws Exception {
    Network net;
    try (java.io.InputStream in = ComplexAuditTest.class.getResourceAsStream("/bench/d3-spheres512-sdf-8x32.onnx")) {
      net = org.reluconvex.io.Onnx.read(in.readAllBytes(), "d3-spheres512-sdf-8x32.onnx");
    }
    PolyhedralComplex cx = EdgeSubdivision.build(net, Domain.cube(3, -0.5, -0.42));
    assertThat(cx.vertexCount()).isGreaterThan(1000);
    ComplexAudit.Result r = audit(cx);
    assertThat(r.certified()).as(String.valueOf(r.failure())).isTrue();
    assertThat(r.exactVertices()).isLessThan(cx.vertexCount() / 100);
    // the claim with the thinnest margin at each sampled vertex, flipped: the hardest to refute
    SplittableRandom rnd = new SplittableRandom(5);
    org.reluconvex.network.Forward fw = new org.reluconvex.network.Forward(net);
    int planted = 0;
    for (int k = 0; k < 40; k++) {
      int v = rnd.nextInt(cx.vertexCount()), thinnest = -1;
      fw.run(cx.vertex(v));
      double margin = Double.POSITIVE_INFINITY;
      for (int g = 0; g < cx.hiddenCount(); g++) {
        if (java.util.Arrays.binarySearch(cx.vertexTight(v), cx.constraintOf(g)) >= 0) continue;
        double m = Math.abs(fw.preOf(cx.neuron(g).layer(), cx.neuron(g).index()));
        if (m < margin) {
          margin = m;
          thinnest = g;
        }
      }
      if (thinnest < 0) continue;
      ComplexAudit.Result wrong = audit(cx.withActivity(v, thinnest, !cx.active(v, thinnest)));
      assertThat(wrong.certified()).as("flipped neuron %d at vertex %d (margin %s)", thinnest, v, margin).isFalse();
      planted++;
    }
    assertThat(planted).isGreaterThan(30);
  }

  @Test
  void exactPointsSatisfyTheirTightConstraints() {
    PolyhedralComplex cx = EdgeSubdivision.build(Examples.nonIcnnWeights(), Domain.cube(2, -3, 3));
    ComplexAudit a = new ComplexAudit(cx, PrecisionPolicy.DEFAULT);
    for (int v = 0; v < cx.vertexCount(); v++) {
      ComplexAudit.ExactPoint p = a.exactPoint(v);
      assertThat(p).isNotNull();
      assertThat(p.den().signum()).isPositive();
      double[] x = cx.vertex(v);
      for (int i = 0; i < 2; i++)
        assertThat(p.num()[i].divide(p.den(), java.math.MathContext.DECIMAL64).doubleValue()).isCloseTo(x[i], org.assertj.core.data.Offset.offset(1e-12));
    }
  }

  @Test
  void aMissingOrForeignEdgeIsFound() {
    Network net = RandomNetworks.mlp(2, new int[] {4, 4}, 8);
    PolyhedralComplex cx = EdgeSubdivision.build(net, Domain.cube(2, -5, 5));
    assertThat(audit(cx).certified()).isTrue();
    // drop one edge: its ends lose a ray
    PolyhedralComplex missing = cx.withEdges(java.util.stream.IntStream.range(1, cx.edgeCount()).toArray());
    assertThat(audit(missing).certified()).isFalse();
    assertThat(audit(missing).failure()).contains("edges, a simple vertex");
  }
}
