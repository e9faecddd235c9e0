package org.reluconvex.plot;

import java.util.List;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;

/** Where the frontiers and their kinks come from (the polyhedral complex of the network in the box). */
public interface FrontierSource {
  /** The frontiers of a network with input dimension 1 or 2 inside a box of that dimension. */
  List<Frontier> frontiers(Network net, Domain box);
}
