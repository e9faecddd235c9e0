package org.reluconvex.experiment;

import java.util.ArrayList;
import java.util.List;

/**
 * A two-dimensional family of architectures, the rows and columns of a heatmap: (n1, n2) pairs,
 * depth x width, or input dimension x width. {@link #specs()} lists them row by row; that is
 * also the order of the CSV rows.
 */
public record Sweep(String title, String rowAxis, int[] rowValues, String colAxis, int[] colValues, List<DrawSpec> specs) {
  public Sweep {
    rowValues = rowValues.clone();
    colValues = colValues.clone();
    specs = List.copyOf(specs);
    if (specs.size() != rowValues.length * colValues.length)
      throw new IllegalArgumentException("a sweep needs one architecture per cell");
    if (specs.stream().map(DrawSpec::key).distinct().count() != specs.size())
      throw new IllegalArgumentException("the sizes repeat a value: " + rowAxis + " and " + colAxis + " must list distinct sizes");
  }

  /** Two hidden layers (n1, n2), every pair: the paper's Figure 3. */
  public static Sweep pairs(int inputDim, int[] widths, boolean skip) {
    List<DrawSpec> s = new ArrayList<>();
    for (int n1 : widths) for (int n2 : widths) s.add(new DrawSpec(inputDim, new int[] {n1, n2}, skip));
    return new Sweep("two hidden layers, d = " + inputDim, "n1", widths, "n2", widths, s);
  }

  /** depth hidden layers of equal width. */
  public static Sweep depthWidth(int inputDim, int[] depths, int[] widths, boolean skip) {
    List<DrawSpec> s = new ArrayList<>();
    for (int depth : depths)
      for (int w : widths) {
        int[] ws = new int[depth];
        java.util.Arrays.fill(ws, w);
        s.add(new DrawSpec(inputDim, ws, skip));
      }
    return new Sweep("equal widths, d = " + inputDim, "depth", depths, "width", widths, s);
  }

  /** Input dimension x width, two hidden layers of equal width. */
  public static Sweep dimWidth(int[] dims, int[] widths, boolean skip) {
    List<DrawSpec> s = new ArrayList<>();
    for (int d : dims) for (int w : widths) s.add(new DrawSpec(d, new int[] {w, w}, skip));
    return new Sweep("two hidden layers of equal width", "d", dims, "width", widths, s);
  }

  @Override
  public int[] rowValues() { return rowValues.clone(); }

  @Override
  public int[] colValues() { return colValues.clone(); }

  public int rows() { return rowValues.length; }

  public int cols() { return colValues.length; }

  public DrawSpec spec(int row, int col) { return specs.get(row * colValues.length + col); }
}
