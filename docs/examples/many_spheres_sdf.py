"""Samples of the signed distance to a union of 256, 512 or 1024 small spheres in [-0.5, 0.5]^3, the
data of the opt-in benchmark networks src/main/resources/bench/d3-spheres256-sdf-8x32.onnx,
d3-spheres512-sdf-8x32.onnx and d3-spheres1024-sdf-8x32.onnx (bench --suite --only NAME; see
docs/skeleton.md, "A benchmark of millions of vertices").

    python3 docs/examples/many_spheres_sdf.py spheres256.csv 256
    reluconvex train --data spheres256.csv --widths 32,32,32,32,32,32,32,32 --mode unconstrained \
        --epochs 80 --batch 64 --lr 2e-3 --box -0.5,0.5 --seed 18 --no-epoch-check \
        --out d3-spheres256-sdf-8x32.onnx

and the same with 512 (spheres512.csv, d3-spheres512-sdf-8x32.onnx) and with 1024 (spheres1024.csv,
1,200,000 samples, d3-spheres1024-sdf-8x32.onnx: 5,408,849 vertices and 16,190,838 edges on
[-0.5, 0.5]^3, validation MSE 1.5e-4).

What else was tried with the same network and 80 epochs, vertices on [-0.5, 0.5]^3 (512 spheres with
the command above: 4,567,685): 1024 spheres of this preset with 400,000 samples 4,662,419; 2048
spheres of radii 0.01 to 0.03 (centres in [-0.46, 0.46]^3, seed 43) 3,573,576; 1024 spheres of radii
0.02 to 0.06 (centres in [-0.48, 0.48]^3, seed 41) 3,067,584; on the 512 spheres, --lr 1e-3
3,632,339, --lr 3e-3 3,514,089, --lr 5e-4 2,301,972, --lr 5e-3 1,069,513, --batch 256 2,366,145,
--loss l1 3,157,567; on the 1024 spheres with 400,000 samples, --seed 11 4,538,917, --seed 3
3,341,666, --seed 7 1,930,240. Smaller spheres than the network resolves, or a learning rate away
from 2e-3, give fewer vertices; three times the samples gave 16% more; the training seed alone moves
the count by a factor of 2.4.
"""
import sys

import numpy as np

# spheres: seed, half-width of the centres' cube, smallest and largest radius; number of samples
PRESETS = {
    256: (31, 0.42, 0.02, 0.07, 400000),
    512: (37, 0.45, 0.015, 0.05, 400000),
    1024: (41, 0.45, 0.012, 0.04, 1200000),
}
n = int(sys.argv[2])
seed, spread, r_min, r_max, samples = PRESETS[n]
rng = np.random.default_rng(seed)
centres = rng.uniform(-spread, spread, size=(n, 3))
radii = rng.uniform(r_min, r_max, size=n)
x = rng.uniform(-0.5, 0.5, size=(samples, 3))
# one sphere at a time: the broadcast (samples x n x 3) would take gigabytes
y = np.full(len(x), np.inf)
for c, r in zip(centres, radii):
    y = np.minimum(y, np.linalg.norm(x - c, axis=1) - r)
np.savetxt(sys.argv[1], np.column_stack([x, y]), delimiter=",", fmt="%.9g", header="x1,x2,x3,y", comments="")
