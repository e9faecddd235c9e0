package org.reluconvex.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.reluconvex.convexity.Checks;
import org.reluconvex.convexity.Verdict;
import org.reluconvex.convexity.VerdictKind;
import org.reluconvex.pathlift.Gains;

/**
 * example:beyond-icnn is f_EX of docs/math.md section 6; docs/beyond-icnn.md proves that no ICNN of
 * SkipMLP_2((2, 2)) equals it on a neighbourhood of the origin. This test checks the facts the proof
 * rests on, each against an oracle written here: the network is that architecture with small
 * integer weights, it equals the maximum of seven linear functions exactly, it is positively
 * homogeneous (so its tangent function at 0 is itself), the exact check calls it convex, and the
 * gradients of its pieces are the seven vertices of a heptagon with no two parallel edges.
 */
class BeyondIcnnExampleTest {
  /** The gradients of the seven linear pieces of f_EX, in counter-clockwise order. */
  static final long[][] PIECES = {{7, 2}, {6, 3}, {3, 3}, {1, 2}, {1, 0}, {3, -1}, {6, 1}};

  static BigDecimal closedForm(BigDecimal[] x) {
    BigDecimal best = null;
    for (long[] g : PIECES) {
      BigDecimal v = BigDecimal.valueOf(g[0]).multiply(x[0]).add(BigDecimal.valueOf(g[1]).multiply(x[1]));
      if (best == null || v.compareTo(best) > 0) best = v;
    }
    return best;
  }

  @Test
  void isASkipMlpWithTwoHiddenLayersOfTwoAndSmallIntegerWeights() {
    Network f = Examples.beyondIcnn();
    assertThat(f.architecture()).isEqualTo(Architecture.SKIP_MLP);
    assertThat(f.inputDim()).isEqualTo(2);
    assertThat(f.hiddenLayers()).isEqualTo(2);
    assertThat(f.width(1)).isEqualTo(2);
    assertThat(f.width(2)).isEqualTo(2);
    for (int l = 1; l <= f.outputLayer(); l++)
      for (int m = 0; m < l; m++)
        for (int i = 0; i < f.width(l); i++)
          for (int j = 0; j < f.width(m); j++) {
            double w = f.weight(l, m, i, j);
            assertThat(w).isEqualTo(Math.rint(w)).isBetween(-3.0, 3.0);
          }
    assertThat(f.isIcnn()).as("the given weights are not ICNN weights (W_2 has -2)").isFalse();
  }

