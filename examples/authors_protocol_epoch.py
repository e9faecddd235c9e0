"""Time per epoch of the paper authors' regularised protocol run from PyTorch with this project's
penalty (L1 loss, constraints recomputed every step, lambda 0.1, Adam betas (0.7, 0.9), batch 256),
on a (4, 8) MLP and 40000 points of [-10, 10]^2, the size of the regularization experiment's
training set. Compare with `reluconvex train --protocol authors` on the same sizes (its `time:` line).

    python3 examples/authors_protocol_epoch.py [EPOCHS]      (from the repository root, after mvn package)
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "python"))  # this checkout's package

import torch  # noqa: E402

from reluconvex.torch import ConvexityPenalty, certify  # noqa: E402

BOX = (-10, 10)


def main():
    epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(2, 4), torch.nn.ReLU(), torch.nn.Linear(4, 8), torch.nn.ReLU(),
                                torch.nn.Linear(8, 1))
    x = torch.rand(40000, 2) * 20 - 10
    y = (x.abs().sum(dim=1, keepdim=True) - 1).clamp(min=0)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.7, 0.9))
    penalty = ConvexityPenalty(model, box=BOX, every=1)
    for epoch in range(epochs):
        t0 = time.perf_counter()
        perm = torch.randperm(len(x))
        steps = 0
        for i in range(0, len(x), 256):
            idx = perm[i:i + 256]
            opt.zero_grad()
            loss = torch.nn.functional.l1_loss(model(x[idx]), y[idx]) + 0.1 * penalty()
            loss.backward()
            opt.step()
            steps += 1
        print(f"epoch {epoch + 1}: {steps} steps in {time.perf_counter() - t0:.2f} s wall "
              f"({1000 * (time.perf_counter() - t0) / steps:.1f} ms per step)", flush=True)
    print("verdict:", certify(model, BOX).verdict)


if __name__ == "__main__":
    main()
