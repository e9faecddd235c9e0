"""The properties beyond convexity: check(concave=True), check(convex_in=...), monotone, lipschitz
and range, on small networks given as (W, b) layers whose answers are known, and with the Java
side's witnesses, points and gradients checked here in exact rational arithmetic."""

import doctest
import importlib.util
import itertools
import math
import re
from fractions import Fraction

import numpy as np
import pytest

from conftest import PYTHON_DIR
import reluconvex
from reluconvex import BadInputError, Lipschitz, MonotoneVerdict, MonotoneWitness, Range, Verdict


# ---------------------------------------------------------------- the oracle: exact forward passes


def layers_of(*pairs):
    """[(W, b), ...] as float64 arrays (ReLU between the layers, none after the last)."""
    return [(np.array(w, dtype=np.float64), np.array(b, dtype=np.float64)) for w, b in pairs]


def pre_activations(layers, x):
    """The pre-activations of every layer at x, in exact rational arithmetic (every float is a rational)."""
    h = [Fraction(float(v)) for v in x]
    pres = []
    for k, (w, b) in enumerate(layers):
        z = [sum((Fraction(float(w[i, j])) * h[j] for j in range(w.shape[1])), Fraction(float(b[i])))
             for i in range(w.shape[0])]
        pres.append(z)
        h = z if k == len(layers) - 1 else [max(v, Fraction(0)) for v in z]
    return pres


def exact(layers, x):
    """f(x) as a Fraction."""
    return pre_activations(layers, x)[-1][0]


def midpoint(a, b):
    return [(Fraction(float(u)) + Fraction(float(v))) / 2 for u, v in zip(a, b)]


def gradient(layers, x):
    """The gradient of f at x, exactly, from its activation pattern; x must lie inside a cell (no
    pre-activation of a hidden neuron zero)."""
    pres = pre_activations(layers, x)
    g = np.eye(len(x))  # d(layer input)/dx
    for k, (w, _) in enumerate(layers):
        g = w @ g
        if k < len(layers) - 1:
            assert all(z != 0 for z in pres[k]), f"{list(x)} lies on a frontier of layer {k + 1}"
            g = np.array([[1.0 if z > 0 else 0.0] for z in pres[k]]) * g
    return g[0]


def grid(box, n):
    """The n^d points of a grid over the box, corners included."""
    return np.array(list(itertools.product(*[np.linspace(lo, hi, n) for lo, hi in box])))


# ---------------------------------------------------------------- the networks

#: nonnegative weights in every layer: f is non-decreasing in every input (f = k1 + 2 k2 + 0.5 k3 + 1/8,
#: k and h below). Dyadic numbers, so that the complex's vertices are exact in floating point too.
MONOTONE = layers_of(
    ([[1, 1, 0], [0, 0.5, 1], [1, 0, 2], [0.25, 0.25, 0.125]], [-0.5, 0.25, -1, 0]),  # h1 .. h4
    ([[1, 0.5, 0, 0], [0, 0, 1, 1], [0, 0.25, 0, 1]], [-0.25, 0, -0.125]),              # k1 .. k3
    ([[1, 2, 0.5]], [0.125]))


def with_dip(layers):
    """f - 2^-8 relu(x0 + 0.5): one more neuron in each hidden layer (relu(relu(z)) = relu(z)). Where
    the other neurons do not see x0 (x0 = -0.375, x1 = -0.5, x2 = -0.125, say), df/dx0 = -2^-8."""
    (w1, b1), (w2, b2), (w3, b3) = layers
    d = w1.shape[1]
    w1 = np.vstack([w1, np.eye(d)[:1]])
    b1 = np.append(b1, 0.5)
    w2 = np.block([[w2, np.zeros((len(w2), 1))], [np.zeros((1, w2.shape[1])), np.ones((1, 1))]])
    b2 = np.append(b2, 0.0)
    w3 = np.hstack([w3, [[-2.0 ** -8]]])
    return [(w1, b1), (w2, b2), (w3, b3)]


def flipped(layers, i):
    """f(x with x_i negated): non-increasing in x_i where f was non-decreasing."""
    (w1, b1), *rest = layers
    w1 = w1.copy()
    w1[:, i] = -w1[:, i]
    return [(w1, b1), *rest]


#: relu(x) - relu(y): gradients (1, -1), (1, 0), (0, -1), (0, 0) on [-1, 1]^2
DIFFERENCE = layers_of(([[1, 0], [0, 1]], [0, 0]), ([[1, -1]], [0]))

