package org.reluconvex.plot;

import java.awt.Color;

/**
 * The few drawing operations the figures need, in pixel coordinates (origin top left, y down).
 * One figure is drawn once against this interface and saved as PNG ({@link PngCanvas}) and SVG
 * ({@link SvgCanvas}) alike.
 */
public interface Canvas {
  enum Anchor { START, MIDDLE, END }

  int width();

  int height();

  void fillRect(double x, double y, double w, double h, Color fill);

  void strokeRect(double x, double y, double w, double h, Color stroke, double lineWidth);

  void line(double x1, double y1, double x2, double y2, Color stroke, double lineWidth, boolean dashed);

  /** A polyline through (xs[i], ys[i]). */
  void polyline(double[] xs, double[] ys, int n, Color stroke, double lineWidth);

  /** Many separate segments in one stroke: xy holds x1, y1, x2, y2 for each of the {@code count} segments. */
  void segments(double[] xy, int count, Color stroke, double lineWidth);

  /** A disc with an optional outline (null for none). */
  void circle(double cx, double cy, double r, Color fill, Color outline);

  /** Text whose baseline passes through (x, y), anchored there, rotated by {@code degrees} about (x, y). */
  void text(double x, double y, String s, double size, Color color, Anchor anchor, boolean bold, double degrees);

  /** Restricts later drawing to a rectangle, until {@link #unclip()}. */
  void clip(double x, double y, double w, double h);

  void unclip();

  /** An estimate of the width of a text line, the same for every canvas so that layouts agree. */
  static double textWidth(String s, double size) { return 0.58 * size * s.length(); }
}
