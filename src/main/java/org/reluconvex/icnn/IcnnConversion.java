package org.reluconvex.icnn;

import org.reluconvex.network.Domain;
import org.reluconvex.convexity.Hyperplane;
import org.reluconvex.convexity.OneLayer;
import org.reluconvex.convexity.OneLayerChecker;
import org.reluconvex.convexity.Verdict;
import org.reluconvex.convexity.VerdictKind;
import org.reluconvex.network.Network;
import org.reluconvex.network.NetworkBuilder;

/**
 * The same-width ICNN hidden in a convex one-hidden-layer network (docs/math.md section 5).
 *
 * <p>For each hyperplane H, its representative neuron r (orientation +1) keeps its weights (w_r, b_r)
 * and gets output weight c_H / ||w_r|| &ge; 0; the other neurons of the group keep their weights and get
 * output weight 0. A member j of opposite orientation used relu(w_j.x + b_j) = relu(-(w_j.x + b_j)) +
 * (w_j.x + b_j), so its a_j (w_j.x + b_j) moves to the input-to-output skip and the output bias; dead
 * neurons (w_j = 0) keep output weight 0 and their constant a_j relu(b_j) moves to the output bias. A
 * kink that is exactly zero becomes output weight 0. The new output weights are rounded to doubles.
 */
public final class IcnnConversion {
  private IcnnConversion() {}

  /**
   * An ICNN of the same width computing the same function on R^d (a network without hidden layer
   * is affine and returned as it is).
   *
   * @throws IcnnConversionException if the network has more than one hidden layer, or is not convex
   *     on R^d (with the witness), or convexity could not be decided
   */
  public static Network toIcnn(Network net) {
    if (net.hiddenLayers() == 0) return net; // affine: already an ICNN
    if (!OneLayer.applies(net))
      throw new IcnnConversionException(
          "to-icnn converts networks with one hidden layer; this one has " + net.hiddenLayers() + ". With one hidden"
              + " layer the same-width ICNN follows in closed form from the kinks (docs/math.md section 5). With two or more"
              + " there is no such construction, and a convex network need not have an ICNN of the same architecture at"
              + " all (the paper's Proposition 2.1, docs/math.md section 6): the built-in example 'beyond-icnn' is convex and"
              + " no ICNN of its architecture computes it, while 'non-icnn-weights' is convex with weights that are not"
              + " ICNN weights and has an ICNN form. Finding an ICNN for such a function, when one exists, is a fitting"
              + " problem (e.g. training an ICNN on it), not a conversion.",
          null);
    Verdict v = new OneLayerChecker().check(net, Domain.whole(net.inputDim()));
    if (v.kind() == VerdictKind.NOT_CONVEX)
      throw new IcnnConversionException("the network is not convex on R^" + net.inputDim() + " (" + v.reason()
          + "), so no ICNN computes it", v.witness());
    if (v.kind() != VerdictKind.CONVEX)
      throw new IcnnConversionException("convexity on R^" + net.inputDim() + " could not be decided: " + v.reason(), null);
    return convert(OneLayer.of(net));
  }

  private static Network convert(OneLayer ol) {
    Network net = ol.network();
    int d = ol.inputDim(), n = ol.width();
    double[] w = net.rawBlock(1, 0);
    double[] b = net.rawBias(1);
    double[] skip = net.rawBlock(2, 0) == null ? new double[d] : net.rawBlock(2, 0).clone();
    double c = net.rawBias(2)[0];
    double[] out = new double[n];
    for (int j = 0; j < n; j++) {
      double aj = ol.outputWeight(j);
      Hyperplane h = ol.hyperplaneOf(j);
      if (h == null) {
        c += aj * Math.max(b[j], 0);
        continue;
      }
      if (ol.orientation(j) < 0) {
        for (int i = 0; i < d; i++) skip[i] += aj * w[j * d + i];
        c += aj * b[j];
      }
      if (h.representative() == j) out[j] = h.kinkSign() > 0 ? h.representativeWeight() : 0.0;
    }
    for (double o : out)
      if (!Double.isFinite(o)) throw new IcnnConversionException("an output weight of the ICNN overflows a double (" + o + ")", null);
    return NetworkBuilder.of(d, n)
        .block(1, 0, w.clone())
        .bias(1, b)
        .block(2, 1, out)
        .block(2, 0, skip)
        .bias(2, new double[] {c})
        .build();
  }
}
