"""Exact convexity checks of ReLU networks from Python.

``reluconvex.check(model, box=(-1, 1))`` returns a :class:`Verdict` (also of concavity, or of
convexity in some inputs); ``monotone``, ``lipschitz`` and ``range`` decide the other properties
exactly; ``model`` is a torch.nn.Module
(exported in memory through torch.onnx.export), a path to a .onnx or .json file, 'example:NAME', a
list of (W, b) numpy layers, ONNX bytes, or a reluconvex-network dict. The work is done by the Java
reluconvex tool, in a ``reluconvex serve`` process kept warm: the module-level functions share one
(started on first use, closed at exit); a :class:`Checker` owns its own.

``reluconvex.torch`` (needs torch) adds ``ConvexityPenalty``, a convexity regulariser for PyTorch
training loops (also of convexity in some inputs), ``MonotonicityPenalty``, and ``certify`` and
``certify_monotone``, the exact verdicts.
"""

from __future__ import annotations

import atexit
import threading
from typing import TYPE_CHECKING, Any, Dict, Optional, Sequence, Union

import numpy as np

from ._checker import Checker
from ._progress import LineProgress, ProgressLike
from .errors import (BadInputError, InternalError, NotConvexError, ReluconvexError, ResourceLimitError,
                     UnknownError, WorkerError)
from .results import (Constraint, Constraints, Icnn, Lipschitz, MonotoneVerdict, MonotoneWitness, Png, Range, Regions,
                      Verdict, Witness, evaluate_in_python)

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

    from ._typing import BoxLike, ModelLike, PathLike

__version__ = "0.1.0"

# ``range`` is left out of __all__: ``from reluconvex import *`` must not hide the builtin range.
__all__ = ["check", "monotone", "lipschitz", "regions", "info", "evaluate", "to_icnn", "plot", "constraints", "Checker",
           "Verdict", "Witness", "MonotoneVerdict", "MonotoneWitness", "Lipschitz", "Range", "Regions", "Constraint",
           "Constraints", "Icnn", "Png", "evaluate_in_python", "ReluconvexError", "BadInputError", "UnknownError",
           "InternalError", "ResourceLimitError", "NotConvexError", "WorkerError", "LineProgress"]

_default: Optional[Checker] = None
_default_lock = threading.Lock()


