package org.reluconvex.milp;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.reluconvex.network.Network;

/**
 * Neurons of one layer whose pre-activations are exact multiples of each other everywhere:
 * pre_mu = s_mu pre_nu with s_mu != 0 (pass-through pairs relu(x_i), relu(-x_i); duplicated and
 * split neurons). They switch together on one surface, and the kink across it is |grad pre_nu . n|
 * times the sum of |s_mu| g_mu(a) over the group (docs/math.md section 10): one program per group
 * decides it, where the members' own gains, of any sign, do not.
 *
 * <p>Exact: a member joins only when every incoming weight and its bias are s times the
 * representative's in exact arithmetic, with s a double (so the weights of the gain flow are exact).
 * Multiples whose ratio is not a double stay apart, as they were before groups existed.
 */
public final class TieGroups {
  private TieGroups() {}

  /**
   * A group: its layer, its members (the representative first) and their weights |s_mu| (1 for the
   * representative).
   */
  public record Group(int layer, int[] members, double[] weights) {
    public Group {
      members = members.clone();
      weights = weights.clone();
    }

    @Override
    public int[] members() { return members.clone(); }

    @Override
    public double[] weights() { return weights.clone(); }

    /** Whether the group has more than one neuron. */
    public boolean tied() { return members.length > 1; }
  }

  /** The groups of the neurons that may switch in the box, as the bounds say. */
  public static List<Group> ofSwitching(Network net, PreBounds bounds) {
    boolean[][] open = new boolean[net.outputLayer()][];
    for (int l = 1; l < net.outputLayer(); l++) {
      open[l] = new boolean[net.width(l)];
      for (int i = 0; i < net.width(l); i++) open[l][i] = !bounds.stable(l, i);
    }
    return of(net, open);
  }

  /**
   * The groups of the neurons marked 'open' (per layer), in network order of their representatives;
   * every open neuron is in exactly one group.
   */
  public static List<Group> of(Network net, boolean[][] open) {
    List<Group> groups = new ArrayList<>();
    for (int l = 1; l < net.outputLayer(); l++) {
      int n = net.width(l);
      double[][] rows = new double[n][];
      Map<List<Double>, List<Integer>> buckets = new HashMap<>();
      List<List<Integer>> order = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (!open[l][i]) continue;
        rows[i] = row(net, l, i);
        List<Double> key = direction(rows[i]);
        List<Integer> b = buckets.get(key);
        if (b == null) {
          b = new ArrayList<>();
          buckets.put(key, b);
          order.add(b);
        }
        b.add(i);
      }
      for (List<Integer> bucket : order) {
        boolean[] taken = new boolean[bucket.size()];
        for (int a = 0; a < bucket.size(); a++) {
          if (taken[a]) continue;
          int rep = bucket.get(a);
          List<Integer> members = new ArrayList<>(List.of(rep));
          List<Double> weights = new ArrayList<>(List.of(1.0));
          for (int b = a + 1; b < bucket.size(); b++) {
            if (taken[b]) continue;
            double s = ratio(rows[rep], rows[bucket.get(b)]);
            if (!Double.isNaN(s)) {
              taken[b] = true;
              members.add(bucket.get(b));
              weights.add(Math.abs(s));
            }
          }
          groups.add(new Group(l, members.stream().mapToInt(Integer::intValue).toArray(), weights.stream().mapToDouble(Double::doubleValue).toArray()));
        }
      }
    }
    groups.sort((x, y) -> x.layer() != y.layer() ? Integer.compare(x.layer(), y.layer()) : Integer.compare(x.members[0], y.members[0]));
    return groups;
  }

  /** Every incoming weight of neuron i of layer l (all blocks, in order), then its bias. */
  private static double[] row(Network net, int l, int i) {
    int len = 1;
    for (int m = 0; m < l; m++) if (net.hasBlock(l, m)) len += net.width(m);
    double[] r = new double[len];
    int k = 0;
    for (int m = 0; m < l; m++) {
      if (!net.hasBlock(l, m)) continue;
      for (int j = 0; j < net.width(m); j++) r[k++] = net.weight(l, m, i, j);
    }
    r[k] = net.bias(l, i);
    return r;
  }

  /**
   * The row divided by its first non-zero entry: the same doubles for exact multiples (each entry is
   * one correctly rounded quotient of the same real number), so a bucket to check exactly.
   */
  private static List<Double> direction(double[] r) {
    double p = 0;
    for (double v : r)
      if (v != 0) {
        p = v;
        break;
      }
    List<Double> key = new ArrayList<>(r.length);
    for (double v : r) {
      double q = p == 0 ? 0 : v / p;
      key.add(q == 0 || !Double.isFinite(q) ? 0.0 : q);
    }
    return key;
  }

  /** s with b = s a exactly in every entry, s a non-zero double; NaN when there is none. */
  static double ratio(double[] a, double[] b) {
    int first = -1;
    for (int k = 0; k < a.length; k++)
      if (a[k] != 0) {
        first = k;
        break;
      }
    if (first < 0) return Double.NaN;
    double s = b[first] / a[first];
    if (s == 0 || !Double.isFinite(s)) return Double.NaN;
    BigDecimal sd = new BigDecimal(s);
    for (int k = 0; k < a.length; k++) {
      if (a[k] == 0 && b[k] == 0) continue;
      if (!Double.isFinite(a[k]) || !Double.isFinite(b[k])) return Double.NaN;
      if (new BigDecimal(b[k]).compareTo(sd.multiply(new BigDecimal(a[k]))) != 0) return Double.NaN;
    }
    return s;
  }
}
