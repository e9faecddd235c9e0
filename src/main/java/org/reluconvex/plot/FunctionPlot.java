package org.reluconvex.plot;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.reluconvex.network.Domain;
import org.reluconvex.convexity.Witness;
import org.reluconvex.network.Forward;
import org.reluconvex.network.Network;
import org.reluconvex.plot.Canvas.Anchor;

/**
 * A picture of a network with input dimension 2 (filled contours with level lines, the frontiers of
 * its complex coloured by the sign of the kink, a colour bar) or 1 (the graph with its kinks), with
 * the witness of non-convexity when there is one. The function is sampled on a grid by forward
 * passes; the frontiers and kinks come from outside ({@link FrontierSource}).
 */
public final class FunctionPlot {
  public static final Color CONVEX = new Color(25, 80, 230);
  public static final Color CONCAVE = new Color(225, 25, 35);
  public static final Color FLAT = new Color(120, 120, 120);
  private static final Color LEVEL = new Color(40, 40, 40, 255);
  private static final int GRID = 200;

  private final Network net;
  private final Domain box;
  private final List<Frontier> frontiers;
  private final Witness witness;
  private final String title, subtitle;
  private final String[] axisNames;
  private final ColorMap map = ColorMap.paleViridis(0.45);

  /**
   * @param witness the witness in the plot's coordinates, or null
   * @param axisNames names of the one or two plotted coordinates
   */
  public FunctionPlot(Network net, Domain box, List<Frontier> frontiers, Witness witness, String title, String subtitle, String... axisNames) {
    if (net.inputDim() > 2) throw new IllegalArgumentException("a plot shows 1 or 2 inputs; slice the network first");
    if (!box.isBox() || box.dim() != net.inputDim()) throw new IllegalArgumentException("a plot needs a box of dimension " + net.inputDim());
    this.net = net;
    this.box = box;
    this.frontiers = List.copyOf(frontiers);
    this.witness = witness;
    this.title = title;
    this.subtitle = subtitle;
    this.axisNames = axisNames.clone();
  }

  /** Draws into a PNG or SVG file, chosen by its extension. */
  public void save(Path file) { Figure.save(file, width(), height(), this::draw); }

  public int width() { return 1090; }

  public int height() { return net.inputDim() == 2 ? 720 : 560; }

  public void draw(Canvas c) {
    c.text(c.width() / 2.0, 28, title, 17, Color.BLACK, Anchor.MIDDLE, true, 0);
    c.text(c.width() / 2.0, 50, subtitle, 13, Color.DARK_GRAY, Anchor.MIDDLE, false, 0);
    if (net.inputDim() == 2) draw2(c);
    else draw1(c);
  }

  /** Kinks this small relative to the largest are drawn as "no kink". */
  private double kinkTolerance() {
    double m = 0;
    for (Frontier f : frontiers) m = Math.max(m, Math.abs(f.kink()));
    return 1e-9 * Math.max(1, m);
  }

  private Color kinkColor(double k, double tol) { return k > tol ? CONVEX : k < -tol ? CONCAVE : FLAT; }

  // ---------------------------------------------------------------- d = 2

