package org.reluconvex.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.reluconvex.complex.Domain;
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

/** {@code reluconvex bench MODEL}: time the check in one process after a warm-up. */
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

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (repeat < 1) throw new BadInputException("--repeat must be at least 1, got " + repeat);
    if (warmup < 0) throw new BadInputException("--warmup must be at least 0, got " + warmup);
    if (!(warmupSeconds >= 0)) throw new BadInputException("--warmup-seconds must be at least 0, got " + warmupSeconds);
    Network net = model.load();
    Domain box = domain.box(net.inputDim());
    Checks.Method m = Checks.Method.parse(method);
    if (m == Checks.Method.ONELAYER && net.hiddenLayers() != 1)
      throw new BadInputException("--method onelayer needs exactly one hidden layer; " + model.spec() + " has " + net.hiddenLayers());
    return CliSupport.compute(model.spec(), memory, () -> timed(net, box, m));
  }

  private int early() { return exhaustive ? 0 : WitnessSearch.EARLY_TRIALS; }

  private int timed(Network net, Domain box, Checks.Method m) throws Exception {
    Verdict v = null;
    // warm-up by count and by time, as JMH does: times settle only once the hot code is compiled
    int warmed = 0;
    long warmStart = System.nanoTime();
    while (warmed < warmup || (System.nanoTime() - warmStart) / 1e9 < warmupSeconds) {
      v = Checks.check(net, box, m, PrecisionPolicy.DEFAULT, MilpChecker.Settings.defaults(), early());
      warmed++;
    }
    double warmedSeconds = (System.nanoTime() - warmStart) / 1e9;
    double[] runs = new double[repeat];
    for (int i = 0; i < repeat; i++) {
      long t0 = System.nanoTime();
      v = Checks.check(net, box, m, PrecisionPolicy.DEFAULT, MilpChecker.Settings.defaults(), early());
      runs[i] = (System.nanoTime() - t0) / 1e9;
    }
    double[] sorted = runs.clone();
    Arrays.sort(sorted);
    double median = repeat % 2 == 1 ? sorted[repeat / 2] : 0.5 * (sorted[repeat / 2 - 1] + sorted[repeat / 2]);
    PrintWriter out = CliSupport.out(spec);
    if (json) {
      ObjectNode o = new ObjectMapper().createObjectNode();
      o.put("model", model.spec());
      o.put("median_seconds", median);
      o.put("min_seconds", sorted[0]);
      o.put("max_seconds", sorted[repeat - 1]);
      ArrayNode a = o.putArray("runs");
      for (double r : runs) a.add(r);
      o.put("warmup", warmed);
      o.put("warmup_seconds", warmedSeconds);
      o.put("vertices", v.vertices());
      o.put("edges", v.edges());
      o.put("verdict", v.kind().label());
      o.put("method", v.method());
      o.set("domain", VerdictJson.domain(box));
      o.put("threads", Runtime.getRuntime().availableProcessors());
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o));
    } else {
      out.printf(Locale.ROOT, "model:    %s%n", model.spec());
      out.printf(Locale.ROOT, "domain:   %s%n", box.describe());
      out.printf(Locale.ROOT, "verdict:  %s (%s), %d vertices, %d edges%n", v.kind().label(), v.method(), v.vertices(), v.edges());
      out.printf(Locale.ROOT, "median:   %.4f s over %d runs after %d warm-up runs in %.1f s (min %.4f, max %.4f)%n", median,
          repeat, warmed, warmedSeconds, sorted[0], sorted[repeat - 1]);
    }
    out.flush();
    return CliSupport.OK;
  }
}
