package org.reluconvex.soundness;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * An exact rational number num/den in lowest terms with den &gt; 0. Every finite double is one
 * (a dyadic rational), so a network with double weights evaluates exactly in this type.
 */
record Rational(BigInteger num, BigInteger den) implements Comparable<Rational> {
  static final Rational ZERO = new Rational(BigInteger.ZERO, BigInteger.ONE);
  static final Rational ONE = new Rational(BigInteger.ONE, BigInteger.ONE);
  static final Rational HALF = new Rational(BigInteger.ONE, BigInteger.TWO);

  Rational {
    if (den.signum() == 0) throw new ArithmeticException("zero denominator");
  }

  static Rational of(BigInteger num, BigInteger den) {
    if (den.signum() < 0) {
      num = num.negate();
      den = den.negate();
    }
    if (num.signum() == 0) return ZERO;
    BigInteger g = num.gcd(den);
    if (!g.equals(BigInteger.ONE)) {
      num = num.divide(g);
      den = den.divide(g);
    }
    return new Rational(num, den);
  }

  static Rational of(long n) { return new Rational(BigInteger.valueOf(n), BigInteger.ONE); }

  static Rational of(long n, long d) { return of(BigInteger.valueOf(n), BigInteger.valueOf(d)); }

  /** The exact value of a finite double (new BigDecimal(double) is exact by its specification). */
  static Rational of(double x) {
    if (!Double.isFinite(x)) throw new IllegalArgumentException("not finite: " + x);
    if (x == 0) return ZERO;
    BigDecimal b = new BigDecimal(x);
    return b.scale() <= 0 ? new Rational(b.toBigIntegerExact(), BigInteger.ONE)
        : of(b.unscaledValue(), BigInteger.TEN.pow(b.scale()));
  }

  /** 2^k exactly. */
  static Rational pow2(int k) {
    return k >= 0 ? new Rational(BigInteger.ONE.shiftLeft(k), BigInteger.ONE) : new Rational(BigInteger.ONE, BigInteger.ONE.shiftLeft(-k));
  }

  static Rational[] of(double[] x) {
    Rational[] r = new Rational[x.length];
    for (int i = 0; i < x.length; i++) r[i] = of(x[i]);
    return r;
  }

  Rational add(Rational o) {
    if (signum() == 0) return o;
    if (o.signum() == 0) return this;
    if (den.equals(o.den)) return of(num.add(o.num), den);
    return of(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den));
  }

  Rational subtract(Rational o) { return add(o.negate()); }

  Rational multiply(Rational o) {
    if (signum() == 0 || o.signum() == 0) return ZERO;
    return of(num.multiply(o.num), den.multiply(o.den));
  }

  Rational divide(Rational o) {
    if (o.signum() == 0) throw new ArithmeticException("division by zero");
    return of(num.multiply(o.den), den.multiply(o.num));
  }

  Rational negate() { return new Rational(num.negate(), den); }

  int signum() { return num.signum(); }

  @Override
  public int compareTo(Rational o) { return num.multiply(o.den).compareTo(o.num.multiply(den)); }

  Rational min(Rational o) { return compareTo(o) <= 0 ? this : o; }

  Rational max(Rational o) { return compareTo(o) >= 0 ? this : o; }

  /** Whether this value is a finite double, exactly. */
  boolean isDouble() {
    double d = toDouble();
    return Double.isFinite(d) && of(d).equals(this);
  }

  /** The nearest double (BigDecimal's rounding of the exact quotient is within one ulp; used for display and for picking points only). */
  double toDouble() {
    if (den.equals(BigInteger.ONE)) return new BigDecimal(num).doubleValue();
    return new BigDecimal(num).divide(new BigDecimal(den), new java.math.MathContext(40)).doubleValue();
  }

  @Override
  public String toString() {
    if (den.equals(BigInteger.ONE)) return num.toString();
    // dyadic: print the exact decimal, which is finite and replayable
    if (den.bitCount() == 1) return new BigDecimal(num).divide(new BigDecimal(den)).toPlainString().length() < 60
        ? new BigDecimal(num).divide(new BigDecimal(den)).toPlainString() : num + "/" + den;
    return num + "/" + den;
  }
}
