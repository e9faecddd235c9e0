"""What the calls return: small immutable records made from the answers of the serve protocol.

Their ``repr`` is one readable line (the numbers that matter, the domain as the command line writes
it); ``json`` keeps the whole answer. A :class:`Verdict` shows as a small table in Jupyter.
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
    ``found_by`` how the checker found it (for example the early search, or the complex), when it says."""
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
        """f((a+b)/2) - (f(a)+f(b))/2 with f evaluated in Python (see :func:`evaluate_in_python`):
        positive means this witness also convinces an independent evaluation."""
        fa, fb, fm = evaluate_in_python(f, np.stack([self.a, self.b, self.midpoint]))
        return float(fm - (fa + fb) / 2)

    @classmethod
    def from_json(cls, w: Optional[Dict[str, Any]]) -> Optional[Witness]:
        """The witness of an answer (None for null)."""
        if w is None:
            return None
        return cls(np.array(w["a"], dtype=np.float64), np.array(w["b"], dtype=np.float64), float(w["excess"]),
                   w.get("found_by"))


@dataclass(frozen=True, repr=False)
class Verdict:
    """The answer of check: ``verdict`` is "convex", "not_convex" or "unknown" (``reason`` says why).

    ``witness`` (not convex), ``min_gain``, the counts of the complex (None when none was built),
    ``seconds`` (the check alone), ``domain`` (the answer's domain object; ``domain["text"]`` as the
    command line writes it), ``model``, ``details`` and ``json``, the answer as ``check --json``
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

    @property
    def convex(self) -> Optional[bool]:
        """True, False, or None when unknown."""
        return {"convex": True, "not_convex": False}.get(self.verdict)

    def __repr__(self) -> str:
        w = self.witness
        return _fields("Verdict", [
            ("verdict", repr(self.verdict)), ("method", repr(self.method)), ("domain", _domain(self.domain)),
            ("reason", None if self.reason is None else repr(self.reason)),
            ("witness", None if w is None else f"Witness(excess={_number(w.excess)}, ...)"),
            ("min_gain", None if self.min_gain is None else _number(self.min_gain)),
            ("vertices", self.vertices), ("edges", self.edges), ("cells", self.cells),
            ("model", repr(self.model)), ("seconds", _number(self.seconds))])

    def _repr_html_(self) -> str:
        """A small table for Jupyter."""
        rows: List[Tuple[str, Any]] = [("verdict", self.verdict), ("method", self.method),
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
        return cls(verdict=j["verdict"], method=j["method"], exit_code=j["exit_code"],
                   witness=Witness.from_json(j.get("witness")), min_gain=j.get("min_gain"),
                   vertices=j.get("vertices"), edges=j.get("edges"), cells=j.get("cells"),
                   seconds=j["check_seconds"], domain=j["domain"], model=j["model"],
                   reason=j.get("reason"), details=j.get("details"), json=j)


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


def _html_table(title: str, rows: Sequence[Tuple[str, Any]]) -> str:
    """A two-column HTML table of the rows whose value is not None, the first row's value in bold."""
    cells = "".join(f"<tr><th style=\"text-align:left\">{html.escape(k)}</th><td style=\"text-align:left\">"
                    + (f"<b>{html.escape(str(v))}</b>" if i == 0 else html.escape(str(v))) + "</td></tr>"
                    for i, (k, v) in enumerate(rows) if v is not None)
    return f"<table><caption style=\"text-align:left\">{html.escape(title)}</caption>{cells}</table>"
