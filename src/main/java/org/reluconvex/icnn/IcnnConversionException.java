package org.reluconvex.icnn;

import org.reluconvex.convexity.Witness;

/**
 * Why a network could not be converted to an ICNN of the same architecture: it is not convex (the
 * witness proves it), the closed form does not apply (deeper network), or the verdict was unknown.
 */
public final class IcnnConversionException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient Witness witness;

  public IcnnConversionException(String message, Witness witness) {
    super(message);
    this.witness = witness;
  }

  /** The verified non-convexity witness, or null when the refusal has another cause. */
  public Witness witness() { return witness; }
}
