"""Bad input: one clear exception naming the problem, with the command line's exit code; the worker goes on."""

import numpy as np
import pytest

import reluconvex
from reluconvex import _checker

LAYERS = [(np.eye(2), np.zeros(2)), (np.ones((1, 2)), np.zeros(1))]


@pytest.mark.parametrize("kwargs,message", [
    (dict(box=(3, 1)), "lower bound"),
    (dict(box=[(0, 1)]), "input dimension 2"),
    (dict(box=(0, 1, 2)), "box must be"),
    (dict(box=[(0, 1, 2), (0, 1, 2)]), "box must be"),
    (dict(box=(float("nan"), 1)), "finite"),
    (dict(box="a,b"), "not a number"),
    (dict(method="magic"), "unknown method 'magic'"),
    (dict(box=(-1, 1), global_=True), "either --box or --global"),
    (dict(time_limit=-1), "time_limit must be a positive number"),
])
def test_bad_options(checker, kwargs, message):
    with pytest.raises(reluconvex.BadInputError, match=message) as e:
        checker.check(LAYERS, **kwargs)
    assert e.value.exit_code == 2
    assert isinstance(e.value, ValueError)
    assert checker.check(LAYERS).verdict == "convex"  # the worker is still there


@pytest.mark.parametrize("model,message", [
    ("missing.onnx", "missing.onnx: no such file"),
    ("example:nope", "unknown example 'nope'"),
    ([], "the list of layers is empty"),
    ([(np.eye(2), np.zeros(3))], r"layers\[0\]: b has shape \(3,\), expected \(2,\)"),
    ([(np.eye(2), np.zeros(2)), (np.ones((1, 3)), np.zeros(1))], r"layers\[1\]: W has 3 columns, expected 2"),
    ([(np.eye(2) * np.nan, np.zeros(2))], "NaN or infinite"),
    ([(np.eye(2), np.zeros(2))], "width"),  # the last layer must have width 1
    (b"not onnx", "not a valid ONNX file"),
    ({"format": "reluconvex-network", "version": 1}, "input_dim"),
])
def test_bad_models(checker, model, message):
    with pytest.raises(reluconvex.BadInputError, match=message):
        checker.check(model)


def test_a_model_of_the_wrong_type():
    with pytest.raises(TypeError, match="model must be"):
        reluconvex.Checker().check(42)


def test_bad_points(checker):
    with pytest.raises(reluconvex.BadInputError, match="finite"):
        checker.evaluate(LAYERS, [[0, np.inf]])
    with pytest.raises(reluconvex.BadInputError, match="expected 2"):
        checker.evaluate(LAYERS, [[0, 1, 2]])


def test_time_limit_is_sent_only_when_given(monkeypatch):
    sent = []
    monkeypatch.setattr(_checker.Checker, "request",
                        lambda self, op, model, **fields: sent.append({k: v for k, v in fields.items() if v is not None})
                        or {"verdict": "convex", "method": "icnn", "exit_code": 0, "check_seconds": 0.0,
                            "domain": {}, "model": "m"})
    c = _checker.Checker()
    c.check(LAYERS)
    c.check(LAYERS, time_limit=2.5, global_=True)
    assert sent == [{"method": "auto"}, {"method": "auto", "time_limit": 2.5, "global": True}]