#: -relu(x) - relu(y): concave
CONCAVE = layers_of(([[1, 0], [0, 1]], [0, 0]), ([[-1, -1]], [0]))

#: f(x, y) = relu(x - relu(y) + relu(y - 1)) + relu(-x) = relu(x - clamp(y, 0, 1)) + relu(-x), with x
#: passed through as relu(x) - relu(-x): convex in x for every y, not convex in y (at x = 0.5: constant
#: 0.5 for y < 0, then 0.5 - y: a concave kink at y = 0)
PARTIAL = layers_of(
    ([[0, 1], [0, 1], [1, 0], [-1, 0]], [0, -1, 0, 0]),  # relu(y), relu(y - 1), p = relu(x), q = relu(-x)
    ([[-1, 1, 1, -1], [0, 0, 0, 1]], [0, 0]),            # relu(p - q - relu(y) + relu(y - 1)), relu(q)
    ([[1, 1]], [0]))

CUBE3 = [(-1.0, 1.0)] * 3


def test_the_networks_are_what_their_comments_say():
    pts = grid(CUBE3, 9)
    values = reluconvex.evaluate_in_python(MONOTONE, pts)
    for i in range(3):  # non-decreasing along each axis of the grid
        assert (np.diff(values.reshape(9, 9, 9), axis=i) >= 0).all()
    dip = with_dip(MONOTONE)
    assert exact(dip, [-0.375 + 2 ** -6, -0.5, -0.125]) - exact(dip, [-0.375, -0.5, -0.125]) == Fraction(-1, 2 ** 14)
    x, y = grid([(-2, 2), (-2, 2)], 41).T
    f = reluconvex.evaluate_in_python(PARTIAL, np.c_[x, y])
    assert np.allclose(f, np.maximum(x - np.clip(y, 0, 1), 0) + np.maximum(-x, 0), atol=1e-12)


# ---------------------------------------------------------------- monotone


def check_monotone_witness(layers, v, increasing, decreasing):
    w = v.witness
    assert isinstance(w, MonotoneWitness) and w.a.shape == w.b.shape == (3,)
    i = w.input
    assert i in increasing + decreasing
    assert all(w.a[j] == w.b[j] for j in range(3) if j != i), "a and b differ only in input i"
    assert w.a[i] < w.b[i]
    for p in (w.a, w.b):
        assert all(-1 <= c <= 1 for c in p)
    change = exact(layers, w.b) - exact(layers, w.a)
    assert (change < 0) if i in increasing else (change > 0)
    assert math.isclose(float(change), w.change, rel_tol=1e-9, abs_tol=1e-15)
    assert math.isclose(w.change_in(layers), w.change, rel_tol=1e-6, abs_tol=1e-15)


@pytest.mark.parametrize("method", ["cells", "milp"])
def test_a_network_with_nonnegative_weights_is_monotone_and_its_twin_with_a_dip_is_not(checker, method):
    v = checker.monotone(MONOTONE, increasing=[0, 1, 2], box=(-1, 1), method=method)
    assert isinstance(v, MonotoneVerdict)
    assert (v.verdict, v.monotone, v.holds, v.witness, v.exit_code) == ("monotone", True, True, None, 0)
    # non-negative paths: the signs of the paths settle it before any cell or program
    assert v.increasing == (0, 1, 2) and v.decreasing == () and v.method == "path-signs"
    assert v.domain["text"] == "[-1, 1]^3" and v.json["verdict"] == "monotone"

    twin = with_dip(MONOTONE)
    v = checker.monotone(twin, increasing=[0], box=(-1, 1), method=method)
    assert (v.verdict, v.monotone, v.holds, v.exit_code) == ("not_monotone", False, False, 1)
    assert v.witness.input == 0
    check_monotone_witness(twin, v, [0], [])
    # the dip does not touch x1 and x2
    assert checker.monotone(twin, increasing=[1, 2], box=(-1, 1), method=method).verdict == "monotone"


def test_decreasing_inputs(checker):
    f = flipped(MONOTONE, 2)
    v = checker.monotone(f, increasing=[0, 1], decreasing=[2], box=(-1, 1))
    assert v.verdict == "monotone" and (v.increasing, v.decreasing) == ((0, 1), (2,))
    v = reluconvex.monotone(f, decreasing=(1,), box=(-1, 1))  # f grows with x1 somewhere
    assert v.verdict == "not_monotone" and v.witness.input == 1 and v.witness.change > 0
    check_monotone_witness(f, v, [], [1])


