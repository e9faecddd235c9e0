package org.reluconvex.complex;

/** Sorted runs of constraint indices (the tight constraints of vertices, or of edges). */
final class SortedRuns {
  private SortedRuns() {}

  /**
   * The common entries of the sorted runs a[i..iEnd) and b[j..jEnd), written in order into out from
   * index 0 when out is not null; returns how many there are.
   */
  static int intersect(int[] a, int i, int iEnd, int[] b, int j, int jEnd, int[] out) {
    int k = 0;
    while (i < iEnd && j < jEnd) {
      int x = a[i], y = b[j];
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
