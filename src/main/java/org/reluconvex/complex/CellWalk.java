package org.reluconvex.complex;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.reluconvex.network.ActivationPattern;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;

/**
 * Every cell of a network in a domain, reached through its facets (docs/math.md section 2): from the
 * cell of a random interior point, for each group of coinciding rows of a cell ({@link Cell}) a
 * linear program finds a point of the group's hyperplane at the largest distance t from every other
 * row; t &gt; 0 means a facet, and the cell across is {@link Cell#across}. A frontier is handed to the
 * visitor from one side only. Independent of edge subdivision and of general position; works on a box
 * and on all of R^d (unbounded cells included).
 *
 * <p>Tolerances only propose: a hyperplane whose margin exceeds {@link #TOUCH_MARGIN} S is a
 * frontier however thin; one with a smaller margin is dropped only with a checked Farkas certificate
 * ({@link Cell#provenNoFacet}) and is otherwise crossed as a frontier (counted in
 * {@code unprovenContacts}). The walk is the common ground of the cell checker of convexity and of
 * the properties read cell by cell (monotonicity, Lipschitz constants).
 */
public final class CellWalk {
  /** Margin (times S) a start point needs inside its cell. */
  public static final double FACET_MARGIN = 1e-8;
  /** Below this margin (times S) a hyperplane touches a cell without a proven facet. */
  public static final double TOUCH_MARGIN = 1e-14;
  private static final int START_TRIES = 64;

  /** What a walk does with each cell and each frontier. */
  public interface Visitor {
    /** A cell reached ('near' is a point of its closure); false stops the walk. */
    boolean cell(Cell cell, double[] near);

    /**
     * The frontier of the cell's row group 'rep' with the cell across, at r.x() in its relative
     * interior (seen from this side only); false stops the walk.
     */
    boolean frontier(Cell cell, int rep, CellMaps across, MarginLp.Result r);
  }

  /** How a walk ended. */
  public enum Status { COMPLETE, STOPPED, NO_START, CELL_LIMIT }

  /**
   * What a walk saw: cells and frontiers visited, contacts crossed as frontiers without a proof,
   * and the first cell whose kinds of neurons are not proven (null when all are).
   */
  public record Result(Status status, long cells, long frontiers, long unprovenContacts, String unprovenKinds) {}

  private CellWalk() {}

  /**
   * Scale S of the tolerances: max(1, largest |coordinate|) on a box, max(1, largest distance of a
   * first-layer hyperplane from the origin) on R^d.
   */
  public static double scale(Network net, Domain domain) {
    if (domain.isBox()) return Math.max(1, domain.scale());
    double s = 1;
    int d = net.inputDim();
    double[] w = net.rawBlock(1, 0);
    double[] b = net.rawBias(1);
    if (w == null) return s;
    for (int i = 0; i < net.width(1); i++) {
      double norm = 0;
      for (int c = 0; c < d; c++) norm += w[i * d + c] * w[i * d + c];
      if (norm > 0) s = Math.max(s, Math.abs(b[i]) / Math.sqrt(norm));
    }
    return s;
  }

  /** A cell to visit and a point of its closure (where the walk entered it), to start its programs from. */
  private record Entry(CellMaps maps, double[] point) {}

  /** {@link #run(Network, Domain, long, long, Visitor)} within the default memory limit. */
  public static Result run(Network net, Domain domain, long maxCells, Visitor visitor) {
    return run(net, domain, maxCells, MemoryLimit.defaultBytes(), visitor);
  }

