package org.reluconvex.complex;

import java.util.Arrays;
import org.reluconvex.network.Domain;

/**
 * One sub-box of a box cut into a grid of pieces ({@link Pieces#grid}): its closed box, its index in
 * the grid (per coordinate, from 0) and the grid's shape. The unit of parallel and distributed work.
 *
 * <p>A piece can be halved again ({@link #halves}) where its complex does not fit in memory: a half
 * is indexed in the grid refined along that coordinate, so that {@link #isCut} stays true to the
 * whole box, but its neighbours keep their own grid; the pieces then tile the box without forming
 * one grid, and are paired across each cut plane ({@link Pieces#crossingsPair}).
 *
 * @param box the closed sub-box
 * @param index position in the grid, per coordinate
 * @param grid number of pieces along each coordinate
 */
public record Piece(Domain box, int[] index, int[] grid) {
  public Piece {
    if (index.length != box.dim() || grid.length != box.dim())
      throw new IllegalArgumentException("a piece of a " + box.dim() + "-dimensional box needs " + box.dim() + " indices");
    index = index.clone();
    grid = grid.clone();
  }

  @Override
  public int[] index() { return index.clone(); }

  @Override
  public int[] grid() { return grid.clone(); }

  /** Index along coordinate i. */
  public int index(int i) { return index[i]; }

  /**
   * Whether facet f of the piece (2i: x_i = lo, 2i + 1: x_i = hi, numbered as in
   * {@link PolyhedralComplex}) is a cut inside the whole box rather than a facet of the whole box.
   */
  public boolean isCut(int facet) {
    int i = facet >> 1;
    return (facet & 1) == 0 ? index[i] > 0 : index[i] < grid[i] - 1;
  }

  /**
   * The two halves of this piece along its widest coordinate (the first of equal widths), lower
   * first. The middle is one double, shared bit for bit by both halves.
   */
  public Piece[] halves() {
    int d = box.dim(), axis = 0;
    for (int i = 1; i < d; i++) if (box.hi(i) - box.lo(i) > box.hi(axis) - box.lo(axis)) axis = i;
    double lo = box.lo(axis), hi = box.hi(axis), mid = lo + (hi - lo) / 2;
    if (!(lo < mid && mid < hi)) throw new IllegalArgumentException(this + " is too narrow to halve");
    Piece[] out = new Piece[2];
    for (int b = 0; b < 2; b++) {
      double[] l = box.lo(), h = box.hi();
      if (b == 0) h[axis] = mid;
      else l[axis] = mid;
      int[] ix = index.clone(), g = grid.clone();
      ix[axis] = 2 * index[axis] + b;
      g[axis] = Math.multiplyExact(2, grid[axis]);
      out[b] = new Piece(Domain.box(l, h), ix, g);
    }
    return out;
  }

  /** Position in the grid's order (the first coordinate varies fastest). */
  public int ordinal() {
    int k = 0;
    for (int i = grid.length - 1; i >= 0; i--) k = k * grid[i] + index[i];
    return k;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Piece p && box.equals(p.box) && Arrays.equals(index, p.index) && Arrays.equals(grid, p.grid);
  }

  @Override
  public int hashCode() { return 31 * box.hashCode() + 7 * Arrays.hashCode(index) + Arrays.hashCode(grid); }

  @Override
  public String toString() { return "piece " + Arrays.toString(index) + " of " + Arrays.toString(grid) + ": " + box.describe(); }
}
