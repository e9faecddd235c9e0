"""Models given as paths, (W, b) layers, ONNX bytes and JSON dicts; regions, info and evaluate."""

import json
import os

import numpy as np
import pytest

from conftest import CORPUS, REPO, cli, untimed
import reluconvex
from reluconvex.results import evaluate_in_python

ABS = [(np.array([[1.0, 0.0], [-1.0, 0.0], [0.0, 1.0], [0.0, -1.0]]), np.zeros(4)),
       (np.array([[1.0, 1.0, 1.0, 1.0]]), np.zeros(1))]  # |x1| + |x2|: convex
NEG_ABS = [ABS[0], (-ABS[1][0], ABS[1][1])]  # -|x1| - |x2|: concave


def test_onnx_and_json_paths_equal_the_cli(checker, tmp_path, monkeypatch):
    onnx = CORPUS / "fig3_d2_3x3_11_1.onnx"
    kink = REPO / "docs" / "examples" / "bad-kink-outside.json"
    code, (expected,) = cli("check", onnx, "--json")
    v = checker.check(onnx)
    assert untimed(v.json) == untimed(expected)
    assert (v.exit_code, code) == (1, 1)
    # a relative path is relative to the caller's working directory, not the worker's
    monkeypatch.chdir(CORPUS)
    relative = untimed(checker.check("fig3_d2_3x3_11_1.onnx").json)
    # the working directory may be reached through a symbolic link: the same file either way
    assert os.path.samefile(relative.pop("model"), expected["model"])
    assert relative == {k: v for k, v in untimed(expected).items() if k != "model"}
    # README: convex on [-2, 2]^2, not on R^2
    assert checker.check(kink, box=(-2, 2)).verdict == "convex"
    v = checker.check(str(kink), global_=True)
    assert untimed(v.json) == untimed(cli("check", kink, "--global", "--json")[1][0])
    assert v.verdict == "not_convex" and v.witness.excess_in(json.loads(kink.read_text())) > 0


def test_layers_bytes_and_dicts(checker):
    assert checker.check(ABS, global_=True).verdict == "convex"
    v = checker.check(NEG_ABS, box=(-1, 1))
    assert v.verdict == "not_convex"
    assert v.witness.excess_in(NEG_ABS) > 0  # numpy evaluation of the layers
    net = json.loads((REPO / "docs" / "examples" / "bad-kink-outside.json").read_text())
    assert checker.check(net, global_=True).verdict == "not_convex"
    first = net["layers"][0]
    first["bias"] = np.array(first["bias"], dtype=float)  # numpy inside a dict is sent as lists
    assert checker.check(net, global_=True).verdict == "not_convex"
    first["bias"][0] = np.nan
    with pytest.raises(reluconvex.BadInputError, match="cannot be written as JSON"):
        checker.check(net)
    onnx = (CORPUS / "fig3_d2_2x2_11_1.onnx").read_bytes()
    by_bytes = checker.check(onnx)
    assert untimed(by_bytes.json, "model") == untimed(checker.check(CORPUS / "fig3_d2_2x2_11_1.onnx").json, "model")
    assert by_bytes.model == "inline.onnx"


def test_evaluate_matches_an_independent_forward_pass(checker):
    rng = np.random.default_rng(3)
    layers = [(rng.normal(size=(7, 3)), rng.normal(size=7)), (rng.normal(size=(4, 7)), rng.normal(size=4)),
              (rng.normal(size=(1, 4)), rng.normal(size=1))]
    x = rng.uniform(-5, 5, size=(20, 3))
    h = x
    for w, b in layers[:-1]:
        h = np.maximum(h @ w.T + b, 0)
    expected = (h @ layers[-1][0].T + layers[-1][1]).ravel()
    assert checker.evaluate(layers, x) == pytest.approx(expected, rel=1e-13, abs=1e-13)
    assert evaluate_in_python(layers, x) == pytest.approx(expected, rel=1e-13, abs=1e-13)
    assert checker.evaluate(layers, x, exact=True) == pytest.approx(expected, rel=1e-13, abs=1e-13)


def test_regions_and_info_equal_the_cli(checker):
    model = CORPUS / "deep_d3_3x3x3_12_1.onnx"
    r = checker.regions(model)
    assert untimed(r.json) == {**untimed(cli("regions", model, "--json")[1][0]), "exit_code": 0}
    assert (r.vertices, r.edges, r.cells) == (95, 220, None)  # README
    i = checker.info("example:beyond-icnn")
    assert {k: i[k] for k in ("architecture", "input_dim", "hidden_widths", "icnn")} == \
        {"architecture": "SkipMLP", "input_dim": 2, "hidden_widths": [2, 2], "icnn": False}
    assert checker.info(ABS)["parameters"] == 4 * 2 + 4 + 4 + 1


def test_milp_with_its_options_equals_the_cli(checker):
    model = CORPUS / "fig3_d2_3x3_11_1.onnx"
    v = checker.check(model, method="milp", time_limit=60, solver="highs", threads=1)
    _, (expected,) = cli("check", model, "--method", "milp", "--time-limit", "60", "--solver", "highs", "--threads", "1", "--json")
    assert untimed(v.json) == untimed(expected)
    assert v.method.startswith("milp")
