package org.reluconvex.plot;

import java.util.ArrayList;
import java.util.List;

/**
 * Level lines of a function sampled on a regular grid, as segments in grid coordinates (column,
 * row, both fractional). values[r][c] is the sample at column c, row r. Saddle cells are resolved
 * with the mean of the four corners.
 */
public final class MarchingSquares {
  private MarchingSquares() {}

  /** Segments {c1, r1, c2, r2} of the level line f = level. */
  public static List<double[]> segments(double[][] values, double level) {
    List<double[]> out = new ArrayList<>();
    int rows = values.length, cols = values[0].length;
    double[] px = new double[4], py = new double[4];
    for (int r = 0; r + 1 < rows; r++)
      for (int c = 0; c + 1 < cols; c++) {
        // corners in order 00, 10, 11, 01 (column offset, row offset); edge k joins corner k and k+1
        double[] v = {values[r][c] - level, values[r][c + 1] - level, values[r + 1][c + 1] - level, values[r + 1][c] - level};
        int[] dc = {0, 1, 1, 0}, dr = {0, 0, 1, 1};
        boolean[] cut = new boolean[4];
        int n = 0;
        for (int k = 0; k < 4; k++) {
          int k2 = (k + 1) % 4;
          if ((v[k] > 0) != (v[k2] > 0)) {
            double t = v[k] / (v[k] - v[k2]);
            px[k] = c + dc[k] + t * (dc[k2] - dc[k]);
            py[k] = r + dr[k] + t * (dr[k2] - dr[k]);
            cut[k] = true;
            n++;
          }
        }
        if (n == 2) {
          int a = -1, b = -1;
          for (int k = 0; k < 4; k++) if (cut[k]) { if (a < 0) a = k; else b = k; }
          out.add(new double[] {px[a], py[a], px[b], py[b]});
        } else if (n == 4) {
          boolean centre = (v[0] + v[1] + v[2] + v[3]) > 0;
          // cut off each corner whose side differs from the centre's: corner k lies between edges k-1 and k
          for (int k = 0; k < 4; k++)
            if ((v[k] > 0) != centre) {
              int e1 = (k + 3) % 4;
              out.add(new double[] {px[e1], py[e1], px[k], py[k]});
            }
        }
      }
    return out;
  }
}
