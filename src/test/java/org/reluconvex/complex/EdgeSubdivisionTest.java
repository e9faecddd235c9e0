package org.reluconvex.complex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Forward;
import org.reluconvex.network.Network;
import org.reluconvex.network.RandomNetworks;

/**
 * The construction's internal shortcuts checked against direct evaluation: signs carried from the
 * split edge instead of evaluated, each neuron following only its candidate edges, parallel passes.
 */
class EdgeSubdivisionTest {

  @Test
  void activityBitsAndTightSetsAgreeWithForwardEvaluation() {
    // 96 x 96: several blocks per layer, most vertices created in the second layer, whose signs are propagated
    for (Network net : new Network[] {RandomNetworks.mlp(2, new int[] {96, 96}, 7), RandomNetworks.skipMlp(2, new int[] {40, 40, 40}, 3),
        RandomNetworks.mlp(3, new int[] {12, 12, 12}, 5)}) {
      int d = net.inputDim();
      PolyhedralComplex cx = EdgeSubdivision.build(net, Domain.cube(d, -10, 10));
      assertThat(cx.isResolved()).isTrue();
      Forward fw = new Forward(net);
      double[] scale = new double[cx.hiddenCount()];
      for (int v = 0; v < cx.vertexCount(); v++) {
        fw.run(cx.vertex(v));
        for (int l = 1; l <= net.hiddenLayers(); l++)
          for (int i = 0; i < net.width(l); i++) scale[cx.globalIndex(l, i)] = Math.max(scale[cx.globalIndex(l, i)], Math.abs(fw.pre(l)[i]));
      }
      int checked = 0;
      for (int v = 0; v < cx.vertexCount(); v++) {
        fw.run(cx.vertex(v));
        int[] tight = cx.vertexTight(v);
        for (int l = 1; l <= net.hiddenLayers(); l++)
          for (int i = 0; i < net.width(l); i++) {
            int g = cx.globalIndex(l, i);
            double pre = fw.pre(l)[i];
            boolean isTight = java.util.Arrays.binarySearch(tight, cx.constraintOf(g)) >= 0;
            if (isTight) {
              assertThat(Math.abs(pre)).as("vertex %d on the zero set of %s", v, cx.neuron(g)).isLessThan(1e-8 * scale[g]);
              assertThat(cx.active(v, g)).isFalse();
            } else {
              assertThat(cx.active(v, g)).as("vertex %d, %s, pre %s", v, cx.neuron(g), pre).isEqualTo(pre > 0);
              checked++;
            }
          }
      }
      assertThat(checked).isGreaterThan(cx.vertexCount() * cx.hiddenCount() / 2);
    }
  }

  @Test
  void sameComplexOnAnyNumberOfThreads() throws Exception {
    for (Network net : new Network[] {RandomNetworks.mlp(2, new int[] {100, 100}, 11), RandomNetworks.mlp(3, new int[] {16, 16, 16}, 2)}) {
      Domain box = Domain.cube(net.inputDim(), -20, 20);
      PolyhedralComplex one = new ForkJoinPool(1).submit(() -> EdgeSubdivision.build(net, box)).get();
      PolyhedralComplex four = new ForkJoinPool(4).submit(() -> EdgeSubdivision.build(net, box)).get();
      assertThat(four.vertexCount()).isEqualTo(one.vertexCount());
      assertThat(four.edgeCount()).isEqualTo(one.edgeCount());
      assertThat(one.vertexCount()).isGreaterThan(1000);
      assertThat(snapshot(four)).isEqualTo(snapshot(one));
    }
  }

  /** Every coordinate, tight set, activity word and edge, as one string to compare exactly. */
  private static String snapshot(PolyhedralComplex cx) {
    StringBuilder sb = new StringBuilder();
    for (int v = 0; v < cx.vertexCount(); v++) {
      for (double x : cx.vertex(v)) sb.append(Double.doubleToRawLongBits(x)).append(',');
      sb.append(java.util.Arrays.toString(cx.vertexTight(v)));
      for (int w = 0; w < cx.bitWords(); w++) sb.append(cx.bitWord(v, w)).append(',');
      sb.append('\n');
    }
    for (int e = 0; e < cx.edgeCount(); e++) sb.append(cx.edgeStart(e)).append('-').append(cx.edgeEnd(e)).append(';');
    return sb.toString();
  }
}