  private void draw2(Canvas c) {
    double lx = box.lo(0), hx = box.hi(0), ly = box.lo(1), hy = box.hi(1);
    double s = 580, aspect = (hy - ly) / (hx - lx);
    double pw = aspect <= 1 ? s : Math.max(160, s / aspect), ph = aspect <= 1 ? Math.max(160, s * aspect) : s;
    double left = 90, top = 80 + (s - ph) / 2;
    double[][] g = sample(lx, hx, ly, hy);
    double lowest = Double.POSITIVE_INFINITY, highest = Double.NEGATIVE_INFINITY;
    for (double[] row : g) for (double v : row) { lowest = Math.min(lowest, v); highest = Math.max(highest, v); }
    final double fmin = lowest, fmax = highest;
    double[] levels = Arrays.stream(Ticks.linear(fmin, fmax, 12)).filter(v -> v > fmin && v < fmax).toArray();
    int bands = levels.length + 1;
    double cw = pw / GRID, ch = ph / GRID;

    // filled bands, merged along rows (row r of cells is drawn from the bottom up)
    for (int r = 0; r < GRID; r++) {
      int start = 0, band = -1;
      for (int k = 0; k <= GRID; k++) {
        int b = k < GRID ? bandOf(0.25 * (g[r][k] + g[r][k + 1] + g[r + 1][k] + g[r + 1][k + 1]), levels) : -2;
        if (b != band) {
          if (band >= 0) {
            // cell edges from one formula, whole pixels: neighbouring runs share their edge exactly
            double xa = Math.round(left + start * cw), xb = Math.round(left + k * cw);
            double ya = Math.round(top + ph - (r + 1) * ch), yb = Math.round(top + ph - r * ch);
            c.fillRect(xa, ya, xb - xa, yb - ya, map.at((band + 0.5) / bands));
          }
          band = b;
          start = k;
        }
      }
    }
    c.clip(left, top, pw, ph);
    for (double level : levels) {
      java.util.List<double[]> segs = MarchingSquares.segments(g, level);
      double[] xy = new double[4 * segs.size()];
      for (int i = 0; i < segs.size(); i++) {
        double[] sg = segs.get(i);
        xy[4 * i] = left + sg[0] * cw;
        xy[4 * i + 1] = top + ph - sg[1] * ch;
        xy[4 * i + 2] = left + sg[2] * cw;
        xy[4 * i + 3] = top + ph - sg[3] * ch;
      }
      c.segments(xy, segs.size(), LEVEL, 0.6);
    }
    double tol = kinkTolerance();
    java.util.function.DoubleUnaryOperator X = x -> left + (x - lx) / (hx - lx) * pw;
    java.util.function.DoubleUnaryOperator Y = y -> top + ph - (y - ly) / (hy - ly) * ph;
    // flat frontiers first, so that bends are drawn over them
    for (int pass = 0; pass < 2; pass++)
      for (Frontier f : frontiers) {
        boolean flat = Math.abs(f.kink()) <= tol;
        if (flat != (pass == 0)) continue;
        c.line(X.applyAsDouble(f.x1()), Y.applyAsDouble(f.y1()), X.applyAsDouble(f.x2()), Y.applyAsDouble(f.y2()),
            kinkColor(f.kink(), tol), flat ? 1.4 : 2.8, flat);
      }
    if (witness != null) drawWitness2(c, X.applyAsDouble(witness.a()[0]), Y.applyAsDouble(witness.a()[1]),
        X.applyAsDouble(witness.b()[0]), Y.applyAsDouble(witness.b()[1]));
    c.unclip();
    c.strokeRect(left, top, pw, ph, Color.BLACK, 1.2);
    axes2(c, left, top, pw, ph, lx, hx, ly, hy);
    colourBar(c, left + pw + 40, top, ph, fmin, fmax, levels, bands);
    legend(c, left + pw + 150, top + 10, true);
  }

  private double[][] sample(double lx, double hx, double ly, double hy) {
    Forward fw = new Forward(net);
    double[][] g = new double[GRID + 1][GRID + 1];
    double[] x = new double[2];
    for (int r = 0; r <= GRID; r++)
      for (int k = 0; k <= GRID; k++) {
        x[0] = lx + (hx - lx) * k / GRID;
        x[1] = ly + (hy - ly) * r / GRID;
        g[r][k] = fw.output(x);
      }
    return g;
  }

  private static int bandOf(double v, double[] levels) {
    int b = 0;
    while (b < levels.length && v >= levels[b]) b++;
    return b;
  }

  private void drawWitness2(Canvas c, double ax, double ay, double bx, double by) {
    double mx = (ax + bx) / 2, my = (ay + by) / 2;
    if (Math.hypot(bx - ax, by - ay) >= 12) {
      c.line(ax, ay, bx, by, Color.BLACK, 1.6, true);
      c.circle(ax, ay, 4.5, Color.WHITE, Color.BLACK);
      c.circle(bx, by, 4.5, Color.WHITE, Color.BLACK);
    }
    c.circle(mx, my, 10, null, Color.BLACK);
    c.circle(mx, my, 2.5, Color.BLACK, null);
    c.text(mx + 14, my - 10, "witness", 13, Color.BLACK, Anchor.START, true, 0);
  }

