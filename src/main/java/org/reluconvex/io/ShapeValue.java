package org.reluconvex.io;

/**
 * An integer tensor computed from the shape of an input-dependent value, whose entries may be the
 * symbolic batch size: {@code batch} is 1 exactly where the entry is the batch size (there
 * {@code value} holds a placeholder 1).
 */
record ShapeValue(ConstValue value, ConstValue batch) implements SymbolicValue {}
