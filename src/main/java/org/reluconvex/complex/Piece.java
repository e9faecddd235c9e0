package org.reluconvex.complex;

import java.util.Arrays;
import org.reluconvex.network.Domain;

/**
 * One sub-box of a box cut into a grid of pieces ({@link Pieces#grid}): its closed box, its index in
 * the grid (per coordinate, from 0) and the grid's shape. The unit of parallel and distributed work.
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
