package org.reluconvex.properties;

import org.reluconvex.network.Domain;

/**
 * The Lipschitz constant of f on a domain for an input norm. When {@code exact}, {@code lipschitz} is
 * the largest dual norm of the gradient over the cells (lower = upper = lipschitz, the exact value
 * rounded to a double), attained on the cell of {@code point} with gradient {@code gradient} (the
 * point confirmed inside that cell by exact forward passes). Otherwise lower and upper are proven
 * bounds: lower is attained on the cell of {@code point}, upper is no less than the constant, and
 * {@code lipschitz} is the lower bound.
 */
public record LipschitzResult(double lipschitz, Norm norm, boolean exact, double lower, double upper, double[] point, double[] gradient,
    String method, Domain domain, String reason) {
  public LipschitzResult {
    point = point == null ? null : point.clone();
    gradient = gradient == null ? null : gradient.clone();
  }
}
