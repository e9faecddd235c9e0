package org.reluconvex.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Forward;
import org.reluconvex.network.Network;

/**
 * A filled contour image of a function of two variables on a box: a heatmap with iso-lines,
 * labelled axes and a colour bar, drawn with java.awt on an off-screen image (no display needed).
 */
public final class ContourImage {
  private static final int LEFT = 70, RIGHT = 110, TOP = 40, BOTTOM = 60;
  private static final ColorMap COLOURS = ColorMap.viridis();

  private final Domain box;
  private final int size;
  private final double[] values; // size x size, row 0 = top (largest x2)

  private ContourImage(Domain box, int size, double[] values) {
    this.box = box;
    this.size = size;
    this.values = values;
  }

  /** Samples the network at the centres of a size x size pixel grid on the 2-D box. */
  public static ContourImage of(Network net, Domain box, int size) {
    if (net.inputDim() != 2) throw new IllegalArgumentException("contour images need a network of two inputs and a 2-D box");
    return of(new Forward(net)::output, box, size);
  }

  /** Samples a function of two inputs at the centres of a size x size pixel grid on the 2-D box. */
  public static ContourImage of(java.util.function.ToDoubleFunction<double[]> f, Domain box, int size) {
    if (box.dim() != 2 || !box.isBox()) throw new IllegalArgumentException("contour images need a 2-D box");
    if (size < 16) throw new IllegalArgumentException("image size must be at least 16 pixels");
    double[] v = new double[size * size];
    double[] x = new double[2];
    for (int row = 0; row < size; row++) {
      x[1] = box.hi(1) - (row + 0.5) / size * (box.hi(1) - box.lo(1));
      for (int col = 0; col < size; col++) {
        x[0] = box.lo(0) + (col + 0.5) / size * (box.hi(0) - box.lo(0));
        v[row * size + col] = f.applyAsDouble(x);
      }
    }
    return new ContourImage(box, size, v);
  }

  public double min() {
    double m = Double.POSITIVE_INFINITY;
    for (double v : values) m = Math.min(m, v);
    return m;
  }

  public double max() {
    double m = Double.NEGATIVE_INFINITY;
    for (double v : values) m = Math.max(m, v);
    return m;
  }

  /** Renders with its own value range. */
  public BufferedImage render(String title) {
    return render(title, min(), max());
  }

  /**
   * Renders with the colour scale [lo, hi] (shared between images to compare them), iso-lines at
   * "nice" levels in that range.
   */
  public BufferedImage render(String title, double lo, double hi) {
    if (!(hi > lo)) { hi = lo + 1; }
    int w = LEFT + size + RIGHT, h = TOP + size + BOTTOM;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);

    double[] levels = Ticks.linear(lo, hi, 12);
    double step = levels.length > 1 ? levels[1] - levels[0] : (hi - lo);
    double base = levels.length > 0 ? levels[0] : lo;
    for (int row = 0; row < size; row++)
      for (int col = 0; col < size; col++) {
        double v = values[row * size + col];
        int rgb = COLOURS.rgb((v - lo) / (hi - lo));
        long band = (long) Math.floor((v - base) / step);
        boolean line = (col + 1 < size && band != (long) Math.floor((values[row * size + col + 1] - base) / step))
            || (row + 1 < size && band != (long) Math.floor((values[(row + 1) * size + col] - base) / step));
        img.setRGB(LEFT + col, TOP + row, line ? darken(rgb) : rgb);
      }

    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(1f));
    g.drawRect(LEFT - 1, TOP - 1, size + 1, size + 1);
    Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    g.setFont(font);
    FontMetrics fm = g.getFontMetrics();
    // x1 axis
    for (double t : Ticks.linear(box.lo(0), box.hi(0), 6)) {
      int px = LEFT + (int) Math.round((t - box.lo(0)) / (box.hi(0) - box.lo(0)) * size);
      g.drawLine(px, TOP + size, px, TOP + size + 5);
      String s = Ticks.label(t);
      g.drawString(s, px - fm.stringWidth(s) / 2, TOP + size + 8 + fm.getAscent());
    }
    // x2 axis
    for (double t : Ticks.linear(box.lo(1), box.hi(1), 6)) {
      int py = TOP + (int) Math.round((box.hi(1) - t) / (box.hi(1) - box.lo(1)) * size);
      g.drawLine(LEFT - 6, py, LEFT - 1, py);
      String s = Ticks.label(t);
      g.drawString(s, LEFT - 9 - fm.stringWidth(s), py + fm.getAscent() / 2 - 1);
    }
    Font bold = font.deriveFont(Font.BOLD, 13f);
    g.setFont(bold);
    FontMetrics bm = g.getFontMetrics();
    g.drawString("x1", LEFT + size / 2 - bm.stringWidth("x1") / 2, TOP + size + 44);
    AffineTransform keep = g.getTransform();
    g.rotate(-Math.PI / 2);
    g.drawString("x2", -(TOP + size / 2) - bm.stringWidth("x2") / 2, 22);
    g.setTransform(keep);
    g.drawString(title, Math.max(4, LEFT + size / 2 - bm.stringWidth(title) / 2), TOP - 14);

    // colour bar
    g.setFont(font);
    int bx = LEFT + size + 20, bw = 18;
    for (int row = 0; row < size; row++) {
      double t = 1 - (row + 0.5) / size;
      g.setColor(new Color(COLOURS.rgb(t)));
      g.fillRect(bx, TOP + row, bw, 1);
    }
    g.setColor(Color.BLACK);
    g.drawRect(bx, TOP, bw, size);
    for (double t : Ticks.linear(lo, hi, 8)) {
      int py = TOP + (int) Math.round((hi - t) / (hi - lo) * size);
      g.drawLine(bx + bw, py, bx + bw + 4, py);
      g.drawString(Ticks.label(t), bx + bw + 7, py + fm.getAscent() / 2 - 1);
    }
    g.dispose();
    return img;
  }

  public void writePng(Path file, String title, double lo, double hi) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
    if (!ImageIO.write(render(title, lo, hi), "png", file.toFile())) throw new IOException("no PNG writer available");
  }

  private static int darken(int rgb) {
    int r = (rgb >> 16) & 255, gr = (rgb >> 8) & 255, b = rgb & 255;
    return ((r * 2 / 5) << 16) | ((gr * 2 / 5) << 8) | (b * 2 / 5);
  }
}
