package org.reluconvex.complex;

/** Sorted runs of constraint indices inside one pool array (the tight constraints of vertices). */
final class SortedRuns {
  private SortedRuns() {}

  /**
   * The common entries of the sorted runs pool[i..iEnd) and pool[j..jEnd), written in order into out
   * from index 0 when out is not null; returns how many there are.
   */
  static int intersect(int[] pool, int i, int iEnd, int j, int jEnd, int[] out) {
    int k = 0;
    while (i < iEnd && j < jEnd) {
      int x = pool[i], y = pool[j];
      if (x == y) {
        if (out != null) out[k] = x;
        k++;
        i++;
        j++;
      } else if (x < y) i++;
      else j++;
    }
    return k;
  }
}
