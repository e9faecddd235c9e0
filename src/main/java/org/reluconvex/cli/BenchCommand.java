package org.reluconvex.cli;

import org.reluconvex.convexity.CheckOptions;
import org.reluconvex.convexity.VerdictJson;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.reluconvex.network.Domain;
import org.reluconvex.convexity.Checks;
import org.reluconvex.convexity.MilpChecker;
import org.reluconvex.convexity.Verdict;
import org.reluconvex.convexity.WitnessSearch;
import org.reluconvex.precision.PrecisionPolicy;
import org.reluconvex.io.BadInputException;
import org.reluconvex.network.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reluconvex bench MODEL}: time the check in one process after a warm-up; {@code bench --suite}: the benchmark networks. */
@Command(name = "bench", description = "Time the convexity check of MODEL: warm-up runs, then --repeat timed runs "
    + "in the same process; reports the median (the machine may be shared and noisy).")
public final class BenchCommand implements Callable<Integer> {
  @Mixin ModelSource model;

  @Mixin DomainOptions domain;

  @Mixin MemoryOptions memory;

  @Option(names = "--repeat", paramLabel = "N", defaultValue = "7", description = "Timed runs (default ${DEFAULT-VALUE}).")
  int repeat;

  @Option(names = "--warmup", paramLabel = "N", defaultValue = "3", description = "Untimed runs first, at least (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--warmup-seconds", paramLabel = "S", defaultValue = "5",
      description = "Keep warming up until S seconds have passed (default ${DEFAULT-VALUE}): the JIT compiler needs "
          + "several seconds of a large check before its times settle.")
  double warmupSeconds;

  @Option(names = "--method", paramLabel = "METHOD", defaultValue = "auto", description = "As for check.")
  String method;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Option(names = "--exhaustive", description = "Time the check with the whole complex built, as check --exhaustive "
      + "(by default the runs are what check does: the early witness search first).")
  boolean exhaustive;

  @Option(names = "--suite", description = "Instead of MODEL, run the fixed benchmark networks (docs/performance.md), each "
      + "timed as check does it and with --exhaustive, with the peak heap of the timed runs; one table row (or JSON line) per network.")
  boolean suite;

