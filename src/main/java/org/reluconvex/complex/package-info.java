/**
 * A network's polyhedral complex in a box: its 1-skeleton (vertices, edges, the constraints each
 * vertex lies on, the activity of every hidden neuron there), how it is built, proven and split.
 *
 * <p>The finished skeleton is {@link org.reluconvex.complex.PolyhedralComplex}, built by {@link
 * org.reluconvex.complex.EdgeSubdivision} (docs/math.md section 4). The build is split into parts with
 * one job each, all package-private:
 * <ul>
 *   <li>{@code EdgeSubdivision}: the entry points (an estimate of the size first in the plane, two
 *       pieces side by side for larger networks), the loop over layers and blocks of neurons, and
 *       the values each block starts from (forward passes, or {@code LineWalk} for the second layer
 *       in the plane);
 *   <li>{@code SkeletonStore}: vertices and edges in primitive arrays (positions, tight constraints
 *       in one pool, activity bits, edge ends), grown within the memory limit ({@code MemoryLimit}),
 *       and the trimmed copy that becomes the finished complex; no object per vertex or edge;
 *   <li>{@code NeuronBlock}, made fresh for each block of up to 32 neurons of a layer: their signs
 *       at every vertex, the edges each can meet, the chains of pieces of split edges, and each
 *       neuron's cut; {@code BlockValues} its values (evaluated rows, and values interpolated on
 *       demand at vertices created during the layer from their {@code SplitRecipes});
 *   <li>{@code FaceNames} (2-faces named by Zobrist hashes of sign vectors, never stored) and
 *       {@code FaceJoin} (one neuron's cut: points filed under the faces they bound, chords,
 *       configurations exact arithmetic forbids, kept by {@code Degeneracies});
 *   <li>{@code VertexView}: read-only access to vertices, for the parts that only read (the line
 *       walk, face names); both the store and the finished complex provide it.
 * </ul>
 *
 * <p>Around the skeleton: {@link org.reluconvex.complex.ComplexAudit} proves its decisions in exact
 * arithmetic (with bounds at each vertex where bounds over the box are too loose), {@link
 * org.reluconvex.complex.Pieces} builds a box as a grid of sub-boxes and joins them, {@link
 * org.reluconvex.complex.PiecePlan} decides before building whether a complex fits whole or is to
 * be built as pieces, {@link org.reluconvex.complex.PieceRun} builds pieces one after another (two at
 * a time, halving what does not fit) for a check or a count that never holds the whole, {@link
 * org.reluconvex.complex.ComplexCounts} counts either way, {@link org.reluconvex.complex.Cell} and {@link org.reluconvex.complex.CellMaps} describe
 * single activation regions.
 */
package org.reluconvex.complex;
