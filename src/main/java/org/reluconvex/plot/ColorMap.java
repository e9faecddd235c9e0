package org.reluconvex.plot;

/** A perceptually ordered colour map (viridis-like, interpolated between anchor colours). */
final class ColorMap {
  private static final int[][] ANCHORS = {
    {68, 1, 84}, {72, 40, 120}, {62, 74, 137}, {49, 104, 142}, {38, 130, 142},
    {31, 158, 137}, {53, 183, 121}, {109, 205, 89}, {180, 222, 44}, {253, 231, 37}
  };

  private ColorMap() {}

  /** RGB of t in [0, 1] (clamped). */
  static int rgb(double t) {
    if (!(t > 0)) t = 0;
    if (t > 1) t = 1;
    double s = t * (ANCHORS.length - 1);
    int i = Math.min((int) s, ANCHORS.length - 2);
    double u = s - i;
    int[] a = ANCHORS[i], b = ANCHORS[i + 1];
    int r = (int) Math.round(a[0] + u * (b[0] - a[0]));
    int g = (int) Math.round(a[1] + u * (b[1] - a[1]));
    int bl = (int) Math.round(a[2] + u * (b[2] - a[2]));
    return (r << 16) | (g << 8) | bl;
  }
}
