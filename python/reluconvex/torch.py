"""Convexity and monotonicity in PyTorch training loops: differentiable penalties and the exact verdicts.

``ConvexityPenalty(model, box)`` is R(θ) = Σ max(0, margin − g_ν(a; θ)) over the constraints (ν, a)
of criterion C1 (docs/math.md section 7), computed with torch operations from the constraint list that
the Java checker returns for the current weights, so that autograd gives its exact gradient
through the path products; with ``convex_in=[...]`` it keeps the constraints of convexity in those
inputs only. ``certify(model, box)`` is the exact check of the exported model (``convex_in`` too).

``MonotonicityPenalty(model, box, increasing, decreasing)`` is the mean over points sampled in the
box of Σ_i max(0, margin − s_i ∂f/∂x_i) (s_i = +1 for an input that must not decrease f, −1 for one
that must not increase it), the derivatives by autograd; ``certify_monotone`` is the exact verdict.
``train_until_certified`` and ``train_until_certified_monotone`` are final phases that end certified
(or say that they did not).

Models: an ``nn.Sequential`` of ``Linear`` and ``ReLU`` (Linear, ReLU, Linear, ..., Linear with
one output) and :class:`SkipMLP`. Weights are read as the modules see them (``linear.weight``), so
a parametrisation registered with ``torch.nn.utils.parametrize`` is followed and differentiated
through, as the ONNX export of ``certify`` follows it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Dict, Optional, Sequence, Tuple, Type, TypeVar, Union

import numpy as np
import torch
from torch import nn

from . import _models, default_checker
from ._checker import Checker, _box
from .errors import BadInputError
from ._checker import _inputs
from .results import Constraints, MonotoneVerdict, Verdict

if TYPE_CHECKING:
    from ._typing import BoxLike

__all__ = ["ConvexityPenalty", "MonotonicityPenalty", "SkipMLP", "certify", "certify_monotone", "train_until_certified",
           "train_until_certified_monotone", "Certified", "java_penalty", "JavaPenalty"]

_SUPPORTED = ("an nn.Sequential of Linear and ReLU (Linear, ReLU, Linear, ..., Linear with one output) "
              "or a reluconvex.torch.SkipMLP")


class SkipMLP(nn.Module):
    """SkipMLP_k(n) of docs/math.md section 1: every hidden layer after the first and the output also
    see the input, through ``torch.cat([x, h], dim=1)`` (so their Linear takes d + n_{l-1} inputs,
    the input's columns first)."""

    def __init__(self, input_dim: int, widths: Sequence[int], bias: bool = True) -> None:
        super().__init__()
        widths = [int(w) for w in widths]
        if input_dim < 1 or not widths or min(widths) < 1:
            raise BadInputError(f"SkipMLP needs input_dim >= 1 and positive widths, not {input_dim}, {widths}")
        ins = [input_dim] + [input_dim + w for w in widths[:-1]]
        self.hidden = nn.ModuleList(nn.Linear(i, w, bias=bias) for i, w in zip(ins, widths))
        self.out = nn.Linear(input_dim + widths[-1], 1, bias=bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = torch.relu(self.hidden[0](x))
        for lin in self.hidden[1:]:
            h = torch.relu(lin(torch.cat([x, h], dim=1)))
        return self.out(torch.cat([x, h], dim=1))


@dataclass(frozen=True)
class _Structure:
    """The Linear layers of a supported model, in order (hidden layers 1..k, then the output)."""
    linears: Tuple[nn.Linear, ...]
    skip: bool
    input_dim: int

    def chain(self, l: int) -> torch.Tensor:
        """W_l (from layer l-1 into layer l), as the module sees it (differentiable)."""
        w = self.linears[l - 1].weight
        return w[:, self.input_dim:] if self.skip and l >= 2 else w

    def network_json(self) -> Dict[str, Any]:
        """The current weights as a reluconvex-network dict, in float64 (every bit of the weights)."""
        def arr(t: torch.Tensor) -> np.ndarray:
            return t.detach().to("cpu", torch.float64).numpy()

        def bias(lin: nn.Linear) -> np.ndarray:
            return arr(lin.bias) if lin.bias is not None else np.zeros(lin.out_features)
        if not self.skip:
            return _models.layers_to_json([(arr(lin.weight), bias(lin)) for lin in self.linears])
        d = self.input_dim
        layers = []
        for l, lin in enumerate(self.linears, start=1):
            w = arr(lin.weight)
            weights = {"0": w.tolist()} if l == 1 else {str(l - 1): w[:, d:].tolist(), "0": w[:, :d].tolist()}
            b = bias(lin)
            if not (np.isfinite(w).all() and np.isfinite(b).all()):
                raise BadInputError(f"layer {l}: NaN or infinite weights")
            layers.append({"width": lin.out_features, "bias": b.tolist(), "weights": weights})
        return {"format": "reluconvex-network", "version": 1, "input_dim": d, "layers": layers}


def _plain(module: nn.Module, cls: Type[nn.Module]) -> bool:
    """An instance of cls computing what cls computes (a parametrisation's subclass keeps forward)."""
    return isinstance(module, cls) and type(module).forward is cls.forward


def _structure(model: nn.Module) -> _Structure:
    """The Linear layers of ``model``, or BadInputError naming what is not supported."""
    if not isinstance(model, nn.Module):
        raise BadInputError(f"the model must be {_SUPPORTED}, not {type(model).__name__}")
    if isinstance(model, SkipMLP):
        if type(model).forward is not SkipMLP.forward:
            raise BadInputError(f"{type(model).__name__} overrides SkipMLP.forward; the penalty needs {_SUPPORTED}")
        linears, skip = (*model.hidden, model.out), True
        input_dim = model.hidden[0].in_features
    elif isinstance(model, nn.Sequential):
        mods = list(model)
        kinds = ["Linear" if _plain(m, nn.Linear) else "ReLU" if _plain(m, nn.ReLU) else type(m).__name__ for m in mods]
        expected = ["Linear" if i % 2 == 0 else "ReLU" for i in range(len(mods))]
        if not mods or kinds != expected or kinds[-1] != "Linear":
            raise BadInputError(f"the model must be {_SUPPORTED}, not a Sequential of {', '.join(kinds) or 'nothing'}")
        linears, skip = tuple(mods[0::2]), False
        input_dim = linears[0].in_features
        for a, b in zip(linears, linears[1:]):
            if b.in_features != a.out_features:
                raise BadInputError(f"Linear({a.in_features}, {a.out_features}) is followed by "
                                    f"Linear({b.in_features}, {b.out_features})")
    else:
        raise BadInputError(f"the model must be {_SUPPORTED}, not {type(model).__name__}")
    if linears[-1].out_features != 1:
        raise BadInputError(f"the last Linear has {linears[-1].out_features} outputs; the network must be scalar")
    for m in model.modules():
        if m._forward_hooks or m._forward_pre_hooks:
            raise BadInputError(f"{type(m).__name__} has forward hooks, which may change what it computes; "
                                "the penalty reads the weights as they are (torch.nn.utils.parametrize is followed)")
    return _Structure(tuple(linears), skip, input_dim)


class ConvexityPenalty:
    """R(θ) = Σ max(0, margin − g_ν(a; θ)) over the constraints (ν, a) of criterion C1 on ``box``.

    ``penalty()`` returns R as a 0-dimensional tensor of the model's dtype and device, built from
    its weights with torch operations: ``(loss + lam * penalty()).backward()`` puts the exact
    gradient of R in the parameters' ``.grad``. The constraint list (neuron, downstream pattern)
    is recomputed by the Java checker on the current weights on the first call and then every
    ``every`` calls (``every=1``: every call); in between the patterns are frozen, as in the
    regulariser of ``train``. R = 0 means criterion C1 holds for the constraints of the last
    recomputation; ``certify`` decides convexity.

    With ``convex_in`` (0-based inputs) the list keeps only the constraints of the neurons that a
    path of non-zero weights from those inputs reaches (the ``convex_in`` field of the constraints
    op): R = 0 then promotes convexity in those inputs, the others held fixed, and
    ``certify(..., convex_in=...)`` decides it. In a dense network every neuron is reached from
    every input, so the list is the whole one; it is shorter only when weights are exactly 0, as in
    a network whose first layer has neurons that see only the other inputs (a mask registered with
    ``torch.nn.utils.parametrize`` keeps them 0 through training).

    Args:
        model: an nn.Sequential of Linear and ReLU (Linear, ReLU, Linear, ..., Linear with one
            output) or a :class:`SkipMLP`.
        box: (lo, hi) in every coordinate, or one (lo, hi) per coordinate.
        every: recompute the constraint list every ``every`` calls (1: every call).
        margin: δ >= 0 in max(0, δ − g).
        checker: a :class:`reluconvex.Checker` (default: the module-level one).
        convex_in: the inputs (0-based) of partial convexity; None (default): convexity in all.
    """

    def __init__(self, model: nn.Module, box: BoxLike, every: int = 1, margin: float = 0.0,
                 checker: Optional[Checker] = None, *, convex_in: Optional[Sequence[int]] = None) -> None:
        if not (isinstance(every, int) and every >= 1):
            raise BadInputError(f"every must be an integer >= 1, not {every!r}")
        if not (isinstance(margin, (int, float)) and math.isfinite(margin) and margin >= 0):
            raise BadInputError(f"margin must be a finite number >= 0, not {margin!r}")
        if box is None or isinstance(box, str):
            raise BadInputError("box must be (lo, hi) or a list of (lo, hi) per coordinate")
        self.model = model
        self.structure = _structure(model)
        self.box = _box(box)
        if isinstance(self.box, list) and isinstance(self.box[0], list) and len(self.box) != self.structure.input_dim:
            raise BadInputError(f"box has {_models._count(len(self.box), 'interval')}; the model takes "
                                f"{_models._count(self.structure.input_dim, 'input')}")
        #: the inputs of partial convexity (None: convexity in all inputs)
        self.convex_in: Optional[Tuple[int, ...]] = (None if convex_in is None else
                                                     _input_set("convex_in", convex_in, self.structure.input_dim))
        self.every = every
        self.margin = float(margin)
        self.checker = checker
        self.calls = 0
        #: how many times the constraints were recomputed
        self.recomputations = 0
        #: the last answer of the Java side (:class:`reluconvex.Constraints`), None before the first call
        self.constraints: Optional[Constraints] = None
        self._groups: Tuple[Any, ...] = ()

    def __call__(self) -> torch.Tensor:
        """Same as :meth:`penalty`."""
        return self.penalty()

    def penalty(self) -> torch.Tensor:
        """R on the current weights (recomputing the constraints first when due)."""
        if self.calls % self.every == 0:
            self.recompute()
        self.calls += 1
        return torch.relu(self.margin - self.gains()).sum()

    def recompute(self) -> Optional[Constraints]:
        """Asks the Java side for the constraints of the current weights (does not count as a call)."""
        k = len(self.structure.linears) - 1
        if k == 0:  # an affine network: no neuron, no constraint
            self.constraints = None
            self._groups = ()
        else:
            checker = self.checker or default_checker()
            self.constraints = checker.constraints(self.structure.network_json(), box=self.box, margin=self.margin,
                                                   convex_in=self.convex_in)
            self._groups = self._compile(self.constraints.constraints)
        self.recomputations += 1
        return self.constraints

    def _compile(self, constraints: Sequence[Any]) -> Tuple[Any, ...]:
        """Per neuron layer m: positions in the list, neuron indices and the masks D_l (l > m) as tensors."""
        w = self.structure.linears[0].weight
        k = len(self.structure.linears) - 1
        groups = []
        for m in sorted({c.layer for c in constraints}):
            pos = [i for i, c in enumerate(constraints) if c.layer == m]
            masks = {l: torch.as_tensor(np.stack([constraints[i].pattern[l - m - 1] for i in pos]), dtype=w.dtype,
                                        device=w.device) for l in range(m + 1, k + 1)}
            groups.append((m, torch.as_tensor(pos, device=w.device),
                           torch.as_tensor([constraints[i].neuron for i in pos], device=w.device), masks))
        return tuple(groups)

    def gains(self) -> torch.Tensor:
        """g_ν(a; θ) of the current constraints on the current weights, in the order of
        ``constraints.constraints``, as a differentiable tensor (docs/math.md section 3: the backward
        sweep β_l = D_l ⊙ (W_{l+1}ᵀ β_{l+1}), β_{k+1} = 1, then g = (W_{m+1}ᵀ β_{m+1})_i)."""
        w0 = self.structure.linears[0].weight
        if not self._groups:
            return w0.new_zeros(0)
        k = len(self.structure.linears) - 1
        W = [None] + [self.structure.chain(l) for l in range(1, k + 2)]
        parts, order = [], []
        for m, pos, idx, masks in self._groups:
            beta = w0.new_ones(len(pos), 1)
            for l in range(k, m, -1):
                beta = (beta @ W[l + 1]) * masks[l]
            parts.append((beta @ W[m + 1]).gather(1, idx.view(-1, 1)).view(-1))
            order.append(pos)
        g = torch.cat(parts)
        return g[torch.argsort(torch.cat(order))]


def _input_set(name: str, inputs: Sequence[int], input_dim: int) -> Tuple[int, ...]:
    """Distinct input indices (0-based) of a model with ``input_dim`` inputs, at least one."""
    out = _inputs(name, inputs)
    if not out:
        raise BadInputError(f"{name} must name at least one input (0-based)")
    for i in out:
        if not 0 <= i < input_dim:
            raise BadInputError(f"{name}: input {i} does not exist (the model has inputs 0 to {input_dim - 1})")
    if len(set(out)) != len(out):
        raise BadInputError(f"{name} names an input twice: {out}")
    return tuple(out)


class MonotonicityPenalty:
    """P(θ) = mean over points x of Σ_i max(0, margin − s_i ∂f/∂x_i(x)) on ``box``: s_i = +1 for the
    inputs ``increasing`` (f must not decrease in them), −1 for ``decreasing``.

    ``penalty()`` returns P as a 0-dimensional tensor of the model's dtype and device. The
    derivatives come from ``torch.autograd.grad(..., create_graph=True)``, so ``(loss + lam *
    penalty()).backward()`` differentiates through them. At a point inside a cell of the network
    (almost every point) ∂f/∂x_i is the gain of input node i under that cell's activation pattern,
    the sum over active paths from x_i of the products of their weights: what must be >= 0 (<= 0 for
    ``decreasing``) on every cell for monotonicity, which :func:`certify_monotone` decides exactly.

    The points: ``samples`` points drawn uniformly in the box afresh on every call, from a
    ``torch.Generator`` seeded with ``seed`` (its own: the global torch seed is neither used nor
    moved), so the same seed gives the same sequence of draws; a fresh draw every call covers the
    box over the steps instead of fitting the derivatives at a few fixed points. The points added
    with :meth:`add_points` (:func:`train_until_certified_monotone` adds those of each witness of
    a failed exact check) are kept and used in every call after the fresh ones. P = 0 says nothing
    about the cells no point fell in; ``certify_monotone`` decides.

    Args:
        model: a torch.nn.Module with one output (any that autograd differentiates; the exact
            verdict needs one that :func:`reluconvex.monotone` takes).
        box: (lo, hi) in every coordinate, or one (lo, hi) per coordinate.
        increasing: the inputs (0-based) in which f must not decrease.
        decreasing: the inputs (0-based) in which f must not increase; at least one input in all.
        samples: the points drawn in the box on each call.
        seed: the seed of the draws.
        margin: δ >= 0 in max(0, δ − s_i ∂f/∂x_i).
        input_dim: the input dimension when neither a per-coordinate box nor the model's first
            nn.Linear tells it.
    """

    def __init__(self, model: nn.Module, box: BoxLike, increasing: Sequence[int] = (), decreasing: Sequence[int] = (),
                 samples: int = 256, seed: int = 0, margin: float = 0.0, input_dim: Optional[int] = None) -> None:
        if not isinstance(model, nn.Module):
            raise BadInputError(f"the model must be a torch.nn.Module, not {type(model).__name__}")
        if isinstance(samples, bool) or not (isinstance(samples, int) and samples >= 1):
            raise BadInputError(f"samples must be an integer >= 1, not {samples!r}")
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise BadInputError(f"seed must be an integer, not {seed!r}")
        if not (isinstance(margin, (int, float)) and math.isfinite(margin) and margin >= 0):
            raise BadInputError(f"margin must be a finite number >= 0, not {margin!r}")
        if box is None or isinstance(box, str):
            raise BadInputError("box must be (lo, hi) or a list of (lo, hi) per coordinate")
        bounds = np.asarray(_box(box), dtype=np.float64)
        if bounds.ndim == 2:
            d = len(bounds)
            if input_dim is not None and input_dim != d:
                raise BadInputError(f"box has {_models._count(d, 'interval')}; input_dim is {input_dim}")
        else:
            d = input_dim if input_dim is not None else _models.torch_input_dim(model)
            if d is None:
                raise BadInputError("the input dimension is not known: give input_dim or one (lo, hi) per coordinate")
            if isinstance(d, bool) or not (isinstance(d, int) and d >= 1):
                raise BadInputError(f"input_dim must be a positive integer, not {d!r}")
            bounds = np.tile(bounds, (d, 1))
        if not (bounds[:, 0] <= bounds[:, 1]).all():
            raise BadInputError(f"box: every lo must be <= its hi, not {box!r}")
        inc = _inputs("increasing", increasing)
        dec = _inputs("decreasing", decreasing)
        self.model = model
        #: the input dimension
        self.input_dim = d
        #: the inputs asked increasing and decreasing (0-based)
        self.increasing: Tuple[int, ...] = tuple(inc)
        self.decreasing: Tuple[int, ...] = tuple(dec)
        if not inc and not dec:
            raise BadInputError("increasing and decreasing name no input: at least one is needed")
        for name, ins in (("increasing", inc), ("decreasing", dec)):
            if ins:
                _input_set(name, ins, d)
        both = sorted(set(inc) & set(dec))
        if both:
            raise BadInputError(f"input {both[0]} is in both increasing and decreasing")
        self._inputs = inc + dec
        self._signs = torch.tensor([1.0] * len(inc) + [-1.0] * len(dec), dtype=torch.float64)
        self.samples = samples
        self.seed = seed
        self.margin = float(margin)
        self._lo = torch.as_tensor(bounds[:, 0])
        self._hi = torch.as_tensor(bounds[:, 1])
        self._generator = torch.Generator().manual_seed(seed)
        self.calls = 0
        #: the points of the last call (float64: the fresh draw, then the added points), None before the first
        self.points: Optional[torch.Tensor] = None
        #: the points added with :meth:`add_points` (float64), used in every call
        self.added_points = torch.zeros(0, d, dtype=torch.float64)

    def __call__(self) -> torch.Tensor:
        """Same as :meth:`penalty`."""
        return self.penalty()

    def penalty(self) -> torch.Tensor:
        """P on the current weights, at a fresh draw of ``samples`` points and the added points."""
        u = torch.rand(self.samples, self.input_dim, generator=self._generator, dtype=torch.float64)
        self.points = torch.cat([self._lo + u * (self._hi - self._lo), self.added_points])
        self.calls += 1
        return torch.relu(self.margin - self.slopes(self.points)).sum(dim=1).mean()

    def slopes(self, points: Union[torch.Tensor, np.ndarray, Sequence[Sequence[float]]]) -> torch.Tensor:
        """s_i ∂f/∂x_i at the rows of ``points``, one column per input of ``increasing`` then
        ``decreasing``, as a tensor of the model's dtype that autograd differentiates in the weights."""
        ref = next(self.model.parameters(), None)
        dtype = ref.dtype if ref is not None and ref.is_floating_point() else torch.get_default_dtype()
        device = ref.device if ref is not None else torch.device("cpu")
        x = torch.as_tensor(points, dtype=torch.float64).reshape(-1, self.input_dim)
        x = x.to(device=device, dtype=dtype).requires_grad_(True)
        with torch.enable_grad():
            out = self.model(x)
            if out.numel() != len(x):
                raise BadInputError(f"the model must have one output: {len(x)} points gave {tuple(out.shape)}")
            (grad,) = torch.autograd.grad(out.sum(), x, create_graph=True)
        return grad[:, self._inputs] * self._signs.to(device=device, dtype=dtype)

    def add_points(self, points: Union[torch.Tensor, np.ndarray, Sequence[Sequence[float]]]) -> None:
        """Keeps the rows of ``points`` (points of the box) in every later call, after the fresh draw."""
        x = torch.as_tensor(np.asarray(points, dtype=np.float64)).reshape(-1, self.input_dim)
        if not torch.isfinite(x).all():
            raise BadInputError("points must be finite numbers")
        self.added_points = torch.cat([self.added_points, x])


def certify(model: nn.Module, box: BoxLike, checker: Optional[Checker] = None, *, method: str = "auto",
            time_limit: Optional[float] = None, explain: bool = False, exhaustive: bool = False,
            solver: Optional[str] = None, threads: Optional[int] = None, max_memory: Union[str, int, None] = None,
            input_dim: Optional[int] = None, convex_in: Optional[Sequence[int]] = None) -> Verdict:
    """The exact verdict of ``model`` on ``box`` (a :class:`reluconvex.Verdict`): the Java check of
    the model exported through ONNX, as :func:`reluconvex.check` gives it.

    Args:
        model: a torch.nn.Module (any that :func:`reluconvex.check` takes).
        box: (lo, hi) in every coordinate, or one (lo, hi) per coordinate (required).
        checker: a :class:`reluconvex.Checker` (default: the module-level one).
        method, time_limit, explain, exhaustive, solver, threads, max_memory, input_dim: as in
            :func:`reluconvex.check`.
        convex_in: decide convexity in these inputs (0-based) only, the others held fixed (the
            verdict's ``property`` is then "convex_in"); None: convexity.
    """
    if box is None:
        raise BadInputError("certify needs a box: (lo, hi) or a list of (lo, hi) per coordinate")
    return (checker or default_checker()).check(model, box=box, method=method, time_limit=time_limit,
                                                explain=explain, max_memory=max_memory, input_dim=input_dim,
                                                exhaustive=exhaustive, solver=solver, threads=threads,
                                                convex_in=convex_in)


def certify_monotone(model: nn.Module, box: BoxLike, increasing: Sequence[int] = (), decreasing: Sequence[int] = (),
                     checker: Optional[Checker] = None, *, method: str = "auto", time_limit: Optional[float] = None,
                     max_memory: Union[str, int, None] = None, input_dim: Optional[int] = None,
                     solver: Optional[str] = None, threads: Optional[int] = None) -> MonotoneVerdict:
    """The exact monotonicity verdict of ``model`` on ``box`` (a :class:`reluconvex.MonotoneVerdict`):
    :func:`reluconvex.monotone` of the model exported through ONNX.

    Args:
        model: a torch.nn.Module (any that :func:`reluconvex.monotone` takes).
        box: (lo, hi) in every coordinate, or one (lo, hi) per coordinate (required).
        increasing: the inputs (0-based) in which f must not decrease.
        decreasing: the inputs (0-based) in which f must not increase; at least one input in all.
        checker: a :class:`reluconvex.Checker` (default: the module-level one).
        method, time_limit, max_memory, input_dim, solver, threads: as in :func:`reluconvex.monotone`.
    """
    if box is None:
        raise BadInputError("certify_monotone needs a box: (lo, hi) or a list of (lo, hi) per coordinate")
    return (checker or default_checker()).monotone(model, increasing=increasing, decreasing=decreasing, box=box,
                                                   method=method, time_limit=time_limit, max_memory=max_memory,
                                                   input_dim=input_dim, solver=solver, threads=threads)


@dataclass(frozen=True)
class JavaPenalty:
    """R and dR/dθ as the Java regulariser (train.GainRegularizer) computes them, the gradient
    keyed like ``model.named_parameters()`` (with respect to the weights as the modules see them)."""
    value: float
    gradient: Dict[str, np.ndarray]
    constraints: Constraints


def java_penalty(model: nn.Module, box: BoxLike, margin: float = 0.0, checker: Optional[Checker] = None, *,
                 convex_in: Optional[Sequence[int]] = None) -> JavaPenalty:
    """The Java regulariser's R and gradient on the current weights of ``model`` (a cross-check of
    :class:`ConvexityPenalty`, also with ``convex_in``; not needed for training)."""
    s = _structure(model)
    c = (checker or default_checker()).constraints(s.network_json(), box=box, margin=margin, gradient=True,
                                                   convex_in=convex_in)
    names = {id(m): n for n, m in model.named_modules()}
    grads: Dict[str, np.ndarray] = {}
    d = s.input_dim
    assert c.parameter_layout is not None and c.gradient is not None  # asked for with gradient=True
    for block in c.parameter_layout:
        l, off, shape = block["layer"], block["offset"], block["shape"]
        lin = s.linears[l - 1]
        values = c.gradient[off:off + int(np.prod(shape))].reshape(shape)
        if block["block"] == "bias":
            if lin.bias is not None:
                grads[names[id(lin)] + ".bias"] = values
            continue
        key = names[id(lin)] + ".weight"
        full = grads.setdefault(key, np.zeros(tuple(lin.weight.shape)))
        if not s.skip or l == 1:
            full[...] = values
        elif block["from"] == 0:
            full[:, :d] = values
        else:
            full[:, d:] = values
    return JavaPenalty(c.penalty, grads, c)




@dataclass(frozen=True)
class Certified:
    """The end of :func:`train_until_certified` or :func:`train_until_certified_monotone`:
    ``verdict`` of the model as it was left (a :class:`reluconvex.Verdict`, of convexity or, with
    ``convex_in``, of convexity in ``verdict.convex_in``; or a :class:`reluconvex.MonotoneVerdict`
    for ``verdict.increasing`` and ``verdict.decreasing``), ``steps`` optimizer steps taken, the
    data loss and the penalty (with its margin) of the model as it was left, the last λ, and how
    many exact checks were run. ``property`` says what was certified ("convex", "convex_in" or
    "monotone"), ``holds`` whether it was."""
    verdict: Union[Verdict, MonotoneVerdict]
    steps: int
    data_loss: float
    penalty: float
    lam: float
    checks: int

    @property
    def holds(self) -> bool:
        """True when the property was certified (False when refuted or undecided)."""
        return self.verdict.holds is True

    @property
    def convex(self) -> bool:
        """True when the model was certified convex (with ``convex_in``: convex in those inputs)."""
        return isinstance(self.verdict, Verdict) and self.verdict.convex is True

    @property
    def monotone(self) -> bool:
        """True when the model was certified monotone."""
        return isinstance(self.verdict, MonotoneVerdict) and self.verdict.monotone is True

    # last in the body: from here on, ``property`` names this attribute and no longer the decorator
    @property
    def property(self) -> str:
        """What was certified: "convex", "convex_in" (``verdict.convex_in``) or "monotone"
        (``verdict.increasing``, ``verdict.decreasing``)."""
        return self.verdict.property if isinstance(self.verdict, Verdict) else "monotone"


_V = TypeVar("_V", Verdict, MonotoneVerdict)


def _phase_options(margin: float, growth: float, max_steps: int) -> None:
    if not margin > 0:
        raise BadInputError(f"margin must be > 0 here (the gains need room to stay >= 0 after a step), not {margin!r}")
    if not growth >= 1:
        raise BadInputError(f"growth must be >= 1, not {growth!r}")
    if not (isinstance(max_steps, int) and max_steps >= 0):
        raise BadInputError(f"max_steps must be an integer >= 0, not {max_steps!r}")


def _until_certified(data_loss: Callable[[], torch.Tensor], optimizer: torch.optim.Optimizer,
                     penalty: Callable[[], torch.Tensor], certify: Callable[[], _V],
                     refuted: Callable[[_V], None], lam: float, growth: float, max_steps: int) -> Certified:
    """The loop of the train_until_certified functions: check before the first step, whenever the
    penalty is 0 and after the last step; otherwise step on data + λ·penalty and raise λ."""
    checks = 0
    for step in range(max_steps + 1):
        optimizer.zero_grad()
        rt = penalty()
        r = rt.item()
        if r == 0 or step == 0 or step == max_steps:  # step 0: the model may be certified already
            checks += 1
            verdict = certify()
            if verdict.holds or step == max_steps:
                with torch.no_grad():
                    loss = float(data_loss())
                return Certified(verdict, step, loss, r, lam, checks)
            refuted(verdict)
        (data_loss() + lam * rt).backward()
        optimizer.step()
        lam *= growth
    raise AssertionError("the step max_steps returns")  # not reached


def train_until_certified(model: nn.Module, box: BoxLike, data_loss: Callable[[], torch.Tensor],
                          optimizer: torch.optim.Optimizer, lam: float = 1.0, margin: float = 1e-3,
                          growth: float = 1.05, max_steps: int = 500, checker: Optional[Checker] = None, *,
                          method: str = "auto", time_limit: Optional[float] = None, explain: bool = False,
                          exhaustive: bool = False, solver: Optional[str] = None, threads: Optional[int] = None,
                          max_memory: Union[str, int, None] = None,
                          convex_in: Optional[Sequence[int]] = None) -> Certified:
    """A final phase that ends with a model certified convex on ``box`` (with ``convex_in``: convex
    in those inputs), or says that it could not.

    Each step recomputes the constraints on the current weights (``every=1``) and evaluates
    R_margin = Σ max(0, margin − g). Before the first step, and whenever R_margin is 0 (every gain
    ≥ ``margin`` > 0: criterion C1 with room to spare), the exact check runs on the weights as they are; ``convex`` ends the phase
    there, without another step. Otherwise the step minimises ``data_loss() + λ·R_margin`` and λ
    is multiplied by ``growth``. After ``max_steps`` steps the model is checked once more and the
    returned :class:`Certified` says what it is (``convex`` is then False when it is not
    certified).

    Args:
        model: as in :class:`ConvexityPenalty`.
        box: (lo, hi) in every coordinate, or one (lo, hi) per coordinate.
        data_loss: a callable returning the data term as a tensor (it is called once per step).
        optimizer: the optimizer of the model's parameters.
        lam: the first λ.
        margin: the margin of R_margin (> 0).
        growth: the factor of λ after each step (>= 1).
        max_steps: the most optimizer steps.
        checker: a :class:`reluconvex.Checker` (default: the module-level one).
        method, time_limit, explain, exhaustive, solver, threads, max_memory: those of the exact
            check, as in :func:`reluconvex.check`.
        convex_in: promote and certify convexity in these inputs (0-based) only: the constraints
            of ``ConvexityPenalty(convex_in=...)`` and the check ``certify(convex_in=...)``
            (``Certified.property`` is then "convex_in").
    """
    _phase_options(margin, growth, max_steps)
    checker = checker or default_checker()
    penalty = ConvexityPenalty(model, box, every=1, margin=margin, checker=checker, convex_in=convex_in)
    options: Dict[str, Any] = dict(method=method, time_limit=time_limit, explain=explain, exhaustive=exhaustive,
                                   solver=solver, threads=threads, max_memory=max_memory, convex_in=penalty.convex_in)
    return _until_certified(data_loss, optimizer, penalty,
                            lambda: certify(model, box, checker=checker, **options),
                            lambda verdict: None, lam, growth, max_steps)


def train_until_certified_monotone(model: nn.Module, box: BoxLike, data_loss: Callable[[], torch.Tensor],
                                   optimizer: torch.optim.Optimizer, increasing: Sequence[int] = (),
                                   decreasing: Sequence[int] = (), lam: float = 1.0, margin: float = 1e-3,
                                   growth: float = 1.05, max_steps: int = 500, checker: Optional[Checker] = None, *,
                                   samples: int = 256, seed: int = 0, witness_points: int = 17,
                                   method: str = "auto", time_limit: Optional[float] = None,
                                   max_memory: Union[str, int, None] = None, input_dim: Optional[int] = None,
                                   solver: Optional[str] = None, threads: Optional[int] = None) -> Certified:
    """A final phase that ends with a model certified monotone on ``box`` (non-decreasing in the
    inputs ``increasing``, non-increasing in ``decreasing``), or says that it could not.

    The loop of :func:`train_until_certified` with :class:`MonotonicityPenalty` (``samples`` fresh
    points a step, ``seed``, ``margin`` > 0) and :func:`certify_monotone`: the exact check runs
    before the first step, whenever the penalty is 0 and after ``max_steps`` steps; otherwise the
    step minimises ``data_loss() + λ·P`` and λ is multiplied by ``growth``. A sampled penalty of 0
    does not prove monotonicity (a cell may have no point), so when the check refutes it,
    ``witness_points`` points evenly spaced on the witness's segment a–b (where the derivative has
    the wrong sign somewhere) join the penalty's points for the rest of the phase.

    Args:
        model: a torch.nn.Module with one output that :func:`reluconvex.monotone` takes.
        box: (lo, hi) in every coordinate, or one (lo, hi) per coordinate.
        data_loss: a callable returning the data term as a tensor (it is called once per step).
        optimizer: the optimizer of the model's parameters.
        increasing: the inputs (0-based) in which f must not decrease.
        decreasing: the inputs (0-based) in which f must not increase; at least one input in all.
        lam: the first λ.
        margin: the margin of the penalty (> 0).
        growth: the factor of λ after each step (>= 1).
        max_steps: the most optimizer steps.
        checker: a :class:`reluconvex.Checker` (default: the module-level one).
        samples: the points drawn in the box each step.
        seed: the seed of the draws.
        witness_points: the points taken on the segment of each witness (>= 2; its ends included).
        method, time_limit, max_memory, input_dim, solver, threads: those of the exact check, as
            in :func:`reluconvex.monotone`.
    """
    _phase_options(margin, growth, max_steps)
    if isinstance(witness_points, bool) or not (isinstance(witness_points, int) and witness_points >= 2):
        raise BadInputError(f"witness_points must be an integer >= 2, not {witness_points!r}")
    checker = checker or default_checker()
    penalty = MonotonicityPenalty(model, box, increasing, decreasing, samples=samples, seed=seed, margin=margin,
                                  input_dim=input_dim)
    options: Dict[str, Any] = dict(method=method, time_limit=time_limit, max_memory=max_memory, input_dim=input_dim,
                                   solver=solver, threads=threads)

    def refuted(verdict: MonotoneVerdict) -> None:
        w = verdict.witness
        if w is not None:
            t = np.linspace(0.0, 1.0, witness_points)[:, None]
            penalty.add_points(w.a + t * (w.b - w.a))

    return _until_certified(data_loss, optimizer, penalty,
                            lambda: certify_monotone(model, box, penalty.increasing, penalty.decreasing,
                                                     checker=checker, **options),
                            refuted, lam, growth, max_steps)
