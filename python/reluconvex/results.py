"""What the calls return: small immutable records made from the answers of the serve protocol.

Their ``repr`` is one readable line (the numbers that matter, the domain as the command line writes
it); ``json`` keeps the whole answer. A :class:`Verdict` (and the records of monotone, lipschitz and
range) shows as a small table in Jupyter.
"""

from __future__ import annotations

import copy
import html
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple, Union, cast

import numpy as np

from . import _models

if TYPE_CHECKING:
    import torch
    from numpy.typing import ArrayLike


def _number(x: Optional[float]) -> str:
    """A float rounded to 6 significant digits, written as Python writes floats (ints and None as they are)."""
    return repr(x) if x is None or isinstance(x, int) else repr(float(f"{x:.6g}"))


def _domain(domain: Optional[Dict[str, Any]]) -> str:
    """The domain as the command line writes it ("[-1, 1]^2", "R^2", "[-1, 1] x [-2, 2]"), shortened
    past 60 characters."""
    text = str((domain or {}).get("text", domain))
    return text if len(text) <= 60 else text[:57] + "..."


def _fields(name: str, items: Sequence[Tuple[str, Any]]) -> str:
    """name(k=v, ...) of the items whose value is not None (values are str: already formatted)."""
    return f"{name}(" + ", ".join(f"{k}={v}" for k, v in items if v is not None) + ")"


def evaluate_in_python(f: Union[torch.nn.Module, Dict[str, Any], Sequence[Tuple[ArrayLike, ArrayLike]],
                                Callable[[np.ndarray], ArrayLike]], points: ArrayLike) -> np.ndarray:
    """f at the rows of ``points`` (float64), computed here, not by the Java side: ``f`` is a
    torch.nn.Module (evaluated on a float64 copy), a reluconvex-network dict, a list of (W, b) layers,
    or a callable taking an (n, d) array."""
    x = np.atleast_2d(np.asarray(points, dtype=np.float64))
    if isinstance(f, dict):
        return _models.json_forward(f, x)
    if isinstance(f, (list, tuple)):
        return _models.json_forward(_models.layers_to_json(f), x)
    if _models._is_torch_module(f):
        import torch
        m = copy.deepcopy(cast("torch.nn.Module", f)).double().eval()
        with torch.no_grad():
            return m(torch.from_numpy(x)).reshape(len(x)).cpu().numpy()
    return np.asarray(cast("Callable[[np.ndarray], ArrayLike]", f)(x), dtype=np.float64).reshape(len(x))


@dataclass(frozen=True)
class Witness:
    """Two points a, b with f((a+b)/2) > (f(a)+f(b))/2, proven on the Java side; ``excess`` is that difference,
    ``found_by`` how the checker found it (for example the early search, or the complex), when it says.

    For a check of concavity (``property`` "concave") the inequality is the other way round,
    f((a+b)/2) < (f(a)+f(b))/2, and ``excess`` is (f(a)+f(b))/2 - f((a+b)/2); for a check of
    convexity in some inputs (``property`` "convex_in"), a and b differ only in those inputs."""
    a: np.ndarray
    b: np.ndarray
    excess: float
    found_by: Optional[str] = None

    @property
    def midpoint(self) -> np.ndarray:
        """(a + b) / 2."""
        return (self.a + self.b) / 2

    def excess_in(self, f: Union[torch.nn.Module, Dict[str, Any], Sequence[Tuple[ArrayLike, ArrayLike]],
                                 Callable[[np.ndarray], ArrayLike]]) -> float:
        """f((a+b)/2) - (f(a)+f(b))/2 with f evaluated in Python (see :func:`evaluate_in_python`),
        the other way round for a witness of non-concavity: positive means this witness also
        convinces an independent evaluation."""
        fa, fb, fm = evaluate_in_python(f, np.stack([self.a, self.b, self.midpoint]))
        excess = float(fm - (fa + fb) / 2)
        return -excess if self.property == "concave" else excess

    @classmethod
    def from_json(cls, w: Optional[Dict[str, Any]], property: str = "convex") -> Optional[Witness]:
        """The witness of an answer (None for null); ``property`` is the answer's (check's "property")."""
        if w is None:
            return None
        return cls(np.array(w["a"], dtype=np.float64), np.array(w["b"], dtype=np.float64), float(w["excess"]),
                   w.get("found_by"), property)

    # last in the body: from here on, ``property`` names this field and no longer the decorator
    property: str = field(default="convex", repr=False)