# ---------------------------------------------------------------- lipschitz


@pytest.mark.parametrize("norm, expected", [("inf", 2.0), ("1", 1.0), ("2", math.sqrt(2))])
def test_the_lipschitz_constants_of_relu_x_minus_relu_y(checker, norm, expected):
    dual = {"inf": 1, "1": math.inf, "2": 2}[norm]
    for method in ("auto", "cells", "milp"):
        L = checker.lipschitz(DIFFERENCE, norm=norm, box=(-1, 1), method=method)
        assert isinstance(L, Lipschitz) and L.norm == norm
        assert L.lower <= expected <= L.upper, (method, L)
        if method != "milp" or norm != "2":  # milp bounds the 2-norm, it may not close the gap
            assert L.exact and L.exit_code == 0, (method, L)
        if L.exact:
            # from the cells the bounds meet; from the programs the upper bound is the solver's, widened by its margin
            assert L.value == expected and L.lower == expected, (method, L)
            assert L.upper == expected if L.method == "cells" else expected <= L.upper <= expected * (1 + 1e-5), (method, L)
        if L.point is not None:
            g = gradient(DIFFERENCE, L.point)  # the point lies inside a cell, where f has this gradient
            assert np.array_equal(g, L.gradient), (method, L.point, L.gradient)
            assert np.linalg.norm(g, dual) == L.value
            assert all(-1 <= c <= 1 for c in L.point)


def test_the_norm_may_be_a_number(checker):
    assert checker.lipschitz(DIFFERENCE, norm=math.inf, box=(-1, 1)).value == 2.0
    assert checker.lipschitz(DIFFERENCE, norm=1, box=(-1, 1)).value == 1.0
    assert checker.lipschitz(DIFFERENCE, norm=2, box=(-1, 1)).norm == "2"
    L = reluconvex.lipschitz(DIFFERENCE, box=(-1, 1))  # the default norm: inf
    assert (L.norm, L.value) == ("inf", 2.0)


# ---------------------------------------------------------------- range


@pytest.mark.parametrize("box", [CUBE3, [(-1, 2), (0, 1), (-0.5, 0.5)]])
def test_the_range_of_a_monotone_network_against_a_grid(checker, box):
    # f is non-decreasing in each input: its extremes are the lowest and the highest corners
    values = reluconvex.evaluate_in_python(MONOTONE, grid(box, 11))
    for method in ("auto", "skeleton", "milp"):
        r = checker.range(MONOTONE, box=box, method=method)
        assert isinstance(r, Range) and r.exact, (method, r)
        assert r.min - 1e-12 <= values.min() and values.max() <= r.max + 1e-12
        assert abs(r.min - values.min()) <= 1e-9 and abs(r.max - values.max()) <= 1e-9, (method, r)
        if r.method == "skeleton":
            assert r.min_lower == r.min and r.max_upper == r.max
        else:  # the solvers' bounds, widened by their margin
            assert r.min - 1e-5 * (1 + abs(r.min)) <= r.min_lower <= r.min and r.max <= r.max_upper <= r.max + 1e-5 * (1 + abs(r.max))
        assert math.isclose(float(exact(MONOTONE, r.argmin)), r.min, rel_tol=1e-12, abs_tol=1e-12)
        assert math.isclose(float(exact(MONOTONE, r.argmax)), r.max, rel_tol=1e-12, abs_tol=1e-12)
    assert exact(MONOTONE, [lo for lo, _ in box]) == Fraction(r.min)  # attained at the corner, exactly
    assert exact(MONOTONE, [hi for _, hi in box]) == Fraction(r.max)


def test_the_range_of_a_network_with_a_flat_minimum(checker):
    # relu(x - clamp(y, 0, 1)) + relu(-x) on [-2, 2]^2: 0 where 0 <= x <= clamp(y, 0, 1), 2 at the corners x = +-2
    values = reluconvex.evaluate_in_python(PARTIAL, grid([(-2, 2)] * 2, 41))
    for method in ("skeleton", "milp"):
        r = checker.range(PARTIAL, box=(-2, 2), method=method)
        assert (r.min, r.max, r.exact) == (0.0, 2.0, True), (method, r)
        assert values.min() == 0.0 and values.max() == 2.0
        assert exact(PARTIAL, r.argmin) == 0 and exact(PARTIAL, r.argmax) == 2


# ---------------------------------------------------------------- concave, convex_in


