"""Samples of the signed distance to a union of 24 spheres in [-0.5, 0.5]^3, the data of the 8 x 32
benchmark network docs/examples/spheres8x32.onnx (see docs/skeleton.md, "The 8 x 32 benchmark").

    python3 docs/examples/spheres_sdf.py spheres.csv
    reluconvex train --data spheres.csv --widths 32,32,32,32,32,32,32,32 --mode unconstrained \
        --epochs 70 --batch 64 --lr 2e-3 --box -0.5,0.5 --seed 18 --no-epoch-check --out spheres8x32.onnx
"""
import sys

import numpy as np

rng = np.random.default_rng(17)
centres = rng.uniform(-0.35, 0.35, size=(24, 3))
radii = rng.uniform(0.05, 0.14, size=24)
x = rng.uniform(-0.5, 0.5, size=(200000, 3))
y = (np.linalg.norm(x[:, None, :] - centres[None], axis=2) - radii[None]).min(axis=1)
np.savetxt(sys.argv[1], np.column_stack([x, y]), delimiter=",", fmt="%.9g", header="x1,x2,x3,y", comments="")
