"""to_icnn and plot."""

import numpy as np
import pytest

from conftest import CORPUS, cli
import reluconvex
from reluconvex.results import evaluate_in_python

torch = pytest.importorskip("torch")


def mirrored(seed, sign):
    """sum_i c_i (relu(t_i) + sign relu(-t_i)), t_i = w_i . x + b_i, c_i > 0: with sign +1 the convex
    sum of c_i |t_i|; with sign -1 the linear sum of c_i t_i, whose output weights are negative."""
    torch.manual_seed(seed)
    m = torch.nn.Sequential(torch.nn.Linear(2, 6), torch.nn.ReLU(), torch.nn.Linear(6, 1)).double()
    with torch.no_grad():
        m[0].weight[3:] = -m[0].weight[:3]
        m[0].bias[3:] = -m[0].bias[:3]
        out = m[2].weight[0]
        out[:3] = out[:3].abs() + 0.1
        out[3:] = sign * out[:3]
    return m


def test_to_icnn_rewrites_a_convex_network_and_refuses_one_that_is_not(checker, tmp_path):
    absolute, linear = mirrored(1, +1), mirrored(2, -1)
    for m in (absolute, linear):
        icnn = checker.to_icnn(m)
        x = np.random.default_rng(0).uniform(-10, 10, (50, 2))
        assert icnn(x) == pytest.approx(evaluate_in_python(m, x), rel=1e-9, abs=1e-9)
        v = checker.check(icnn.network, global_=True)
        assert (v.verdict, v.method) == ("convex", "icnn")
        assert icnn.max_relative_difference < 1e-9
    out = tmp_path / "icnn.onnx"
    written = checker.to_icnn(linear, out=out)
    assert written.out == str(out) and written.network is None
    assert checker.info(out)["icnn"] is True
    torch.manual_seed(5)
    concave = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 1))
    with torch.no_grad():
        concave[2].weight.copy_(-concave[2].weight.abs())
    with pytest.raises(reluconvex.NotConvexError) as e:
        checker.to_icnn(concave)
    assert e.value.exit_code == 1 and e.value.witness.excess_in(concave) > 0
    with pytest.raises(reluconvex.BadInputError, match="one hidden layer"):
        checker.to_icnn("example:beyond-icnn")


def test_plot_returns_the_png_the_cli_draws(checker, tmp_path):
    model = CORPUS / "fig3_d2_2x2_11_1.onnx"
    png = checker.plot(model, box=(-3, 3))
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and png._repr_png_() == bytes(png)
    cli_png = tmp_path / "cli.png"
    code, _ = cli("plot", model, "--box=-3,3", "--out", cli_png, "--json")
    assert code == 0 and cli_png.read_bytes() == bytes(png)
    out = tmp_path / "py.png"
    checker.plot(model, box=(-3, 3), out=out)
    assert out.read_bytes() == bytes(png)
    sliced = checker.plot("example:random?dim=3&widths=4&seed=1", slice=[0, 0, 0.5], axes=[1, 3])
    assert sliced.startswith(b"\x89PNG")
