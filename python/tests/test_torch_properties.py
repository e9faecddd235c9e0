"""reluconvex.torch beyond convexity: ConvexityPenalty(convex_in=...) against the Java constraint list
and regulariser, MonotonicityPenalty's derivatives, points and signs, and two trainings that end
certified by the exact checks: a monotone fit (where the unconstrained fit is not monotone) and a fit
convex in x0 only (a PICNN-like masked MLP that is not jointly convex)."""

import re

import numpy as np
import pytest

import reluconvex

torch = pytest.importorskip("torch")
rt = pytest.importorskip("reluconvex.torch")
parametrize = pytest.importorskip("torch.nn.utils.parametrize")
nn = torch.nn

BOX = (-1, 1)


def mlp(d, widths, seed, dtype=torch.float32):
    torch.manual_seed(seed)
    layers, k = [], d
    for w in widths:
        layers += [nn.Linear(k, w), nn.ReLU()]
        k = w
    return nn.Sequential(*layers, nn.Linear(k, 1)).to(dtype)


class Mask(nn.Module):
    """w ↦ w ⊙ mask: the masked weights are exactly 0 and stay 0 through training."""

    def __init__(self, mask):
        super().__init__()
        self.register_buffer("mask", mask)

    def forward(self, w):
        return w * self.mask


def picnn_like(seed, width=16, y_only=8, dtype=torch.float32):
    """2 -> width -> width -> 1 whose first ``y_only`` first-layer neurons see x1 only (their x0 weight
    masked to 0): the other neurons are reached from x0, so convex_in=[0] drops the y-only ones."""
    model = mlp(2, (width, width), seed, dtype)
    mask = torch.ones(width, 2, dtype=dtype)
    mask[:y_only, 0] = 0
    parametrize.register_parametrization(model[0], "weight", Mask(mask))
    return model


def data(target, n=512, seed=1):
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(n, 2, generator=g) * 2 - 1
    return x, target(x)


def fit(model, x, y, steps, penalty=None, lam=1.0):
    """Adam on the MSE (+ lam * penalty()); returns the MSE closure and the optimizer."""
    def mse():
        return nn.functional.mse_loss(model(x), y)

    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    for _ in range(steps):
        opt.zero_grad()
        loss = mse() if penalty is None else mse() + lam * penalty()
        loss.backward()
        opt.step()
    return mse, opt


def key(c):
    return c.layer, c.neuron, tuple(tuple(a.tolist()) for a in c.pattern)


def reached_from(model, inputs):
    """(layer, neuron) of the hidden neurons that a path of non-zero weights from ``inputs`` reaches."""
    linears = [m for m in model if isinstance(m, nn.Linear)][:-1]
    live = np.zeros(linears[0].in_features, dtype=bool)
    live[list(inputs)] = True
    out = set()
    for l, lin in enumerate(linears, start=1):
        live = (lin.weight.detach().numpy() != 0)[:, live].any(axis=1)
        out |= {(l, int(i)) for i in np.flatnonzero(live)}
    return out


# ---------------------------------------------------------------- ConvexityPenalty(convex_in=...)


def test_convex_in_keeps_the_constraints_of_the_neurons_reached_from_those_inputs(checker):
    for seed in range(3):
        model = picnn_like(seed, width=6, y_only=3, dtype=torch.float64)
        full = rt.ConvexityPenalty(model, BOX, checker=checker)
        full()
        part = rt.ConvexityPenalty(model, BOX, checker=checker, convex_in=[0])
        part()
        assert part.convex_in == (0,)
        # the full list filtered to the neurons a path of non-zero weights from x0 reaches, in the same order
        reached = reached_from(model, [0])
        assert [(1, i) for i in range(3)] == sorted(n for n in {(1, i) for i in range(6)} - reached)
        assert [key(c) for c in part.constraints] == [key(c) for c in full.constraints
                                                      if (c.layer, c.neuron) in reached]
        assert len(part.constraints) < len(full.constraints)
        # every neuron is reached from x1, so that list is the whole one
        other = rt.ConvexityPenalty(model, BOX, checker=checker, convex_in=[1])
        other()
        assert [key(c) for c in other.constraints] == [key(c) for c in full.constraints]
    # in a dense network every neuron is reached from every input: convex_in changes nothing
    dense = mlp(2, (6, 5), 0, torch.float64)
    a, b = rt.ConvexityPenalty(dense, BOX, checker=checker), rt.ConvexityPenalty(dense, BOX, checker=checker, convex_in=[0])
    assert a().item() == b().item() and [key(c) for c in a.constraints] == [key(c) for c in b.constraints]


