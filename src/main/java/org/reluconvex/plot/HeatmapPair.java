package org.reluconvex.plot;

import java.awt.Color;
import java.nio.file.Path;
import org.reluconvex.plot.Canvas.Anchor;

/**
 * Two count heatmaps side by side on one colour scale (as in the paper's Figure 3: convex networks
 * and ICNNs), each cell annotated with its count. Rows run down the y axis, columns along the x
 * axis. The scale is logarithmic, log(1 + count), because counts span four orders of magnitude; a
 * missing cell (count &lt; 0) is grey.
 */
public final class HeatmapPair {
  private static final int CELL = 58, LEFT = 70, TOP = 70, GAP = 80, BAR = 18, BOTTOM = 60;

  private final String title;
  private final String rowAxis, colAxis;
  private final int[] rowValues, colValues;
  private final String leftTitle, rightTitle;
  private final int[][] left, right;
  private final ColorMap map = ColorMap.viridis();
  private final double max;
  private String footnote;

  public HeatmapPair(String title, String rowAxis, int[] rowValues, String colAxis, int[] colValues,
      String leftTitle, int[][] left, String rightTitle, int[][] right) {
    this.title = title;
    this.rowAxis = rowAxis;
    this.colAxis = colAxis;
    this.rowValues = rowValues.clone();
    this.colValues = colValues.clone();
    this.leftTitle = leftTitle;
    this.rightTitle = rightTitle;
    this.left = left;
    this.right = right;
    int m = 1;
    for (int[][] a : new int[][][] {left, right}) for (int[] r : a) for (int v : r) m = Math.max(m, v);
    this.max = m;
  }

  private int contentWidth() { return LEFT + 2 * panelWidth() + GAP + 40 + BAR + 70; }

  /** Wide enough for the panels and for the title. */
  public int width() { return (int) Math.max(contentWidth(), 1.12 * Canvas.textWidth(title, 17) + 40); }

  public int height() { return TOP + rowValues.length * CELL + BOTTOM + (footnote == null ? 0 : 22); }

  /** A line of text under the panels (null for none). */
  public HeatmapPair footnote(String text) {
    this.footnote = text;
    return this;
  }

  private int panelWidth() { return colValues.length * CELL; }

  /** Saves {@code base.png} and {@code base.svg} in dir. */
  public void save(Path dir, String base) { Figure.saveBoth(dir, base, width(), height(), this::draw); }

  private double scale(int count) { return Math.log1p(count) / Math.log1p(max); }

  public void draw(Canvas c) {
    c.text(c.width() / 2.0, 26, title, 17, Color.BLACK, Anchor.MIDDLE, true, 0);
    double shift = (width() - contentWidth()) / 2.0;
    panel(c, shift + LEFT, leftTitle, left);
    panel(c, shift + LEFT + panelWidth() + GAP, rightTitle, right);
    colourBar(c, shift + LEFT + 2 * panelWidth() + GAP + 40);
    if (footnote != null) c.text(shift + LEFT, c.height() - 12, footnote, 12, Color.DARK_GRAY, Anchor.START, false, 0);
  }

  private void panel(Canvas c, double x0, String name, int[][] counts) {
    int rows = rowValues.length, cols = colValues.length;
    c.text(x0 + panelWidth() / 2.0, TOP - 14, name, 15, Color.BLACK, Anchor.MIDDLE, true, 0);
    for (int r = 0; r < rows; r++)
      for (int k = 0; k < cols; k++) {
        int v = counts[r][k];
        double x = x0 + k * CELL, y = TOP + r * CELL;
        double t = v < 0 ? Double.NaN : scale(v);
        c.fillRect(x, y, CELL, CELL, map.at(t));
        if (v >= 0) {
          String s = Integer.toString(v);
          double size = Math.min(14, 1.6 * CELL / Math.max(3, s.length()));
          c.text(x + CELL / 2.0, y + CELL / 2.0 + size * 0.35, s, size, map.textOn(t), Anchor.MIDDLE, false, 0);
        }
      }
    c.strokeRect(x0, TOP, panelWidth(), rows * CELL, Color.DARK_GRAY, 1);
    for (int k = 0; k < cols; k++)
      c.text(x0 + (k + 0.5) * CELL, TOP + rows * CELL + 18, Integer.toString(colValues[k]), 13, Color.BLACK, Anchor.MIDDLE, false, 0);
    c.text(x0 + panelWidth() / 2.0, TOP + rows * CELL + 42, colAxis, 15, Color.BLACK, Anchor.MIDDLE, false, 0);
    for (int r = 0; r < rows; r++)
      c.text(x0 - 8, TOP + (r + 0.5) * CELL + 5, Integer.toString(rowValues[r]), 13, Color.BLACK, Anchor.END, false, 0);
    c.text(x0 - 40, TOP + rows * CELL / 2.0, rowAxis, 15, Color.BLACK, Anchor.MIDDLE, false, -90);
  }

  private void colourBar(Canvas c, double x0) {
    double h = rowValues.length * CELL;
    int steps = 100;
    for (int i = 0; i < steps; i++) {
      double t = (i + 0.5) / steps;
      c.fillRect(x0, TOP + h - (i + 1) * h / steps, BAR, h / steps + 0.5, map.at(t));
    }
    c.strokeRect(x0, TOP, BAR, h, Color.DARK_GRAY, 1);
    for (double v = 1; v <= max * 1.0001; v *= 10) tick(c, x0, h, (int) v);
    tick(c, x0, h, 0);
    double top = Math.pow(10, Math.floor(Math.log10(max)));
    if (max >= 1.5 * top) tick(c, x0, h, (int) max);
    c.text(x0 + BAR / 2.0, TOP - 14, "count (log)", 12, Color.BLACK, Anchor.MIDDLE, false, 0);
  }

  private void tick(Canvas c, double x0, double h, int v) {
    double y = TOP + h - scale(v) * h;
    c.line(x0 + BAR, y, x0 + BAR + 5, y, Color.DARK_GRAY, 1, false);
    c.text(x0 + BAR + 8, y + 4, Integer.toString(v), 11, Color.BLACK, Anchor.START, false, 0);
  }
}
