package org.reluconvex.complex;

/** A geometric question that floating point could not settle; checks turn it into an unknown verdict. */
public final class UnresolvedGeometry extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnresolvedGeometry(String message) { super(message); }
}
