package org.reluconvex.plot;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** A canvas that writes SVG 1.1 by hand: rects, lines, polylines, circles and text. */
public final class SvgCanvas implements Canvas {
  private final int width, height;
  private final StringBuilder body = new StringBuilder();
  private int clips;
  private boolean clipped;

  public SvgCanvas(int width, int height) {
    this.width = width;
    this.height = height;
    fillRect(0, 0, width, height, Color.WHITE);
  }

  @Override public int width() { return width; }

  @Override public int height() { return height; }

  private static String n(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e9) return Long.toString((long) v);
    String s = String.format(Locale.ROOT, "%.1f", v);
    return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
  }

  private static String c(Color c) { return String.format(Locale.ROOT, "#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue()); }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  @Override
  public void fillRect(double x, double y, double w, double h, Color fill) {
    body.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w))
        .append("\" height=\"").append(n(h)).append("\" fill=\"").append(c(fill)).append("\" shape-rendering=\"crispEdges\"/>\n");
  }

  @Override
  public void strokeRect(double x, double y, double w, double h, Color stroke, double lineWidth) {
    body.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w))
        .append("\" height=\"").append(n(h)).append("\" fill=\"none\" stroke=\"").append(c(stroke))
        .append("\" stroke-width=\"").append(n(lineWidth)).append("\"/>\n");
  }

  @Override
  public void line(double x1, double y1, double x2, double y2, Color stroke, double lineWidth, boolean dashed) {
    body.append("<line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"").append(n(x2))
        .append("\" y2=\"").append(n(y2)).append("\" stroke=\"").append(c(stroke)).append("\" stroke-width=\"")
        .append(n(lineWidth)).append(dashed ? "\" stroke-dasharray=\"6,4\"" : "\" stroke-linecap=\"round\"").append("/>\n");
  }

  @Override
  public void polyline(double[] xs, double[] ys, int count, Color stroke, double lineWidth) {
    if (count < 2) return;
    body.append("<polyline fill=\"none\" stroke=\"").append(c(stroke)).append("\" stroke-width=\"").append(n(lineWidth))
        .append("\" stroke-linejoin=\"round\" points=\"");
    for (int i = 0; i < count; i++) body.append(i > 0 ? " " : "").append(n(xs[i])).append(',').append(n(ys[i]));
    body.append("\"/>\n");
  }

  @Override
  public void segments(double[] xy, int count, Color stroke, double lineWidth) {
    if (count == 0) return;
    body.append("<path fill=\"none\" stroke=\"").append(c(stroke)).append("\" stroke-width=\"").append(n(lineWidth))
        .append("\" stroke-linecap=\"round\" d=\"");
    for (int i = 0; i < count; i++)
      body.append('M').append(n(xy[4 * i])).append(' ').append(n(xy[4 * i + 1])).append('L').append(n(xy[4 * i + 2]))
          .append(' ').append(n(xy[4 * i + 3]));
    body.append("\"/>\n");
  }

  @Override
  public void circle(double cx, double cy, double r, Color fill, Color outline) {
    body.append("<circle cx=\"").append(n(cx)).append("\" cy=\"").append(n(cy)).append("\" r=\"").append(n(r))
        .append("\" fill=\"").append(fill == null ? "none" : c(fill)).append('"');
    if (outline != null) body.append(" stroke=\"").append(c(outline)).append("\" stroke-width=\"1.5\"");
    body.append("/>\n");
  }

  @Override
  public void text(double x, double y, String s, double size, Color color, Anchor anchor, boolean bold, double degrees) {
    String a = anchor == Anchor.START ? "start" : anchor == Anchor.MIDDLE ? "middle" : "end";
    body.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"")
        .append(n(size)).append("\" fill=\"").append(c(color)).append("\" text-anchor=\"").append(a).append('"');
    if (bold) body.append(" font-weight=\"bold\"");
    if (degrees != 0) body.append(" transform=\"rotate(").append(n(degrees)).append(' ').append(n(x)).append(' ').append(n(y)).append(")\"");
    body.append('>').append(esc(s)).append("</text>\n");
  }

  @Override
  public void clip(double x, double y, double w, double h) {
    unclip();
    clips++;
    body.append("<clipPath id=\"clip").append(clips).append("\"><rect x=\"").append(n(x)).append("\" y=\"").append(n(y))
        .append("\" width=\"").append(n(w)).append("\" height=\"").append(n(h)).append("\"/></clipPath>\n");
    body.append("<g clip-path=\"url(#clip").append(clips).append(")\">\n");
    clipped = true;
  }

  @Override
  public void unclip() {
    if (clipped) body.append("</g>\n");
    clipped = false;
  }

  /** The complete document. */
  public String toSvg() {
    unclip();
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\""
        + width + "\" height=\"" + height + "\" viewBox=\"0 0 " + width + " " + height + "\">\n" + body + "</svg>\n";
  }

  public void save(Path file) {
    try {
      Files.writeString(file, toSvg(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
