"""reluconvex.torch: the penalty's value and gradient against central finite differences and against
the Java regulariser, R = 0 on ICNN weights, certify against the command line, the constraint list
against the constraints command, and the models that are refused."""

import numpy as np
import pytest

from conftest import cli, untimed
import reluconvex
from reluconvex import _models

torch = pytest.importorskip("torch")
rt = pytest.importorskip("reluconvex.torch")
nn = torch.nn


def mlp(d, widths, seed, dtype=torch.float64):
    torch.manual_seed(seed)
    layers, k = [], d
    for w in widths:
        layers += [nn.Linear(k, w), nn.ReLU()]
        k = w
    return nn.Sequential(*layers, nn.Linear(k, 1)).to(dtype)


def skip_mlp(d, widths, seed, dtype=torch.float64):
    torch.manual_seed(seed)
    return rt.SkipMLP(d, widths).to(dtype)


MODELS = [("mlp", lambda s: mlp(2, (6, 5), s)), ("mlp3", lambda s: mlp(2, (5, 4, 4), s)),
          ("skip", lambda s: skip_mlp(2, (5, 4), s)), ("mlp-d3", lambda s: mlp(3, (5, 4), s)),
          ("no-bias", lambda s: no_bias(2, (6, 5), s))]


def no_bias(d, widths, seed):
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(d, widths[0], bias=False), nn.ReLU(), nn.Linear(widths[0], widths[1], bias=False),
                         nn.ReLU(), nn.Linear(widths[1], 1, bias=False)).double()


def frozen_penalty(pen):
    """R on the current weights with the constraints of the last recomputation."""
    with torch.no_grad():
        return torch.relu(pen.margin - pen.gains()).sum().item()


@pytest.mark.parametrize("name,make", MODELS)
@pytest.mark.parametrize("margin", [0.0, 0.05])
def test_gradient_matches_central_finite_differences(checker, name, make, margin):
    seeds_with_constraints = 0
    for seed in range(3):
        model = make(seed)
        pen = rt.ConvexityPenalty(model, box=(-3, 3), margin=margin, checker=checker)
        model.zero_grad()
        r = pen()
        if not len(pen.constraints):
            continue
        seeds_with_constraints += 1
        r.backward()
        assert r.item() == pytest.approx(frozen_penalty(pen), abs=0)
        h = 1e-6
        for pname, p in model.named_parameters():
            grad = p.grad if p.grad is not None else torch.zeros_like(p)
            flat, gflat = p.data.view(-1), grad.view(-1)
            for q in range(flat.numel()):
                x = flat[q].item()
                flat[q] = x + h
                up = frozen_penalty(pen)
                flat[q] = x - h
                down = frozen_penalty(pen)
                flat[q] = x
                assert gflat[q].item() == pytest.approx((up - down) / (2 * h), abs=1e-7), f"{name} seed {seed} {pname}[{q}]"
    assert seeds_with_constraints >= 2


@pytest.mark.parametrize("name,make", MODELS)
def test_value_gains_and_gradient_equal_the_java_regulariser(checker, name, make):
    for seed in range(3):
        model = make(seed)
        for margin in (0.0, 0.1):
            pen = rt.ConvexityPenalty(model, box=(-3, 3), margin=margin, checker=checker)
            model.zero_grad()
            r = pen()
            r.backward()
            java = rt.java_penalty(model, box=(-3, 3), margin=margin, checker=checker)
            # the same list, in the same order, with the same gains
            assert [(c.layer, c.neuron, [a.tolist() for a in c.pattern]) for c in java.constraints] == \
                   [(c.layer, c.neuron, [a.tolist() for a in c.pattern]) for c in pen.constraints]
            assert pen.gains().detach().numpy() == pytest.approx([c.gain for c in pen.constraints], rel=1e-12, abs=1e-14)
            assert r.item() == pytest.approx(java.value, rel=1e-12, abs=1e-14)
            assert sorted(java.gradient) == sorted(n for n, _ in model.named_parameters())
            for pname, p in model.named_parameters():
                grad = p.grad.numpy() if p.grad is not None else np.zeros(tuple(p.shape))
                assert grad == pytest.approx(java.gradient[pname], rel=1e-12, abs=1e-14), f"{name} seed {seed} {pname}"


