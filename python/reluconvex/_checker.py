"""Checker: the calls of the package, answered by one warm ``reluconvex serve`` worker."""

from __future__ import annotations

import base64
import math
import os
import threading
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Sequence, Union

import numpy as np

from . import _models, _progress
from ._progress import ProgressLike
from ._worker import Worker
from .errors import BadInputError, NotConvexError, WorkerError
from .results import Constraints, Icnn, Lipschitz, MonotoneVerdict, Png, Range, Regions, Verdict, Witness

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

    from ._typing import BoxLike, ModelLike, PathLike


class Checker:
    """Keeps one ``reluconvex serve`` process warm for many calls.

    Use it as a context manager (or call :meth:`close`). Calls from several threads are answered one
    at a time. A worker found dead is replaced before the next call (``restarts`` counts them); one
    that dies or exceeds ``timeout`` seconds during a call raises :class:`WorkerError` for that call.

    Args:
        jar: the reluconvex jar (default: $RELUCONVEX_JAR, the bundled jar, the checkout's
            target/reluconvex.jar).
        java: the java executable (default: $RELUCONVEX_JAVA, $JAVA_HOME/bin/java, java on the PATH).
        jvm_args: options of the JVM, before ``-jar``.
        timeout: seconds a call may take before the worker is stopped (default: no limit).
        start_timeout: seconds the worker may take to start.
    """

    def __init__(self, jar: Optional[PathLike] = None, java: Optional[PathLike] = None,
                 jvm_args: Sequence[str] = (), timeout: Optional[float] = None, start_timeout: float = 120.0) -> None:
        self._options: Dict[str, Any] = dict(jar=jar, java=java, jvm_args=tuple(jvm_args),
                                             start_timeout=start_timeout)
        self.timeout = timeout
        self.restarts = 0
        self._worker: Optional[Worker] = None
        self._closed = False
        self._lock = threading.Lock()

    def __enter__(self) -> Checker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Ends the worker (end of its input; killed if it does not exit within 10 s)."""
        with self._lock:
            self._closed = True
            if self._worker is not None:
                self._worker.close()
                self._worker = None

    @property
    def pid(self) -> Optional[int]:
        """The process id of the current worker (None before the first call)."""
        return None if self._worker is None else self._worker.process.pid

    def request(self, op: str, model: Union[str, Dict[str, Any]], *,
                on_progress: Optional[Callable[[Dict[str, Any]], None]] = None, **fields: Any) -> Dict[str, Any]:
        """One request of docs/serve.md, as it is sent: ``op``, the ``model`` field (a path, or an
        inline model dict) and the op's fields (None: left out); returns the answer without id and op
        (the fields of the command's --json), raises for an answer with "error". With ``progress=True``
        among the fields, ``on_progress`` receives each progress event. The methods below are the
        usual way in."""
        fields = {k: v for k, v in fields.items() if v is not None}
        with self._lock:
            if self._closed:
                raise WorkerError("this Checker is closed")
            if self._worker is None or not self._worker.alive():
                if self._worker is not None:
                    self.restarts += 1
                    self._worker.close()
                self._worker = Worker(**self._options)
            return self._worker.request({"op": op, "model": model, **fields}, self.timeout, on_progress)

    def _call(self, op: str, model: Union[str, Dict[str, Any]], progress: ProgressLike, **fields: Any) -> Dict[str, Any]:
        """A request whose progress events go where ``progress`` says (see :data:`ProgressLike`)."""
        listener = _progress.resolve(progress)
        if listener is None:
            return self.request(op, model, **fields)
        try:
            return self.request(op, model, on_progress=listener, progress=True, **fields)
        finally:
            if isinstance(listener, _progress.LineProgress):
                listener.end()

    # ------------------------------------------------------------------ the calls

    def check(self, model: ModelLike, box: Optional[BoxLike] = None, global_: bool = False, method: str = "auto",
              time_limit: Optional[float] = None, explain: bool = False, max_memory: Union[str, int, None] = None,
              input_dim: Optional[int] = None, *, exhaustive: bool = False, solver: Optional[str] = None,
              threads: Optional[int] = None, concave: bool = False,
              convex_in: Optional[Sequence[int]] = None, progress: ProgressLike = None) -> Verdict:
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
        _time_limit(time_limit)
        fields: Dict[str, Any] = dict(box=_box(box), method=method, time_limit=time_limit, explain=explain or None,
                                      exhaustive=exhaustive or None, solver=solver, threads=threads,
                                      max_memory=max_memory, concave=concave or None,
                                      convex_in=None if convex_in is None else _inputs("convex_in", convex_in))
        if global_:
            fields["global"] = True
        return Verdict.from_json(self._call("check", _model(model, box, input_dim), progress, **fields))

    def monotone(self, model: ModelLike, increasing: Sequence[int] = (), decreasing: Sequence[int] = (),
                 box: Optional[BoxLike] = None, method: str = "auto", time_limit: Optional[float] = None,
                 max_memory: Union[str, int, None] = None, input_dim: Optional[int] = None, *,
                 solver: Optional[str] = None, threads: Optional[int] = None) -> MonotoneVerdict:
        """Whether f is non-decreasing in the inputs ``increasing`` and non-increasing in the inputs
        ``decreasing`` on a box, exactly (``monotone``).

        Args:
            model: as in :meth:`check`.
            increasing: the inputs (0-based) in which f must not decrease.
            decreasing: the inputs (0-based) in which f must not increase; at least one input in all.
            box: as in :meth:`check`.
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
        _time_limit(time_limit)
        return MonotoneVerdict.from_json(self.request(
            "monotone", _model(model, box, input_dim), box=_box(box), method=method,
            increasing=_inputs("increasing", increasing) or None, decreasing=_inputs("decreasing", decreasing) or None,
            time_limit=time_limit, solver=solver, threads=threads, max_memory=max_memory))

    def lipschitz(self, model: ModelLike, norm: Union[str, int, float] = "inf", box: Optional[BoxLike] = None,
                  method: str = "auto", time_limit: Optional[float] = None, max_memory: Union[str, int, None] = None,
                  input_dim: Optional[int] = None, *, solver: Optional[str] = None,
                  threads: Optional[int] = None) -> Lipschitz:
        """The Lipschitz constant of f on a box, max |f(x) - f(y)| / |x - y| in the input norm
        ``norm`` (``lipschitz``): the largest dual norm of the gradient over the linear pieces.

        Args:
            model: as in :meth:`check`.
            norm: the norm of the inputs: "inf" (or math.inf), "1" (or 1) or "2" (or 2).
            box: as in :meth:`check`.
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
        _time_limit(time_limit)
        return Lipschitz.from_json(self.request("lipschitz", _model(model, box, input_dim), box=_box(box),
                                                method=method, norm=_norm(norm), time_limit=time_limit,
                                                solver=solver, threads=threads, max_memory=max_memory))

    def range(self, model: ModelLike, box: Optional[BoxLike] = None, method: str = "auto",
              time_limit: Optional[float] = None, max_memory: Union[str, int, None] = None,
              input_dim: Optional[int] = None, *, solver: Optional[str] = None,
              threads: Optional[int] = None) -> Range:
        """The smallest and largest values of f on a box, and where they are attained (``range``).

        Args:
            model: as in :meth:`check`.
            box: as in :meth:`check`.
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
        _time_limit(time_limit)
        return Range.from_json(self.request("range", _model(model, box, input_dim), box=_box(box), method=method,
                                            time_limit=time_limit, solver=solver, threads=threads,
                                            max_memory=max_memory))

    def regions(self, model: ModelLike, box: Optional[BoxLike] = None, max_memory: Union[str, int, None] = None,
                input_dim: Optional[int] = None, *, progress: ProgressLike = None) -> Regions:
        """Vertices, edges (and cells for d <= 2) of the polyhedral complex in ``box`` (``regions``).

        Args:
            model: as in :meth:`check`.
            box: as in :meth:`check`.
            max_memory: the memory the complex may use, "2G" or bytes (``--max-memory``).
            input_dim: the input dimension of a torch module whose first nn.Linear does not tell it.
            progress: as in :meth:`check` (a large complex is built in pieces).
        """
        return Regions.from_json(self._call("regions", _model(model, box, input_dim), progress, box=_box(box),
                                              max_memory=max_memory))

    def info(self, model: ModelLike, input_dim: Optional[int] = None) -> Dict[str, Any]:
        """Architecture, widths, weight blocks, parameter count, ICNN-ness (the fields of ``info --json``).

        Args:
            model: as in :meth:`check`.
            input_dim: the input dimension of a torch module whose first nn.Linear does not tell it.
        """
        return self.request("info", _model(model, None, input_dim))

    def evaluate(self, model: ModelLike, points: ArrayLike, exact: bool = False,
                 input_dim: Optional[int] = None) -> np.ndarray:
        """f at the rows of ``points`` as the Java side computes it (``eval``).

        Args:
            model: as in :meth:`check`.
            points: one point, or an (n, d) array of points.
            exact: compute in rational arithmetic (``--exact``).
            input_dim: the input dimension of a torch module whose first nn.Linear does not tell it.

        Returns:
            the n values, float64.
        """
        x = np.atleast_2d(np.asarray(points, dtype=np.float64))
        if not np.isfinite(x).all():
            raise BadInputError("points must be finite numbers")
        j = self.request("eval", _model(model, None, input_dim), points=x.tolist(), exact=exact or None)
        return np.array(j["values"], dtype=np.float64)

    def to_icnn(self, model: ModelLike, out: Optional[PathLike] = None, float32: bool = False,
                input_dim: Optional[int] = None) -> Icnn:
        """A convex one-hidden-layer network as an ICNN of the same width (``to-icnn``).

        Args:
            model: as in :meth:`check`.
            out: a .onnx or .json file to write the ICNN to; without it the ICNN comes back as a
                reluconvex-network dict (``Icnn.network``).
            float32: write float32 weights (``--float32``).
            input_dim: the input dimension of a torch module whose first nn.Linear does not tell it.

        Raises:
            NotConvexError: the network is not convex (``witness`` proves it).
        """
        try:
            j = self.request("to-icnn", _model(model, None, input_dim),
                             out=None if out is None else os.path.abspath(os.fspath(out)), float32=float32 or None)
        except NotConvexError as e:
            e.witness = Witness.from_json(e.answer.get("witness"))
            raise
        return Icnn(description=j["description"], max_relative_difference=j["max_relative_difference"],
                    network=j.get("icnn"), out=j.get("out"), json=j)

    def constraints(self, model: ModelLike, box: Optional[BoxLike] = None, margin: float = 0.0, gradient: bool = False,
                    max_memory: Union[str, int, None] = None, input_dim: Optional[int] = None, *,
                    convex_in: Optional[Sequence[int]] = None) -> Constraints:
        """The constraints of criterion C1 on ``box`` as the convexity regulariser uses them (one per
        downstream pattern realised on a neuron's zero set), their gains, and R = Σ max(0, margin − gain)
        (``constraints``). MLPs and SkipMLPs.

        Args:
            model: as in :meth:`check`.
            box: as in :meth:`check`.
            margin: δ >= 0 in max(0, δ − gain).
            gradient: also return dR/dθ in the parameter layout of ``train``.
            max_memory: the memory the complex may use, "2G" or bytes (``--max-memory``).
            input_dim: the input dimension of a torch module whose first nn.Linear does not tell it.
            convex_in: keep only the constraints of the neurons that a path of non-zero weights from
                these inputs (0-based) reaches (``--convex-in``): those of convexity in these inputs.
        """
        if not (isinstance(margin, (int, float)) and math.isfinite(margin) and margin >= 0):
            raise BadInputError(f"margin must be a finite number >= 0, not {margin!r}")
        return Constraints.from_json(self.request("constraints", _model(model, box, input_dim), box=_box(box),
                                                  margin=float(margin) or None, gradient=gradient or None,
                                                  max_memory=max_memory,
                                                  convex_in=None if convex_in is None else
                                                  _inputs("convex_in", convex_in)))

    def plot(self, model: ModelLike, box: Optional[BoxLike] = None, slice: Optional[Sequence[float]] = None,
             axes: Optional[Sequence[int]] = None, checker: Optional[str] = None, out: Optional[PathLike] = None,
             input_dim: Optional[int] = None) -> Png:
        """A PNG of the function with its frontiers coloured by kink sign and the witness (``plot``):
        bytes that Jupyter shows inline.

        Args:
            model: as in :meth:`check`.
            box: as in :meth:`check`, but by default [-3, 3]^d.
            slice: for d > 2, the point the 2-D slice passes through (one number per coordinate).
            axes: for d > 2, the two free coordinates [i, j], 1-based (default [1, 2]).
            checker: the convexity checker whose witness is drawn (``--checker``).
            out: also write the PNG to this file.
            input_dim: the input dimension of a torch module whose first nn.Linear does not tell it.
        """
        j = self.request("plot", _model(model, box, input_dim), box=_box(box),
                         slice=None if slice is None else [float(v) for v in slice],
                         axes=None if axes is None else [int(a) for a in axes], checker=checker)
        png = Png(base64.b64decode(j["png_base64"]))
        if out is not None:
            with open(out, "wb") as f:
                f.write(png)
        return png


def _model(model: ModelLike, box: Optional[BoxLike], input_dim: Optional[int]) -> Union[str, Dict[str, Any]]:
    """The request's model; a per-coordinate box tells a torch module's input dimension too."""
    box_dim = None
    if box is not None and not isinstance(box, str):
        arr = np.asarray(box, dtype=object)
        if arr.ndim == 2:
            box_dim = arr.shape[0]
    return _models.model_field(model, input_dim, box_dim)


def _time_limit(time_limit: Optional[float]) -> None:
    if time_limit is not None and not (isinstance(time_limit, (int, float)) and not isinstance(time_limit, bool)
                                       and time_limit > 0):
        raise BadInputError(f"time_limit must be a positive number of seconds, not {time_limit!r}")


def _inputs(name: str, inputs: Sequence[int]) -> List[int]:
    """Input indices (0-based) for the request; whether they exist is the Java side's to say."""
    if isinstance(inputs, (str, bytes)) or not hasattr(inputs, "__iter__"):
        raise BadInputError(f"{name} must be a sequence of input indices (0-based), not {inputs!r}")
    out = []
    for i in inputs:
        if isinstance(i, (bool, np.bool_)) or not isinstance(i, (int, np.integer)):
            raise BadInputError(f"{name} must be a sequence of input indices (0-based ints), not {inputs!r}")
        out.append(int(i))
    return out


def _norm(norm: Union[str, int, float]) -> str:
    """The norm field: "inf", "1" or "2" (also math.inf, 1 and 2)."""
    if isinstance(norm, str):
        return norm
    if isinstance(norm, (int, float, np.number)) and not isinstance(norm, bool):
        if norm == math.inf:
            return "inf"
        if norm in (1, 2):
            return str(int(norm))
    raise BadInputError(f"norm must be \"inf\", \"1\" or \"2\" (or math.inf, 1, 2), not {norm!r}")


def _box(box: Optional[BoxLike]) -> Union[str, List[float], List[List[float]], None]:
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
