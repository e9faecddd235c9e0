package org.reluconvex.milp;

import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;
import org.reluconvex.precision.PrecisionPolicy;

/**
 * Optimisation-based bound tightening: layer by layer from the second hidden layer, the range of
 * every neuron that interval propagation leaves unstable is recomputed by two linear programs over
 * the triangle relaxation of the layers below (with their bounds already tightened), and kept where
 * it is tighter. An LP optimum is a floating-point number and is not used: the bound kept is the
 * rigorous one that the solver's duals give ({@link SafeBound}), valid whatever the solver's
 * tolerances did.
 */
public final class LpTightening {
  private LpTightening() {}

  public static PreBounds of(Network net, Domain box, PrecisionPolicy policy, ExecutorService pool, int threads) {
    return IntervalBounds.of(net, box, policy, (b, l) -> {
      if (l >= 2) tightenLayer(net, box, b, l, pool, threads, policy);
    });
  }

  private static void tightenLayer(Network net, Domain box, PreBounds b, int l, ExecutorService pool, int threads, PrecisionPolicy policy) {
    List<Integer> todo = new ArrayList<>();
    for (int i = 0; i < net.width(l); i++) if (!b.stable(l, i)) todo.add(i);
    if (todo.isEmpty()) return;
    int parts = Math.max(1, Math.min(threads, todo.size() / 4));
    List<Future<?>> jobs = new ArrayList<>();
    for (int p = 0; p < parts; p++) {
      final int part = p;
      Runnable job = () -> {
        MPSolver s = Solver.createLp();
        try {
          ReluEncoding enc = new ReluEncoding(s, net, box, b, l, false);
          MPObjective obj = s.objective();
          for (int t = part; t < todo.size(); t += parts) {
            int i = todo.get(t);
            Lin pre = enc.pre(l, i);
            pre.asObjective(obj);
            obj.setMinimization();
            // any duals give a rigorous bound; the solver has duals to give only after an optimal solve
            if (s.solve() == MPSolver.ResultStatus.OPTIMAL) b.lo()[l][i] = Math.max(b.lo(l, i), SafeBound.lower(pre, enc.rows, policy));
            pre.asObjective(obj);
            obj.setMaximization();
            if (s.solve() == MPSolver.ResultStatus.OPTIMAL) b.hi()[l][i] = Math.min(b.hi(l, i), SafeBound.upper(pre, enc.rows, policy));
          }
        } finally {
          s.delete();
        }
      };
      if (parts == 1) job.run();
      else jobs.add(pool.submit(job));
    }
    for (Future<?> f : jobs) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while tightening bounds", e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
      }
    }
  }
}
