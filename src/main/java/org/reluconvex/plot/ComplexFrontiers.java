package org.reluconvex.plot;

import java.util.ArrayList;
import java.util.List;
import org.reluconvex.network.Domain;
import org.reluconvex.complex.EdgeSubdivision;
import org.reluconvex.complex.PolyhedralComplex;
import org.reluconvex.convexity.Kink;
import org.reluconvex.network.Network;

/**
 * Frontiers from the polyhedral complex ({@link EdgeSubdivision}) with kinks from {@link Kink#across}:
 * for d = 2 every edge inside the open box that lies on a hidden neuron's zero set, its kink taken at the midpoint across
 * the edge's normal; for d = 1 every vertex on a zero set.
 */
public final class ComplexFrontiers implements FrontierSource {
  @Override
  public List<Frontier> frontiers(Network net, Domain box) {
    if (net.inputDim() > 2) throw new IllegalArgumentException("frontiers are drawn for d = 1 or 2; slice the network first");
    List<Frontier> out = new ArrayList<>();
    if (net.hiddenLayers() == 0) return out;
    PolyhedralComplex cx = EdgeSubdivision.build(net, box);
    if (net.inputDim() == 1) {
      for (int v = 0; v < cx.vertexCount(); v++) {
        if (!onZeroSet(cx, cx.vertexTight(v))) continue;
        double x = cx.coord(v, 0);
        out.add(Frontier.point(x, Kink.across(net, new double[] {x}, new double[] {1})));
      }
      return out;
    }
    for (int e = 0; e < cx.edgeCount(); e++) {
      if (cx.edgeNeuron(e) == null || onBoxFacet(cx, cx.edgeTight(e))) continue;
      double[] a = cx.vertex(cx.edgeStart(e)), b = cx.vertex(cx.edgeEnd(e));
      double dx = b[0] - a[0], dy = b[1] - a[1];
      if (dx == 0 && dy == 0) continue;
      double[] mid = {0.5 * (a[0] + b[0]), 0.5 * (a[1] + b[1])};
      out.add(new Frontier(a[0], a[1], b[0], b[1], Kink.across(net, mid, new double[] {-dy, dx})));
    }
    return out;
  }

  /** An edge of the box boundary separates nothing inside the open box (a neuron may vanish there identically). */
  private static boolean onBoxFacet(PolyhedralComplex cx, int[] tight) {
    for (int c : tight) if (c < 2 * cx.dim()) return true;
    return false;
  }

  private static boolean onZeroSet(PolyhedralComplex cx, int[] tight) {
    for (int c : tight) if (c >= 2 * cx.dim()) return true;
    return false;
  }
}
