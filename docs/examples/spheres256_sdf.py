"""Samples of the signed distance to a union of 256 small spheres in [-0.5, 0.5]^3, the data of the
opt-in benchmark network src/main/resources/bench/d3-spheres256-sdf-8x32.onnx (bench --suite --only
d3-spheres256-sdf-8x32; see docs/skeleton.md, "A benchmark of millions of vertices").

    python3 docs/examples/spheres256_sdf.py spheres256.csv
    reluconvex train --data spheres256.csv --widths 32,32,32,32,32,32,32,32 --mode unconstrained \
        --epochs 80 --batch 64 --lr 2e-3 --box -0.5,0.5 --seed 18 --no-epoch-check \
        --out d3-spheres256-sdf-8x32.onnx
"""
import sys

import numpy as np

rng = np.random.default_rng(31)
centres = rng.uniform(-0.42, 0.42, size=(256, 3))
radii = rng.uniform(0.02, 0.07, size=256)
x = rng.uniform(-0.5, 0.5, size=(400000, 3))
# one sphere at a time: the broadcast (400,000 x 256 x 3) would take 2.4 GB
y = np.full(len(x), np.inf)
for c, r in zip(centres, radii):
    y = np.minimum(y, np.linalg.norm(x - c, axis=1) - r)
np.savetxt(sys.argv[1], np.column_stack([x, y]), delimiter=",", fmt="%.9g", header="x1,x2,x3,y", comments="")
