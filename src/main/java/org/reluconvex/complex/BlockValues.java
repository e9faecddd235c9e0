package org.reluconvex.complex;

import java.util.Arrays;

/**
 * Values of one block's neurons at the vertices of the complex. At the vertices that existed when
 * the layer began they are evaluated before the block (forward passes or {@link LineWalk}); a vertex
 * created since gets its value on demand, by interpolation along the edge it split ({@link
 * SplitRecipes}; recursively, its ends may be such vertices too), and keeps it for the rest of the
 * block: most never need one, their signs following from their ends'.
 */
final class BlockValues {
  private final SkeletonStore store;
  private final SplitRecipes recipes;
  private final int first;
  private final int cols;
  /**
   * Row-major: the value of neuron k of the block at v &lt; first is evaluated[v * cols + k]. Rows
   * make the classification pass sequential; the cuts read single entries.
   */
  private final double[] evaluated;
  /**
   * Values at vertices created during the layer, v = first + r: a row of created (rowOf[r]) only for
   * the few that need one, with bit k of known[r] set once entry k is computed. A row for every such
   * vertex would be a vertices x neurons table: the largest array of a build.
   */
  private double[] created;
  private int[] rowOf;
  private long[] known;
  private int rows;

  /**
   * 'evaluated' holds the block's values at the vertices before recipes.first (cols per vertex); the
   * other arrays come from the scratch (given back by {@link #finish}).
   */
  BlockValues(SkeletonStore store, SplitRecipes recipes, double[] evaluated, int cols, BlockScratch scratch) {
    this.store = store;
    this.recipes = recipes;
    this.first = recipes.first;
    this.evaluated = evaluated;
    this.cols = cols;
    int made = store.vertexCount() - first;
    // doubled when short, as the layer's vertices keep growing from block to block
    int room = Math.max(made + 64, 2 * scratch.known.length);
    known = scratch.known.length < made + 64 ? new long[room] : scratch.known;
    rowOf = scratch.rowOf.length < made + 64 ? new int[room] : scratch.rowOf;
    Arrays.fill(known, 0, made, 0L); // nothing known yet at the vertices already created in the layer
    created = scratch.created;
    store.holdValues(8L * (evaluated.length + created.length));
  }

  int first() { return first; }

  /** How the vertices created in the layer were made. */
  SplitRecipes recipes() { return recipes; }

  /** The evaluated rows (read only): neuron k at v &lt; first is at v * cols + k. */
  double[] evaluatedRows() { return evaluated; }

  /** Vertex p was just created as u + t (w - u). */
  void created(int p, int u, int w, double t) {
    int r = p - first;
    if (known.length <= r) {
      int cap = Math.max(r + 1, known.length * 2);
      known = Arrays.copyOf(known, cap);
      rowOf = Arrays.copyOf(rowOf, cap);
    }
    known[r] = 0;
    recipes.add(p, u, w, t);
  }

  /** Gives the arrays back for the next block. */
  void finish(BlockScratch scratch) {
    scratch.known = known;
    scratch.rowOf = rowOf;
    scratch.created = created;
  }

  /** Value of neuron k of the block at v. */
  double value(int v, int k) {
    if (v < first) return evaluated[v * cols + k];
    int r = v - first;
    if ((known[r] & (1L << k)) != 0) return created[rowOf[r] * cols + k];
    double a = value(recipes.u(v), k);
    double x = a + recipes.t(v) * (value(recipes.w(v), k) - a);
    int row = known[r] != 0 ? rowOf[r] : newRow(r);
    created[row * cols + k] = x;
    known[r] |= 1L << k;
    return x;
  }

  /** A fresh row of 'created' for vertex first + r. */
  private int newRow(int r) {
    long need = (long) (rows + 1) * cols;
    if (created.length < need) {
      long cap = Math.max(need, Math.max(64L * cols, (long) created.length * 3 / 2));
      store.checkRoom(8L * created.length);
      created = Arrays.copyOf(created, (int) Math.min(Integer.MAX_VALUE - 8, cap));
      store.holdValues(8L * (evaluated.length + created.length));
    }
    rowOf[r] = rows;
    return rows++;
  }
}