def test_float32_models_are_penalised_in_float32(checker):
    model = mlp(2, (6, 5), 1, dtype=torch.float32)
    pen = rt.ConvexityPenalty(model, box=(-3, 3), checker=checker)
    r = pen()
    assert r.dtype == torch.float32
    java = rt.java_penalty(model, box=(-3, 3), checker=checker)
    assert r.item() == pytest.approx(java.value, rel=1e-5)


def test_icnn_weights_give_zero_penalty(checker):
    for seed in range(3):
        for model in (mlp(2, (6, 5, 4), seed), skip_mlp(2, (5, 4), seed)):
            with torch.no_grad():
                linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
                for lin in linears[1:]:
                    d = 2 if isinstance(model, rt.SkipMLP) else 0
                    lin.weight[:, d:] = lin.weight[:, d:].abs()  # hidden-to-hidden and output weights >= 0
            pen = rt.ConvexityPenalty(model, box=(-3, 3), checker=checker)
            r = pen()
            assert len(pen.constraints) > 0
            assert r.item() == 0.0
            assert (pen.gains() >= 0).all()
            assert rt.certify(model, (-3, 3), checker=checker).verdict == "convex"


def test_certify_agrees_with_check_on_the_command_line(checker, tmp_path):
    models = [mlp(2, (6, 5), s, torch.float32) for s in range(3)] + [skip_mlp(2, (4, 4), s, torch.float32) for s in range(2)]
    with torch.no_grad():  # one convex model among them
        models[0][2].weight.abs_()
        models[0][4].weight.abs_()
    for i, m in enumerate(models):
        path = tmp_path / f"m{i}.onnx"
        path.write_bytes(_models.torch_to_onnx(m))
        code, (expected,) = cli("check", path, "--box=-2,2", "--json")
        v = rt.certify(m, box=(-2, 2), checker=checker)
        assert untimed(v.json, "model") == untimed(expected, "model")
        assert v.exit_code == code
    assert rt.certify(models[0], (-2, 2), checker=checker).verdict == "convex"


def test_the_constraint_list_is_the_commands(checker, tmp_path):
    model = mlp(2, (6, 5), 2)
    network = rt.ConvexityPenalty(model, box=(-2, 2), checker=checker).structure.network_json()
    path = tmp_path / "m.json"
    path.write_text(__import__("json").dumps(network))
    c = checker.constraints(str(path), box=(-2, 2), margin=0.1, gradient=True)
    code, (expected,) = cli("constraints", path, "--box=-2,2", "--margin=0.1", "--gradient", "--json")
    assert code == 0
    assert untimed(c.json, "exit_code") == untimed(expected)
    assert len(c) == expected["count"] > 0
    assert c.min_gain == min(k.gain for k in c)
    assert c.penalty == pytest.approx(sum(max(0.0, 0.1 - k.gain) for k in c), rel=1e-12)
    assert c.gradient.shape == (sum(int(np.prod(b["shape"])) for b in c.parameter_layout),)


def test_every_k_calls_recomputes_and_freezes_in_between(checker):
    model = mlp(2, (6, 5), 0)
    pen = rt.ConvexityPenalty(model, box=(-3, 3), every=3, checker=checker)
    lists = []
    for _ in range(7):
        pen()
        lists.append(pen.constraints)
    assert pen.recomputations == 3  # calls 0, 3 and 6
    assert lists[0] is lists[1] is lists[2] and lists[3] is lists[4] is lists[5] and lists[6] is not lists[5]
    # between recomputations the patterns stay those of the last one, even when the weights move
    with torch.no_grad():
        model[4].weight.mul_(-1)
    frozen = pen.gains()
    pen.recompute()
    assert pen.recomputations == 4 and pen.calls == 7
    assert frozen.detach().numpy() == pytest.approx([-c for c in (k.gain for k in lists[6])], rel=1e-12, abs=1e-14)


def test_a_parametrised_weight_is_differentiated_through(checker):
    parametrize = pytest.importorskip("torch.nn.utils.parametrize")

    class Square(nn.Module):
        def forward(self, w):
            return w * w

    model = mlp(2, (5, 4), 3)
    parametrize.register_parametrization(model[2], "weight", Square())
    pen = rt.ConvexityPenalty(model, box=(-3, 3), margin=1.0, checker=checker)
    r = pen()
    r.backward()
    original = model[2].parametrizations.weight.original
    java = rt.java_penalty(model, box=(-3, 3), margin=1.0, checker=checker)
    # chain rule through w = v * v: dR/dv = 2 v dR/dw
    assert original.grad.numpy() == pytest.approx(2 * original.detach().numpy() * java.gradient["2.weight"], rel=1e-12, abs=1e-14)
    assert r.item() == pytest.approx(java.value, rel=1e-12)


