package org.reluconvex.pathlift;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.reluconvex.network.ActivationPattern;
import org.reluconvex.network.Network;
import org.reluconvex.network.NeuronId;

/**
 * The path-lifting Φ(θ) of a network (docs/math.md section 3), by explicit enumeration of the paths to
 * the output: one from every input coordinate through every chain of edges, one from the bias of
 * every hidden neuron, and the output bias. With A_p(x) the product of the activation indicators
 * of the hidden neurons on p,
 *
 * <pre>f(x) = Σ_{p from input i} Φ_p A_p(x) x_i + Σ_{p from a bias} Φ_p A_p(x).</pre>
 *
 * The number of paths grows like the product of the widths, so this is for small networks (tests,
 * illustrations); {@link #pathCount(Network)} tells in advance.
 */
public final class PathLifting {
  /** Enumeration refuses networks with more paths than this. */
  public static final long MAX_PATHS = 2_000_000;

  /**
   * One path: it starts at input coordinate {@code start.index()} when {@code start.layer() == 0},
   * otherwise at the bias of node {@code start} (the output bias when start is in the output layer);
   * {@code hidden} lists the hidden neurons it passes through (including the start neuron for a bias
   * path), in order; {@code value} is Φ_p: the product of its edge weights, times the bias for a
   * bias path.
   */
  public record LiftedPath(NeuronId start, List<NeuronId> hidden, double value) {
    public boolean fromInput() { return start.layer() == 0; }

    /** A_p for a pattern: 1 when every hidden neuron on the path is active. */
    public boolean active(ActivationPattern a) {
      for (NeuronId n : hidden) if (!a.active(n.layer(), n.index())) return false;
      return true;
    }
  }

  private final Network net;
  private final List<LiftedPath> paths;

  private PathLifting(Network net, List<LiftedPath> paths) {
    this.net = net;
    this.paths = paths;
  }

  /** Enumerates every path of the network. */
  public static PathLifting of(Network net) {
    long count = pathCount(net);
    if (count > MAX_PATHS)
      throw new IllegalArgumentException("the network has " + count + " paths; path lifting is enumerated only up to " + MAX_PATHS);
    List<LiftedPath> out = new ArrayList<>((int) count);
    int last = net.outputLayer();
    List<NeuronId> trail = new ArrayList<>();
    for (int j = 0; j < net.inputDim(); j++) walk(net, 0, j, 1.0, new NeuronId(0, j), trail, out);
    for (int l = 1; l < last; l++)
      for (int i = 0; i < net.width(l); i++) walk(net, l, i, net.bias(l, i), new NeuronId(l, i), trail, out);
    out.add(new LiftedPath(new NeuronId(last, 0), List.of(), net.bias(last, 0)));
    return new PathLifting(net, Collections.unmodifiableList(out));
  }

  /** Depth-first walk from node (l, i) with the product so far; trail holds the hidden neurons visited. */
  private static void walk(Network net, int l, int i, double product, NeuronId start, List<NeuronId> trail, List<LiftedPath> out) {
    int last = net.outputLayer();
    if (l == last) {
      out.add(new LiftedPath(start, List.copyOf(trail), product));
      return;
    }
    if (l > 0) trail.add(new NeuronId(l, i));
    for (int t = l + 1; t <= last; t++) {
      if (!net.hasBlock(t, l)) continue;
      for (int k = 0; k < net.width(t); k++) walk(net, t, k, product * net.weight(t, l, k, i), start, trail, out);
    }
    if (l > 0) trail.remove(trail.size() - 1);
  }

  /**
   * Number of paths to the output, counted without enumerating them (saturates at Long.MAX_VALUE).
   */
  public static long pathCount(Network net) {
    int last = net.outputLayer();
    long[][] toOut = new long[last + 1][]; // toOut[l][i] = paths from node (l, i) to the output
    toOut[last] = new long[] {1};
    long total = 1; // output bias
    for (int l = last - 1; l >= 0; l--) {
      toOut[l] = new long[net.width(l)];
      for (int t = l + 1; t <= last; t++) {
        if (!net.hasBlock(t, l)) continue;
        long sum = 0;
        for (int k = 0; k < net.width(t); k++) sum = saturatingAdd(sum, toOut[t][k]);
        for (int i = 0; i < net.width(l); i++) toOut[l][i] = saturatingAdd(toOut[l][i], sum);
      }
      for (long c : toOut[l]) total = saturatingAdd(total, c);
    }
    return total;
  }

  private static long saturatingAdd(long a, long b) {
    long s = a + b;
    return s < 0 ? Long.MAX_VALUE : s;
  }

  public Network network() { return net; }

  /** All paths, inputs first (by coordinate), then hidden biases by layer, then the output bias. */
  public List<LiftedPath> paths() { return paths; }

  /** The vector Φ(θ), in the order of {@link #paths()}. */
  public double[] vector() {
    double[] phi = new double[paths.size()];
    for (int p = 0; p < phi.length; p++) phi[p] = paths.get(p).value();
    return phi;
  }

  /** Σ_p Φ_p A_p(x) x_i + Σ_bias paths Φ_p A_p(x), with the activations of the cell containing x. */
  public double evaluate(double[] x) {
    return evaluate(ActivationPattern.at(net, x), x);
  }

  /** The same sum with the activation indicators frozen to a pattern: the affine map of that cell at x. */
  public double evaluate(ActivationPattern a, double[] x) {
    double s = 0;
    for (LiftedPath p : paths) {
      if (!p.active(a)) continue;
      s += p.fromInput() ? p.value() * x[p.start().index()] : p.value();
    }
    return s;
  }
}