def test_the_convex_in_penalty_and_gradient_equal_the_java_regulariser(checker):
    for seed in range(3):
        model = picnn_like(seed, width=6, y_only=3, dtype=torch.float64)
        for margin in (0.0, 0.1):
            pen = rt.ConvexityPenalty(model, BOX, margin=margin, checker=checker, convex_in=[0])
            model.zero_grad()
            r = pen()
            r.backward()
            java = rt.java_penalty(model, BOX, margin=margin, checker=checker, convex_in=[0])
            assert [key(c) for c in java.constraints] == [key(c) for c in pen.constraints]
            assert r.item() == pytest.approx(java.value, rel=1e-12, abs=1e-14)
            # the gains do not involve W_1 (the masked weight): no gradient there on either side
            assert model[0].parametrizations.weight.original.grad is None and not java.gradient["0.weight"].any()
            for name in ("0.bias", "2.weight", "2.bias", "4.weight", "4.bias"):
                p = dict(model.named_parameters())[name]
                got = p.grad.numpy() if p.grad is not None else np.zeros(tuple(p.shape))
                assert got == pytest.approx(java.gradient[name], rel=1e-12, abs=1e-14), (seed, margin, name)


def test_convex_in_is_checked_before_any_request():
    model = mlp(2, (3,), 0)
    for convex_in, message in [([], "must name at least one input"), ([2], "input 2 does not exist"),
                               ([0, 0], "names an input twice"), ("0", "convex_in must be a sequence")]:
        with pytest.raises(reluconvex.BadInputError, match=re.escape(message)):
            rt.ConvexityPenalty(model, BOX, convex_in=convex_in)


def test_partial_convexity_training_ends_certified_convex_in_x_only(checker):
    # f(x, y) = |x - sin(2y)|: convex in x for every y, not convex in y nor jointly
    x, y = data(lambda p: (p[:, :1] - torch.sin(2 * p[:, 1:])).abs())
    model = picnn_like(0)
    pen = rt.ConvexityPenalty(model, BOX, checker=checker, convex_in=[0])
    mse, opt = fit(model, x, y, 300, pen)
    end = rt.train_until_certified(model, BOX, mse, opt, checker=checker, convex_in=[0], max_steps=300)
    assert end.verdict.verdict == "convex" and end.holds and end.convex
    assert (end.property, end.verdict.property, end.verdict.convex_in) == ("convex_in", "convex_in", (0,))
    assert end.penalty == 0.0 and end.steps < 300 and end.data_loss < 0.01
    # independent: the cell enumeration in x0; and the fit is not jointly convex, nor convex in x1
    assert reluconvex.check(model, box=BOX, convex_in=[0], method="cells").verdict == "convex"
    joint = rt.certify(model, BOX, checker=checker)
    assert joint.verdict == "not_convex" and joint.witness.excess_in(model) > 0
    assert rt.certify(model, BOX, checker=checker, convex_in=[1]).verdict == "not_convex"


def test_without_the_penalty_the_fit_is_not_convex_in_x_until_the_final_phase(checker):
    x, y = data(lambda p: (p[:, :1] - torch.sin(2 * p[:, 1:])).abs())
    model = picnn_like(0)
    mse, opt = fit(model, x, y, 300)
    v = rt.certify(model, BOX, checker=checker, convex_in=[0])
    assert v.verdict == "not_convex" and v.witness.excess_in(model) > 0  # so the test above can fail
    assert v.witness.a[1] == v.witness.b[1]  # a and b differ in x0 only
    assert rt.ConvexityPenalty(model, BOX, checker=checker, convex_in=[0])().item() > 0
    end = rt.train_until_certified(model, BOX, mse, opt, checker=checker, convex_in=[0], max_steps=300)
    assert end.convex and end.property == "convex_in" and 0 < end.steps < 300 and end.checks >= 2


# ---------------------------------------------------------------- MonotonicityPenalty


def test_the_derivatives_are_autograds_and_central_differences(checker):
    model = mlp(2, (6, 5), 3, torch.float64)
    pen = rt.MonotonicityPenalty(model, [(-1, 1), (-2, 0)], increasing=[1], decreasing=[0], samples=64, seed=5)
    r = pen()
    assert r.dtype == torch.float64 and pen.points.shape == (64, 2)
    pts = pen.points
    assert ((pts[:, 0] >= -1) & (pts[:, 0] <= 1) & (pts[:, 1] >= -2) & (pts[:, 1] <= 0)).all()
    h = 1e-7
    with torch.no_grad():
        d1 = (model(pts + torch.tensor([0, h])) - model(pts - torch.tensor([0, h]))).view(-1) / (2 * h)
        d0 = (model(pts + torch.tensor([h, 0])) - model(pts - torch.tensor([h, 0]))).view(-1) / (2 * h)
    slopes = pen.slopes(pts).detach()
    assert slopes[:, 0].numpy() == pytest.approx(d1.numpy(), abs=1e-6)  # increasing first
    assert slopes[:, 1].numpy() == pytest.approx(-d0.numpy(), abs=1e-6)  # then decreasing, sign flipped
    assert r.item() == pytest.approx(torch.relu(-slopes).sum(dim=1).mean().item(), rel=1e-12)
    # the penalty differentiates in the weights through the derivatives (create_graph)
    model.zero_grad()
    pen().backward()
    assert any(p.grad is not None and p.grad.abs().sum() > 0 for p in model.parameters())