  /**
   * Walks the cells of net in domain, at most maxCells of them, refused ({@link
   * ResourceLimitException}) when the patterns seen would pass 'memoryLimit' bytes. Geometry that
   * cannot be settled throws {@link UnresolvedGeometry} or {@link MarginLp.Failure}.
   */
  public static Result run(Network net, Domain domain, long maxCells, long memoryLimit, Visitor visitor) {
    if (domain.dim() != net.inputDim())
      throw new IllegalArgumentException("domain has dimension " + domain.dim() + ", the network input dimension " + net.inputDim());
    double scale = scale(net, domain);
    Entry start = startCell(net, domain, scale);
    if (start == null) return new Result(Status.NO_START, 0, 0, 0, null);
    Map<ActivationPattern, List<int[][]>> checkedFrontiers = new HashMap<>();
    Set<ActivationPattern> visited = new HashSet<>();
    Set<ActivationPattern> seen = new HashSet<>();
    ArrayDeque<Entry> queue = new ArrayDeque<>();
    seen.add(start.maps().pattern());
    queue.add(start);
    long cells = 0, frontiers = 0, unproven = 0;
    String unprovenKinds = null;
    long limit = memoryLimit, perPattern = bytesPerPattern(net);
    while (!queue.isEmpty()) {
      if (cells >= maxCells) return new Result(Status.CELL_LIMIT, cells, frontiers, unproven, unprovenKinds);
      // the patterns seen are what grows: refused when they would pass the memory limit, not by the heap running out
      if ((cells & 63) == 0 && (long) seen.size() * perPattern > limit)
        throw new ResourceLimitException((long) seen.size() * perPattern, limit, String.format(java.util.Locale.ROOT,
            "the cell walk had seen %,d cells", seen.size()));
      Entry next = queue.poll();
      cells++;
      Cell cell = new Cell(next.maps(), domain, scale);
      ActivationPattern p = next.maps().pattern();
      visited.add(p);
      List<int[][]> checked = checkedFrontiers.remove(p);
      if (unprovenKinds == null) unprovenKinds = cell.unprovenKinds();
      if (!visitor.cell(cell, next.point())) return new Result(Status.STOPPED, cells, frontiers, unproven, unprovenKinds);
      for (int rep : cell.frontierCandidates()) {
        if (checked != null && checkedFromOtherSide(cell, rep, checked)) continue;
        MarginLp.Result r = cell.facetCentre(rep, scale, next.point());
        if (r.margin() <= TOUCH_MARGIN * scale) {
          if (cell.provenNoFacet(rep, r)) continue;
          // not proven lower-dimensional: crossed as if it were a frontier (the safe side: a frontier
          // that does not exist can only cost a witness that does not verify, hence unknown)
          unproven++;
        }
        CellMaps other = cell.across(rep);
        ActivationPattern q = other.pattern();
        if (q.equals(p)) throw new UnresolvedGeometry("crossing a frontier changed no activation");
        frontiers++;
        if (seen.add(q)) queue.add(new Entry(other, r.x()));
        if (!visited.contains(q)) checkedFrontiers.computeIfAbsent(q, k -> new ArrayList<>()).add(cell.groupNeurons(rep));
        if (!visitor.frontier(cell, rep, other, r)) return new Result(Status.STOPPED, cells, frontiers, unproven, unprovenKinds);
      }
    }
    return new Result(Status.COMPLETE, cells, frontiers, unproven, unprovenKinds);
  }

  /** What one activation pattern costs in the walk's sets: its bits, arrays and hash entries (in two sets and a map). */
  static long bytesPerPattern(Network net) {
    long bits = 0;
    for (int l = 1; l < net.outputLayer(); l++) bits += 16 + net.width(l);
    return 3 * (bits + 16L * net.outputLayer() + 64);
  }

  /**
   * Whether the frontier of the group was checked from the cell across: a neuron of the group
   * switched there (a convex cell meets a hyperplane in one face, so it is the same frontier).
   */
  private static boolean checkedFromOtherSide(Cell cell, int rep, List<int[][]> checked) {
    for (int[][] group : checked)
      for (int[] id : group) if (cell.groupHasNeuron(rep, id[0], id[1])) return true;
    return false;
  }

  private static Entry startCell(Network net, Domain domain, double scale) {
    SplittableRandom rnd = new SplittableRandom(0x5eedL);
    int d = net.inputDim();
    for (int t = 0; t < START_TRIES; t++) {
      double[] x = new double[d];
      for (int c = 0; c < d; c++)
        x[c] = domain.isBox() ? domain.lo(c) + (domain.hi(c) - domain.lo(c)) * (0.05 + 0.9 * rnd.nextDouble())
            : scale * (2 * rnd.nextDouble() - 1);
      CellMaps maps = CellMaps.at(net, x);
      MarginLp.Result r = new Cell(maps, domain, scale).centre(scale);
      if (r.margin() > FACET_MARGIN * scale) return new Entry(maps, r.x());
    }
    return null;
  }
}
