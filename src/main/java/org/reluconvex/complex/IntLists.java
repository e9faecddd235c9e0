package org.reluconvex.complex;

import java.util.Arrays;

/** A fixed number of growable lists of ints (one per neuron of a block), without boxing. */
final class IntLists {
  private final int[][] items;
  private final int[] sizes;

  IntLists(int lists) {
    items = new int[lists][];
    sizes = new int[lists];
  }

  /** The lists of the parts one after the other, list by list (parts[i] has as many lists as this). */
  static IntLists concat(IntLists[] parts, int lists) {
    IntLists out = new IntLists(lists);
    for (int k = 0; k < lists; k++) {
      int total = 0;
      for (IntLists p : parts) total += p.sizes[k];
      int[] all = new int[total];
      int at = 0;
      for (IntLists p : parts) {
        if (p.sizes[k] > 0) System.arraycopy(p.items[k], 0, all, at, p.sizes[k]);
        at += p.sizes[k];
      }
      out.items[k] = all;
      out.sizes[k] = total;
    }
    return out;
  }

  void add(int k, int value) {
    int[] list = items[k];
    if (list == null || list.length == 0) items[k] = list = new int[8];
    else if (sizes[k] == list.length) items[k] = list = Arrays.copyOf(list, 2 * sizes[k]);
    list[sizes[k]++] = value;
  }

  int size(int k) { return sizes[k]; }

  int get(int k, int q) { return items[k][q]; }
}
