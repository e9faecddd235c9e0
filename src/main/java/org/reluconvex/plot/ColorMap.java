package org.reluconvex.plot;

import java.awt.Color;

/** Sequential colour maps on [0, 1]: viridis (piecewise linear through its published anchors). */
public final class ColorMap {
  private static final double[][] VIRIDIS = {
      {68, 1, 84}, {72, 36, 117}, {59, 82, 139}, {44, 114, 142}, {33, 145, 140},
      {39, 173, 129}, {94, 201, 98}, {170, 220, 50}, {253, 231, 37}};

  private final double lighten;

  private ColorMap(double lighten) { this.lighten = lighten; }

  /** Viridis. */
  public static ColorMap viridis() { return new ColorMap(0); }

  /** Viridis blended with white by {@code amount} in [0, 1), so that lines drawn on top stay visible. */
  public static ColorMap paleViridis(double amount) { return new ColorMap(amount); }

  /** The colour of t (clamped to [0, 1]; NaN gives light grey). */
  public Color at(double t) {
    if (Double.isNaN(t)) return new Color(220, 220, 220);
    t = Math.max(0, Math.min(1, t));
    double p = t * (VIRIDIS.length - 1);
    int i = Math.min(VIRIDIS.length - 2, (int) p);
    double f = p - i;
    int[] rgb = new int[3];
    for (int k = 0; k < 3; k++) {
      double v = VIRIDIS[i][k] * (1 - f) + VIRIDIS[i + 1][k] * f;
      rgb[k] = (int) Math.round(v * (1 - lighten) + 255 * lighten);
    }
    return new Color(rgb[0], rgb[1], rgb[2]);
  }

  /** Black or white, whichever reads better on the colour of t. */
  public Color textOn(double t) {
    Color c = at(t);
    double lum = 0.299 * c.getRed() + 0.587 * c.getGreen() + 0.114 * c.getBlue();
    return lum > 140 ? Color.BLACK : Color.WHITE;
  }
}
