package org.reluconvex.experiment;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.reluconvex.network.Network;
import org.reluconvex.network.RandomNetworks;

/**
 * One architecture of an experiment: input dimension, hidden widths, and whether the draws are
 * SkipMLPs. Draws use PyTorch's default initialisation ({@link RandomNetworks#draw}).
 */
public record DrawSpec(int inputDim, int[] widths, boolean skip) implements java.io.Serializable {
  public DrawSpec {
    if (inputDim < 1) throw new IllegalArgumentException("input dimension must be at least 1, got " + inputDim);
    if (widths.length < 1) throw new IllegalArgumentException("an architecture needs at least one hidden layer");
    for (int w : widths) if (w < 1) throw new IllegalArgumentException("hidden widths must be at least 1, got " + w);
    widths = widths.clone();
  }

  /** Widths as written in the CSV: {@code 3x5}. */
  public String widthsLabel() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < widths.length; i++) sb.append(i > 0 ? "x" : "").append(widths[i]);
    return sb.toString();
  }

  /** Identifies the row of this architecture in a CSV: {@code input_dim,widths}. */
  public String key() { return inputDim + "," + widthsLabel(); }

  /** The canonical text that enters the seed of every draw of this architecture. */
  public String canonical() { return "d=" + inputDim + ";w=" + widthsLabel() + ";skip=" + (skip ? 1 : 0); }

  @Override
  public int[] widths() { return widths.clone(); }

  public int depth() { return widths.length; }

  /** Draw number {@code index} of this architecture in a run with seed {@code runSeed}. */
  public Network draw(long runSeed, long index) {
    return RandomNetworks.draw(inputDim, widths, skip, false, new SplittableRandom(DrawSeeds.seed(runSeed, this, index)));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DrawSpec s && s.inputDim == inputDim && s.skip == skip && Arrays.equals(s.widths, widths);
  }

  @Override
  public int hashCode() { return 31 * (31 * inputDim + Arrays.hashCode(widths)) + (skip ? 1 : 0); }

  @Override
  public String toString() { return (skip ? "SkipMLP " : "MLP ") + inputDim + " -> " + widthsLabel() + " -> 1"; }
}