  private void axes2(Canvas c, double left, double top, double pw, double ph, double lx, double hx, double ly, double hy) {
    for (double t : Ticks.linear(lx, hx, 8)) {
      double x = left + (t - lx) / (hx - lx) * pw;
      c.line(x, top + ph, x, top + ph + 6, Color.BLACK, 1, false);
      c.text(x, top + ph + 21, Ticks.label(t), 12, Color.BLACK, Anchor.MIDDLE, false, 0);
    }
    for (double t : Ticks.linear(ly, hy, 8)) {
      double y = top + ph - (t - ly) / (hy - ly) * ph;
      c.line(left - 6, y, left, y, Color.BLACK, 1, false);
      c.text(left - 9, y + 4, Ticks.label(t), 12, Color.BLACK, Anchor.END, false, 0);
    }
    c.text(left + pw / 2, top + ph + 46, axisNames[0], 15, Color.BLACK, Anchor.MIDDLE, false, 0);
    c.text(left - 52, top + ph / 2, axisNames[1], 15, Color.BLACK, Anchor.MIDDLE, false, -90);
  }

  private void colourBar(Canvas c, double x0, double top, double h, double fmin, double fmax, double[] levels, int bands) {
    double span = fmax > fmin ? fmax - fmin : 1;
    double[] bounds = new double[bands + 1];
    bounds[0] = fmin;
    System.arraycopy(levels, 0, bounds, 1, levels.length);
    bounds[bands] = fmax;
    for (int b = 0; b < bands; b++) {
      double y1 = top + h - (bounds[b] - fmin) / span * h, y2 = top + h - (bounds[b + 1] - fmin) / span * h;
      c.fillRect(x0, y2, 22, y1 - y2, map.at((b + 0.5) / bands));
    }
    c.strokeRect(x0, top, 22, h, Color.BLACK, 1);
    for (double l : levels) {
      double y = top + h - (l - fmin) / span * h;
      c.line(x0, y, x0 + 28, y, LEVEL, 0.8, false);
      c.text(x0 + 32, y + 4, Ticks.label(l), 11, Color.BLACK, Anchor.START, false, 0);
    }
    c.text(x0 + 11, top - 10, "f", 14, Color.BLACK, Anchor.MIDDLE, true, 0);
  }

  private void legend(Canvas c, double x, double y, boolean twoD) {
    double tol = kinkTolerance();
    boolean anyFlat = frontiers.stream().anyMatch(f -> Math.abs(f.kink()) <= tol);
    List<Object[]> items = new ArrayList<>();
    items.add(new Object[] {CONVEX, "convex kink (\u03ba > 0)", 2.8, false});
    items.add(new Object[] {CONCAVE, "concave kink (\u03ba < 0)", 2.8, false});
    if (anyFlat) items.add(new Object[] {FLAT, "neuron switches, no kink", 1.4, true});
    if (twoD) items.add(new Object[] {LEVEL, "level lines of f", 0.8, false});
    double yy = y;
    for (Object[] it : items) {
      if (twoD) c.line(x, yy - 4, x + 28, yy - 4, (Color) it[0], (double) it[2], (boolean) it[3]);
      else c.circle(x + 14, yy - 4, 5, (Color) it[0], Color.WHITE);
      c.text(x + 36, yy, (String) it[1], 12, Color.BLACK, Anchor.START, false, 0);
      yy += 22;
    }
    if (witness != null) {
      c.circle(x + 14, yy - 4, 10, null, Color.BLACK);
      if (twoD) c.circle(x + 14, yy - 4, 2.5, Color.BLACK, null);
      c.text(x + 36, yy, "witness: f(mid) > mean of ends", 12, Color.BLACK, Anchor.START, false, 0);
      yy += 22;
    }
    c.text(x, yy + 8, frontiers.size() + (twoD ? " frontier edges" : " kinks"), 11, Color.DARK_GRAY, Anchor.START, false, 0);
  }

  // ---------------------------------------------------------------- d = 1

