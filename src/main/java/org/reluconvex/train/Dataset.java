package org.reluconvex.train;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Forward;
import org.reluconvex.network.Network;

/** Regression data: n points x in R^d (row-major) with targets y. Immutable. */
public final class Dataset {
  private final int dim;
  private final double[] xs;
  private final double[] ys;

  /** Takes the arrays over; xs has n*dim entries, ys has n. */
  public Dataset(int dim, double[] xs, double[] ys) {
    if (dim < 1) throw new IllegalArgumentException("dimension must be at least 1");
    if (xs.length != ys.length * dim)
      throw new IllegalArgumentException(ys.length + " targets need " + ys.length * dim + " coordinates, got " + xs.length);
    for (double v : xs) if (!Double.isFinite(v)) throw new IllegalArgumentException("data contain a non-finite input");
    for (double v : ys) if (!Double.isFinite(v)) throw new IllegalArgumentException("data contain a non-finite target");
    this.dim = dim;
    this.xs = xs;
    this.ys = ys;
  }

  /** n points drawn uniformly in the box, labelled by the target network. */
  public static Dataset sample(Network target, Domain box, int n, SplittableRandom rnd) {
    return sample(new Forward(target)::output, target.inputDim(), box, n, rnd);
  }

  /** n points drawn uniformly in the box, labelled by a target function of d inputs. */
  public static Dataset sample(ToDoubleFunction<double[]> target, int d, Domain box, int n, SplittableRandom rnd) {
    if (!box.isBox()) throw new IllegalArgumentException("sampling needs a bounded box");
    if (box.dim() != d) throw new IllegalArgumentException("box has dimension " + box.dim() + ", the target " + d);
    double[] xs = new double[n * d];
    double[] ys = new double[n];
    double[] x = new double[d];
    for (int s = 0; s < n; s++) {
      for (int i = 0; i < d; i++) x[i] = box.lo(i) + (box.hi(i) - box.lo(i)) * rnd.nextDouble();
      System.arraycopy(x, 0, xs, s * d, d);
      ys[s] = target.applyAsDouble(x);
    }
    return new Dataset(d, xs, ys);
  }

  /**
   * Reads a CSV file whose columns are x1..xd,y (comma separated). A first line that does not parse
   * as numbers is taken as a header. Blank lines are skipped.
   */
  public static Dataset readCsv(Path file) throws IOException {
    double[] xs = new double[1024];
    double[] ys = new double[128];
    int n = 0, dim = -1, lineNo = 0;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) continue;
        String[] cells = line.split(",");
        double[] row = new double[cells.length];
        try {
          for (int i = 0; i < cells.length; i++) row[i] = Double.parseDouble(cells[i].trim());
        } catch (NumberFormatException e) {
          if (n == 0 && dim < 0) {
            dim = cells.length - 1; // header
            continue;
          }
          throw new IOException(file + " line " + lineNo + ": '" + line + "' is not a row of numbers");
        }
        if (dim < 0) dim = cells.length - 1;
        if (cells.length != dim + 1)
          throw new IOException(file + " line " + lineNo + ": expected " + (dim + 1) + " columns, got " + cells.length);
        if (dim < 1) throw new IOException(file + ": need at least two columns (x1,...,xd,y)");
        if ((n + 1) * dim > xs.length) xs = Arrays.copyOf(xs, Math.max(2 * xs.length, (n + 1) * dim));
        if (n + 1 > ys.length) ys = Arrays.copyOf(ys, 2 * ys.length);
        System.arraycopy(row, 0, xs, n * dim, dim);
        ys[n] = row[dim];
        n++;
      }
    }
    if (n == 0) throw new IOException(file + " contains no data rows");
    try {
      return new Dataset(dim, Arrays.copyOf(xs, n * dim), Arrays.copyOf(ys, n));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage());
    }
  }

  /** A random split: a validation part of round(fraction * n) points and the rest for training. */
  public Split split(double validationFraction, SplittableRandom rnd) {
    if (!(validationFraction >= 0 && validationFraction < 1))
      throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + validationFraction);
    int n = size();
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) perm[i] = i;
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    int nVal = (int) Math.round(validationFraction * n);
    if (validationFraction > 0 && nVal == 0) nVal = 1;
    if (nVal >= n) throw new IllegalArgumentException("too few points (" + n + ") for a validation split");
    return new Split(subset(perm, nVal, n), subset(perm, 0, nVal));
  }

  private Dataset subset(int[] idx, int from, int to) {
    int m = to - from;
    double[] x = new double[m * dim];
    double[] y = new double[m];
    for (int s = 0; s < m; s++) {
      int k = idx[from + s];
      System.arraycopy(xs, k * dim, x, s * dim, dim);
      y[s] = ys[k];
    }
    return new Dataset(dim, x, y);
  }

  /** The smallest box holding every input point (widened where all points share a coordinate). */
  public Domain boundingBox() {
    double[] lo = new double[dim], hi = new double[dim];
    Arrays.fill(lo, Double.POSITIVE_INFINITY);
    Arrays.fill(hi, Double.NEGATIVE_INFINITY);
    for (int s = 0; s < size(); s++)
      for (int i = 0; i < dim; i++) {
        double v = xs[s * dim + i];
        lo[i] = Math.min(lo[i], v);
        hi[i] = Math.max(hi[i], v);
      }
    for (int i = 0; i < dim; i++) if (!(lo[i] < hi[i])) { lo[i] -= 1; hi[i] += 1; }
    return Domain.box(lo, hi);
  }

  public int dim() { return dim; }

  public int size() { return ys.length; }

  /** Row-major inputs (live array; do not modify). */
  double[] rawInputs() { return xs; }

  /** Targets (live array; do not modify). */
  double[] rawTargets() { return ys; }

  public double[] input(int s) { return Arrays.copyOfRange(xs, s * dim, (s + 1) * dim); }

  public double target(int s) { return ys[s]; }

  /** Training and validation parts. */
  public record Split(Dataset train, Dataset validation) {}
}