  @Test
  void equalsItsMaxOfLinearClosedFormExactly() {
    Network f = Examples.beyondIcnn();
    ExactForward exact = new ExactForward(f);
    SplittableRandom rnd = new SplittableRandom(16);
    List<double[]> points = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      double scale = Math.scalb(1.0, rnd.nextInt(-20, 20));
      points.add(new double[] {scale * (2 * rnd.nextDouble() - 1), scale * (2 * rnd.nextDouble() - 1)});
    }
    // on the seven lines that carry the kink rays (where neighbouring pieces tie)
    for (int t = -40; t <= 40; t++) {
      double s = t / 8.0;
      for (double[] ray : new double[][] {{1, 1}, {0, 1}, {-1, 2}, {1, 0}, {1, 2}, {2, -3}, {1, -1}})
        points.add(new double[] {s * ray[0], s * ray[1]});
    }
    for (double[] x : points) {
      BigDecimal[] bx = ExactForward.exact(x);
      assertThat(exact.output(bx)).as("f(%s, %s)", x[0], x[1]).isEqualByComparingTo(closedForm(bx));
    }
  }

  @Test
  void isPositivelyHomogeneousSoItsTangentAtTheOriginIsItself() {
    Network f = Examples.beyondIcnn();
    ExactForward exact = new ExactForward(f);
    assertThat(exact.output(ExactForward.exact(new double[] {0, 0}))).isEqualByComparingTo(BigDecimal.ZERO);
    SplittableRandom rnd = new SplittableRandom(3);
    for (int i = 0; i < 2_000; i++) {
      double[] x = {2 * rnd.nextDouble() - 1, 2 * rnd.nextDouble() - 1};
      double t = Math.scalb(1.0, rnd.nextInt(-30, 30)); // exact scaling of doubles
      BigDecimal fx = exact.output(ExactForward.exact(x));
      BigDecimal ftx = exact.output(ExactForward.exact(new double[] {t * x[0], t * x[1]}));
      assertThat(ftx).isEqualByComparingTo(fx.multiply(new BigDecimal(t)));
    }
  }

  @Test
  void theExactCheckCallsItConvexOnBoxesAndOnThePlane() {
    Network f = Examples.beyondIcnn();
    for (Domain d : List.of(Domain.cube(2, -100, 100), Domain.cube(2, -2, 2), Domain.box(new double[] {-0.5, -3}, new double[] {1, 0.25}))) {
      for (Checks.Method m : List.of(Checks.Method.AUTO, Checks.Method.SKELETON, Checks.Method.CELLS)) {
        Verdict v = Checks.check(f, d, m);
        assertThat(v.kind()).as(m + " on " + d).isEqualTo(VerdictKind.CONVEX);
      }
    }
    assertThat(Checks.check(f, Domain.whole(2), Checks.Method.CELLS).kind()).isEqualTo(VerdictKind.CONVEX);
    // the path criterion alone fails (a gain is -2 where two neurons switch together), so the kink
    // criterion is what decides: the example exercises that path
    assertThat(Checks.check(f, Domain.cube(2, -2, 2), Checks.Method.SKELETON).minGain()).isEqualTo(-2.0);
  }

  @Test
  void itsGradientsAreTheSevenVerticesOfAHeptagonWithNoTwoParallelEdges() {
    Network f = Examples.beyondIcnn();
    // every cone of f's fan is wider than a degree, so 7,200 directions see every piece
    Set<List<Long>> gradients = new LinkedHashSet<>();
    for (int k = 0; k < 7_200; k++) {
      double a = 2 * Math.PI * (k + 0.5) / 7_200;
      double[] g = Gains.localAffine(f, new double[] {Math.cos(a), Math.sin(a)}).gradient();
      assertThat(g[0]).isEqualTo(Math.rint(g[0]));
      assertThat(g[1]).isEqualTo(Math.rint(g[1]));
      gradients.add(List.of((long) g[0], (long) g[1]));
    }
    Set<List<Long>> expected = new LinkedHashSet<>();
    for (long[] p : PIECES) expected.add(List.of(p[0], p[1]));
    assertThat(gradients).isEqualTo(expected);

    List<long[]> hull = convexHull(PIECES);
    assertThat(hull).as("every gradient is a vertex of the Newton polygon").hasSize(7);
    long[][] edges = new long[7][];
    for (int i = 0; i < 7; i++) {
      long[] a = hull.get(i), b = hull.get((i + 1) % 7);
      edges[i] = new long[] {b[0] - a[0], b[1] - a[1]};
    }
    for (int i = 0; i < 7; i++)
      for (int j = i + 1; j < 7; j++)
        assertThat(edges[i][0] * edges[j][1] - edges[i][1] * edges[j][0]).as("edges %d and %d are not parallel", i, j).isNotZero();
    // 7 > 6, the most edges without a parallel pair that the Newton polygon of an ICNN of
    // SkipMLP_2((2, 2)) can have (docs/beyond-icnn.md, step 5)
    assertThat(edges.length).isGreaterThan(6);
  }

  /**
   * The step of the proof that bounds ICNNs (docs/beyond-icnn.md, section 5), on random bias-free
   * ICNNs of SkipMLP_2((2, 2)) with small integer weights (each is its own tangent function at 0):
   * the Newton polygon, computed from the network's gradients on every cone of its fan, has at most
   * four edges not parallel to a first-layer weight vector w_k, hence at most six edges when no two
   * are parallel. Also: the network is convex, so its gradients around the circle are the polygon's
   * vertices in order.
   */
  @Test
  void biasFreeIcnnsOfTheArchitectureHaveAtMostFourEdgesOutsideTheFirstLayerDirections() {
    SplittableRandom rnd = new SplittableRandom(61);
    int heptagons = 0, sixes = 0;
    for (int draw = 0; draw < 3_000; draw++) {
      double[][] w1 = new double[2][2], w2 = new double[2][2], v2 = new double[2][2];
      double[] w3 = new double[2], v3 = new double[2];
      for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 2; j++) {
          w1[i][j] = rnd.nextInt(-3, 4);
          v2[i][j] = rnd.nextInt(-3, 4);
          w2[i][j] = rnd.nextInt(0, 4);
        }
        w3[i] = rnd.nextInt(0, 4);
        v3[i] = rnd.nextInt(-3, 4);
      }
      Network icnn = NetworkBuilder.of(2, 2, 2).weights(1, 0, w1).weights(2, 1, w2).weights(2, 0, v2)
          .weights(3, 2, new double[][] {w3}).weights(3, 0, new double[][] {v3}).build();
      assertThat(icnn.isIcnn()).isTrue();
      List<long[]> gradients = fanGradients(icnn, w1, w2, v2);
      List<long[]> hull = convexHull(gradients.toArray(long[][]::new));
      if (hull.size() < 3) continue;
      int outside = 0, parallelPairs = 0;
      long[][] edges = new long[hull.size()][];
      for (int i = 0; i < hull.size(); i++) {
        long[] a = hull.get(i), b = hull.get((i + 1) % hull.size());
        edges[i] = new long[] {b[0] - a[0], b[1] - a[1]};
        boolean alongW = false;
        for (double[] w : w1) alongW |= (w[0] != 0 || w[1] != 0) && edges[i][0] * (long) w[1] - edges[i][1] * (long) w[0] == 0;
        if (!alongW) outside++;
      }
      for (int i = 0; i < edges.length; i++)
        for (int j = i + 1; j < edges.length; j++)
          if (edges[i][0] * edges[j][1] - edges[i][1] * edges[j][0] == 0) parallelPairs++;
      assertThat(outside).as("draw %d: edges not parallel to w_1 or w_2", draw).isLessThanOrEqualTo(4);
      if (parallelPairs == 0) assertThat(hull).as("draw %d", draw).hasSizeLessThanOrEqualTo(6);
      if (parallelPairs == 0 && hull.size() == 6) sixes++;
      if (hull.size() >= 7) heptagons++;
    }
    // the bound is reached, so the test would see a violation of it; larger polygons have parallel edges
    assertThat(sixes).isPositive();
    assertThat(heptagons).isPositive();

    // the same computation on f_EX (not ICNN weights): its seven gradients, and five edges outside
    // the directions of its first-layer weights (1, 0) and (0, 1), one more than any such ICNN has
    List<long[]> ex = convexHull(fanGradients(Examples.beyondIcnn(), new double[][] {{1, 0}, {0, 1}},
        new double[][] {{3, 2}, {3, -2}}, new double[][] {{0, 2}, {-2, 1}}).toArray(long[][]::new));
    assertThat(ex).hasSize(7);
    int outside = 0;
    for (int i = 0; i < 7; i++) {
      long[] a = ex.get(i), b = ex.get((i + 1) % 7);
      if (b[0] - a[0] != 0 && b[1] - a[1] != 0) outside++;
    }
    assertThat(outside).isEqualTo(5);
  }

  /**
   * The gradients of a bias-free SkipMLP_2((2, 2)) on every cone of its fan: the rays where some
   * neuron's pre-activation vanishes are computed exactly (first layer: orthogonal to w_k; second
   * layer: orthogonal to h_j's linear form on each sector of the first-layer lines), and the gradient
   * is read at the bisector of every two consecutive rays.
   */
  private static List<long[]> fanGradients(Network net, double[][] w1, double[][] w2, double[][] v2) {
    List<long[]> rays = new ArrayList<>();
    for (double[] w : w1)
      if (w[0] != 0 || w[1] != 0) {
        rays.add(new long[] {(long) -w[1], (long) w[0]});
        rays.add(new long[] {(long) w[1], (long) -w[0]});
      }
    List<long[]> firstLayer = new ArrayList<>(rays);
    firstLayer.add(new long[] {1, 0}); // at least one sector boundary
    sortByAngle(firstLayer);
    for (int s = 0; s < firstLayer.size(); s++) {
      long[] a = firstLayer.get(s), b = firstLayer.get((s + 1) % firstLayer.size());
      double[] mid = bisector(a, b, firstLayer.size() == 1);
      for (int j = 0; j < 2; j++) {
        long[] c = {(long) v2[j][0], (long) v2[j][1]};
        for (int k = 0; k < 2; k++)
          if (w1[k][0] * mid[0] + w1[k][1] * mid[1] > 0) {
            c[0] += (long) (w2[j][k] * w1[k][0]);
            c[1] += (long) (w2[j][k] * w1[k][1]);
          }
        for (long[] r : new long[][] {{-c[1], c[0]}, {c[1], -c[0]}})
          if ((r[0] != 0 || r[1] != 0) && strictlyBetween(a, r, b, firstLayer.size() == 1)) rays.add(r);
      }
    }
    rays.add(new long[] {1, 0});
    sortByAngle(rays);
    List<long[]> out = new ArrayList<>();
    for (int i = 0; i < rays.size(); i++) {
      long[] a = rays.get(i), b = rays.get((i + 1) % rays.size());
      if (cross(new long[] {0, 0}, a, b) == 0 && a[0] * b[0] + a[1] * b[1] > 0) continue; // same ray twice
      double[] g = Gains.localAffine(net, bisector(a, b, rays.size() == 1)).gradient();
      out.add(new long[] {Math.round(g[0]), Math.round(g[1])});
    }
    return out;
  }

  private static void sortByAngle(List<long[]> rays) {
    rays.sort((p, q) -> Double.compare(Math.atan2(p[1], p[0]), Math.atan2(q[1], q[0])));
  }

  /** A unit vector strictly inside the counter-clockwise sector from a to b (b == a: the full turn). */
  private static double[] bisector(long[] a, long[] b, boolean fullTurn) {
    double ta = Math.atan2(a[1], a[0]), tb = Math.atan2(b[1], b[0]);
    if (tb <= ta || fullTurn) tb += 2 * Math.PI;
    double t = (ta + tb) / 2;
    return new double[] {Math.cos(t), Math.sin(t)};
  }

  /** Whether r lies strictly inside the counter-clockwise sector from a to b. */
  private static boolean strictlyBetween(long[] a, long[] r, long[] b, boolean fullTurn) {
    double ta = Math.atan2(a[1], a[0]), tb = Math.atan2(b[1], b[0]), tr = Math.atan2(r[1], r[0]);
    if (tb <= ta || fullTurn) tb += 2 * Math.PI;
    if (tr <= ta) tr += 2 * Math.PI;
    return tr > ta && tr < tb && cross(new long[] {0, 0}, a, r) != 0 && cross(new long[] {0, 0}, r, b) != 0;
  }

  /** Andrew's monotone chain on integer points, counter-clockwise, without collinear points. */
  static List<long[]> convexHull(long[][] pts) {
    long[][] p = java.util.Arrays.stream(pts).distinct().toArray(long[][]::new);
    p = java.util.Arrays.stream(p).map(q -> List.of(q[0], q[1])).distinct().map(l -> new long[] {l.get(0), l.get(1)}).toArray(long[][]::new);
    if (p.length < 3) return new ArrayList<>(List.of(p));
    java.util.Arrays.sort(p, (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    long[][] h = new long[2 * p.length][];
    int k = 0;
    for (long[] q : p) {
      while (k >= 2 && cross(h[k - 2], h[k - 1], q) <= 0) k--;
      h[k++] = q;
    }
    for (int i = p.length - 2, lower = k + 1; i >= 0; i--) {
      while (k >= lower && cross(h[k - 2], h[k - 1], p[i]) <= 0) k--;
      h[k++] = p[i];
    }
    return new ArrayList<>(List.of(java.util.Arrays.copyOf(h, k - 1)));
  }

  private static long cross(long[] o, long[] a, long[] b) {
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  }
}
