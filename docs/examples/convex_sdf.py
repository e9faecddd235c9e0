"""A trained, penalised, convex ReLU MLP, made as a PyTorch user would make one.

The target is the exact signed distance to a rounded, rotated, shifted box in R^d (a convex body),

    q(x) = |R (x - c)| - h,   s(x) = ||max(q, 0)|| + min(max_i q_i, 0) - r,

with c ~ U[-0.1, 0.1]^d, half-sides h ~ U[0.08, 0.2]^d, rounding radius r = 0.05 and R a random
rotation (QR of a Gaussian matrix), all drawn from the seed. The signed distance to a convex set is
a convex function on all of R^d, so the target is convex; it is smooth away from the box's faces
(round where q > 0, ridged inside). The samples are x ~ U[-0.5, 0.5]^d (numpy default_rng(seed)).

Training (torch, single thread, float32):

1. fit: a plain ``nn.Sequential`` Linear, ReLU, ..., Linear(., 1) with the given hidden widths,
   Adam (lr 2e-3, mini-batches of 512) on the MSE for ``--steps`` steps;
2. penalty: the same loss + λ·R with ``reluconvex.torch.ConvexityPenalty(model, box=(-0.5, 0.5),
   every=--every, margin=1e-3)``, R = Σ max(0, 1e-3 - g) over the gain constraints of criterion C1,
   until R = 0 for ``--zero-steps`` (200) consecutive steps, at most ``--max-penalty-steps`` steps;
   λ is multiplied by 1.5 after every 100 steps in which R was not 0 for 100 steps in a row;
3. the constraints are recomputed once more on the final weights (R_fresh) and the model is
   exported with ``torch.onnx.export(..., input_names=["x"], output_names=["y"], opset_version=13)``.

The exact verdict is left to ``reluconvex check FILE --box=-0.5,0.5`` (R = 0 is criterion C1 on
the constraints of the last recomputation; it is not a proof of convexity).

Run with ``PYTHONPATH=python RELUCONVEX_JAR=...`` and an interpreter that has torch (here Debian's
/usr/bin/python3 with python3-torch 1.13; ``python3`` below). The corpus in
src/test/resources/trained-convex/ was made with (from the checkout's root):

    python3 docs/examples/convex_sdf.py --dim 2 --widths 3x16 --seed 1 --out src/test/resources/trained-convex/d2-3x16.onnx
    python3 docs/examples/convex_sdf.py --dim 3 --widths 4x32 --seed 1 --out src/test/resources/trained-convex/d3-4x32-a.onnx
    python3 docs/examples/convex_sdf.py --dim 3 --widths 4x32 --seed 2 --out src/test/resources/trained-convex/d3-4x32-b.onnx
    python3 docs/examples/convex_sdf.py --dim 3 --widths 8x32 --seed 1 --out src/test/resources/trained-convex/d3-8x32.onnx
    python3 docs/examples/convex_sdf.py --dim 8 --widths 2x16 --seed 1 --out src/test/resources/trained-convex/d8-2x16.onnx

(see the README.md there for the verdicts and check times).
"""
import argparse
import time

import numpy as np
import torch
from torch import nn

from reluconvex.torch import ConvexityPenalty

BOX = (-0.5, 0.5)


def parse_widths(text):
    """'4x32' -> [32, 32, 32, 32]; '32,16' -> [32, 16]."""
    if "x" in text:
        k, n = text.split("x")
        return [int(n)] * int(k)
    return [int(w) for w in text.split(",")]


