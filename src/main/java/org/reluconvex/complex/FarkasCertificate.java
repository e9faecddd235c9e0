package org.reluconvex.complex;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.reluconvex.network.Domain;

/**
 * Proofs, in exact arithmetic, that a system of half-spaces r_k(x) = a_k . x + c_k &ge; 0 has no point
 * where every r_k is strictly positive, optionally on a hyperplane e(x) = 0, inside a box (or R^d):
 * the polyhedron has no relative interior there, so the hyperplane carries no facet. Farkas: if
 * lambda_k &ge; 0, not all zero, and mu make L(x) = sum lambda_k r_k(x) + mu e(x) &le; 0 on the whole
 * domain, a strictly feasible x would give L(x) &gt; 0.
 *
 * <p>The multipliers come first from a floating-point program (a guess, checked exactly here);
 * where the polyhedron touches the hyperplane in exactly one lower-dimensional face (three lines
 * through one point, the usual degeneracy of hand-built networks) the guess is only nearly right,
 * and the multipliers are recomputed exactly as the null vector of the active rows' normals.
 */
public final class FarkasCertificate {
  private FarkasCertificate() {}

  /**
   * @param rows the exact forms {a_1..a_d, c} of the program's active half-spaces (box facets
   *     included as rows when they are active)
   * @param guess a multiplier for each row (from the solver; negative entries count as 0)
   * @param eq the exact form of the hyperplane, or null
   * @param eqGuess its multiplier (free)
   * @param domain the box (its other facets bound x), or all of R^d
   */
  public static boolean proves(List<BigDecimal[]> rows, double[] guess, BigDecimal[] eq, double eqGuess, Domain domain) {
    return support(rows, guess, eq, eqGuess, domain) != null;
  }

  /**
   * As {@link #proves}, returning the rows the proof uses (non-zero multipliers): every system that
   * shares them has no strictly feasible point either. Null when nothing is proven.
   */
  public static boolean[] support(List<BigDecimal[]> rows, double[] guess, BigDecimal[] eq, double eqGuess, Domain domain) {
    int n = rows.size();
    BigDecimal[] lambda = new BigDecimal[n];
    boolean positive = false;
    for (int k = 0; k < n; k++) {
      lambda[k] = guess[k] > 0 && Double.isFinite(guess[k]) ? new BigDecimal(guess[k]) : BigDecimal.ZERO;
      positive |= lambda[k].signum() > 0;
    }
    BigDecimal mu = eq != null && Double.isFinite(eqGuess) ? new BigDecimal(eqGuess) : BigDecimal.ZERO;
    if (positive && holds(rows, lambda, eq, mu, domain)) {
      boolean[] used = new boolean[n];
      for (int k = 0; k < n; k++) used[k] = lambda[k].signum() != 0;
      return used;
    }
    return exactNullVector(rows, guess, eq, eqGuess, domain);
  }

  /** The facet x_c &ge; lo_c (lower) or x_c &le; hi_c of a box as an exact half-space form {a_1..a_d, c}. */
  public static BigDecimal[] boxFacet(Domain box, int c, boolean lower) {
    int d = box.dim();
    BigDecimal[] f = new BigDecimal[d + 1];
    java.util.Arrays.fill(f, BigDecimal.ZERO);
    f[c] = lower ? BigDecimal.ONE : BigDecimal.ONE.negate();
    f[d] = new BigDecimal(lower ? -box.lo(c) : box.hi(c));
    return f;
  }

  /** max over the domain of sum lambda_k r_k + mu e &le; 0. */
  private static boolean holds(List<BigDecimal[]> rows, BigDecimal[] lambda, BigDecimal[] eq, BigDecimal mu, Domain domain) {
    int d = domain.dim();
    BigDecimal[] l = new BigDecimal[d + 1];
    java.util.Arrays.fill(l, BigDecimal.ZERO);
    for (int k = 0; k < rows.size(); k++) {
      if (lambda[k].signum() == 0) continue;
      BigDecimal[] f = rows.get(k);
      for (int c = 0; c <= d; c++) if (f[c].signum() != 0) l[c] = l[c].add(lambda[k].multiply(f[c]));
    }
    if (eq != null && mu.signum() != 0)
      for (int c = 0; c <= d; c++) if (eq[c].signum() != 0) l[c] = l[c].add(mu.multiply(eq[c]));
    BigDecimal max = l[d];
    for (int c = 0; c < d; c++) {
      if (l[c].signum() == 0) continue;
      if (!domain.isBox()) return false; // unbounded above on R^d
      max = max.add(l[c].multiply(new BigDecimal(domain.lo(c))).max(l[c].multiply(new BigDecimal(domain.hi(c)))));
    }
    return max.signum() <= 0;
  }

