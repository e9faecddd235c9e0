package org.reluconvex.cli;

import org.reluconvex.convexity.CheckOptions;
import org.reluconvex.convexity.VerdictJson;
import org.reluconvex.convexity.VerdictText;
import org.reluconvex.properties.Inputs;
import org.reluconvex.properties.PropertyJson;
import org.reluconvex.properties.PropertyText;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.reluconvex.CheckRequest;
import org.reluconvex.ReluConvex;
import org.reluconvex.network.Domain;
import org.reluconvex.convexity.Checks;
import org.reluconvex.convexity.Failures;
import org.reluconvex.convexity.Verdict;
import org.reluconvex.convexity.WitnessSearch;
import org.reluconvex.io.BadInputException;
import org.reluconvex.network.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code reluconvex check MODEL...}: the exact convexity verdict. Several models (more MODELs,
 * {@code --list FILE}) are checked one after the other in this process, one result each; the exit
 * code is then the largest of theirs, and a model that fails is reported and the others go on.
 */
@Command(name = "check", description = {
    "Decide exactly whether MODEL is convex on a box (default [-100, 100]^d).",
    "Exit code 0 convex, 1 not convex (with a witness anyone can verify with 'eval'), 3 unknown; see the exit codes below.",
    "With several models (more MODELs, --list), one result per model (one JSON line each under --json) and the largest exit code."})
public final class CheckCommand implements Callable<Integer> {
  @Mixin ModelSource model;

  @Parameters(index = "1..*", arity = "0..*", paramLabel = "MODEL", description = "More models, checked in the same process.")
  List<String> more = new ArrayList<>();

  @Option(names = "--list", paramLabel = "FILE",
      description = "Also check the models named in FILE, one per line ('-' reads standard input); blank lines and "
          + "#-comments are skipped, relative paths are relative to the working directory.")
  String list;

  @Mixin DomainOptions domain;

  @Mixin MemoryOptions memory;

  @Mixin MilpOptions milp;

  @Option(names = "--global", description = "Decide on all of R^d instead of a box.")
  boolean global;

  // defaults are field values, not annotation attributes, so that QuickCheck sees them without picocli
  @Option(names = "--method", paramLabel = "METHOD",
      description = {"auto (default): icnn when the weights meet the ICNN sign conditions; onelayer for one hidden layer; "
          + "milp on a box in dimension 4 and above when the complex would be large; otherwise skeleton on a box, "
          + "with cells when the skeleton cannot decide; cells for --global.",
          "skeleton: edge subdivision, the path-lifting criterion and kinks (boxes only).",
          "cells: walk of the activation regions by linear programs, kink on every frontier (box or R^d).",
          "onelayer: the closed form for one hidden layer (any input dimension).",
          "milp: one mixed-integer program per neuron for the minimum gain on its zero set (boxes only; any dimension)."})
  String method = "auto";

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Option(names = "--explain", description = "Also report every hidden neuron: does it switch, its patterns, its minimum gain "
      + "(implies --exhaustive).")
  boolean explain;

  @Option(names = "--exhaustive", description = {"Build the whole complex (and report its counts) even when the early witness "
      + "search settles the verdict first. The verdict is the same; only the time to it and the counts differ.",
      "Without it, the skeleton, the cell walk and auto first spend " + WitnessSearch.EARLY_TRIALS + " seeded trials "
          + "(three-point tests on random segments and across random points of zero sets) looking for a witness."})
  boolean exhaustive;

  @Option(names = "--concave", description = "Decide whether MODEL is concave instead (the check of -f; verdicts concave, not_concave, unknown).")
  boolean concave;

