"""Progress of long calls: the events serve forwards, handed to a function or shown on standard error."""

from __future__ import annotations

import io

import pytest

import reluconvex
from reluconvex._progress import LineProgress, describe, resolve

from conftest import REPO

TRAINED = str(REPO / "src/test/resources/trained-convex/d2-3x16.onnx")


def test_every_program_is_reported_once_and_the_verdict_is_unchanged(checker):
    events = []
    v = checker.check(TRAINED, box=(-0.5, 0.5), method="milp", progress=events.append)
    assert v.verdict == checker.check(TRAINED, box=(-0.5, 0.5), method="milp").verdict == "convex"
    assert events, "a milp check of a trained network solves programs"
    assert {e["kind"] for e in events} == {"programs"}
    total = events[0]["total"]
    assert sorted(e["done"] for e in events) == list(range(1, total + 1))
    assert all(1 <= e["layer"] <= 3 for e in events)


def test_true_shows_one_line_and_clears_it():
    stream = io.StringIO()
    line = LineProgress(stream)
    line({"kind": "programs", "done": 3, "total": 40, "layer": 2, "neuron": 5})
    assert stream.getvalue() == "\rinteger programs: 3 of 40 solved "
    line.end()
    assert stream.getvalue().endswith("\r" + " " * 72 + "\r")
    assert describe({"kind": "pieces", "done": 2, "planned": 8, "vertices": 120000}) == \
        "pieces: 2 of 8 done, 120,000 vertices in them so far"


def test_progress_true_writes_to_standard_error(checker, capsys):
    checker.check(TRAINED, box=(-0.5, 0.5), method="milp", progress=True)
    err = capsys.readouterr().err
    assert "integer programs:" in err
    assert err.endswith("\r" + " " * 72 + "\r")


def test_a_progress_that_is_not_a_function_is_refused():
    assert resolve(None) is None and resolve(False) is None
    assert isinstance(resolve(True), LineProgress)
    with pytest.raises(TypeError, match="progress must be"):
        resolve("yes")
    with pytest.raises(TypeError, match="progress must be"):
        reluconvex.check("example:beyond-icnn", progress=3)


def test_a_callback_that_raises_does_not_break_the_next_call(checker):
    def boom(event):
        raise RuntimeError("the display broke")

    with pytest.raises(RuntimeError, match="the display broke"):
        checker.check(TRAINED, box=(-0.5, 0.5), method="milp", progress=boom)
    # the answer of that call was read: the next one gets its own
    assert checker.check("example:beyond-icnn", box=(-1, 1)).verdict == "convex"
