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
 * it is tighter. An LP optimum is a floating-point number: it is widened by
 * {@link #LP_SLACK} times the neuron's interval magnitude before use, so the bounds stay valid.
 */
public final class LpTightening {
  /** Relative widening of every LP bound (GLOP's tolerances are 1e-7 and below). */
  static final double LP_SLACK = 1e-6;

  private LpTightening() {}

  public static PreBounds of(Network net, Domain box, PrecisionPolicy policy, ExecutorService pool, int threads) {
    return IntervalBounds.of(net, box, policy, (b, l) -> {
      if (l >= 2) tightenLayer(net, box, b, l, pool, threads);
    });
  }

  private static void tightenLayer(Network net, Domain box, PreBounds b, int l, ExecutorService pool, int threads) {
    // the slack's unit: each neuron's interval magnitude, taken before any LP narrows it
    double[] mag = new double[net.width(l)];
    for (int i = 0; i < mag.length; i++) mag[i] = Math.max(Math.abs(b.lo(l, i)), Math.abs(b.hi(l, i)));
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
            double slack = LP_SLACK * mag[i] + Double.MIN_NORMAL;
            pre.asObjective(obj);
            obj.setMinimization();
            if (s.solve() == MPSolver.ResultStatus.OPTIMAL) b.lo()[l][i] = Math.max(b.lo(l, i), obj.value() - slack);
            pre.asObjective(obj);
            obj.setMaximization();
            if (s.solve() == MPSolver.ResultStatus.OPTIMAL) b.hi()[l][i] = Math.min(b.hi(l, i), obj.value() + slack);
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
