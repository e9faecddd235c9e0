"""What the calls return: small immutable records made from the answers of the serve protocol."""

import copy
from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from . import _models


def evaluate_in_python(f, points):
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
        m = copy.deepcopy(f).double().eval()
        with torch.no_grad():
            return m(torch.from_numpy(x)).reshape(len(x)).cpu().numpy()
    return np.asarray(f(x), dtype=np.float64).reshape(len(x))


@dataclass(frozen=True)
class Witness:
    """Two points a, b with f((a+b)/2) > (f(a)+f(b))/2, proven on the Java side; ``excess`` is that difference,
    ``found_by`` how the checker found it (for example the early search, or the complex), when it says."""
    a: np.ndarray
    b: np.ndarray
    excess: float
    found_by: Optional[str] = None

    @property
    def midpoint(self):
        return (self.a + self.b) / 2

    def excess_in(self, f):
        """f((a+b)/2) - (f(a)+f(b))/2 with f evaluated in Python (see :func:`evaluate_in_python`):
        positive means this witness also convinces an independent evaluation."""
        fa, fb, fm = evaluate_in_python(f, np.stack([self.a, self.b, self.midpoint]))
        return float(fm - (fa + fb) / 2)

    @classmethod
    def from_json(cls, w):
        if w is None:
            return None
        return cls(np.array(w["a"], dtype=np.float64), np.array(w["b"], dtype=np.float64), float(w["excess"]),
                   w.get("found_by"))


@dataclass(frozen=True)
class Verdict:
    """The answer of check: ``verdict`` is "convex", "not_convex" or "unknown" (``reason`` says why)."""
    verdict: str
    method: str
    exit_code: int
    witness: Optional[Witness]
    min_gain: Optional[float]
    vertices: Optional[int]
    edges: Optional[int]
    cells: Optional[int]
    seconds: float
    domain: dict
    model: str
    reason: Optional[str] = None
    details: Optional[str] = None
    json: dict = field(default=None, repr=False, compare=False)

    @property
    def convex(self):
        """True, False, or None when unknown."""
        return {"convex": True, "not_convex": False}.get(self.verdict)

    @classmethod
    def from_json(cls, j):
        return cls(verdict=j["verdict"], method=j["method"], exit_code=j["exit_code"],
                   witness=Witness.from_json(j.get("witness")), min_gain=j.get("min_gain"),
                   vertices=j.get("vertices"), edges=j.get("edges"), cells=j.get("cells"),
                   seconds=j["check_seconds"], domain=j["domain"], model=j["model"],
                   reason=j.get("reason"), details=j.get("details"), json=j)


@dataclass(frozen=True)
class Regions:
    """The size of the polyhedral complex in a box (``cells`` is None for d > 2)."""
    vertices: int
    edges: int
    cells: Optional[int]
    exact: bool
    seconds: float
    domain: dict
    model: str
    json: dict = field(default=None, repr=False, compare=False)

    @classmethod
    def from_json(cls, j):
        return cls(vertices=j["vertices"], edges=j["edges"], cells=j.get("cells"), exact=j["exact"],
                   seconds=j["seconds"], domain=j["domain"], model=j["model"], json=j)


@dataclass(frozen=True)
class Icnn:
    """A convex one-hidden-layer network rewritten as an ICNN of the same width: ``network`` is the
    reluconvex-network dict (None when written to ``out``)."""
    description: str
    max_relative_difference: float
    network: Optional[dict]
    out: Optional[str]
    json: dict = field(default=None, repr=False, compare=False)

    def __call__(self, x):
        """The ICNN at the rows of x (numpy, float64)."""
        if self.network is None:
            raise ValueError(f"the ICNN was written to {self.out}; read it with reluconvex.check or eval")
        return _models.json_forward(self.network, x)


class Png(bytes):
    """PNG bytes; Jupyter shows them as the image."""

    def _repr_png_(self):
        return bytes(self)


@dataclass(frozen=True)
class Constraint:
    """One condition g_ν(a) ≥ 0 of criterion C1 (MATH.md sections 3, 4 and 7): neuron ``neuron``
    (0-based) of hidden layer ``layer`` (1-based: the output of the layer-th Linear) under the
    downstream pattern ``pattern`` (one boolean array per hidden layer after ``layer``: which
    neurons are active), realised on the neuron's zero set inside the box. ``gain`` is g_ν(a) as
    the Java side computed it when the list was made."""
    layer: int
    neuron: int
    pattern: tuple
    gain: float

    @classmethod
    def from_json(cls, c):
        return cls(layer=c["layer"], neuron=c["neuron"],
                   pattern=tuple(np.array(row, dtype=bool) for row in c["pattern"]), gain=float(c["gain"]))


@dataclass(frozen=True)
class Constraints:
    """The answer of ``constraints``: the constraint list of a network on a box, as the regulariser
    of ``train`` uses it, with ``penalty`` = Σ max(0, margin − gain) (R for margin 0), and with
    ``gradient=True`` its gradient dR/dθ as a flat vector in the order of ``parameter_layout``
    (one entry per block: layer, "weights" (from layer ``from``, shape [to, from]) or "bias", offset, shape)."""
    constraints: tuple
    min_gain: Optional[float]
    margin: float
    penalty: float
    gradient: Optional[np.ndarray]
    parameter_layout: Optional[list]
    architecture: str
    hidden_widths: tuple
    seconds: float
    domain: dict
    model: str
    json: dict = field(default=None, repr=False, compare=False)

    def __len__(self):
        return len(self.constraints)

    def __iter__(self):
        return iter(self.constraints)

    @classmethod
    def from_json(cls, j):
        grad = j.get("gradient")
        return cls(constraints=tuple(Constraint.from_json(c) for c in j["constraints"]), min_gain=j.get("min_gain"),
                   margin=j["margin"], penalty=j["penalty"],
                   gradient=None if grad is None else np.array(grad, dtype=np.float64),
                   parameter_layout=j.get("parameter_layout"), architecture=j["architecture"],
                   hidden_widths=tuple(j["hidden_widths"]), seconds=j["seconds"], domain=j["domain"],
                   model=j["model"], json=j)
