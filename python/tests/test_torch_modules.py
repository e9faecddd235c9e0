"""PyTorch modules: exported in memory, checked, verdicts equal to the command line's, witnesses
confirmed by evaluating the module itself."""

import numpy as np
import pytest

from conftest import cli, untimed
import reluconvex
from reluconvex import _models

torch = pytest.importorskip("torch")
nn = torch.nn
F = torch.nn.functional


def mlp(d, widths, seed):
    torch.manual_seed(seed)
    layers, k = [], d
    for w in widths:
        layers += [nn.Linear(k, w), nn.ReLU()]
        k = w
    return nn.Sequential(*layers, nn.Linear(k, 1))


class SkipMLP(nn.Module):
    """Every layer also sees the input, through torch.cat."""

    def __init__(self, d, widths, seed):
        super().__init__()
        torch.manual_seed(seed)
        ins = [d] + [d + w for w in widths[:-1]]
        self.hidden = nn.ModuleList(nn.Linear(i, w) for i, w in zip(ins, widths))
        self.out = nn.Linear(d + widths[-1], 1)

    def forward(self, x):
        h = torch.relu(self.hidden[0](x))
        for lin in self.hidden[1:]:
            h = torch.relu(lin(torch.cat([x, h], dim=1)))
        return self.out(torch.cat([x, h], dim=1))


class ICNN(nn.Module):
    """Convex by construction: hidden-to-hidden and output weights clamped to >= 0 in forward."""

    def __init__(self, d, widths, seed):
        super().__init__()
        torch.manual_seed(seed)
        self.from_x = nn.ModuleList(nn.Linear(d, w) for w in widths)
        self.z = nn.ParameterList(nn.Parameter(torch.randn(b, a)) for a, b in zip(widths, widths[1:]))
        self.out_x = nn.Linear(d, 1)
        self.out_z = nn.Parameter(torch.randn(1, widths[-1]))

    def forward(self, x):
        z = torch.relu(self.from_x[0](x))
        for lin, w in zip(self.from_x[1:], self.z):
            z = torch.relu(lin(x) + F.linear(z, w.clamp(min=0)))
        return self.out_x(x) + F.linear(z, self.out_z.clamp(min=0))


class Flatten(nn.Module):
    """x.view(x.size(0), -1) before an MLP: needs the dynamic batch of the export."""

    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def forward(self, x):
        return self.inner(x.view(x.size(0), -1))


def cli_verdicts(tmp_path, modules, *options):
    """The command line's verdicts on the modules' ONNX exports, in one process (check --list)."""
    paths = []
    for i, m in enumerate(modules):
        p = tmp_path / f"m{i}.onnx"
        p.write_bytes(_models.torch_to_onnx(m))
        paths.append(str(p))
    listing = tmp_path / "models.txt"
    listing.write_text("\n".join(paths) + "\n")
    _, out = cli("check", "--list", listing, "--json", *options)
    assert [o["model"] for o in out] == paths
    return out


def test_mlp_verdicts_equal_the_cli_and_witnesses_hold_in_torch(checker, tmp_path):
    modules = [mlp(2, (6, 6), s) for s in range(4)] + [mlp(3, (4, 3), s) for s in range(2)]
    expected = cli_verdicts(tmp_path, modules, "--box=-3,3")
    for m, e in zip(modules, expected):
        v = checker.check(m, box=(-3, 3))
        assert untimed(v.json, "model") == untimed(e, "model")
        assert v.verdict == "not_convex"
        assert v.witness.excess_in(m) > 0
        assert v.witness.excess_in(m) == pytest.approx(v.witness.excess, rel=1e-6)
        assert np.all(np.abs(v.witness.a) <= 3) and np.all(np.abs(v.witness.b) <= 3)


def test_skip_mlp_with_cat(checker, tmp_path):
    modules = [SkipMLP(2, (5, 4), s) for s in range(3)]
    expected = cli_verdicts(tmp_path, modules)
    for m, e in zip(modules, expected):
        v = checker.check(m)
        assert untimed(v.json, "model") == untimed(e, "model")
        if v.verdict == "not_convex":
            assert v.witness.excess_in(m) > 0
    assert checker.info(modules[0])["architecture"] == "SkipMLP"


@pytest.mark.parametrize("d,widths,seed", [(2, (4, 4), 1), (2, (6, 5, 4), 2), (3, (5, 5), 3)])
def test_icnn_with_clamp_in_forward_is_convex(checker, d, widths, seed):
    m = ICNN(d, widths, seed)
    assert checker.check(m).verdict == "convex"
    # the same verdict from the geometry, not from the sign pattern of the weights
    v = checker.check(m, box=(-2, 2), method="skeleton")
    assert (v.verdict, v.method.startswith("skeleton")) == ("convex", True)


def test_concave_and_convex_by_construction(checker):
    concave = nn.Sequential(nn.Linear(2, 2), nn.ReLU(), nn.Linear(2, 1))
    identity = nn.Sequential(nn.Linear(2, 2), nn.ReLU(), nn.Linear(2, 1))
    with torch.no_grad():
        for m, out in ((concave, [-1.0, -1.0]), (identity, [1.0, -1.0])):
            m[0].weight.copy_(torch.tensor([[1.0, 0.0], [-1.0, 0.0]]))
            m[0].bias.zero_()
            m[2].weight.copy_(torch.tensor([out]))
            m[2].bias.zero_()
    v = checker.check(concave, global_=True)  # -|x1|
    assert v.verdict == "not_convex" and v.convex is False
    assert v.witness.excess_in(concave) > 0
    # relu(x1) - relu(-x1) = x1: convex although an output weight is negative
    v = checker.check(identity, global_=True)
    assert (v.verdict, v.method, v.convex) == ("convex", "onelayer", True)


def test_float64_modules_and_a_view_on_the_dynamic_batch(checker):
    inner = mlp(2, (5, 5), 7).double()
    m = Flatten(inner)
    v = checker.check(m, box=[(-1, 1), (-2, 2)])
    assert v.domain["lo"] == [-1.0, -2.0]
    assert checker.check(inner, box=[(-1, 1), (-2, 2)]).json["vertices"] == v.vertices
    x = np.random.default_rng(0).uniform(-1, 1, (5, 2))
    assert checker.evaluate(m, x) == pytest.approx(m(torch.from_numpy(x)).detach().numpy().ravel(), rel=1e-12, abs=1e-12)
    if v.witness is not None:
        assert v.witness.excess_in(m) > 0


def test_modules_that_are_not_relu_networks_are_refused(checker):
    with pytest.raises(reluconvex.BadInputError, match="Sigmoid"):
        checker.check(nn.Sequential(nn.Linear(2, 3), nn.Sigmoid(), nn.Linear(3, 1)))
    with pytest.raises(reluconvex.BadInputError, match="input_dim"):
        checker.check(nn.ReLU())
    # the dimension can then be given
    assert checker.check(nn.ReLU(), input_dim=1, box=(-1, 1)).verdict == "convex"
