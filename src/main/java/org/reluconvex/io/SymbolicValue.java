package org.reluconvex.io;

/** The value of a tensor during symbolic evaluation: a constant, or affine in the network's sources. */
sealed interface SymbolicValue permits ConstValue, AffineValue, ShapeValue {}
