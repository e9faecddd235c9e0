package org.reluconvex.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Arrays;
import java.util.List;
import org.reluconvex.convexity.CheckOptions;
import org.reluconvex.network.Domain;
import org.reluconvex.convexity.Checks;
import org.reluconvex.convexity.MilpChecker;
import org.reluconvex.convexity.Verdict;
import org.reluconvex.io.ModelFiles;
import org.reluconvex.io.Onnx;
import org.reluconvex.network.Network;
import org.reluconvex.precision.PrecisionPolicy;

/**
 * The fixed networks of {@code bench --suite} (docs/performance.md) and how one is measured: the
 * check warmed up by count and by time, then timed runs in the same process, with the peak heap of
 * the timed runs.
 */
final class BenchSuite {
  private BenchSuite() {}

  /**
   * One benchmark network: a model (example:..., or bench/NAME.onnx on the class path), its box, the
   * method it is timed with (null: bench's --method), and whether it runs only when named with
   * --only (a network whose exhaustive runs take minutes each).
   */
  record Entry(String name, String model, double lo, double hi, Checks.Method method, boolean optIn) {
    Entry(String name, String model, double lo, double hi) {
      this(name, model, lo, hi, null, false);
    }

    Entry(String name, String model, double lo, double hi, Checks.Method method) {
      this(name, model, lo, hi, method, false);
    }

    Network load() {
      if (!model.startsWith("bench/")) return ModelFiles.resolve(model);
      try (InputStream in = BenchSuite.class.getResourceAsStream("/" + model)) {
        if (in == null) throw new IllegalStateException("benchmark network " + model + " is missing from the jar");
        return Onnx.read(in.readAllBytes(), model);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    Domain box(int d) { return Domain.cube(d, lo, hi); }
  }

  /**
   * The 8 x 32 networks trained on unions of 256, 512 and 1024 small spheres
   * (docs/examples/many_spheres_sdf.py), complexes of 3.1, 4.6 and 5.4 million vertices, towards the
   * edge-subdivision paper's bunny (9.86 million): opt-in.
   */
  static final String SDF_8X32 = "d3-spheres256-sdf-8x32", SDF_8X32_512 = "d3-spheres512-sdf-8x32",
      SDF_8X32_1024 = "d3-spheres1024-sdf-8x32";

  /** The opt-in networks, as --only's help names them. */
  static final String OPT_IN_NAMES = SDF_8X32 + ", " + SDF_8X32_512 + " and " + SDF_8X32_1024;

  /**
   * The suite: PyTorch-initialised MLPs (seed 1) in d = 2 on the paper's box, the torus SDF network
   * (three hidden layers of 16, trained by {@code train} on docs/bench/torus_sdf.py's samples) and
   * random MLPs in d = 3 on the SDF's box, random MLPs in d = 4 and 5 (where auto decides by
   * integer programs; the -skeleton rows build their complexes), and, when named, the 8 x 32 SDF
   * networks.
   */
  static final List<Entry> ENTRIES = List.of(
      new Entry("d2-64x64", "example:random?dim=2&widths=64,64&seed=1", -100, 100),
      new Entry("d2-128x128", "example:random?dim=2&widths=128,128&seed=1", -100, 100),
      new Entry("d2-512x512", "example:random?dim=2&widths=512,512&seed=1", -100, 100),
      new Entry("d3-torus-sdf-3x16", "bench/torus-sdf-3x16.onnx", -0.5, 0.5),
      new Entry("d3-16x16x16", "example:random?dim=3&widths=16,16,16&seed=1", -0.5, 0.5),
      new Entry("d3-32x32x32", "example:random?dim=3&widths=32,32,32&seed=1", -0.5, 0.5),
      new Entry("d4-16x16", "example:random?dim=4&widths=16,16&seed=1", -1, 1),
      new Entry("d4-16x16-skeleton", "example:random?dim=4&widths=16,16&seed=1", -1, 1, Checks.Method.SKELETON),
      new Entry("d5-12x12", "example:random?dim=5&widths=12,12&seed=1", -1, 1),
      new Entry("d5-12x12-skeleton", "example:random?dim=5&widths=12,12&seed=1", -1, 1, Checks.Method.SKELETON),
      new Entry(SDF_8X32, "bench/" + SDF_8X32 + ".onnx", -0.5, 0.5, Checks.Method.SKELETON, true),
      new Entry(SDF_8X32_512, "bench/" + SDF_8X32_512 + ".onnx", -0.5, 0.5, Checks.Method.SKELETON, true),
      new Entry(SDF_8X32_1024, "bench/" + SDF_8X32_1024 + ".onnx", -0.5, 0.5, Checks.Method.SKELETON, true));

  /** The entries --suite runs: all but the opt-in ones, or those named (null: none named). */
  static List<Entry> selected(List<String> only) {
    return ENTRIES.stream().filter(e -> only == null ? !e.optIn() : only.contains(e.name())).toList();
  }

  /** What one measurement found: the last verdict, the run times, the warm-up and the peak heap of the timed runs. */
  record Measurement(Verdict verdict, double[] runs, int warmup, double warmupSeconds, long peakHeapBytes) {
    double median() {
      double[] s = runs.clone();
      Arrays.sort(s);
      int n = s.length;
      return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }

    double min() { return Arrays.stream(runs).min().orElse(Double.NaN); }

    double max() { return Arrays.stream(runs).max().orElse(Double.NaN); }
  }

  /**
   * The check of net on box with the given options ({@link #options}: a method and the early-search
   * trials, 0 for the whole complex), warmed up by at least {@code warmup} runs and {@code warmupSeconds}, then {@code repeat} timed
   * runs. The peak heap is the sum of the heap pools' peaks over the timed runs, after a collection:
   * what the runs held at most, garbage not yet collected included.
   */
  static Measurement measure(Network net, Domain box, CheckOptions options, int warmup, double warmupSeconds, int repeat) {
    Verdict v = null;
    // warm-up by count and by time, as JMH does: times settle only once the hot code is compiled
    int warmed = 0;
    long warmStart = System.nanoTime();
    while (warmed < warmup || (System.nanoTime() - warmStart) / 1e9 < warmupSeconds) {
      v = Checks.check(net, box, options);
      warmed++;
    }
    double warmedSeconds = (System.nanoTime() - warmStart) / 1e9;
    List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
    System.gc();
    heap.forEach(MemoryPoolMXBean::resetPeakUsage);
    double[] runs = new double[repeat];
    for (int i = 0; i < repeat; i++) {
      long t0 = System.nanoTime();
      v = Checks.check(net, box, options);
      runs[i] = (System.nanoTime() - t0) / 1e9;
    }
    long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    return new Measurement(v, runs, warmed, warmedSeconds, peak);
  }

  /** As check does it (early trials), or as check --exhaustive (none: the complex built and counted). */
  static CheckOptions options(Checks.Method m, int early) {
    return CheckOptions.defaults().withMethod(m).withEarlyTrials(early).withExhaustive(early == 0);
  }
}
