"""Check a network every 100 steps of a PyTorch training loop, with one warm Checker.

The target f(x) = |x1| + |x2| - 1 is convex; an unconstrained MLP fitting it may or may not be
convex on the box at a given step, and the exact check says which (with a witness when it is not).

    python3 examples/train_and_check.py          (from the repository root, after mvn package)
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "python"))  # this checkout's package

import torch  # noqa: E402

import reluconvex  # noqa: E402


def main():
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(2, 16), torch.nn.ReLU(), torch.nn.Linear(16, 16),
                              torch.nn.ReLU(), torch.nn.Linear(16, 1))
    opt = torch.optim.Adam(net.parameters(), lr=1e-2)
    x = torch.rand(512, 2) * 4 - 2
    y = x.abs().sum(dim=1, keepdim=True) - 1
    with reluconvex.Checker() as checker:
        for step in range(1, 501):
            opt.zero_grad()
            loss = torch.nn.functional.mse_loss(net(x), y)
            loss.backward()
            opt.step()
            if step % 100 == 0:
                v = checker.check(net, box=(-2, 2), exhaustive=True)  # the complex's vertex count too
                extra = f", witness excess {v.witness.excess_in(net):.3g} by torch" if v.witness is not None else ""
                print(f"step {step:4d}  loss {loss.item():.5f}  {v.verdict} ({v.method}, "
                      f"{v.vertices} vertices){extra}")


if __name__ == "__main__":
    main()
