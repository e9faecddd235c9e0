package org.reluconvex.plot;

import java.awt.Color;

/**
 * Sequential colour maps on [0, 1]: viridis, piecewise linear through matplotlib's viridis at
 * t = 0, 1/8, ..., 1 (entries 0, 32, ..., 224, 255 of its 256-entry table). Every plot takes its
 * colours from here.
 */
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
    return new Color(rgb(t));
  }

  /** The colour of t as packed 0xRRGGBB, for images filled pixel by pixel. */
  public int rgb(double t) {
    if (Double.isNaN(t)) return 0xDCDCDC;
    t = Math.max(0, Math.min(1, t));
    double p = t * (VIRIDIS.length - 1);
    int i = Math.min(VIRIDIS.length - 2, (int) p);
    double f = p - i;
    int rgb = 0;
    for (int k = 0; k < 3; k++) {
      double v = VIRIDIS[i][k] * (1 - f) + VIRIDIS[i + 1][k] * f;
      rgb = (rgb << 8) | (int) Math.round(v * (1 - lighten) + 255 * lighten);
    }
    return rgb;
  }

  /** Black or white, whichever reads better on the colour of t. */
  public Color textOn(double t) {
    Color c = at(t);
    double lum = 0.299 * c.getRed() + 0.587 * c.getGreen() + 0.114 * c.getBlue();
    return lum > 140 ? Color.BLACK : Color.WHITE;
  }
}
