"""Samples of the signed distance to a torus in [-0.5, 0.5]^3 (major radius 0.25, minor radius 0.1,
axis x3), the data the benchmark's d = 3 SDF network is trained on:

    python3 torus_sdf.py 60000 1 > torus.csv
    reluconvex train --data torus.csv --widths 16,16,16 --mode unconstrained --epochs 60 --seed 1 \
        --box=-0.5,0.5 --out src/main/resources/bench/torus-sdf-3x16.onnx
"""
import math
import random
import sys

n, seed = int(sys.argv[1]), int(sys.argv[2])
rnd = random.Random(seed)
print("x1,x2,x3,y")
for _ in range(n):
    x = [rnd.uniform(-0.5, 0.5) for _ in range(3)]
    q = math.hypot(x[0], x[1]) - 0.25
    print("%r,%r,%r,%r" % (x[0], x[1], x[2], math.hypot(q, x[2]) - 0.1))
