package org.reluconvex.complex;

/** Sorts an index array by double keys without boxing (introsort-free quicksort + insertion sort). */
final class IndexSort {
  private IndexSort() {}

  /** Reorders idx so that key[idx[i]] is non-decreasing. */
  static void byKey(int[] idx, double[] key) {
    sort(idx, key, 0, idx.length - 1);
  }

  private static void sort(int[] a, double[] k, int lo, int hi) {
    while (hi - lo > 16) {
      double pivot = median(k[a[lo]], k[a[(lo + hi) >>> 1]], k[a[hi]]);
      int i = lo, j = hi;
      while (i <= j) {
        while (k[a[i]] < pivot) i++;
        while (k[a[j]] > pivot) j--;
        if (i <= j) {
          int t = a[i];
          a[i] = a[j];
          a[j] = t;
          i++;
          j--;
        }
      }
      if (j - lo < hi - i) {
        sort(a, k, lo, j);
        lo = i;
      } else {
        sort(a, k, i, hi);
        hi = j;
      }
    }
    for (int i = lo + 1; i <= hi; i++) {
      int v = a[i];
      double kv = k[v];
      int j = i - 1;
      while (j >= lo && k[a[j]] > kv) {
        a[j + 1] = a[j];
        j--;
      }
      a[j + 1] = v;
    }
  }

  private static double median(double a, double b, double c) {
    return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
  }
}