def target(rng, d, n):
    """n samples x ~ U[-0.5, 0.5]^d and the signed distance to a rounded rotated box."""
    c = rng.uniform(-0.1, 0.1, size=d)
    h = rng.uniform(0.08, 0.2, size=d)
    rot, _ = np.linalg.qr(rng.standard_normal((d, d)))
    r = 0.05
    x = rng.uniform(*BOX, size=(n, d))
    q = np.abs((x - c) @ rot.T) - h
    y = np.linalg.norm(np.maximum(q, 0), axis=1) + np.minimum(q.max(axis=1), 0) - r
    return x, y


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--dim", type=int, required=True)
    p.add_argument("--widths", required=True, help="hidden widths: KxN (K layers of N) or N1,N2,...")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", required=True, help="the .onnx file to write")
    p.add_argument("--steps", type=int, default=3000, help="Adam steps on the data alone")
    p.add_argument("--samples", type=int, default=20000)
    p.add_argument("--batch", type=int, default=512)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--lam", type=float, default=1.0, help="initial λ of the penalty phase")
    p.add_argument("--every", type=int, default=10, help="recompute the constraints every this many steps")
    p.add_argument("--zero-steps", type=int, default=200, help="consecutive steps with R = 0 that end the phase")
    p.add_argument("--max-penalty-steps", type=int, default=5000)
    a = p.parse_args()

    torch.set_num_threads(1)
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)
    widths = parse_widths(a.widths)
    x, y = target(rng, a.dim, a.samples)
    X = torch.tensor(x, dtype=torch.float32)
    Y = torch.tensor(y, dtype=torch.float32).view(-1, 1)

    layers, prev = [], a.dim
    for w in widths:
        layers += [nn.Linear(prev, w), nn.ReLU()]
        prev = w
    model = nn.Sequential(*layers, nn.Linear(prev, 1))
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    gen = torch.Generator().manual_seed(a.seed)

    def batch_loss():
        idx = torch.randint(0, len(X), (a.batch,), generator=gen)
        return nn.functional.mse_loss(model(X[idx]), Y[idx])

    def full_loss():
        with torch.no_grad():
            return nn.functional.mse_loss(model(X), Y).item()

    t0 = time.time()
    for _ in range(a.steps):
        opt.zero_grad()
        batch_loss().backward()
        opt.step()
    fit_loss = full_loss()
    t_fit = time.time() - t0
    print(f"fit: {a.steps} steps, data MSE {fit_loss:.3e}, {t_fit:.1f} s", flush=True)

    penalty = ConvexityPenalty(model, box=BOX, every=a.every, margin=1e-3)
    lam, zeros, since_raise, steps, r = a.lam, 0, 0, 0, None
    t1 = time.time()
    while steps < a.max_penalty_steps and zeros < a.zero_steps:
        opt.zero_grad()
        rt = penalty()
        r = rt.item()
        zeros = zeros + 1 if r == 0 else 0
        (batch_loss() + lam * rt).backward()
        opt.step()
        steps += 1
        since_raise = 0 if zeros >= 100 else since_raise + 1
        if since_raise >= 100:
            lam *= 1.5
            since_raise = 0
        if steps % 100 == 0:
            print(f"  penalty step {steps}: R {r:.3e}, zero run {zeros}, λ {lam:.3g}, "
                  f"constraints {len(penalty.constraints.constraints) if penalty.constraints else 0}, "
                  f"{time.time() - t1:.1f} s", flush=True)
    penalty.recompute()
    r_fresh = torch.relu(penalty.margin - penalty.gains()).sum().item()
    loss = full_loss()
    print(f"penalty: {steps} steps, {penalty.recomputations} recomputations, last R {r}, zero run {zeros}, "
          f"λ {lam:.3g}, {time.time() - t1:.1f} s", flush=True)
    print(f"result: R_fresh {r_fresh:.3e} ({len(penalty.constraints.constraints)} constraints), "
          f"data MSE {loss:.3e} (after fit {fit_loss:.3e}), steps {a.steps} + {steps}", flush=True)
    if zeros < a.zero_steps:
        print(f"warning: R was not 0 for {a.zero_steps} consecutive steps within {a.max_penalty_steps} steps")

    model.eval()
    torch.onnx.export(model, torch.zeros(1, a.dim), a.out, input_names=["x"], output_names=["y"], opset_version=13)
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
