package org.reluconvex.convexity;

import org.reluconvex.complex.PieceRun;

/**
 * Told how a long check advances: the pieces of a complex built piece after piece ({@link
 * PieceRun.Listener#done}) and the integer programs solved, one per neuron that may switch. Called
 * from the threads that do the work, so implementations are thread-safe. What a long run shows people;
 * it changes nothing in the answer.
 */
public interface Progress extends PieceRun.Listener {
  /** 'done' of 'total' integer programs are solved (the last for 'neuron'). */
  default void programs(int done, int total, org.reluconvex.network.NeuronId neuron) {}
}
