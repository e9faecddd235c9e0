package org.reluconvex.properties;

import org.reluconvex.network.Domain;

/**
 * The Lipschitz constant of f on a domain for an input norm. When {@code exact}, {@code lipschitz} is
 * the largest dual norm of the gradient over the cells, rounded to a double, attained on the cell of
 * {@code point} with gradient {@code gradient} (the point confirmed inside that cell by exact forward
 * passes); from the cells this is exact, from the programs it is proven under the precision policy's
 * solver margin. Always lower (attained) and upper are proven bounds: upper equals the constant from
 * the cells, and is the solvers' bound widened by their margin from the programs. Not exact,
 * {@code lipschitz} is the lower bound.
 */
public record LipschitzResult(double lipschitz, Norm norm, boolean exact, double lower, double upper, double[] point, double[] gradient,
    String method, Domain domain, String reason) {
  public LipschitzResult {
    point = point == null ? null : point.clone();
    gradient = gradient == null ? null : gradient.clone();
  }
}
