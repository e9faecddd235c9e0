package org.reluconvex.plot;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.reluconvex.plot.Canvas.Anchor;

/**
 * A log-log line plot with markers and a legend. Points that are not positive and finite are left
 * out. The x ticks are the x values themselves when there are few, else powers of ten.
 */
public final class LogLogPlot {
  private record Series(String name, Color color, double[] x, double[] y) {}

  private final String title, xLabel, yLabel;
  private final List<Series> series = new ArrayList<>();

  public LogLogPlot(String title, String xLabel, String yLabel) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  public LogLogPlot series(String name, Color color, double[] x, double[] y) {
    series.add(new Series(name, color, x.clone(), y.clone()));
    return this;
  }

  private static boolean ok(double v) { return v > 0 && Double.isFinite(v); }

  /** Draws the plot in the rectangle (x0, y0, w, h) of the canvas. */
  public void draw(Canvas c, double x0, double y0, double w, double h) {
    double xmin = Double.POSITIVE_INFINITY, xmax = 0, ymin = Double.POSITIVE_INFINITY, ymax = 0;
    List<Double> xs = new ArrayList<>();
    for (Series s : series)
      for (int i = 0; i < s.x.length; i++)
        if (ok(s.x[i]) && ok(s.y[i])) {
          xmin = Math.min(xmin, s.x[i]);
          xmax = Math.max(xmax, s.x[i]);
          ymin = Math.min(ymin, s.y[i]);
          ymax = Math.max(ymax, s.y[i]);
          if (!xs.contains(s.x[i])) xs.add(s.x[i]);
        }
    double left = x0 + 78, right = x0 + w - 14, top = y0 + 30, bottom = y0 + h - 52;
    c.text((left + right) / 2, y0 + 18, title, 14, Color.BLACK, Anchor.MIDDLE, true, 0);
    c.strokeRect(left, top, right - left, bottom - top, Color.DARK_GRAY, 1);
    if (xmax == 0) {
      c.text((left + right) / 2, (top + bottom) / 2, "no data", 13, Color.GRAY, Anchor.MIDDLE, false, 0);
      return;
    }
    // pad by a fraction of a decade so that markers stay inside the frame
    double lx0 = Math.log10(xmin), lx1 = Math.log10(xmax), ly0 = Math.log10(ymin), ly1 = Math.log10(ymax);
    if (lx1 - lx0 < 1e-9) { lx0 -= 0.5; lx1 += 0.5; }
    if (ly1 - ly0 < 1e-9) { ly0 -= 0.5; ly1 += 0.5; }
    double px = 0.05 * (lx1 - lx0), py = 0.08 * (ly1 - ly0);
    final double ax = lx0 - px, bx = lx1 + px, ay = ly0 - py, by = ly1 + py;
    java.util.function.DoubleUnaryOperator X = v -> left + (Math.log10(v) - ax) / (bx - ax) * (right - left);
    java.util.function.DoubleUnaryOperator Y = v -> bottom - (Math.log10(v) - ay) / (by - ay) * (bottom - top);

    double[] xt = xs.size() <= 12 ? xs.stream().mapToDouble(Double::doubleValue).sorted().toArray()
        : Ticks.decades(Math.pow(10, ax), Math.pow(10, bx));
    for (double t : xt) {
      double px1 = X.applyAsDouble(t);
      c.line(px1, top, px1, bottom, new Color(230, 230, 230), 1, false);
      c.line(px1, bottom, px1, bottom + 5, Color.DARK_GRAY, 1, false);
      c.text(px1, bottom + 19, Ticks.label(t), 11, Color.BLACK, Anchor.MIDDLE, false, 0);
    }
    double[] yt = Ticks.log(Math.pow(10, ay), Math.pow(10, by));
    for (double t : yt) {
      double py1 = Y.applyAsDouble(t);
      c.line(left, py1, right, py1, new Color(230, 230, 230), 1, false);
      c.line(left - 5, py1, left, py1, Color.DARK_GRAY, 1, false);
      c.text(left - 8, py1 + 4, Ticks.label(t), 11, Color.BLACK, Anchor.END, false, 0);
    }
    c.strokeRect(left, top, right - left, bottom - top, Color.DARK_GRAY, 1);
    c.text((left + right) / 2, bottom + 40, xLabel, 13, Color.BLACK, Anchor.MIDDLE, false, 0);
    c.text(x0 + 18, (top + bottom) / 2, yLabel, 13, Color.BLACK, Anchor.MIDDLE, false, -90);

    for (Series s : series) {
      double[] px1 = new double[s.x.length], py1 = new double[s.x.length];
      int n = 0;
      for (int i = 0; i < s.x.length; i++)
        if (ok(s.x[i]) && ok(s.y[i])) {
          px1[n] = X.applyAsDouble(s.x[i]);
          py1[n] = Y.applyAsDouble(s.y[i]);
          n++;
        }
      c.polyline(px1, py1, n, s.color, 2);
      for (int i = 0; i < n; i++) c.circle(px1[i], py1[i], 3.5, s.color, Color.WHITE);
    }
    double legendW = 0;
    for (Series s : series) legendW = Math.max(legendW, Canvas.textWidth(s.name, 12));
    c.fillRect(left + 6, top + 4, legendW + 44, 18 * series.size() + 6, Color.WHITE);
    c.strokeRect(left + 6, top + 4, legendW + 44, 18 * series.size() + 6, new Color(200, 200, 200), 1);
    int k = 0;
    for (Series s : series) {
      double ly = top + 18 + 18 * k++;
      c.line(left + 12, ly - 4, left + 34, ly - 4, s.color, 2.5, false);
      c.text(left + 40, ly, s.name, 12, Color.BLACK, Anchor.START, false, 0);
    }
  }
}
