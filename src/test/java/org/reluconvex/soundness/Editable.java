package org.reluconvex.soundness;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.reluconvex.network.Network;
import org.reluconvex.network.NetworkBuilder;

/**
 * A mutable layered DAG for building and rewriting test networks: widths per layer (0 = input,
 * last = the scalar output), sparse weights keyed by (l, i, m, j) = from node j of layer m to node i
 * of layer l, biases, and the set of present blocks (l, m) (a present block may hold zeros, which
 * keeps the architecture).
 */
final class Editable {
  private record Key(int l, int i, int m, int j) {}

  final List<Integer> widths = new ArrayList<>();
  private final Map<Key, Double> w = new HashMap<>();
  private final Map<Long, Double> b = new HashMap<>();
  private final Set<Long> blocks = new HashSet<>();

  /** An input of dimension d and an output node, no hidden layer yet. */
  Editable(int d) {
    widths.add(d);
    widths.add(1);
  }

  static Editable of(Network net) {
    Editable e = new Editable(net.inputDim());
    e.widths.clear();
    for (int l = 0; l <= net.outputLayer(); l++) e.widths.add(net.width(l));
    for (int l = 1; l <= net.outputLayer(); l++) {
      for (int i = 0; i < net.width(l); i++) e.setBias(l, i, net.bias(l, i));
      for (int m = 0; m < l; m++) {
        double[] blk = net.rawBlock(l, m);
        if (blk == null) continue;
        e.blocks.add(bkey(l, m));
        int k = net.width(m);
        for (int i = 0; i < net.width(l); i++)
          for (int j = 0; j < k; j++) if (blk[i * k + j] != 0) e.w.put(new Key(l, i, m, j), blk[i * k + j]);
      }
    }
    return e;
  }

  private static long bkey(int l, int m) { return ((long) l << 32) | m; }

  private static long nkey(int l, int i) { return ((long) l << 32) | i; }

  int dim() { return widths.get(0); }

  int out() { return widths.size() - 1; }

  int width(int l) { return widths.get(l); }

  /** Appends a hidden layer of width 0 just before the output and returns its index. */
  int addLayer() {
    int out = out();
    // the output moves from index out to out + 1
    Map<Key, Double> moved = new HashMap<>();
    for (Map.Entry<Key, Double> e : w.entrySet()) {
      Key k = e.getKey();
      moved.put(k.l == out ? new Key(out + 1, k.i, k.m, k.j) : k, e.getValue());
    }
    w.clear();
    w.putAll(moved);
    Set<Long> nb = new HashSet<>();
    for (long bk : blocks) {
      int l = (int) (bk >>> 32), m = (int) bk;
      nb.add(l == out ? bkey(out + 1, m) : bk);
    }
    blocks.clear();
    blocks.addAll(nb);
    Double ob = b.remove(nkey(out, 0));
    if (ob != null) b.put(nkey(out + 1, 0), ob);
    widths.add(out, 0);
    return out;
  }

  /** Adds a neuron (no edges, bias 0) to hidden layer l and returns its index. */
  int addNeuron(int l) {
    if (l < 1 || l >= out()) throw new IllegalArgumentException("no hidden layer " + l);
    int i = widths.get(l);
    widths.set(l, i + 1);
    return i;
  }

  void declareBlock(int l, int m) { blocks.add(bkey(l, m)); }

  boolean hasBlock(int l, int m) { return blocks.contains(bkey(l, m)); }

  double weight(int l, int i, int m, int j) { return w.getOrDefault(new Key(l, i, m, j), 0.0); }

  void setWeight(int l, int i, int m, int j, double v) {
    blocks.add(bkey(l, m));
    if (v == 0) w.remove(new Key(l, i, m, j));
    else w.put(new Key(l, i, m, j), v);
  }

  void addWeight(int l, int i, int m, int j, double v) { setWeight(l, i, m, j, weight(l, i, m, j) + v); }

  double bias(int l, int i) { return b.getOrDefault(nkey(l, i), 0.0); }

  void setBias(int l, int i, double v) { b.put(nkey(l, i), v); }

  /** Whether layer l has any incoming block. */
  boolean hasInput(int l) {
    for (int m = 0; m < l; m++) if (hasBlock(l, m)) return true;
    return false;
  }

  Network build() {
    int out = out();
    int[] ws = new int[out + 1];
    for (int l = 0; l <= out; l++) ws[l] = widths.get(l);
    NetworkBuilder nb = NetworkBuilder.withWidths(ws);
    for (int l = 1; l <= out; l++) {
      double[] bias = new double[ws[l]];
      for (int i = 0; i < ws[l]; i++) bias[i] = bias(l, i);
      nb.bias(l, bias);
      for (int m = 0; m < l; m++) {
        if (!hasBlock(l, m)) continue;
        double[] blk = new double[ws[l] * ws[m]];
        for (int i = 0; i < ws[l]; i++) for (int j = 0; j < ws[m]; j++) blk[i * ws[m] + j] = weight(l, i, m, j);
        nb.block(l, m, blk);
      }
    }
    return nb.build();
  }
}