@dataclass(frozen=True, repr=False)
class Verdict:
    """The answer of check: ``verdict`` is "convex", "not_convex" or "unknown" (``reason`` says why).

    ``property`` is what was checked: "convex"; "concave" (``check(concave=True)``: the verdict is
    "concave", "not_concave" or "unknown"); or "convex_in" (``check(convex_in=...)``: convexity in
    the inputs ``convex_in`` with the others fixed, the verdict "convex", "not_convex" or "unknown").
    ``holds`` says whether it holds, whatever it is.

    ``witness`` (the property fails), ``min_gain``, the counts of the complex (None when none was
    built), ``seconds`` (the check alone), ``domain`` (the answer's domain object; ``domain["text"]``
    as the command line writes it), ``model``, ``details`` and ``json``, the answer as ``check --json``
    prints it.
    """
    verdict: str
    method: str
    exit_code: int
    witness: Optional[Witness]
    min_gain: Optional[float]
    vertices: Optional[int]
    edges: Optional[int]
    cells: Optional[int]
    seconds: float
    domain: Dict[str, Any]
    model: str
    reason: Optional[str] = None
    details: Optional[str] = None
    json: Optional[Dict[str, Any]] = field(default=None, repr=False, compare=False)
    # (property and convex_in: at the end of the body)

    @property
    def holds(self) -> Optional[bool]:
        """Whether the checked ``property`` holds: True (verdict "convex" or "concave"), False
        ("not_convex", "not_concave"), or None when unknown."""
        return {"convex": True, "concave": True, "not_convex": False, "not_concave": False}.get(self.verdict)

    @property
    def convex(self) -> Optional[bool]:
        """True, False, or None when unknown; for ``convex_in``, convexity in those inputs. None after
        a check of concavity, which does not tell (see ``holds`` and ``concave``)."""
        return self.holds if self.property != "concave" else None

    @property
    def concave(self) -> Optional[bool]:
        """After ``check(concave=True)``: True, False, or None when unknown; None after the other checks."""
        return self.holds if self.property == "concave" else None

    def __repr__(self) -> str:
        w = self.witness
        return _fields("Verdict", [
            ("verdict", repr(self.verdict)),
            ("property", None if self.property == "convex" else repr(self.property)),
            ("convex_in", None if self.convex_in is None else repr(self.convex_in)),
            ("method", repr(self.method)), ("domain", _domain(self.domain)),
            ("reason", None if self.reason is None else repr(self.reason)),
            ("witness", None if w is None else f"Witness(excess={_number(w.excess)}, ...)"),
            ("min_gain", None if self.min_gain is None else _number(self.min_gain)),
            ("vertices", self.vertices), ("edges", self.edges), ("cells", self.cells),
            ("model", repr(self.model)), ("seconds", _number(self.seconds))])

    def _repr_html_(self) -> str:
        """A small table for Jupyter."""
        rows: List[Tuple[str, Any]] = [("verdict", self.verdict),
                                       ("property", None if self.property == "convex" else self.property),
                                       ("convex in inputs", None if self.convex_in is None else
                                        ", ".join(map(str, self.convex_in))),
                                       ("method", self.method),
                                       ("domain", (self.domain or {}).get("text", self.domain)),
                                       ("reason", self.reason)]
        if self.witness is not None:
            w = self.witness
            rows += [("witness a", np.array2string(w.a, threshold=20)),
                     ("witness b", np.array2string(w.b, threshold=20)),
                     ("excess", f"{w.excess:.6g}"), ("found by", w.found_by)]
        rows += [("min gain", None if self.min_gain is None else f"{self.min_gain:.6g}"),
                 ("vertices, edges, cells", None if self.vertices is None else
                  ", ".join("–" if n is None else str(n) for n in (self.vertices, self.edges, self.cells))),
                 ("details", self.details), ("model", self.model), ("seconds", f"{self.seconds:.3g}")]
        return _html_table("Verdict", rows)

    @classmethod
    def from_json(cls, j: Dict[str, Any]) -> Verdict:
        """The verdict of an answer of check."""
        prop = j.get("property", "convex")
        convex_in = j.get("convex_in")
        return cls(verdict=j["verdict"], method=j["method"], exit_code=j["exit_code"],
                   witness=Witness.from_json(j.get("witness"), prop), min_gain=j.get("min_gain"),
                   vertices=j.get("vertices"), edges=j.get("edges"), cells=j.get("cells"),
                   seconds=j["check_seconds"], domain=j["domain"], model=j["model"],
                   reason=j.get("reason"), details=j.get("details"), json=j, property=prop,
                   convex_in=None if convex_in is None else tuple(convex_in))

    # last in the body: from here on, ``property`` names this field and no longer the decorator
    property: str = "convex"
    convex_in: Optional[Tuple[int, ...]] = None