  /**
   * The multipliers as the exact null vector of the normals (rows and hyperplane as columns) when it
   * is unique up to scale, oriented like the guess; then L is the constant sum lambda_k c_k + mu c_e.
   */
  private static boolean[] exactNullVector(List<BigDecimal[]> rows, double[] guess, BigDecimal[] eq, double eqGuess, Domain domain) {
    int n = rows.size() + (eq != null ? 1 : 0);
    if (n == 0 || n > 256) return null;
    int d = domain.dim();
    BigInteger[][] cols = new BigInteger[n][];
    for (int k = 0; k < n; k++) cols[k] = integers(k < rows.size() ? rows.get(k) : eq, d);
    // a column with one non-zero coordinate (a box facet, mostly) settles that coordinate's equation
    // once the others are known: eliminate those first, the rest is a small system
    int[] pinnedBy = new int[d];
    java.util.Arrays.fill(pinnedBy, -1);
    boolean[] pins = new boolean[n];
    for (int k = 0; k < n; k++) {
      int only = -1;
      for (int c = 0; c < d; c++)
        if (cols[k][c].signum() != 0) {
          if (only >= 0) { only = -2; break; }
          only = c;
        }
      if (only >= 0 && pinnedBy[only] < 0) {
        pinnedBy[only] = k;
        pins[k] = true;
      }
    }
    int[] freeCols = java.util.stream.IntStream.range(0, n).filter(k -> !pins[k]).toArray();
    int[] openRows = java.util.stream.IntStream.range(0, d).filter(c -> pinnedBy[c] < 0).toArray();
    int nf = freeCols.length, dr = openRows.length;
    if (nf == 0) return null;
    // reduced row echelon form of the open rows over the free columns, over the rationals
    Fraction[][] a = new Fraction[dr][nf];
    for (int r = 0; r < dr; r++)
      for (int k = 0; k < nf; k++) a[r][k] = new Fraction(cols[freeCols[k]][openRows[r]], BigInteger.ONE);
    int[] pivotCol = new int[Math.max(dr, 1)];
    int rank = 0;
    for (int k = 0; k < nf && rank < dr; k++) {
      int p = -1;
      for (int r = rank; r < dr; r++) if (a[r][k].signum() != 0) { p = r; break; }
      if (p < 0) continue;
      Fraction[] t = a[p]; a[p] = a[rank]; a[rank] = t;
      Fraction inv = a[rank][k].inverse();
      for (int j = 0; j < nf; j++) a[rank][j] = a[rank][j].times(inv);
      for (int r = 0; r < dr; r++) {
        if (r == rank || a[r][k].signum() == 0) continue;
        Fraction f = a[r][k];
        for (int j = 0; j < nf; j++) a[r][j] = a[r][j].minus(f.times(a[rank][j]));
      }
      pivotCol[rank++] = k;
    }
    if (nf - rank != 1) return null; // no null vector, or not unique up to scale
    boolean[] pivot = new boolean[nf];
    for (int r = 0; r < rank; r++) pivot[pivotCol[r]] = true;
    int free = 0;
    while (pivot[free]) free++;
    Fraction[] y = new Fraction[n];
    Fraction zero = new Fraction(BigInteger.ZERO, BigInteger.ONE);
    java.util.Arrays.fill(y, zero);
    y[freeCols[free]] = new Fraction(BigInteger.ONE, BigInteger.ONE);
    for (int r = 0; r < rank; r++) y[freeCols[pivotCol[r]]] = a[r][free].negate();
    // each pinned column balances its coordinate: y_pin col_pin[c] = -sum of the others there
    for (int c = 0; c < d; c++) {
      int k = pinnedBy[c];
      if (k < 0) continue;
      Fraction sum = zero;
      for (int j = 0; j < n; j++)
        if (!pins[j] && cols[j][c].signum() != 0) sum = sum.plus(y[j].times(new Fraction(cols[j][c], BigInteger.ONE)));
      y[k] = sum.negate().times(new Fraction(BigInteger.ONE, cols[k][c]));
    }
    // orient it like the guess: the largest guessed multiplier keeps its sign
    int big = -1;
    for (int k = 0; k < rows.size(); k++) if (guess[k] > 0 && (big < 0 || guess[k] > guess[big])) big = k;
    if (big < 0) return null;
    if (y[big].signum() < 0) for (int k = 0; k < n; k++) y[k] = y[k].negate();
    if (y[big].signum() == 0) return null;
    // lambda >= 0 on the half-spaces, then L = sum y_k c_k (scaled columns: the same signs)
    Fraction constant = new Fraction(BigInteger.ZERO, BigInteger.ONE);
    for (int k = 0; k < n; k++) {
      if (k < rows.size() && y[k].signum() < 0) return null;
      constant = constant.plus(y[k].times(new Fraction(cols[k][d], BigInteger.ONE)));
    }
    if (constant.signum() > 0) return null;
    boolean[] used = new boolean[rows.size()];
    for (int k = 0; k < used.length; k++) used[k] = y[k].signum() != 0;
    return used;
  }

  /** A form scaled by a positive power of ten to integers (the same half-space). */
  private static BigInteger[] integers(BigDecimal[] f, int d) {
    int scale = 0;
    for (int c = 0; c <= d; c++) scale = Math.max(scale, f[c].scale());
    BigInteger[] out = new BigInteger[d + 1];
    for (int c = 0; c <= d; c++) out[c] = f[c].setScale(scale).unscaledValue();
    return out;
  }

  /** An exact rational, always reduced, with a positive denominator. */
  private record Fraction(BigInteger num, BigInteger den) {
    Fraction {
      if (den.signum() < 0) {
        num = num.negate();
        den = den.negate();
      }
      BigInteger g = num.gcd(den);
      if (g.signum() != 0 && !g.equals(BigInteger.ONE)) {
        num = num.divide(g);
        den = den.divide(g);
      }
    }

    int signum() { return num.signum(); }

    Fraction negate() { return new Fraction(num.negate(), den); }

    Fraction inverse() { return new Fraction(den, num); }

    Fraction times(Fraction o) { return new Fraction(num.multiply(o.num), den.multiply(o.den)); }

    Fraction plus(Fraction o) { return new Fraction(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den)); }

    Fraction minus(Fraction o) { return plus(o.negate()); }
  }
}
