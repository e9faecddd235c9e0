"""Exact convexity checks of ReLU networks from Python.

``reluconvex.check(model, box=(-1, 1))`` returns a :class:`Verdict`; ``model`` is a torch.nn.Module
(exported in memory through torch.onnx.export), a path to a .onnx or .json file, 'example:NAME', a
list of (W, b) numpy layers, ONNX bytes, or a reluconvex-network dict. The work is done by the Java
reluconvex tool, in a ``reluconvex serve`` process kept warm: the module-level functions share one
(started on first use, closed at exit); a :class:`Checker` owns its own.

``reluconvex.torch`` (needs torch) adds ``ConvexityPenalty``, a convexity regulariser for PyTorch
training loops, and ``certify``.
"""

import atexit
import threading

from ._checker import Checker
from .errors import (BadInputError, InternalError, NotConvexError, ReluconvexError, ResourceLimitError,
                     UnknownError, WorkerError)
from .results import Constraint, Constraints, Icnn, Png, Regions, Verdict, Witness, evaluate_in_python

__version__ = "0.1.0"

__all__ = ["check", "regions", "info", "evaluate", "to_icnn", "plot", "constraints", "Checker", "Verdict", "Witness",
           "Regions", "Constraint", "Constraints", "Icnn", "Png", "evaluate_in_python", "ReluconvexError", "BadInputError",
           "UnknownError", "InternalError", "ResourceLimitError", "NotConvexError", "WorkerError"]

_default = None
_default_lock = threading.Lock()


def default_checker():
    """The Checker the module-level functions use (started on first use, closed at interpreter exit)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Checker()
            atexit.register(_default.close)
        return _default


def check(model, box=None, global_=False, method="auto", time_limit=None, **options):
    """See :meth:`Checker.check`."""
    return default_checker().check(model, box=box, global_=global_, method=method, time_limit=time_limit, **options)


def regions(model, box=None, **options):
    """See :meth:`Checker.regions`."""
    return default_checker().regions(model, box=box, **options)


def info(model, **options):
    """See :meth:`Checker.info`."""
    return default_checker().info(model, **options)


def evaluate(model, points, exact=False, **options):
    """See :meth:`Checker.evaluate`."""
    return default_checker().evaluate(model, points, exact=exact, **options)


def to_icnn(model, out=None, **options):
    """See :meth:`Checker.to_icnn`."""
    return default_checker().to_icnn(model, out=out, **options)


def plot(model, box=None, **options):
    """See :meth:`Checker.plot`."""
    return default_checker().plot(model, box=box, **options)


def constraints(model, box=None, margin=0.0, gradient=False, **options):
    """See :meth:`Checker.constraints`."""
    return default_checker().constraints(model, box=box, margin=margin, gradient=gradient, **options)
