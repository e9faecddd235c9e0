"""100 PyTorch-initialised (128, 128) networks on [-100, 100]^2 through one warm Checker, export
included; then the same networks as ONNX files through `check --list` in one JVM, verdicts compared.

    python3 examples/benchmark_checker.py        (from the repository root, after mvn package)
"""

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "python"))  # this checkout's package

import torch  # noqa: E402

import reluconvex  # noqa: E402
from reluconvex import _jar, _models  # noqa: E402

N = 100


def network(seed):
    torch.manual_seed(seed)
    return torch.nn.Sequential(torch.nn.Linear(2, 128), torch.nn.ReLU(), torch.nn.Linear(128, 128),
                               torch.nn.ReLU(), torch.nn.Linear(128, 1))


def main():
    nets = [network(seed) for seed in range(N)]
    with reluconvex.Checker() as checker:
        checker.info("example:beyond-icnn")  # the worker starts on its first call, here
        started = time.perf_counter()
        verdicts = [checker.check(net) for net in nets]
        done = time.perf_counter()
    check_only = sum(v.seconds for v in verdicts)
    print(f"{N} networks (128, 128), box [-100, 100]^2, one Checker: {(done - started) / N:.3f} s per network "
          f"with the export (the check alone {check_only / N:.3f} s)")
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, net in enumerate(nets):
            p = Path(tmp) / f"net{i}.onnx"
            p.write_bytes(_models.torch_to_onnx(net))
            paths.append(str(p))
        (Path(tmp) / "list.txt").write_text("\n".join(paths))
        out = subprocess.run([_jar.find_java(), "-jar", str(_jar.find_jar()), "check", "--list",
                              str(Path(tmp) / "list.txt"), "--json"], capture_output=True, text=True).stdout
    cli = [json.loads(line) for line in out.splitlines()]
    same = sum(v.verdict == c["verdict"] and v.json["witness"] == c["witness"] and v.vertices == c["vertices"]
               for v, c in zip(verdicts, cli))
    counts = {k: sum(v.verdict == k for v in verdicts) for k in ("convex", "not_convex", "unknown")}
    print(f"verdicts {counts}; equal to check --list (verdict, witness, vertices): {same} of {len(cli)}")
    witnessed = [v.witness.excess_in(net) > 0 for v, net in zip(verdicts, nets) if v.witness is not None]
    print(f"witnesses confirmed by torch at the three points: {sum(witnessed)} of {len(witnessed)}")


if __name__ == "__main__":
    main()