@dataclass(frozen=True, repr=False)
class Regions:
    """The size of the polyhedral complex in a box (``cells`` is None for d > 2)."""
    vertices: int
    edges: int
    cells: Optional[int]
    exact: bool
    seconds: float
    domain: Dict[str, Any]
    model: str
    json: Optional[Dict[str, Any]] = field(default=None, repr=False, compare=False)

    def __repr__(self) -> str:
        return _fields("Regions", [("vertices", self.vertices), ("edges", self.edges), ("cells", self.cells),
                                   ("exact", self.exact), ("domain", _domain(self.domain)),
                                   ("model", repr(self.model)), ("seconds", _number(self.seconds))])

    @classmethod
    def from_json(cls, j: Dict[str, Any]) -> Regions:
        """The record of an answer of regions."""
        return cls(vertices=j["vertices"], edges=j["edges"], cells=j.get("cells"), exact=j["exact"],
                   seconds=j["seconds"], domain=j["domain"], model=j["model"], json=j)


@dataclass(frozen=True, repr=False)
class Icnn:
    """A convex one-hidden-layer network rewritten as an ICNN of the same width: ``network`` is the
    reluconvex-network dict (None when written to ``out``)."""
    description: str
    max_relative_difference: float
    network: Optional[Dict[str, Any]]
    out: Optional[str]
    json: Optional[Dict[str, Any]] = field(default=None, repr=False, compare=False)

    def __repr__(self) -> str:
        return _fields("Icnn", [("description", repr(self.description)),
                                ("max_relative_difference", _number(self.max_relative_difference)),
                                ("network", None if self.network is None else "{...}"),
                                ("out", None if self.out is None else repr(self.out))])

    def __call__(self, x: ArrayLike) -> np.ndarray:
        """The ICNN at the rows of x (numpy, float64)."""
        if self.network is None:
            raise ValueError(f"the ICNN was written to {self.out}; read it with reluconvex.check or eval")
        return _models.json_forward(self.network, x)


class Png(bytes):
    """PNG bytes; Jupyter shows them as the image (``repr`` names the size instead of printing the bytes)."""

    def _repr_png_(self) -> bytes:
        return bytes(self)

    def __repr__(self) -> str:
        if self[:8] == b"\x89PNG\r\n\x1a\n" and len(self) >= 24:  # the IHDR chunk: width, height
            w, h = int.from_bytes(self[16:20], "big"), int.from_bytes(self[20:24], "big")
            return f"<Png {w}x{h}, {len(self)} bytes>"
        return f"<Png {len(self)} bytes>"


@dataclass(frozen=True)
class Constraint:
    """One condition g_ν(a) ≥ 0 of criterion C1 (docs/math.md sections 3, 4 and 7): neuron ``neuron``
    (0-based) of hidden layer ``layer`` (1-based: the output of the layer-th Linear) under the
    downstream pattern ``pattern`` (one boolean array per hidden layer after ``layer``: which
    neurons are active), realised on the neuron's zero set inside the box. ``gain`` is g_ν(a) as
    the Java side computed it when the list was made."""
    layer: int
    neuron: int
    pattern: Tuple[np.ndarray, ...]
    gain: float

    def __repr__(self) -> str:
        pattern = tuple("".join("1" if active else "0" for active in row) for row in self.pattern)  # '1': active
        return f"Constraint(layer={self.layer}, neuron={self.neuron}, pattern={pattern!r}, gain={_number(self.gain)})"

    @classmethod
    def from_json(cls, c: Dict[str, Any]) -> Constraint:
        """One constraint of an answer of constraints."""
        return cls(layer=c["layer"], neuron=c["neuron"],
                   pattern=tuple(np.array(row, dtype=bool) for row in c["pattern"]), gain=float(c["gain"]))


