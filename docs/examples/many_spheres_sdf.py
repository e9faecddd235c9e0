"""Samples of the signed distance to a union of 256 or 512 small spheres in [-0.5, 0.5]^3, the data of
the opt-in benchmark networks src/main/resources/bench/d3-spheres256-sdf-8x32.onnx and
d3-spheres512-sdf-8x32.onnx (bench --suite --only NAME; see docs/skeleton.md, "A benchmark of
millions of vertices").

    python3 docs/examples/many_spheres_sdf.py spheres256.csv 256
    reluconvex train --data spheres256.csv --widths 32,32,32,32,32,32,32,32 --mode unconstrained \
        --epochs 80 --batch 64 --lr 2e-3 --box -0.5,0.5 --seed 18 --no-epoch-check \
        --out d3-spheres256-sdf-8x32.onnx

and the same with 512 (spheres512.csv, d3-spheres512-sdf-8x32.onnx).
"""
import sys

import numpy as np

# spheres: seed, half-width of the centres' cube, smallest and largest radius
PRESETS = {256: (31, 0.42, 0.02, 0.07), 512: (37, 0.45, 0.015, 0.05)}
n = int(sys.argv[2])
seed, spread, r_min, r_max = PRESETS[n]
rng = np.random.default_rng(seed)
centres = rng.uniform(-spread, spread, size=(n, 3))
radii = rng.uniform(r_min, r_max, size=n)
x = rng.uniform(-0.5, 0.5, size=(400000, 3))
# one sphere at a time: the broadcast (400,000 x n x 3) would take gigabytes
y = np.full(len(x), np.inf)
for c, r in zip(centres, radii):
    y = np.minimum(y, np.linalg.norm(x - c, axis=1) - r)
np.savetxt(sys.argv[1], np.column_stack([x, y]), delimiter=",", fmt="%.9g", header="x1,x2,x3,y", comments="")
