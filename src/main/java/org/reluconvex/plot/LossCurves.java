package org.reluconvex.plot;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Loss curves against epochs on a logarithmic y axis (XChart), written as PNG. */
public final class LossCurves {
  static {
    if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
  }

  private final String title;
  private final String yLabel;
  private final Map<String, Curve> series = new LinkedHashMap<>();

  private record Curve(double[] values, Color color, boolean dashed) {}

  public LossCurves(String title, String yLabel) {
    this.title = title;
    this.yLabel = yLabel;
  }

  /**
   * Adds one curve: values[e] at epoch e+1. Non-positive and non-finite values cannot be shown on
   * a log axis and are left out of the curve.
   */
  public LossCurves add(String name, double[] values) {
    return add(name, values, null, false);
  }

  /** Adds one curve in the given colour (null: XChart's next colour), dashed or solid. */
  public LossCurves add(String name, double[] values, Color color, boolean dashed) {
    series.put(name, new Curve(values.clone(), color, dashed));
    return this;
  }

  public XYChart chart() {
    XYChart chart = new XYChartBuilder().width(900).height(560).title(title).xAxisTitle("epoch").yAxisTitle(yLabel).build();
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setMarkerSize(4);
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
    boolean any = false;
    for (Map.Entry<String, Curve> e : series.entrySet()) {
      List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
      double[] v = e.getValue().values();
      for (int i = 0; i < v.length; i++)
        if (v[i] > 0 && Double.isFinite(v[i])) {
          xs.add((double) (i + 1));
          ys.add(v[i]);
        }
      if (xs.isEmpty()) continue;
      XYSeries s = chart.addSeries(e.getKey(), xs, ys);
      s.setMarker(SeriesMarkers.CIRCLE);
      if (e.getValue().color() != null) {
        s.setLineColor(e.getValue().color());
        s.setMarkerColor(e.getValue().color());
      }
      if (e.getValue().dashed()) s.setLineStyle(SeriesLines.DASH_DASH);
      any = true;
    }
    if (!any) throw new IllegalStateException("no positive values to plot on a logarithmic axis");
    return chart;
  }

  public void writePng(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
    try (OutputStream out = Files.newOutputStream(file)) {
      BitmapEncoder.saveBitmap(chart(), out, BitmapEncoder.BitmapFormat.PNG);
    }
  }
}