@dataclass(frozen=True, repr=False)
class Constraints:
    """The answer of ``constraints``: the constraint list of a network on a box, as the regulariser
    of ``train`` uses it, with ``penalty`` = Σ max(0, margin − gain) (R for margin 0), and with
    ``gradient=True`` its gradient dR/dθ as a flat vector in the order of ``parameter_layout``
    (one entry per block: layer, "weights" (from layer ``from``, shape [to, from]) or "bias", offset, shape)."""
    constraints: Tuple[Constraint, ...]
    min_gain: Optional[float]
    margin: float
    penalty: float
    gradient: Optional[np.ndarray]
    parameter_layout: Optional[List[Dict[str, Any]]]
    architecture: str
    hidden_widths: Tuple[int, ...]
    seconds: float
    domain: Dict[str, Any]
    model: str
    json: Optional[Dict[str, Any]] = field(default=None, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.constraints)

    def __iter__(self) -> Iterator[Constraint]:
        return iter(self.constraints)

    def __repr__(self) -> str:
        return _fields("Constraints", [
            ("count", len(self.constraints)), ("min_gain", None if self.min_gain is None else _number(self.min_gain)),
            ("margin", _number(self.margin)), ("penalty", _number(self.penalty)),
            ("gradient", None if self.gradient is None else f"<{len(self.gradient)} numbers>"),
            ("architecture", repr(self.architecture)), ("hidden_widths", self.hidden_widths),
            ("domain", _domain(self.domain)), ("model", repr(self.model)), ("seconds", _number(self.seconds))])

    @classmethod
    def from_json(cls, j: Dict[str, Any]) -> Constraints:
        """The record of an answer of constraints."""
        grad = j.get("gradient")
        return cls(constraints=tuple(Constraint.from_json(c) for c in j["constraints"]), min_gain=j.get("min_gain"),
                   margin=j["margin"], penalty=j["penalty"],
                   gradient=None if grad is None else np.array(grad, dtype=np.float64),
                   parameter_layout=j.get("parameter_layout"), architecture=j["architecture"],
                   hidden_widths=tuple(j["hidden_widths"]), seconds=j["seconds"], domain=j["domain"],
                   model=j["model"], json=j)


def _array(x: Optional[Sequence[float]]) -> Optional[np.ndarray]:
    """A float64 array of a JSON list (None for null)."""
    return None if x is None else np.array(x, dtype=np.float64)


def _html_array(x: Optional[np.ndarray]) -> Optional[str]:
    return None if x is None else np.array2string(x, threshold=20)


@dataclass(frozen=True)
class MonotoneWitness:
    """Two points a, b that differ only in coordinate ``input``, with a[input] < b[input], and
    ``change`` = f(b) - f(a) < 0 where that input was asked increasing (> 0 where decreasing),
    proven on the Java side."""
    a: np.ndarray
    b: np.ndarray
    input: int
    change: float

    def change_in(self, f: Union[torch.nn.Module, Dict[str, Any], Sequence[Tuple[ArrayLike, ArrayLike]],
                                 Callable[[np.ndarray], ArrayLike]]) -> float:
        """f(b) - f(a) with f evaluated in Python (see :func:`evaluate_in_python`)."""
        fa, fb = evaluate_in_python(f, np.stack([self.a, self.b]))
        return float(fb - fa)

    @classmethod
    def from_json(cls, w: Optional[Dict[str, Any]]) -> Optional[MonotoneWitness]:
        """The witness of an answer of monotone (None for null)."""
        if w is None:
            return None
        return cls(np.array(w["a"], dtype=np.float64), np.array(w["b"], dtype=np.float64), int(w["input"]),
                   float(w["change"]))