def test_an_affine_model_has_nothing_to_penalise(checker):
    model = nn.Sequential(nn.Linear(3, 1))
    pen = rt.ConvexityPenalty(model, box=(-1, 1), checker=checker)
    assert pen().item() == 0.0 and pen.constraints is None


def test_models_that_are_not_supported_are_refused_in_one_line():
    cases = [
        (nn.Sequential(nn.Linear(2, 3), nn.Sigmoid(), nn.Linear(3, 1)), "not a Sequential of Linear, Sigmoid, Linear"),
        (nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 2)), "the last Linear has 2 outputs"),
        (nn.Sequential(nn.Linear(2, 3), nn.ReLU()), "not a Sequential of Linear, ReLU"),
        (nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(4, 1)), "Linear(2, 3) is followed by Linear(4, 1)"),
        (nn.Linear(2, 1), "not Linear"),
        ("model.onnx", "not str"),
    ]
    for model, message in cases:
        with pytest.raises(reluconvex.BadInputError, match=__import__("re").escape(message)) as e:
            rt.ConvexityPenalty(model, box=(-1, 1))
        assert "\n" not in str(e.value)
        assert "nn.Sequential of Linear and ReLU" in str(e.value) or "followed" in str(e.value) or "outputs" in str(e.value)

    class Custom(rt.SkipMLP):
        def forward(self, x):
            return super().forward(2 * x)

    with pytest.raises(reluconvex.BadInputError, match="overrides SkipMLP.forward"):
        rt.ConvexityPenalty(Custom(2, (3,)), box=(-1, 1))
    hooked = mlp(2, (3,), 0)
    hooked[0].register_forward_hook(lambda m, i, o: 2 * o)
    with pytest.raises(reluconvex.BadInputError, match="forward hooks"):
        rt.ConvexityPenalty(hooked, box=(-1, 1))
    with pytest.raises(reluconvex.BadInputError, match="every must be an integer >= 1"):
        rt.ConvexityPenalty(mlp(2, (3,), 0), box=(-1, 1), every=0)
    with pytest.raises(reluconvex.BadInputError, match="margin must be a finite number >= 0"):
        rt.ConvexityPenalty(mlp(2, (3,), 0), box=(-1, 1), margin=-1)
    with pytest.raises(reluconvex.BadInputError, match="box has 3 intervals"):
        rt.ConvexityPenalty(mlp(2, (3,), 0), box=[(-1, 1)] * 3)


def test_train_until_certified_ends_convex_or_says_so(checker):
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 1))
    x = torch.rand(256, 2) * 4 - 2
    y = x.abs().sum(dim=1, keepdim=True) - 1

    def mse():
        return torch.nn.functional.mse_loss(model(x), y)

    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    for _ in range(100):
        opt.zero_grad()
        mse().backward()
        opt.step()
    assert rt.certify(model, (-2, 2), checker=checker).verdict == "not_convex"  # unconstrained, as a start
    end = rt.train_until_certified(model, (-2, 2), mse, opt, checker=checker, max_steps=300)
    assert end.convex and end.verdict.verdict == "convex"
    assert 0 < end.steps < 300 and end.checks >= 1 and end.penalty == 0.0
    assert end.data_loss == pytest.approx(mse().item())
    # an independent check: the cell enumeration, not the skeleton, on the model as it was left
    assert reluconvex.check(model, box=(-2, 2), method="cells").verdict == "convex"
    # a budget too small to get there is reported, not hidden
    torch.manual_seed(1)
    fresh = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 1))
    with torch.no_grad():
        fresh[4].weight.fill_(-1.0)  # concave on every kink of the last layer
    end = rt.train_until_certified(fresh, (-2, 2), lambda: fresh(x).pow(2).mean(), torch.optim.SGD(fresh.parameters(), lr=1e-4),
                                   checker=checker, max_steps=2)
    assert not end.convex and end.steps == 2 and end.verdict.verdict == "not_convex" and end.penalty > 0