  @Option(names = "--convex-in", paramLabel = "I,J,...", split = ",",
      description = {"Decide whether MODEL is convex in these inputs (0-based) for every value of the others (partial convexity, as partially "
          + "input-convex networks are built to be); a witness's two points differ only in these inputs.",
          "Methods auto, cells and milp."})
  int[] convexIn;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    boolean verbose = spec.root().userObject() instanceof Main m && m.verbose;
    return execute(CliSupport.out(spec), CliSupport.err(spec), CliSupport.in(spec), verbose);
  }

  /** The command on the given streams, once its options are set (by picocli, or by {@link QuickCheck}). */
  int execute(PrintWriter out, PrintWriter err, java.io.InputStream in, boolean verbose) throws Exception {
    List<String> specs = new ArrayList<>();
    if (model.given() || (more.isEmpty() && list == null)) specs.add(model.spec());
    specs.addAll(more);
    if (list != null) specs.addAll(ModelList.read(list, in));
    if (specs.isEmpty()) throw new BadInputException("--list " + list + " names no model");
    if (specs.size() == 1 && list == null) {
      Result r = checkOne(specs.get(0));
      out.print(json ? new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(r.json()) + "\n" : r.text());
      out.flush();
      return CliSupport.exitCode(r.verdict().kind());
    }
    return checkAll(specs, out, err, verbose);
  }

  /** One result per model, in order; a failing model is reported like a failing command and the others go on. */
  private int checkAll(List<String> specs, PrintWriter out, PrintWriter err, boolean verbose) {
    ObjectMapper mapper = new ObjectMapper();
    int worst = CliSupport.OK;
    ProgressLines progress = ProgressLines.of(memory);
    for (int i = 0; i < specs.size(); i++) {
      String s = specs.get(i);
      if (progress != null) progress.models(i, specs.size());
      int code;
      try {
        Result r = checkOne(s);
        code = CliSupport.exitCode(r.verdict().kind());
        if (json) out.println(mapper.writeValueAsString(r.json()));
        else out.print((i > 0 ? String.format("%n") : "") + r.text());
      } catch (Exception | OutOfMemoryError e) {
        code = CliSupport.exitCode(e);
        if (json) {
          out.println(Failures.json(s, code, CliSupport.message(e, verbose)).toString());
        } else {
          err.println("reluconvex: " + CliSupport.message(e, verbose));
        }
        if (verbose) e.printStackTrace(err);
        err.flush();
      }
      out.flush();
      worst = Math.max(worst, code);
    }
    if (progress != null) {
      progress.models(specs.size(), specs.size());
      progress.end();
    }
    return worst;
  }

  /** The verdict on one model, with the time of the check alone. */
  private record Result(String model, Verdict verdict, double seconds, boolean explain, boolean concave, int[] convexIn) {
    ObjectNode json() {
      return concave || convexIn != null ? PropertyJson.check(verdict, explain, model, seconds, concave, convexIn)
          : VerdictJson.check(verdict, explain, model, seconds);
    }

    String text() { return CheckCommand.text(this); }
  }

  private Result checkOne(String spec) throws Exception {
    Network net = CliSupport.loadModel(spec);
    CheckRequest request = new CheckRequest(domain.box, global, method, milp.solver, milp.timeLimit, milp.threads, memory.maxMemory,
        exhaustive, explain);
    Domain dom = request.domain(net);
    var options = request.options(net, spec);
    long t0 = System.nanoTime();
    Checks.Method m = options.method();
    if (concave && convexIn != null) throw new BadInputException("give either --concave or --convex-in, not both");
    if (convexIn != null && (m == Checks.Method.SKELETON || m == Checks.Method.ONELAYER))
      throw new BadInputException("--convex-in is decided by --method auto, cells or milp, not " + method);
    if (convexIn != null) CliSupport.inputs(() -> Inputs.subset(net, convexIn, "--convex-in"));
    Verdict v = CliSupport.compute(spec, memory, options, o -> concave ? ReluConvex.checkConcave(net, dom, o)
        : convexIn != null ? ReluConvex.checkConvexIn(net, dom, convexIn, o) : ReluConvex.check(net, dom, o));
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new Result(spec, v, seconds, explain, concave, convexIn == null ? null : convexIn.clone());
  }

  /** The text {@code check} prints for a verdict on a model, with the time of the check alone. */
  public static String text(Verdict v, String model, double seconds) {
    return VerdictText.of(v, model, seconds, false);
  }

  private static String text(Result result) {
    Verdict v = result.verdict();
    if (result.concave())
      return VerdictText.of(v, result.model(), result.seconds(), result.explain(), PropertyJson.concaveLabel(v.kind()), "concave (the check of -f)");
    if (result.convexIn() != null)
      return VerdictText.of(v, result.model(), result.seconds(), result.explain(), v.kind().label(),
          "convex in " + PropertyText.inputs(result.convexIn()) + " for every value of the other inputs");
    return VerdictText.of(v, result.model(), result.seconds(), result.explain());
  }
}