@dataclass(frozen=True, repr=False)
class MonotoneVerdict:
    """The answer of monotone: ``verdict`` is "monotone" (f is non-decreasing in each input of
    ``increasing`` and non-increasing in each of ``decreasing``, on the box), "not_monotone" (with a
    ``witness``) or "unknown" (``reason`` says why); ``monotone`` (and ``holds``) as a boolean.

    ``cells`` (the cells the walk visited, when it says), ``seconds`` (the check alone), ``domain``,
    ``model``, ``details`` and ``json``, the answer as ``monotone --json`` prints it.
    """
    verdict: str
    method: str
    exit_code: int
    witness: Optional[MonotoneWitness]
    increasing: Tuple[int, ...]
    decreasing: Tuple[int, ...]
    cells: Optional[int]
    seconds: float
    domain: Dict[str, Any]
    model: str
    reason: Optional[str] = None
    details: Optional[str] = None
    json: Optional[Dict[str, Any]] = field(default=None, repr=False, compare=False)

    @property
    def monotone(self) -> Optional[bool]:
        """True, False, or None when unknown."""
        return {"monotone": True, "not_monotone": False}.get(self.verdict)

    @property
    def holds(self) -> Optional[bool]:
        """The same as ``monotone`` (as ``Verdict.holds``)."""
        return self.monotone

    def __repr__(self) -> str:
        w = self.witness
        return _fields("MonotoneVerdict", [
            ("verdict", repr(self.verdict)), ("increasing", self.increasing or None),
            ("decreasing", self.decreasing or None), ("method", repr(self.method)),
            ("domain", _domain(self.domain)), ("reason", None if self.reason is None else repr(self.reason)),
            ("witness", None if w is None else f"MonotoneWitness(input={w.input}, change={_number(w.change)}, ...)"),
            ("cells", self.cells), ("model", repr(self.model)), ("seconds", _number(self.seconds))])

    def _repr_html_(self) -> str:
        """A small table for Jupyter."""
        rows: List[Tuple[str, Any]] = [
            ("verdict", self.verdict), ("increasing", ", ".join(map(str, self.increasing)) or None),
            ("decreasing", ", ".join(map(str, self.decreasing)) or None), ("method", self.method),
            ("domain", (self.domain or {}).get("text", self.domain)), ("reason", self.reason)]
        if self.witness is not None:
            w = self.witness
            rows += [("witness a", _html_array(w.a)), ("witness b", _html_array(w.b)), ("input", w.input),
                     ("change f(b) - f(a)", f"{w.change:.6g}")]
        rows += [("cells", self.cells), ("details", self.details), ("model", self.model),
                 ("seconds", f"{self.seconds:.3g}")]
        return _html_table("MonotoneVerdict", rows)

    @classmethod
    def from_json(cls, j: Dict[str, Any]) -> MonotoneVerdict:
        """The verdict of an answer of monotone."""
        return cls(verdict=j["verdict"], method=j["method"], exit_code=j["exit_code"],
                   witness=MonotoneWitness.from_json(j.get("witness")), increasing=tuple(j.get("increasing") or ()),
                   decreasing=tuple(j.get("decreasing") or ()), cells=j.get("cells"), seconds=j["check_seconds"],
                   domain=j["domain"], model=j["model"], reason=j.get("reason"), details=j.get("details"), json=j)


@dataclass(frozen=True, repr=False)
class Lipschitz:
    """The answer of lipschitz: the Lipschitz constant ``value`` of f on the box in the input norm
    ``norm`` ("inf", "1" or "2"), that is the largest dual norm of the gradient over the linear
    pieces (|grad f|_1 for "inf", |grad f|_inf for "1", |grad f|_2 for "2").

    ``exact`` says whether ``value`` is the constant itself; otherwise ``lower`` <= L <= ``upper``
    (None when not known) and ``value`` is what was attained (None when nothing was). ``point`` is
    a point of the piece where the value is attained and ``gradient`` the gradient there.
    ``seconds``, ``domain``, ``model``, ``details``, ``exit_code`` (0 exact, 3 not) and ``json``, the
    answer as ``lipschitz --json`` prints it.
    """
    value: Optional[float]
    norm: str
    exact: bool
    lower: Optional[float]
    upper: Optional[float]
    point: Optional[np.ndarray]
    gradient: Optional[np.ndarray]
    method: str
    domain: Dict[str, Any]
    model: str
    seconds: float
    exit_code: int
    details: Optional[str] = None
    json: Optional[Dict[str, Any]] = field(default=None, repr=False, compare=False)

    def __repr__(self) -> str:
        bounds = None if self.exact else f"[{_number(self.lower)}, {_number(self.upper)}]"
        return _fields("Lipschitz", [
            ("value", _number(self.value)), ("norm", repr(self.norm)), ("exact", self.exact), ("bounds", bounds),
            ("method", repr(self.method)), ("domain", _domain(self.domain)), ("model", repr(self.model)),
            ("seconds", _number(self.seconds))])

    def _repr_html_(self) -> str:
        """A small table for Jupyter."""
        number = lambda x: None if x is None else f"{x:.6g}"  # noqa: E731
        return _html_table("Lipschitz", [
            ("value", "unknown" if self.value is None else number(self.value)), ("norm", self.norm),
            ("exact", self.exact), ("lower", None if self.exact else number(self.lower)),
            ("upper", None if self.exact else number(self.upper)), ("point", _html_array(self.point)),
            ("gradient", _html_array(self.gradient)), ("method", self.method),
            ("domain", (self.domain or {}).get("text", self.domain)), ("details", self.details),
            ("model", self.model), ("seconds", f"{self.seconds:.3g}")])

    @classmethod
    def from_json(cls, j: Dict[str, Any]) -> Lipschitz:
        """The record of an answer of lipschitz."""
        return cls(value=j.get("lipschitz"), norm=j["norm"], exact=j["exact"], lower=j.get("lower"),
                   upper=j.get("upper"), point=_array(j.get("point")), gradient=_array(j.get("gradient")),
                   method=j["method"], domain=j["domain"], model=j["model"], seconds=j["seconds"],
                   exit_code=j["exit_code"], details=j.get("details"), json=j)