def test_convex_in_some_inputs(checker):
    whole = checker.check(PARTIAL, box=(-2, 2))
    assert whole.verdict == "not_convex" and whole.property == "convex" and whole.convex_in is None

    v = checker.check(PARTIAL, box=(-2, 2), convex_in=[0])
    assert (v.verdict, v.property, v.convex_in, v.holds, v.convex, v.concave) == (
        "convex", "convex_in", (0,), True, True, None)
    assert v.json["convex_in"] == [0] and v.witness is None

    v = checker.check(PARTIAL, box=(-2, 2), convex_in=np.array([1]))
    assert (v.verdict, v.property, v.convex_in, v.holds, v.convex) == ("not_convex", "convex_in", (1,), False, False)
    a, b = v.witness.a, v.witness.b
    assert a[0] == b[0] and a[1] != b[1], "a and b differ only in y"
    assert all(-2 <= c <= 2 for c in np.r_[a, b])
    excess = exact(PARTIAL, midpoint(a, b)) - (exact(PARTIAL, a) + exact(PARTIAL, b)) / 2
    assert excess > 0 and math.isclose(float(excess), v.witness.excess, rel_tol=1e-6)
    assert "property='convex_in', convex_in=(1,)" in repr(v)


def test_concave(checker):
    v = reluconvex.check(CONCAVE, box=(-1, 1), concave=True)
    assert (v.verdict, v.property, v.holds, v.concave, v.convex, v.exit_code) == (
        "concave", "concave", True, True, None, 0)
    assert repr(v).startswith("Verdict(verdict='concave', property='concave', ")

    v = checker.check(DIFFERENCE, box=(-1, 1), concave=True)  # relu(x) is not concave
    assert (v.verdict, v.property, v.holds, v.concave, v.exit_code) == ("not_concave", "concave", False, False, 1)
    a, b = v.witness.a, v.witness.b
    excess = (exact(DIFFERENCE, a) + exact(DIFFERENCE, b)) / 2 - exact(DIFFERENCE, midpoint(a, b))
    assert excess > 0 and math.isclose(float(excess), v.witness.excess, rel_tol=1e-6)
    assert v.witness.property == "concave" and v.witness.excess_in(DIFFERENCE) > 0
    # the convexity verdict of the same network, for contrast
    assert checker.check(DIFFERENCE, box=(-1, 1)).convex is False


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("call, message", [
    (lambda c: c.monotone(MONOTONE, increasing=[3], box=(-1, 1)), r"input 3 does not exist"),
    (lambda c: c.monotone(MONOTONE, decreasing=[-1], box=(-1, 1)), r"input -1 does not exist"),
    (lambda c: c.monotone(MONOTONE, increasing=[0], box=[(-1, 1)] * 2), r"2 intervals.*input dimension 3"),
    (lambda c: c.monotone(MONOTONE, box=(-1, 1)), r"at least one input"),
    (lambda c: c.monotone(MONOTONE, increasing=[0], decreasing=[0]), r"input 0 is both increasing and decreasing"),
    (lambda c: c.monotone(MONOTONE, increasing=[0.5]), r"increasing must be a sequence of input indices"),
    (lambda c: c.monotone(MONOTONE, increasing=0), r"increasing must be a sequence of input indices"),
    (lambda c: c.monotone(MONOTONE, increasing=[0], method="skeleton"), r"skeleton"),
    (lambda c: c.lipschitz(DIFFERENCE, norm="3"), r"norm.*'3'"),
    (lambda c: c.lipschitz(DIFFERENCE, norm=3), r"norm must be"),
    (lambda c: c.lipschitz(DIFFERENCE, box=[(-1, 1)] * 3), r"3 intervals.*input dimension 2"),
    (lambda c: c.lipschitz(DIFFERENCE, time_limit=0), r"time_limit must be a positive number"),
    (lambda c: c.range(DIFFERENCE, method="cells"), r"cells"),
    (lambda c: c.range(DIFFERENCE, box=(1, -1)), r"."),
    (lambda c: c.check(PARTIAL, convex_in=[2]), r"input 2 does not exist"),
    (lambda c: c.check(PARTIAL, convex_in=[0, 0]), r"input 0 is named twice"),
    (lambda c: c.check(PARTIAL, convex_in=[0], concave=True), r"concave.*convex.in"),
    (lambda c: c.check(PARTIAL, convex_in="0"), r"convex_in must be a sequence"),
])
def test_bad_input_is_refused_with_a_message(checker, call, message):
    with pytest.raises(BadInputError, match=message) as e:
        call(checker)
    assert e.value.exit_code == 2 and "\n" not in str(e.value)


