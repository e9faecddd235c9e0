package org.reluconvex.milp;

import com.google.ortools.Loader;
import com.google.ortools.linearsolver.MPSolver;
import java.util.Locale;

/**
 * The mixed-integer solvers reluconvex can hand its programs to (both bundled with OR-Tools), and
 * the one place that loads their native libraries and creates instances.
 */
public enum Solver {
  /** SCIP: branch and cut; the default, by the measurements in docs/milp.md. */
  SCIP("SCIP"),
  /**
   * HiGHS: branch and cut with a dual simplex. Slower than SCIP on our programs (docs/milp.md), and
   * OR-Tools 9.12's interface to it writes diagnostics to standard output that suppressOutput does
   * not silence: kept for comparisons.
   */
  HIGHS("HIGHS");

  private final String orToolsId;
  private static volatile boolean loaded;

  Solver(String orToolsId) { this.orToolsId = orToolsId; }

  /** The solver named s (case-insensitive). */
  public static Solver parse(String s) {
    for (Solver v : values()) if (v.name().equalsIgnoreCase(s.trim())) return v;
    throw new IllegalArgumentException("unknown solver '" + s + "' (known: scip, highs)");
  }

  public String label() { return name().toLowerCase(Locale.ROOT); }

  /** A fresh single-threaded, silent instance of this solver; the caller deletes it. */
  MPSolver create() {
    MPSolver s = MPSolver.createSolver(orToolsId);
    if (s == null) throw new IllegalStateException("the " + label() + " solver is not available in this build of OR-Tools");
    s.suppressOutput();
    return s;
  }

  /** A fresh linear-programming solver (GLOP), silent; the caller deletes it. */
  static MPSolver createLp() {
    load();
    MPSolver s = MPSolver.createSolver("GLOP");
    if (s == null) throw new IllegalStateException("the GLOP linear solver is not available in this build of OR-Tools");
    s.suppressOutput();
    return s;
  }

  /** Loads the native libraries once per process (they are unpacked from the jar on first use). */
  static void load() {
    if (loaded) return;
    synchronized (Solver.class) {
      if (loaded) return;
      try {
        Loader.loadNativeLibraries();
      } catch (UnsatisfiedLinkError | RuntimeException e) {
        throw new IllegalStateException("the OR-Tools native libraries could not be loaded on this platform ("
            + System.getProperty("os.name") + " " + System.getProperty("os.arch") + "): " + e.getMessage(), e);
      }
      loaded = true;
    }
  }

  /** A fresh silent instance, loading the libraries first. */
  MPSolver newInstance() {
    load();
    return create();
  }
}
