"""Checker: the calls of the package, answered by one warm ``reluconvex serve`` worker."""

import base64
import math
import os
import threading

import numpy as np

from . import _models
from ._worker import Worker
from .errors import BadInputError, NotConvexError, WorkerError
from .results import Constraints, Icnn, Png, Regions, Verdict, Witness


class Checker:
    """Keeps one ``reluconvex serve`` process warm for many calls.

    Use it as a context manager (or call :meth:`close`). Calls from several threads are answered one
    at a time. A worker found dead is replaced before the next call (``restarts`` counts them); one
    that dies or exceeds ``timeout`` seconds during a call raises :class:`WorkerError` for that call.
    ``jar``, ``java``: see the README (defaults: $RELUCONVEX_JAR, the bundled jar, the checkout's).
    """

    def __init__(self, jar=None, java=None, jvm_args=(), timeout=None, start_timeout=120.0):
        self._options = dict(jar=jar, java=java, jvm_args=tuple(jvm_args), start_timeout=start_timeout)
        self.timeout = timeout
        self.restarts = 0
        self._worker = None
        self._closed = False
        self._lock = threading.Lock()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        """Ends the worker (end of its input; killed if it does not exit within 10 s)."""
        with self._lock:
            self._closed = True
            if self._worker is not None:
                self._worker.close()
                self._worker = None

    @property
    def pid(self):
        """The process id of the current worker (None before the first call)."""
        return None if self._worker is None else self._worker.process.pid

    def request(self, op, model, **fields):
        """One request of docs/serve.md; returns the answer without id and op (the fields of the
        command's --json), raises for an answer with "error"."""
        fields = {k: v for k, v in fields.items() if v is not None}
        with self._lock:
            if self._closed:
                raise WorkerError("this Checker is closed")
            if self._worker is None or not self._worker.alive():
                if self._worker is not None:
                    self.restarts += 1
                    self._worker.close()
                self._worker = Worker(**self._options)
            return self._worker.request({"op": op, "model": model, **fields}, self.timeout)

    # ------------------------------------------------------------------ the calls

    def check(self, model, box=None, global_=False, method="auto", time_limit=None, explain=False,
              max_memory=None, input_dim=None, **fields):
        """The exact convexity verdict of ``model`` on ``box`` ((lo, hi) in every coordinate, or one
        (lo, hi) per coordinate; default [-100, 100]^d) or on all of R^d (``global_=True``).
        ``fields``: other fields of the check request (docs/serve.md), e.g. ``solver="highs", threads=1``."""
        if time_limit is not None and not (isinstance(time_limit, (int, float)) and time_limit > 0):
            raise BadInputError(f"time_limit must be a positive number of seconds, not {time_limit!r}")
        fields.update(box=_box(box), method=method, time_limit=time_limit, explain=explain or None,
                      max_memory=max_memory)
        if global_:
            fields["global"] = True
        return Verdict.from_json(self.request("check", _model(model, box, input_dim), **fields))

    def regions(self, model, box=None, max_memory=None, input_dim=None):
        """Vertices, edges (and cells for d <= 2) of the polyhedral complex in ``box``."""
        return Regions.from_json(self.request("regions", _model(model, box, input_dim), box=_box(box),
                                              max_memory=max_memory))

    def info(self, model, input_dim=None):
        """Architecture, widths, weight blocks, parameter count, ICNN-ness (the fields of ``info --json``)."""
        return self.request("info", _model(model, None, input_dim))

    def evaluate(self, model, points, exact=False, input_dim=None):
        """f at the rows of ``points`` as the Java side computes it (``exact``: in rational arithmetic)."""
        x = np.atleast_2d(np.asarray(points, dtype=np.float64))
        if not np.isfinite(x).all():
            raise BadInputError("points must be finite numbers")
        j = self.request("eval", _model(model, None, input_dim), points=x.tolist(), exact=exact or None)
        return np.array(j["values"], dtype=np.float64)

    def to_icnn(self, model, out=None, float32=False, input_dim=None):
        """A convex one-hidden-layer network as an ICNN of the same width; written to ``out`` (.onnx or
        .json) if given, else returned as a reluconvex-network dict. Raises :class:`NotConvexError`
        (with ``witness``) for a network that is not convex."""
        try:
            j = self.request("to-icnn", _model(model, None, input_dim),
                             out=None if out is None else os.path.abspath(os.fspath(out)), float32=float32 or None)
        except NotConvexError as e:
            e.witness = Witness.from_json(e.answer.get("witness"))
            raise
        return Icnn(description=j["description"], max_relative_difference=j["max_relative_difference"],
                    network=j.get("icnn"), out=j.get("out"), json=j)

    def constraints(self, model, box=None, margin=0.0, gradient=False, max_memory=None, input_dim=None):
        """The constraints of criterion C1 on ``box`` as the convexity regulariser uses them (one per
        downstream pattern realised on a neuron's zero set), their gains, R = Σ max(0, margin − gain),
        and with ``gradient=True`` dR/dθ in the parameter layout of ``train``. MLPs and SkipMLPs."""
        if not (isinstance(margin, (int, float)) and math.isfinite(margin) and margin >= 0):
            raise BadInputError(f"margin must be a finite number >= 0, not {margin!r}")
        return Constraints.from_json(self.request("constraints", _model(model, box, input_dim), box=_box(box),
                                                  margin=float(margin) or None, gradient=gradient or None,
                                                  max_memory=max_memory))

    def plot(self, model, box=None, slice=None, axes=None, checker=None, out=None, input_dim=None):
        """A PNG of the function with its frontiers coloured by kink sign and the witness (bytes that
        Jupyter shows inline); also written to ``out`` if given."""
        j = self.request("plot", _model(model, box, input_dim), box=_box(box),
                         slice=None if slice is None else [float(v) for v in slice],
                         axes=None if axes is None else [int(a) for a in axes], checker=checker)
        png = Png(base64.b64decode(j["png_base64"]))
        if out is not None:
            with open(out, "wb") as f:
                f.write(png)
        return png


def _model(model, box, input_dim):
    """The request's model; a per-coordinate box tells a torch module's input dimension too."""
    if input_dim is None and box is not None and not isinstance(box, str):
        arr = np.asarray(box, dtype=object)
        if arr.ndim == 2:
            input_dim = arr.shape[0]
    return _models.model_field(model, input_dim)


def _box(box):
    """[lo, hi] or [[lo1, hi1], ...] for the request (a string is passed as the command line's --box)."""
    if box is None or isinstance(box, str):
        return box
    try:
        arr = np.asarray(box, dtype=np.float64)
    except (TypeError, ValueError):
        arr = None
    if arr is None or not (arr.shape == (2,) or (arr.ndim == 2 and arr.shape[1] == 2 and len(arr) > 0)):
        raise BadInputError(f"box must be (lo, hi) or a list of (lo, hi) per coordinate, not {box!r}")
    if not all(math.isfinite(v) for v in arr.flat):
        raise BadInputError(f"box bounds must be finite numbers, not {box!r}")
    return arr.tolist()