# ---------------------------------------------------------------- the records


MONO = {"verdict": "not_monotone", "exit_code": 1, "method": "cells", "increasing": [0], "decreasing": [],
        "domain": {"type": "box", "dim": 3, "text": "[-1, 1]^3"}, "cells": 1,
        "witness": {"a": [-0.5, 0.1, 0.2], "b": [-0.25, 0.1, 0.2], "input": 0, "change": -0.0009765625},
        "details": "a cell where df/dx0 has the wrong sign, after 1 cells", "model": "<m>.json", "check_seconds": 0.0123}


def test_the_records_are_one_readable_line_and_a_table():
    v = MonotoneVerdict.from_json(MONO)
    assert repr(v) == ("MonotoneVerdict(verdict='not_monotone', increasing=(0,), method='cells', domain=[-1, 1]^3, "
                       "witness=MonotoneWitness(input=0, change=-0.000976562, ...), cells=1, model='<m>.json', "
                       "seconds=0.0123)")
    page = v._repr_html_()
    assert "<b>not_monotone</b>" in page and "&lt;m&gt;.json" in page and "<m>" not in page
    assert v.json is MONO and v.witness.input == 0 and isinstance(v.witness.a, np.ndarray)

    L = Lipschitz.from_json({"lipschitz": 0.18, "norm": "2", "exact": False, "lower": 0.18, "upper": 0.3,
                             "point": [0.5, 0.5], "gradient": [0.1, -0.15], "method": "milp",
                             "domain": {"text": "[-1, 1]^2"}, "details": "bounds", "model": "m.onnx",
                             "seconds": 0.5, "exit_code": 3})
    assert repr(L) == ("Lipschitz(value=0.18, norm='2', exact=False, bounds=[0.18, 0.3], method='milp', "
                       "domain=[-1, 1]^2, model='m.onnx', seconds=0.5)")
    assert "<b>0.18</b>" in L._repr_html_()
    unknown = Lipschitz.from_json({**L.json, "lipschitz": None, "lower": None, "upper": None, "point": None,
                                   "gradient": None})
    assert unknown.value is None and unknown.point is None and "bounds=[None, None]" in repr(unknown)
    assert "<b>unknown</b>" in unknown._repr_html_()

    r = Range.from_json({"min": -1.0, "max": 2.5, "argmin": [-1, -1], "argmax": [1, 1], "exact": True,
                         "min_lower": -1.0, "max_upper": 2.5, "method": "skeleton", "domain": {"text": "[-1, 1]^2"},
                         "details": "vertices", "model": "m.onnx", "seconds": 0.25})
    assert repr(r) == "Range(min=-1.0, max=2.5, exact=True, method='skeleton', domain=[-1, 1]^2, model='m.onnx', seconds=0.25)"
    assert "<b>-1, 2.5</b>" in r._repr_html_()


def test_range_does_not_hide_the_builtin():
    assert "range" not in reluconvex.__all__ and callable(reluconvex.range)
    names = {}
    exec("from reluconvex import *", names)
    assert "range" not in names and {"monotone", "lipschitz", "Range", "MonotoneVerdict"} <= set(names)


# ---------------------------------------------------------------- python/README.md


def test_the_readme_examples_of_the_properties(monkeypatch):
    # python/README.md's ```pycon blocks are its own (its ```python block repeats one of the repository's
    # pages, which tests/test_readme.py runs)
    monkeypatch.chdir(PYTHON_DIR)
    text = (PYTHON_DIR / "README.md").read_text(encoding="utf-8")
    blocks = list(re.finditer(r"^```pycon\n(.*?)^```", text, re.M | re.S))
    assert blocks, "python/README.md has lost its examples of the properties"
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    names = {}
    torch_missing = importlib.util.find_spec("torch") is None
    for b in blocks:
        if torch_missing and "import torch" in b.group(1):
            continue  # the example of training (reluconvex.torch needs torch)
        line = text.count("\n", 0, b.start(1))
        test = doctest.DocTestParser().get_doctest(b.group(1), names, "python/README.md", str(PYTHON_DIR / "README.md"),
                                                   line)
        runner.run(test, clear_globs=False)
        names = test.globs
    result = runner.summarize(verbose=False)
    assert result.attempted > 0 and result.failed == 0
