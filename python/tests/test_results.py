"""The records the calls return: one readable line as repr, a table in Jupyter."""

import numpy as np

import reluconvex
from reluconvex.results import Constraint, Constraints, Icnn, Png, Regions, Verdict

NOT_CONVEX = {"verdict": "not_convex", "exit_code": 1, "method": "skeleton",
              "domain": {"type": "box", "dim": 2, "lo": [-1.0, -1.0], "hi": [1.0, 1.0], "text": "[-1, 1]^2"},
              "vertices": 156, "edges": 282, "cells": 127, "min_gain": -0.0123456789,
              "witness": {"a": [0.74873327, -0.97758583], "b": [0.76153023, -0.99295586],
                          "excess": 0.00020163397156430785, "found_by": "skeleton check"},
              "precision": {"name": "double+exact"}, "model": "Sequential.onnx", "check_seconds": 0.0123456}


def test_the_repr_of_a_verdict_is_one_readable_line():
    v = Verdict.from_json(NOT_CONVEX)
    assert repr(v) == ("Verdict(verdict='not_convex', method='skeleton', domain=[-1, 1]^2, "
                       "witness=Witness(excess=0.000201634, ...), min_gain=-0.0123457, vertices=156, edges=282, "
                       "cells=127, model='Sequential.onnx', seconds=0.0123456)")
    convex = Verdict.from_json({**NOT_CONVEX, "verdict": "convex", "exit_code": 0, "witness": None,
                                "domain": {"type": "global", "dim": 2, "text": "R^2"}, "vertices": None,
                                "edges": None, "cells": None, "min_gain": None, "method": "icnn",
                                "details": "every weight leaving a hidden neuron is non-negative"})
    assert repr(convex) == "Verdict(verdict='convex', method='icnn', domain=R^2, model='Sequential.onnx', seconds=0.0123456)"
    unknown = Verdict.from_json({**NOT_CONVEX, "verdict": "unknown", "exit_code": 3, "witness": None,
                                 "reason": "time limit", "domain": {"text": "[-1, 1] x " * 20}})
    assert "reason='time limit'" in repr(unknown) and "domain=[-1, 1] x [-1, 1] x" in repr(unknown)
    assert len(repr(unknown)) < 250  # a long domain is shortened
    # the Witness keeps the repr of a dataclass (README.md shows it)
    assert repr(v.witness).startswith("Witness(a=array([ 0.74873327, -0.97758583]), b=array(")


def test_a_verdict_is_a_table_in_jupyter():
    page = Verdict.from_json({**NOT_CONVEX, "model": "<script>.onnx"})._repr_html_()
    assert page.startswith("<table>") and page.endswith("</table>")
    for text in ("<b>not_convex</b>", "skeleton", "[-1, 1]^2", "0.000201634", "skeleton check", "156, 282, 127",
                 "&lt;script&gt;.onnx"):
        assert text in page
    assert "<script>" not in page
    convex = Verdict.from_json({**NOT_CONVEX, "verdict": "convex", "witness": None})._repr_html_()
    assert "witness" not in convex and "excess" not in convex


def test_the_other_records_are_readable_too(checker):
    r = Regions.from_json({"vertices": 95, "edges": 220, "cells": None, "exact": True, "seconds": 0.5,
                           "domain": {"text": "[-100, 100]^3"}, "model": "m.onnx"})
    assert repr(r) == "Regions(vertices=95, edges=220, exact=True, domain=[-100, 100]^3, model='m.onnx', seconds=0.5)"
    c = Constraint(layer=1, neuron=3, pattern=(np.array([True, False, True]),), gain=-2.0)
    assert repr(c) == "Constraint(layer=1, neuron=3, pattern=('101',), gain=-2.0)"
    cs = checker.constraints("example:beyond-icnn", box=(-2, 2), gradient=True)
    assert isinstance(cs, Constraints)
    assert repr(cs).startswith("Constraints(count=6, min_gain=-2.0, margin=0.0, penalty=2.0, gradient=<")
    assert "architecture='SkipMLP', hidden_widths=(2, 2), domain=[-2, 2]^2, model='example:beyond-icnn'" in repr(cs)
    icnn = Icnn(description="SkipMLP 1 -> 2 -> 1", max_relative_difference=0.0, network={"layers": []}, out=None)
    assert repr(icnn) == "Icnn(description='SkipMLP 1 -> 2 -> 1', max_relative_difference=0.0, network={...})"
    png = checker.plot("example:beyond-icnn")
    assert isinstance(png, Png) and repr(png).startswith("<Png ") and repr(png).endswith(f", {len(png)} bytes>")
    assert bytes(png[:4]) == b"\x89PNG"


def test_a_live_verdict(checker):
    v = checker.check("example:beyond-icnn", box=(-2, 2))
    assert repr(v).startswith("Verdict(verdict='convex', method='skeleton+kink', domain=[-2, 2]^2, ")
    assert "vertices=12, edges=20, cells=9" in repr(v) and "model='example:beyond-icnn'" in repr(v)
    assert isinstance(reluconvex.check("example:beyond-icnn")._repr_html_(), str)
