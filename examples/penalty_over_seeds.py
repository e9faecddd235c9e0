"""The README's PyTorch training loop with the convexity penalty, over several seeds, against the same
loop without the penalty: final training MSE, verdicts (skeleton, then the cell enumeration as a
second exact method), steps of the certified ending, wall time.

    python3 examples/penalty_over_seeds.py [SEEDS]      (from the repository root, after mvn package)
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "python"))  # this checkout's package

import torch  # noqa: E402

from reluconvex.torch import ConvexityPenalty, certify, train_until_certified  # noqa: E402

BOX = (-2, 2)


def setup(seed):
    """The README's network, data and optimizer for one seed."""
    torch.manual_seed(seed)
    model = torch.nn.Sequential(torch.nn.Linear(2, 16), torch.nn.ReLU(), torch.nn.Linear(16, 16),
                                torch.nn.ReLU(), torch.nn.Linear(16, 1))
    x = torch.rand(512, 2) * 4 - 2
    y = x.abs().sum(dim=1, keepdim=True) - 1
    return model, (lambda: torch.nn.functional.mse_loss(model(x), y)), torch.optim.Adam(model.parameters(), lr=1e-2)


def run(seed, lam):
    model, mse, opt = setup(seed)
    penalty = ConvexityPenalty(model, box=BOX, every=1) if lam else None
    t0 = time.perf_counter()
    for _ in range(300):
        opt.zero_grad()
        loss = mse() + (lam * penalty() if lam else 0)
        loss.backward()
        opt.step()
    loop = time.perf_counter() - t0
    after_loop = certify(model, BOX).verdict
    end = train_until_certified(model, BOX, mse, opt) if lam else None
    with torch.no_grad():
        final = mse().item()
    return dict(mse=final, after_loop=after_loop, loop=loop, end=end,
                cells=certify(model, BOX, method="cells").verdict)


def main():
    seeds = range(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
    rows = {"penalty": [], "none": []}
    for seed in seeds:
        p, n = run(seed, 1.0), run(seed, 0.0)
        rows["penalty"].append(p)
        rows["none"].append(n)
        print(f"seed {seed}: penalty: after 300 steps {p['after_loop']}, final phase {p['end'].steps} steps -> "
              f"{p['end'].verdict.verdict} (cells: {p['cells']}), mse {p['mse']:.5f}, loop {p['loop']:.1f} s; "
              f"without: {n['after_loop']} (cells: {n['cells']}), mse {n['mse']:.5f}", flush=True)
    for name, rs in rows.items():
        mses = [r["mse"] for r in rs]
        convex = sum(r["cells"] == "convex" and (r["end"] is None or r["end"].convex) for r in rs)
        print(f"{name:8s} mse mean {statistics.mean(mses):.5f} median {statistics.median(mses):.5f}; "
              f"convex {convex} of {len(rs)}")


if __name__ == "__main__":
    main()