def test_an_affine_model_gives_its_slopes_and_the_margin():
    model = nn.Sequential(nn.Linear(3, 1)).double()
    with torch.no_grad():
        model[0].weight.copy_(torch.tensor([[0.5, -0.25, 2.0]]))
    pen = rt.MonotonicityPenalty(model, BOX, increasing=[0, 1], decreasing=[2], samples=10, margin=0.1)
    # max(0, 0.1 - 0.5) + max(0, 0.1 + 0.25) + max(0, 0.1 + 2.0)
    assert pen().item() == pytest.approx(0.35 + 2.1, rel=1e-12)
    assert pen.input_dim == 3 and (pen.increasing, pen.decreasing) == ((0, 1), (2,))


def test_the_draws_are_seeded_fresh_every_call_and_leave_the_global_seed_alone():
    model = mlp(2, (4,), 0)
    a = rt.MonotonicityPenalty(model, BOX, increasing=[0], samples=8, seed=7)
    b = rt.MonotonicityPenalty(model, BOX, increasing=[0], samples=8, seed=7)
    torch.manual_seed(123)
    state = torch.get_rng_state()
    a()
    first = a.points.clone()
    a()
    assert not torch.equal(first, a.points)  # a fresh draw every call
    b()
    assert torch.equal(first, b.points)  # the same seed, the same draws
    assert torch.equal(state, torch.get_rng_state())
    b.add_points([[0.5, 0.5], [-0.5, 0.25]])
    b()
    assert b.points.shape == (10, 2) and b.points[-1].tolist() == [-0.5, 0.25]


def test_monotonicity_options_are_checked():
    model = mlp(2, (3,), 0)
    for kwargs, message in [(dict(), "name no input"), (dict(increasing=[0], decreasing=[0]), "input 0 is in both"),
                            (dict(decreasing=[1, 1]), "names an input twice"),
                            (dict(increasing=[2]), "input 2 does not exist"), (dict(increasing=[0], samples=0), "samples"),
                            (dict(increasing=[0], margin=-1), "margin"), (dict(increasing="0"), "must be a sequence")]:
        with pytest.raises(reluconvex.BadInputError, match=re.escape(message)):
            rt.MonotonicityPenalty(model, BOX, **kwargs)
    with pytest.raises(reluconvex.BadInputError, match="box has 3 intervals"):
        rt.MonotonicityPenalty(model, [(-1, 1)] * 3, increasing=[0], input_dim=2)
    with pytest.raises(reluconvex.BadInputError, match="needs a box"):
        rt.certify_monotone(model, None, increasing=[0])


def test_monotone_training_ends_certified_monotone(checker):
    # relu(x0) + x1/2: monotone, flat in x0 < 0, where an unconstrained fit wiggles
    x, y = data(lambda p: torch.relu(p[:, :1]) + 0.5 * p[:, 1:])
    free = mlp(2, (16, 16), 0)
    fit(free, x, y, 300)
    v = rt.certify_monotone(free, BOX, increasing=[0, 1], checker=checker)
    assert v.verdict == "not_monotone" and v.witness.change_in(free) < 0  # so the test below can fail
    assert rt.MonotonicityPenalty(free, BOX, increasing=[0, 1], samples=1024)().item() > 0

    model = mlp(2, (16, 16), 0)
    pen = rt.MonotonicityPenalty(model, BOX, increasing=[0, 1], samples=256, seed=0)
    mse, opt = fit(model, x, y, 300, pen)
    end = rt.train_until_certified_monotone(model, BOX, mse, opt, increasing=[0, 1], checker=checker, max_steps=300)
    assert end.verdict.verdict == "monotone" and end.holds and end.monotone and not end.convex
    assert end.property == "monotone" and end.verdict.increasing == (0, 1)
    assert end.penalty == 0.0 and end.steps < 300 and end.data_loss < 1e-3
    # independent: the MILP method on the model as it was left
    assert reluconvex.monotone(model, increasing=[0, 1], box=BOX, method="milp").verdict == "monotone"


def test_a_target_that_is_not_monotone_is_made_monotone_or_reported(checker):
    # x0^2 + x1 is not monotone in x0: unconstrained, the fit is not; the phase trades fit for monotonicity
    x, y = data(lambda p: p[:, :1] ** 2 + p[:, 1:])
    model = mlp(2, (16, 16), 1)
    mse, opt = fit(model, x, y, 300)
    v = rt.certify_monotone(model, BOX, increasing=[0], checker=checker)
    assert v.verdict == "not_monotone" and v.witness.input == 0 and v.witness.change_in(model) < 0
    assert rt.MonotonicityPenalty(model, BOX, increasing=[0])().item() > 0.1
    before = mse().item()
    end = rt.train_until_certified_monotone(model, BOX, mse, opt, increasing=[0], checker=checker, max_steps=300)
    assert end.monotone and end.checks >= 2 and end.data_loss > before
    # a budget too small to get there is reported, not hidden
    stuck = mlp(2, (16, 16), 1)
    fit(stuck, x, y, 300)
    end = rt.train_until_certified_monotone(stuck, BOX, lambda: nn.functional.mse_loss(stuck(x), y),
                                            torch.optim.SGD(stuck.parameters(), lr=1e-6), increasing=[0],
                                            checker=checker, max_steps=2)
    assert not end.holds and end.verdict.verdict == "not_monotone" and end.steps == 2 and end.penalty > 0
