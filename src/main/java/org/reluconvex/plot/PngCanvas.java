package org.reluconvex.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** A canvas on an off-screen {@link BufferedImage}, saved as PNG; needs no display. */
public final class PngCanvas implements Canvas {
  private final BufferedImage image;
  private final Graphics2D g;

  public PngCanvas(int width, int height) {
    image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
  }

  @Override public int width() { return image.getWidth(); }

  @Override public int height() { return image.getHeight(); }

  public BufferedImage image() { return image; }

  @Override
  public void fillRect(double x, double y, double w, double h, Color fill) {
    g.setColor(fill);
    // snap to whole pixels so that adjacent cells leave no anti-aliased seams
    int x0 = (int) Math.round(x), y0 = (int) Math.round(y);
    g.fillRect(x0, y0, (int) Math.round(x + w) - x0, (int) Math.round(y + h) - y0);
  }

  @Override
  public void strokeRect(double x, double y, double w, double h, Color stroke, double lineWidth) {
    g.setColor(stroke);
    g.setStroke(new BasicStroke((float) lineWidth));
    g.draw(new Rectangle2D.Double(x, y, w, h));
  }

  @Override
  public void line(double x1, double y1, double x2, double y2, Color stroke, double lineWidth, boolean dashed) {
    g.setColor(stroke);
    g.setStroke(stroke(lineWidth, dashed));
    g.draw(new Line2D.Double(x1, y1, x2, y2));
  }

  private static BasicStroke stroke(double lineWidth, boolean dashed) {
    return dashed
        ? new BasicStroke((float) lineWidth, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f)
        : new BasicStroke((float) lineWidth, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
  }

  @Override
  public void polyline(double[] xs, double[] ys, int n, Color stroke, double lineWidth) {
    if (n < 2) return;
    Path2D.Double p = new Path2D.Double();
    p.moveTo(xs[0], ys[0]);
    for (int i = 1; i < n; i++) p.lineTo(xs[i], ys[i]);
    g.setColor(stroke);
    g.setStroke(stroke(lineWidth, false));
    g.draw(p);
  }

  @Override
  public void segments(double[] xy, int count, Color stroke, double lineWidth) {
    Path2D.Double p = new Path2D.Double();
    for (int i = 0; i < count; i++) {
      p.moveTo(xy[4 * i], xy[4 * i + 1]);
      p.lineTo(xy[4 * i + 2], xy[4 * i + 3]);
    }
    g.setColor(stroke);
    g.setStroke(stroke(lineWidth, false));
    g.draw(p);
  }

  @Override
  public void circle(double cx, double cy, double r, Color fill, Color outline) {
    Ellipse2D.Double e = new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r);
    if (fill != null) {
      g.setColor(fill);
      g.fill(e);
    }
    if (outline != null) {
      g.setColor(outline);
      g.setStroke(new BasicStroke(1.5f));
      g.draw(e);
    }
  }

  @Override
  public void text(double x, double y, String s, double size, Color color, Anchor anchor, boolean bold, double degrees) {
    Font font = new Font(Font.SANS_SERIF, bold ? Font.BOLD : Font.PLAIN, 1).deriveFont((float) size);
    g.setFont(font);
    double w = g.getFontMetrics().getStringBounds(s, g).getWidth();
    double dx = anchor == Anchor.START ? 0 : anchor == Anchor.MIDDLE ? -w / 2 : -w;
    AffineTransform saved = g.getTransform();
    g.translate(x, y);
    if (degrees != 0) g.rotate(Math.toRadians(degrees));
    g.setColor(color);
    g.drawString(s, (float) dx, 0f);
    g.setTransform(saved);
  }

  @Override
  public void clip(double x, double y, double w, double h) { g.setClip(new Rectangle2D.Double(x, y, w, h)); }

  @Override
  public void unclip() { g.setClip(null); }

  public void save(Path file) {
    try {
      if (!ImageIO.write(image, "png", file.toFile())) throw new IOException("no PNG writer");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
