"""Signatures as Python users expect them: explicit keyword parameters (no **options), each named in
the docstring, type hints on the public API, and the py.typed marker in the wheel."""

import importlib.util
import inspect
import zipfile

import pytest

from conftest import PYTHON_DIR
import reluconvex
from reluconvex import Checker

CALLS = ["check", "monotone", "lipschitz", "range", "regions", "info", "evaluate", "to_icnn", "plot", "constraints"]


def public_callables():
    """(name, function) of the public functions, classes and methods of the package."""
    modules = [reluconvex, reluconvex.results, reluconvex.errors]
    if importlib.util.find_spec("torch"):
        modules.append(importlib.import_module("reluconvex.torch"))
    seen = {}
    for module in modules:
        for name in getattr(module, "__all__", [n for n in vars(module) if not n.startswith("_")]):
            obj = getattr(module, name)
            if getattr(obj, "__module__", "").split(".")[0] != "reluconvex":
                continue
            if inspect.isfunction(obj):
                seen[f"{module.__name__}.{name}"] = obj
            elif inspect.isclass(obj):
                if inspect.isfunction(obj.__init__):  # not object's or Exception's
                    seen[f"{module.__name__}.{name}"] = obj.__init__
                for attr, member in vars(obj).items():
                    if isinstance(member, (classmethod, staticmethod)):
                        member = member.__func__
                    if isinstance(member, property):
                        member = member.fget
                    if inspect.isfunction(member) and (not attr.startswith("_") or attr in ("__call__", "__init__")):
                        seen[f"{module.__name__}.{name}.{attr}"] = member
    return seen


@pytest.mark.parametrize("name", CALLS)
def test_the_module_functions_take_the_parameters_of_the_checker_methods(name):
    function, method = getattr(reluconvex, name), getattr(Checker, name)
    expected = list(inspect.signature(method).parameters.values())[1:]  # without self
    assert list(inspect.signature(function).parameters.values()) == expected
    assert inspect.signature(function).return_annotation == inspect.signature(method).return_annotation
    for p in expected:
        assert p.kind != p.VAR_KEYWORD
        for doc in (function.__doc__, method.__doc__):
            assert f"\n        {p.name}: " in doc or f"\n            {p.name}: " in doc, (name, p.name)


def test_the_parameters_of_the_properties():
    def params(f):
        return [(p.name, p.default, p.kind == p.KEYWORD_ONLY) for p in inspect.signature(f).parameters.values()]

    tail = [("time_limit", None, False), ("max_memory", None, False), ("input_dim", None, False),
            ("solver", None, True), ("threads", None, True)]
    assert params(reluconvex.monotone) == [("model", inspect.Parameter.empty, False), ("increasing", (), False),
                                           ("decreasing", (), False), ("box", None, False), ("method", "auto", False),
                                           *tail]
    assert params(reluconvex.lipschitz) == [("model", inspect.Parameter.empty, False), ("norm", "inf", False),
                                            ("box", None, False), ("method", "auto", False), *tail]
    assert params(reluconvex.range) == [("model", inspect.Parameter.empty, False), ("box", None, False),
                                        ("method", "auto", False), *tail]


def test_no_public_call_hides_its_parameters_behind_kwargs():
    allowed = {"reluconvex.Checker.request"}  # the raw protocol: any field of docs/serve.md
    for name, f in public_callables().items():
        if name in allowed:
            continue
        kinds = [p.kind for p in inspect.signature(f).parameters.values()]
        assert inspect.Parameter.VAR_KEYWORD not in kinds, name


def test_the_public_api_has_type_hints():
    for name, f in public_callables().items():
        sig = inspect.signature(f)
        for p in sig.parameters.values():
            if p.name not in ("self", "cls") and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
                assert p.annotation is not p.empty, f"{name}: {p.name}"
        assert sig.return_annotation is not sig.empty, name


def test_the_options_of_check_are_keywords_that_help_shows(checker):
    params = inspect.signature(reluconvex.check).parameters
    assert list(params) == ["model", "box", "global_", "method", "time_limit", "explain", "max_memory", "input_dim",
                            "exhaustive", "solver", "threads", "concave", "convex_in", "progress"]
    assert (params["box"].default, params["global_"].default, params["method"].default, params["time_limit"].default,
            params["exhaustive"].default, params["concave"].default, params["convex_in"].default) == (
        None, False, "auto", None, False, False, None)
    for name in ("exhaustive", "solver", "threads", "concave", "convex_in", "progress"):
        assert params[name].kind == inspect.Parameter.KEYWORD_ONLY, name
    with pytest.raises(TypeError, match="unexpected keyword argument 'exhaustiv'"):
        checker.check("example:beyond-icnn", exhaustiv=True)
    v = checker.check("example:random?dim=2&widths=8,8&seed=1", exhaustive=True)
    assert v.vertices is not None  # --exhaustive builds the complex
    if importlib.util.find_spec("torch"):
        from reluconvex import torch as rt
        assert "method" in inspect.signature(rt.certify).parameters
        assert "time_limit" in inspect.signature(rt.train_until_certified).parameters


def test_py_typed_is_in_the_package_and_the_wheel(wheel):
    assert (PYTHON_DIR / "reluconvex" / "py.typed").is_file()
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
    assert "reluconvex/py.typed" in names and "reluconvex/_typing.py" in names
    assert any(n.endswith("RECORD") for n in names)