  private void draw1(Canvas c) {
    double lo = box.lo(0), hi = box.hi(0);
    List<Double> xs = new ArrayList<>();
    for (int k = 0; k <= 1000; k++) xs.add(lo + (hi - lo) * k / 1000);
    for (Frontier f : frontiers) if (f.x1() > lo && f.x1() < hi) xs.add(f.x1());
    if (witness != null) { xs.add(witness.a()[0]); xs.add(witness.b()[0]); xs.add(witness.midpoint()[0]); }
    double[] x = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double[] y = new double[x.length];
    Forward fw = new Forward(net);
    double ymin = Double.POSITIVE_INFINITY, ymax = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < x.length; i++) {
      y[i] = fw.output(new double[] {x[i]});
      ymin = Math.min(ymin, y[i]);
      ymax = Math.max(ymax, y[i]);
    }
    if (ymax - ymin < 1e-12) { ymin -= 1; ymax += 1; }
    double pad = 0.06 * (ymax - ymin);
    double y0 = ymin - pad, y1 = ymax + pad;
    double left = 90, top = 80, pw = 620, ph = 400;
    java.util.function.DoubleUnaryOperator X = v -> left + (v - lo) / (hi - lo) * pw;
    java.util.function.DoubleUnaryOperator Y = v -> top + ph - (v - y0) / (y1 - y0) * ph;
    for (double t : Ticks.linear(y0, y1, 8)) {
      double py = Y.applyAsDouble(t);
      c.line(left, py, left + pw, py, new Color(232, 232, 232), 1, false);
      c.line(left - 6, py, left, py, Color.BLACK, 1, false);
      c.text(left - 9, py + 4, Ticks.label(t), 12, Color.BLACK, Anchor.END, false, 0);
    }
    for (double t : Ticks.linear(lo, hi, 8)) {
      double px = X.applyAsDouble(t);
      c.line(px, top, px, top + ph, new Color(232, 232, 232), 1, false);
      c.line(px, top + ph, px, top + ph + 6, Color.BLACK, 1, false);
      c.text(px, top + ph + 21, Ticks.label(t), 12, Color.BLACK, Anchor.MIDDLE, false, 0);
    }
    double[] px = new double[x.length], py = new double[x.length];
    for (int i = 0; i < x.length; i++) { px[i] = X.applyAsDouble(x[i]); py[i] = Y.applyAsDouble(y[i]); }
    c.polyline(px, py, x.length, Color.BLACK, 2);
    if (witness != null) {
      double a = witness.a()[0], b = witness.b()[0], m = witness.midpoint()[0];
      double fa = fw.output(new double[] {a}), fb = fw.output(new double[] {b}), fm = fw.output(new double[] {m});
      c.line(X.applyAsDouble(a), Y.applyAsDouble(fa), X.applyAsDouble(b), Y.applyAsDouble(fb), Color.BLACK, 1.4, true);
      c.circle(X.applyAsDouble(a), Y.applyAsDouble(fa), 4, Color.WHITE, Color.BLACK);
      c.circle(X.applyAsDouble(b), Y.applyAsDouble(fb), 4, Color.WHITE, Color.BLACK);
      c.circle(X.applyAsDouble(m), Y.applyAsDouble(fm), 10, null, Color.BLACK);
      c.text(X.applyAsDouble(m) + 14, Y.applyAsDouble(fm) - 10, "witness", 13, Color.BLACK, Anchor.START, true, 0);
    }
    double tol = kinkTolerance();
    for (Frontier f : frontiers) {
      double fx = f.x1();
      c.circle(X.applyAsDouble(fx), Y.applyAsDouble(fw.output(new double[] {fx})), 5.5, kinkColor(f.kink(), tol), Color.WHITE);
    }
    c.strokeRect(left, top, pw, ph, Color.BLACK, 1.2);
    c.text(left + pw / 2, top + ph + 46, axisNames[0], 15, Color.BLACK, Anchor.MIDDLE, false, 0);
    c.text(left - 58, top + ph / 2, "f", 15, Color.BLACK, Anchor.MIDDLE, false, -90);
    legend(c, left + pw + 30, top + 10, false);
  }
}