  @Option(names = "--only", paramLabel = "NAME[,NAME...]", split = ",",
      description = "With --suite: only these networks (names as in the table; " + BenchSuite.OPT_IN_NAMES
          + ", minutes per exhaustive run, run only when named).")
  List<String> only;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (repeat < 1) throw new BadInputException("--repeat must be at least 1, got " + repeat);
    if (warmup < 0) throw new BadInputException("--warmup must be at least 0, got " + warmup);
    if (!(warmupSeconds >= 0)) throw new BadInputException("--warmup-seconds must be at least 0, got " + warmupSeconds);
    Checks.Method m = Checks.Method.parse(method);
    if (suite) return runSuite(m);
    if (only != null) throw new BadInputException("--only needs --suite");
    Network net = model.load();
    Domain box = domain.box(net.inputDim());
    if (m == Checks.Method.ONELAYER && net.hiddenLayers() != 1)
      throw new BadInputException("--method onelayer needs exactly one hidden layer; " + model.spec() + " has " + net.hiddenLayers());
    return CliSupport.compute(model.spec(), memory, BenchSuite.options(m, early()), o -> timed(net, box, o));
  }

  private int early() { return exhaustive ? 0 : WitnessSearch.EARLY_TRIALS; }

  private int timed(Network net, Domain box, CheckOptions options) throws Exception {
    BenchSuite.Measurement r = BenchSuite.measure(net, box, options, warmup, warmupSeconds, repeat);
    Verdict v = r.verdict();
    PrintWriter out = CliSupport.out(spec);
    if (json) {
      ObjectNode o = new ObjectMapper().createObjectNode();
      o.put("model", model.spec());
      o.put("median_seconds", r.median());
      o.put("min_seconds", r.min());
      o.put("max_seconds", r.max());
      ArrayNode a = o.putArray("runs");
      for (double x : r.runs()) a.add(x);
      o.put("warmup", r.warmup());
      o.put("warmup_seconds", r.warmupSeconds());
      o.put("peak_heap_bytes", r.peakHeapBytes());
      VerdictJson.putCount(o, "vertices", v.vertices());
      VerdictJson.putCount(o, "edges", v.edges());
      o.put("verdict", v.kind().label());
      o.put("method", v.method());
      o.set("domain", VerdictJson.domain(box));
      o.put("threads", Runtime.getRuntime().availableProcessors());
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o));
    } else {
      out.printf(Locale.ROOT, "model:    %s%n", model.spec());
      out.printf(Locale.ROOT, "domain:   %s%n", box.describe());
      out.printf(Locale.ROOT, "verdict:  %s (%s), %s%n", v.kind().label(), v.method(),
          v.vertices() < 0 ? "no complex built" : String.format(Locale.ROOT, "%d vertices, %d edges", v.vertices(), v.edges()));
      out.printf(Locale.ROOT, "median:   %.4f s over %d runs after %d warm-up runs in %.1f s (min %.4f, max %.4f)%n", r.median(),
          repeat, r.warmup(), r.warmupSeconds(), r.min(), r.max());
    }
    out.flush();
    return CliSupport.OK;
  }

  /** The benchmark suite: each network as check runs it and with --exhaustive. */
  private int runSuite(Checks.Method method) throws Exception {
    if (model.given()) throw new BadInputException("give either MODEL or --suite, not both");
    if (domain.box != null) throw new BadInputException("--suite networks have their own boxes; drop --box");
    if (exhaustive) throw new BadInputException("--suite times every network both ways; drop --exhaustive");
    List<BenchSuite.Entry> entries = BenchSuite.selected(only);
    if (only != null)
      for (String n : only)
        if (BenchSuite.ENTRIES.stream().noneMatch(e -> e.name().equals(n)))
          throw new BadInputException("--only: no benchmark network '" + n + "' (known: "
              + String.join(", ", BenchSuite.ENTRIES.stream().map(BenchSuite.Entry::name).toList()) + ")");
    PrintWriter out = CliSupport.out(spec);
    ObjectMapper mapper = new ObjectMapper();
    if (!json)
      out.printf(Locale.ROOT, "%-22s %-14s %-30s %-9s %-10s %-21s %-10s %-10s %s%n", "network", "domain", "verdict (check)",
          "check", "peak heap", "vertices / edges", "exhaustive", "peak heap", "method (exhaustive)");
    for (BenchSuite.Entry e : entries) {
      Network net = e.load();
      Domain box = e.box(net.inputDim());
      Checks.Method m = e.method() == null ? method : e.method();
      BenchSuite.Measurement fast = CliSupport.compute(e.name(), memory, BenchSuite.options(m, WitnessSearch.EARLY_TRIALS),
          o -> BenchSuite.measure(net, box, o, warmup, warmupSeconds, repeat));
      BenchSuite.Measurement full = CliSupport.compute(e.name(), memory, BenchSuite.options(m, 0),
          o -> BenchSuite.measure(net, box, o, warmup, warmupSeconds, repeat));
      if (fast.verdict().kind() != full.verdict().kind())
        throw new IllegalStateException(e.name() + ": the early search changed the verdict (" + fast.verdict().kind() + " vs " + full.verdict().kind() + ")");
      if (json) {
        ObjectNode o = mapper.createObjectNode();
        o.put("network", e.name());
        o.put("model", e.model());
        o.set("domain", VerdictJson.domain(box));
        o.put("verdict", fast.verdict().kind().label());
        o.put("method", fast.verdict().method());
        o.put("median_seconds", fast.median());
        o.put("peak_heap_bytes", fast.peakHeapBytes());
        o.put("exhaustive_method", full.verdict().method());
        o.put("exhaustive_median_seconds", full.median());
        o.put("exhaustive_peak_heap_bytes", full.peakHeapBytes());
        VerdictJson.putCount(o, "vertices", full.verdict().vertices());
        VerdictJson.putCount(o, "edges", full.verdict().edges());
        o.put("runs", repeat);
        out.println(mapper.writeValueAsString(o));
      } else {
        String counts = full.verdict().vertices() < 0 ? "-" : String.format(Locale.ROOT, "%,d / %,d", full.verdict().vertices(), full.verdict().edges());
        out.printf(Locale.ROOT, "%-22s %-14s %-30s %-9s %-10s %-21s %-10s %-10s %s%n", e.name(), box.describe(),
            fast.verdict().kind().label() + " (" + fast.verdict().method() + ")", seconds(fast.median()),
            org.reluconvex.complex.ResourceLimitException.bytes(fast.peakHeapBytes()), counts, seconds(full.median()),
            org.reluconvex.complex.ResourceLimitException.bytes(full.peakHeapBytes()), full.verdict().method());
      }
      out.flush();
    }
    return CliSupport.OK;
  }

  private static String seconds(double s) {
    return s < 0.01 ? String.format(Locale.ROOT, "%.2f ms", 1e3 * s) : String.format(Locale.ROOT, "%.3f s", s);
  }
}