def default_checker() -> Checker:
    """The Checker the module-level functions use (started on first use, closed at interpreter exit)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Checker()
            atexit.register(_default.close)
        return _default


# The functions below take the parameters of the Checker methods of the same name, with the same
# defaults (tests/test_signatures.py compares them), and run on default_checker().


def check(model: ModelLike, box: Optional[BoxLike] = None, global_: bool = False, method: str = "auto",
          time_limit: Optional[float] = None, explain: bool = False, max_memory: Union[str, int, None] = None,
          input_dim: Optional[int] = None, *, exhaustive: bool = False, solver: Optional[str] = None,
          threads: Optional[int] = None, concave: bool = False, convex_in: Optional[Sequence[int]] = None,
          progress: ProgressLike = None) -> Verdict:
    """The exact convexity verdict of ``model`` on a box or on all of R^d (``check``), or of
    concavity, or of convexity in some of the inputs.

    Args:
        model: a torch.nn.Module (exported in memory through ONNX), a path to a .onnx or .json
            file, 'example:NAME', a list of (W, b) numpy layers with ReLU between them, ONNX
            bytes, or a reluconvex-network dict.
        box: (lo, hi) in every coordinate, or one (lo, hi) per coordinate (which also tells a
            torch module's input dimension), or a string as ``--box`` takes it; default
            [-100, 100]^d.
        global_: check on all of R^d instead of a box (``--global``; not with ``box``).
        method: a method of ``check --method``: "auto", "skeleton", "cells", "onelayer" or "milp".
        time_limit: seconds, the budget of milp's integer programs (``--time-limit``).
        explain: report each hidden neuron (``--explain``: its zero set in the box, the patterns
            realised there, its smallest gain; in ``json["neurons"]``).
        max_memory: the memory the complex may use, "2G" or bytes (``--max-memory``).
        input_dim: the input dimension of a torch module whose first nn.Linear does not tell it.
        exhaustive: build the complex even when the early witness search decides (``--exhaustive``).
        solver: the MILP solver of ``milp`` (``--solver``).
        threads: the threads of ``milp``'s solver (``--threads``).
        concave: check concavity instead (``--concave``): the verdict is "concave",
            "not_concave" (a witness with f((a+b)/2) < (f(a)+f(b))/2) or "unknown".
        convex_in: check convexity in these inputs only (0-based), the others held fixed
            (``--convex-in``); the witness's a and b differ only in these inputs.
        progress: True shows the progress of a long check (pieces of a large complex, integer
            programs) on one line of standard error; a function receives each event as a dict
            (``{"kind": "programs", "done": 3, "total": 40, ...}``); None (default): nothing.

    Returns:
        a :class:`Verdict`: "convex", "not_convex" (with a witness) or "unknown" (with a reason);
        ``property`` says what was checked, ``holds`` whether it holds.

    Raises:
        BadInputError: the model, the box or an option is wrong (the message names it).
    """
    return default_checker().check(model, box=box, global_=global_, method=method, time_limit=time_limit,
                                   explain=explain, max_memory=max_memory, input_dim=input_dim,
                                   exhaustive=exhaustive, solver=solver, threads=threads, concave=concave,
                                   convex_in=convex_in, progress=progress)


def monotone(model: ModelLike, increasing: Sequence[int] = (), decreasing: Sequence[int] = (),
             box: Optional[BoxLike] = None, method: str = "auto", time_limit: Optional[float] = None,
             max_memory: Union[str, int, None] = None, input_dim: Optional[int] = None, *,
             solver: Optional[str] = None, threads: Optional[int] = None) -> MonotoneVerdict:
    """Whether f is non-decreasing in the inputs ``increasing`` and non-increasing in the inputs
    ``decreasing`` on a box, exactly (``monotone``).

    Args:
        model: as in :func:`check`.
        increasing: the inputs (0-based) in which f must not decrease.
        decreasing: the inputs (0-based) in which f must not increase; at least one input in all.
        box: as in :func:`check`.
        method: "auto", "cells" (the sign of the partial derivatives on every cell) or "milp".
        time_limit: seconds, the budget of milp's integer programs (``--time-limit``).
        max_memory: the memory the check may use, "2G" or bytes (``--max-memory``).
        input_dim: the input dimension of a torch module whose first nn.Linear does not tell it.
        solver: the MILP solver of ``milp`` (``--solver``).
        threads: the threads of ``milp``'s solver (``--threads``).

    Returns:
        a :class:`MonotoneVerdict`: "monotone", "not_monotone" (with a witness: two points that
        differ in one input) or "unknown" (with a reason).

    Raises:
        BadInputError: the model, the box, an input index or an option is wrong (the message names it).
    """
    return default_checker().monotone(model, increasing=increasing, decreasing=decreasing, box=box, method=method,
                                      time_limit=time_limit, max_memory=max_memory, input_dim=input_dim,
                                      solver=solver, threads=threads)


def lipschitz(model: ModelLike, norm: Union[str, int, float] = "inf", box: Optional[BoxLike] = None,
              method: str = "auto", time_limit: Optional[float] = None, max_memory: Union[str, int, None] = None,
              input_dim: Optional[int] = None, *, solver: Optional[str] = None,
              threads: Optional[int] = None) -> Lipschitz:
    """The Lipschitz constant of f on a box, max |f(x) - f(y)| / |x - y| in the input norm
    ``norm`` (``lipschitz``): the largest dual norm of the gradient over the linear pieces.

    Args:
        model: as in :func:`check`.
        norm: the norm of the inputs: "inf" (or math.inf), "1" (or 1) or "2" (or 2).
        box: as in :func:`check`.
        method: "auto", "cells" (every cell's gradient, exact) or "milp" (exact for "inf" and "1",
            bounds for "2").
        time_limit: seconds, the budget of milp's integer programs (``--time-limit``).
        max_memory: the memory the computation may use, "2G" or bytes (``--max-memory``).
        input_dim: the input dimension of a torch module whose first nn.Linear does not tell it.
        solver: the MILP solver of ``milp`` (``--solver``).
        threads: the threads of ``milp``'s solver (``--threads``).

    Returns:
        a :class:`Lipschitz`: the constant, whether it is exact (else bounds), and the point and
        gradient where it is attained.

    Raises:
        BadInputError: the model, the box, the norm or an option is wrong (the message names it).
    """
    return default_checker().lipschitz(model, norm=norm, box=box, method=method, time_limit=time_limit,
                                       max_memory=max_memory, input_dim=input_dim, solver=solver, threads=threads)


def range(model: ModelLike, box: Optional[BoxLike] = None, method: str = "auto", time_limit: Optional[float] = None,
          max_memory: Union[str, int, None] = None, input_dim: Optional[int] = None, *,
          solver: Optional[str] = None, threads: Optional[int] = None) -> Range:
    """The smallest and largest values of f on a box, and where they are attained (``range``).

    (Not in ``__all__``: a star import would hide the builtin range.)

    Args:
        model: as in :func:`check`.
        box: as in :func:`check`.
        method: "auto", "skeleton" (f at the vertices of the certified complex) or "milp".
        time_limit: seconds, the budget of milp's integer programs (``--time-limit``).
        max_memory: the memory the complex may use, "2G" or bytes (``--max-memory``).
        input_dim: the input dimension of a torch module whose first nn.Linear does not tell it.
        solver: the MILP solver of ``milp`` (``--solver``).
        threads: the threads of ``milp``'s solver (``--threads``).

    Returns:
        a :class:`Range`: min, max, argmin, argmax, and whether they are exact (else bounds).

    Raises:
        BadInputError: the model, the box or an option is wrong (the message names it).
    """
    return default_checker().range(model, box=box, method=method, time_limit=time_limit, max_memory=max_memory,
                                   input_dim=input_dim, solver=solver, threads=threads)


def regions(model: ModelLike, box: Optional[BoxLike] = None, max_memory: Union[str, int, None] = None,
            input_dim: Optional[int] = None, *, progress: ProgressLike = None) -> Regions:
    """Vertices, edges (and cells for d <= 2) of the polyhedral complex in ``box`` (``regions``).

    Args:
        model: as in :func:`check`.
        box: as in :func:`check`.
        max_memory: the memory the complex may use, "2G" or bytes (``--max-memory``).
        input_dim: the input dimension of a torch module whose first nn.Linear does not tell it.
        progress: as in :func:`check` (a large complex is built in pieces).
    """
    return default_checker().regions(model, box=box, max_memory=max_memory, input_dim=input_dim, progress=progress)


def info(model: ModelLike, input_dim: Optional[int] = None) -> Dict[str, Any]:
    """Architecture, widths, weight blocks, parameter count, ICNN-ness (the fields of ``info --json``).

    Args:
        model: as in :func:`check`.
        input_dim: the input dimension of a torch module whose first nn.Linear does not tell it.
    """
    return default_checker().info(model, input_dim=input_dim)


def evaluate(model: ModelLike, points: ArrayLike, exact: bool = False, input_dim: Optional[int] = None) -> np.ndarray:
    """f at the rows of ``points`` as the Java side computes it (``eval``).

    Args:
        model: as in :func:`check`.
        points: one point, or an (n, d) array of points.
        exact: compute in rational arithmetic (``--exact``).
        input_dim: the input dimension of a torch module whose first nn.Linear does not tell it.

    Returns:
        the n values, float64.
    """
    return default_checker().evaluate(model, points, exact=exact, input_dim=input_dim)


def to_icnn(model: ModelLike, out: Optional[PathLike] = None, float32: bool = False,
            input_dim: Optional[int] = None) -> Icnn:
    """A convex one-hidden-layer network as an ICNN of the same width (``to-icnn``).

    Args:
        model: as in :func:`check`.
        out: a .onnx or .json file to write the ICNN to; without it the ICNN comes back as a
            reluconvex-network dict (``Icnn.network``).
        float32: write float32 weights (``--float32``).
        input_dim: the input dimension of a torch module whose first nn.Linear does not tell it.

    Raises:
        NotConvexError: the network is not convex (``witness`` proves it).
    """
    return default_checker().to_icnn(model, out=out, float32=float32, input_dim=input_dim)


def plot(model: ModelLike, box: Optional[BoxLike] = None, slice: Optional[Sequence[float]] = None,
         axes: Optional[Sequence[int]] = None, checker: Optional[str] = None, out: Optional[PathLike] = None,
         input_dim: Optional[int] = None) -> Png:
    """A PNG of the function with its frontiers coloured by kink sign and the witness (``plot``):
    bytes that Jupyter shows inline.

    Args:
        model: as in :func:`check`.
        box: as in :func:`check`, but by default [-3, 3]^d.
        slice: for d > 2, the point the 2-D slice passes through (one number per coordinate).
        axes: for d > 2, the two free coordinates [i, j], 1-based (default [1, 2]).
        checker: the convexity checker whose witness is drawn (``--checker``).
        out: also write the PNG to this file.
        input_dim: the input dimension of a torch module whose first nn.Linear does not tell it.
    """
    return default_checker().plot(model, box=box, slice=slice, axes=axes, checker=checker, out=out,
                                  input_dim=input_dim)


def constraints(model: ModelLike, box: Optional[BoxLike] = None, margin: float = 0.0, gradient: bool = False,
                max_memory: Union[str, int, None] = None, input_dim: Optional[int] = None, *,
                convex_in: Optional[Sequence[int]] = None) -> Constraints:
    """The constraints of criterion C1 on ``box`` as the convexity regulariser uses them (one per
    downstream pattern realised on a neuron's zero set), their gains, and R = Σ max(0, margin − gain)
    (``constraints``). MLPs and SkipMLPs.

    Args:
        model: as in :func:`check`.
        box: as in :func:`check`.
        margin: δ >= 0 in max(0, δ − gain).
        gradient: also return dR/dθ in the parameter layout of ``train``.
        max_memory: the memory the complex may use, "2G" or bytes (``--max-memory``).
        input_dim: the input dimension of a torch module whose first nn.Linear does not tell it.
        convex_in: keep only the constraints of the neurons that a path of non-zero weights from
            these inputs (0-based) reaches (``--convex-in``): those of convexity in these inputs.
    """
    return default_checker().constraints(model, box=box, margin=margin, gradient=gradient, max_memory=max_memory,
                                         input_dim=input_dim, convex_in=convex_in)