@dataclass(frozen=True, repr=False)
class Range:
    """The answer of range: the smallest and largest values of f on the box, attained at ``argmin``
    and ``argmax``. ``exact`` says whether both are the extremes themselves; otherwise ``min_lower``
    <= min over the box and ``max_upper`` >= max over the box bound them (``min`` and ``max`` are
    then values attained). ``seconds``, ``domain``, ``model``, ``details`` and ``json``, the answer as
    ``range --json`` prints it.
    """
    min: Optional[float]
    max: Optional[float]
    argmin: Optional[np.ndarray]
    argmax: Optional[np.ndarray]
    exact: bool
    min_lower: Optional[float]
    max_upper: Optional[float]
    method: str
    domain: Dict[str, Any]
    model: str
    seconds: float
    details: Optional[str] = None
    json: Optional[Dict[str, Any]] = field(default=None, repr=False, compare=False)

    def __repr__(self) -> str:
        return _fields("Range", [
            ("min", _number(self.min)), ("max", _number(self.max)), ("exact", self.exact),
            ("min_lower", None if self.exact else _number(self.min_lower)),
            ("max_upper", None if self.exact else _number(self.max_upper)),
            ("method", repr(self.method)), ("domain", _domain(self.domain)), ("model", repr(self.model)),
            ("seconds", _number(self.seconds))])

    def _repr_html_(self) -> str:
        """A small table for Jupyter."""
        number = lambda x: None if x is None else f"{x:.6g}"  # noqa: E731
        return _html_table("Range", [
            ("min, max", f"{number(self.min)}, {number(self.max)}"), ("exact", self.exact),
            ("argmin", _html_array(self.argmin)), ("argmax", _html_array(self.argmax)),
            ("min lower bound", None if self.exact else number(self.min_lower)),
            ("max upper bound", None if self.exact else number(self.max_upper)), ("method", self.method),
            ("domain", (self.domain or {}).get("text", self.domain)), ("details", self.details),
            ("model", self.model), ("seconds", f"{self.seconds:.3g}")])

    @classmethod
    def from_json(cls, j: Dict[str, Any]) -> Range:
        """The record of an answer of range."""
        return cls(min=j.get("min"), max=j.get("max"), argmin=_array(j.get("argmin")),
                   argmax=_array(j.get("argmax")), exact=j["exact"], min_lower=j.get("min_lower"),
                   max_upper=j.get("max_upper"), method=j["method"], domain=j["domain"], model=j["model"],
                   seconds=j["seconds"], details=j.get("details"), json=j)


def _html_table(title: str, rows: Sequence[Tuple[str, Any]]) -> str:
    """A two-column HTML table of the rows whose value is not None, the first row's value in bold."""
    cells = "".join(f"<tr><th style=\"text-align:left\">{html.escape(k)}</th><td style=\"text-align:left\">"
                    + (f"<b>{html.escape(str(v))}</b>" if i == 0 else html.escape(str(v))) + "</td></tr>"
                    for i, (k, v) in enumerate(rows) if v is not None)
    return f"<table><caption style=\"text-align:left\">{html.escape(title)}</caption>{cells}</table>"
