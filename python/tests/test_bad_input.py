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



def out_of_order_module():
    """Linear(2, 16) then Linear(16, 1) in forward, but registered the other way round (b before a)."""
    torch = pytest.importorskip("torch")

    class OutOfOrder(torch.nn.Module):
        def __init__(self):
            super().__init__()
            torch.manual_seed(0)
            self.b = torch.nn.Linear(16, 1)
            self.a = torch.nn.Linear(2, 16)

        def forward(self, x):
            return self.b(torch.relu(self.a(x)))

    return OutOfOrder()


def test_linears_registered_in_another_order_than_forward_uses_them(checker):
    m = out_of_order_module()
    with pytest.raises(reluconvex.BadInputError) as e:
        checker.check(m, box=(-1, 1))
    message = str(e.value)
    assert "registered in an order different from the one forward uses" in message
    assert "b = Linear(16, 1), a = Linear(2, 16)" in message and "forward calls: a, b" in message
    assert "the model takes 2 inputs" in message and "input_dim=2" in message
    assert e.value.exit_code == 2 and "\n" not in message
    # the module is left as it was: its modes, and no hook of the probe
    assert m.training and m.a.training and not m.a._forward_pre_hooks and not m.b._forward_pre_hooks
    # what the message proposes works, and so does a box that tells the dimension
    expected = checker.check(m, box=(-1, 1), input_dim=2)
    assert checker.check(m, box=[(-1, 1), (-1, 1)]).json["witness"] == expected.json["witness"]
    with pytest.raises(reluconvex.BadInputError, match="registered in an order different"):
        checker.info(m)


def test_a_box_of_the_wrong_dimension_for_a_module(checker):
    torch = pytest.importorskip("torch")
    m = torch.nn.Sequential(torch.nn.Linear(2, 4), torch.nn.ReLU(), torch.nn.Linear(4, 1))
    with pytest.raises(reluconvex.BadInputError, match=r"^box has 3 intervals; the model takes 2 inputs$"):
        checker.check(m, box=[(-1, 1)] * 3)
    with pytest.raises(reluconvex.BadInputError, match=r"^box has 1 interval; the model takes 2 inputs$"):
        checker.check(m, box=[(-1, 1)])
    with pytest.raises(reluconvex.BadInputError, match=r"box has 3 intervals; the model takes 2 inputs \(input_dim=2\)"):
        checker.regions(m, box=[(-1, 1)] * 3, input_dim=2)
    with pytest.raises(reluconvex.BadInputError, match="input_dim=3 does not fit Sequential: the model takes 2 inputs"):
        checker.check(m, input_dim=3)
    with pytest.raises(reluconvex.BadInputError, match="input_dim must be a positive integer"):
        checker.check(m, input_dim=0)
    with pytest.raises(reluconvex.BadInputError, match="box has 3 intervals; the model takes 2 inputs"):
        reluconvex.plot(m, box=[(-1, 1)] * 3)
    assert checker.check(m, box=[(-1, 1)] * 2).domain["dim"] == 2


def test_a_module_whose_forward_fails_for_another_reason_keeps_torchs_error(checker):
    torch = pytest.importorskip("torch")

    class Broken(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.lin = torch.nn.Linear(2, 1)

        def forward(self, x):
            raise KeyError("not a dimension problem")

    with pytest.raises(KeyError, match="not a dimension problem"):
        checker.check(Broken())
