package org.reluconvex.plot;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.reluconvex.plot.Canvas.Anchor;

/**
 * Loss curves against epochs on a logarithmic y axis, drawn on a {@link Canvas} (PNG or SVG). Values
 * that are not positive and finite cannot be shown on a log axis and are left out of their curve.
 */
public final class LossCurves {
  public static final int WIDTH = 900, HEIGHT = 560;

  /** Colours for curves added without one, in turn. */
  private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
      new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b)};
  private static final Color GRID = new Color(230, 230, 230);

  private final String title;
  private final String yLabel;
  private final List<Curve> curves = new ArrayList<>();

  /** One curve: values[e] at epoch e + 1. */
  private record Curve(String name, double[] values, Color color, boolean dashed) {}

  public LossCurves(String title, String yLabel) {
    this.title = title;
    this.yLabel = yLabel;
  }

  /** Adds one solid curve in the next colour of the palette: values[e] at epoch e + 1. */
  public LossCurves add(String name, double[] values) {
    return add(name, values, null, false);
  }

  /** Adds one curve in the given colour (null: the next colour of the palette), dashed or solid. */
  public LossCurves add(String name, double[] values, Color color, boolean dashed) {
    Color c = color != null ? color : PALETTE[curves.size() % PALETTE.length];
    curves.add(new Curve(name, values.clone(), c, dashed));
    return this;
  }

  private static boolean shown(double v) { return v > 0 && Double.isFinite(v); }

  /** Whether some curve has a value that a log axis can show. */
  public boolean hasData() {
    for (Curve c : curves) for (double v : c.values()) if (shown(v)) return true;
    return false;
  }

  /** Draws the plot over the whole canvas. */
  public void draw(Canvas c) {
    if (!hasData()) throw new IllegalStateException("no positive values to plot on a logarithmic axis");
    double ymin = Double.POSITIVE_INFINITY, ymax = 0;
    int epochs = 1;
    for (Curve k : curves)
      for (int i = 0; i < k.values().length; i++)
        if (shown(k.values()[i])) {
          ymin = Math.min(ymin, k.values()[i]);
          ymax = Math.max(ymax, k.values()[i]);
          epochs = Math.max(epochs, i + 1);
        }
    double left = 86, right = c.width() - 16, top = 40, bottom = c.height() - 56;
    c.text((left + right) / 2, 24, title, 14, Color.BLACK, Anchor.MIDDLE, true, 0);

    // pad by a fraction of the range so that markers stay inside the frame
    double ly0 = Math.log10(ymin), ly1 = Math.log10(ymax);
    if (ly1 - ly0 < 1e-9) { ly0 -= 0.5; ly1 += 0.5; }
    double py = 0.06 * (ly1 - ly0);
    final double ay = ly0 - py, by = ly1 + py;
    final double ax = epochs == 1 ? 0.5 : 1 - 0.03 * (epochs - 1), bx = epochs == 1 ? 1.5 : epochs + 0.03 * (epochs - 1);
    DoubleUnaryOperator X = e -> left + (e - ax) / (bx - ax) * (right - left);
    DoubleUnaryOperator Y = v -> bottom - (Math.log10(v) - ay) / (by - ay) * (bottom - top);

    for (double t : Ticks.linear(Math.max(1, ax), bx, 10)) {
      if (t != Math.rint(t)) continue; // epochs are whole numbers
      double x = X.applyAsDouble(t);
      c.line(x, top, x, bottom, GRID, 1, false);
      c.line(x, bottom, x, bottom + 5, Color.DARK_GRAY, 1, false);
      c.text(x, bottom + 19, Ticks.label(t), 11, Color.BLACK, Anchor.MIDDLE, false, 0);
    }
    for (double t : Ticks.log(Math.pow(10, ay), Math.pow(10, by))) {
      double y = Y.applyAsDouble(t);
      c.line(left, y, right, y, GRID, 1, false);
      c.line(left - 5, y, left, y, Color.DARK_GRAY, 1, false);
      c.text(left - 8, y + 4, Ticks.label(t), 11, Color.BLACK, Anchor.END, false, 0);
    }
    c.strokeRect(left, top, right - left, bottom - top, Color.DARK_GRAY, 1);
    c.text((left + right) / 2, bottom + 42, "epoch", 13, Color.BLACK, Anchor.MIDDLE, false, 0);
    c.text(20, (top + bottom) / 2, yLabel, 13, Color.BLACK, Anchor.MIDDLE, false, -90);

    c.clip(left, top, right - left, bottom - top);
    for (Curve k : curves) {
      double[] xs = new double[k.values().length], ys = new double[k.values().length];
      int n = 0;
      for (int i = 0; i < k.values().length; i++)
        if (shown(k.values()[i])) {
          xs[n] = X.applyAsDouble(i + 1);
          ys[n] = Y.applyAsDouble(k.values()[i]);
          n++;
        }
      if (k.dashed()) for (int i = 1; i < n; i++) c.line(xs[i - 1], ys[i - 1], xs[i], ys[i], k.color(), 2, true);
      else c.polyline(xs, ys, n, k.color(), 2);
      for (int i = 0; i < n; i++) c.circle(xs[i], ys[i], 3, k.color(), null);
    }
    c.unclip();

    // legend in the top right corner
    double legendW = 0;
    for (Curve k : curves) legendW = Math.max(legendW, Canvas.textWidth(k.name(), 12));
    double lx = right - legendW - 56, lh = 18 * curves.size() + 8;
    c.fillRect(lx, top + 6, legendW + 50, lh, Color.WHITE);
    c.strokeRect(lx, top + 6, legendW + 50, lh, new Color(200, 200, 200), 1);
    for (int i = 0; i < curves.size(); i++) {
      Curve k = curves.get(i);
      double y = top + 22 + 18 * i;
      c.line(lx + 6, y - 4, lx + 30, y - 4, k.color(), 2, k.dashed());
      c.text(lx + 36, y, k.name(), 12, Color.BLACK, Anchor.START, false, 0);
    }
  }

  /** Saves the plot as PNG or SVG, by the file's extension, creating the directory. */
  public void save(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
    Figure.save(file, WIDTH, HEIGHT, this::draw);
  }
}
