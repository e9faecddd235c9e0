package org.reluconvex.io;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.reluconvex.network.Network;
import org.reluconvex.network.NetworkBuilder;

/**
 * From groups of hidden neurons, each with its pre-activation as an affine function of the input
 * (source 0) and of earlier groups (sources 1, 2, ... in creation order), to a layered
 * {@link Network}: a group's layer is the length of its longest path from the input, groups of the
 * same layer are concatenated in creation order, and every coefficient block becomes (part of) a
 * weight block {@code W[l][m]}. Groups the output does not depend on are dropped.
 */
final class Layering {
  private Layering() {}

  /**
   * @param pre pre-activations of the groups; group s (1-based) is {@code pre.get(s - 1)}, and it
   *     depends only on the input and on groups created before it
   * @param output the output, an affine function of length 1
   */
  static Network network(int inputDim, List<AffineValue> pre, AffineValue output, String source) {
    int g = pre.size();
    Set<Integer> needed = new HashSet<>();
    ArrayDeque<Integer> todo = new ArrayDeque<>(output.blocks().keySet());
    while (!todo.isEmpty()) {
      int s = todo.pop();
      if (s == 0 || !needed.add(s)) continue;
      todo.addAll(pre.get(s - 1).blocks().keySet());
    }
    int[] depth = new int[g + 1];
    int hidden = 0;
    for (int s = 1; s <= g; s++) { // creation order is a topological order
      if (!needed.contains(s)) continue;
      int d = 0;
      for (int src : pre.get(s - 1).blocks().keySet()) d = Math.max(d, depth[src]);
      depth[s] = d + 1;
      hidden = Math.max(hidden, depth[s]);
    }
    int outLayer = hidden + 1;
    int[] widths = new int[outLayer + 1];
    int[] width = new int[g + 1];
    int[] offsetInLayer = new int[g + 1];
    widths[0] = inputDim;
    width[0] = inputDim;
    widths[outLayer] = 1;
    for (int s = 1; s <= g; s++) {
      if (!needed.contains(s)) continue;
      width[s] = pre.get(s - 1).n;
      offsetInLayer[s] = widths[depth[s]];
      widths[depth[s]] += width[s];
    }
    try {
      NetworkBuilder b = NetworkBuilder.withWidths(widths);
      for (int s = 1; s <= g; s++)
        if (needed.contains(s)) place(b, pre.get(s - 1), depth[s], offsetInLayer[s], depth, offsetInLayer, width);
      place(b, output, outLayer, 0, depth, offsetInLayer, width);
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new BadInputException(source + ": " + e.getMessage());
    }
  }

  /**
   * Writes an affine value as rows [row0, row0 + n) of layer l: its blocks, and its offset as bias,
   * declared absent where no bias term of the model reached it.
   */
  private static void place(NetworkBuilder b, AffineValue v, int l, int row0, int[] depth, int[] offsetInLayer, int[] width) {
    for (int i = 0; i < v.n; i++) {
      b.bias(l, row0 + i, v.offset[i]);
      if (!v.bias[i]) b.withoutBias(l, row0 + i);
    }
    for (Map.Entry<Integer, double[]> e : v.blocks().entrySet()) {
      int s = e.getKey();
      int m = depth[s];
      int col0 = offsetInLayer[s];
      int w = width[s];
      int cols = b.width(m);
      double[] blk = b.block(l, m);
      if (blk == null) {
        blk = AffineValue.newBlock(b.width(l), cols);
        b.block(l, m, blk);
      }
      double[] src = e.getValue();
      for (int i = 0; i < v.n; i++) System.arraycopy(src, i * w, blk, (row0 + i) * cols + col0, w);
    }
  }
}
