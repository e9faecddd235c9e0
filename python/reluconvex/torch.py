"""Convexity in PyTorch training loops: a differentiable penalty and the exact verdict.

``ConvexityPenalty(model, box)`` is R(θ) = Σ max(0, margin − g_ν(a; θ)) over the constraints (ν, a)
of criterion C1 (docs/math.md section 7), computed with torch operations from the constraint list that
the Java checker returns for the current weights, so that autograd gives its exact gradient
through the path products. ``certify(model, box)`` is the exact check of the exported model.

Models: an ``nn.Sequential`` of ``Linear`` and ``ReLU`` (Linear, ReLU, Linear, ..., Linear with
one output) and :class:`SkipMLP`. Weights are read as the modules see them (``linear.weight``), so
a parametrisation registered with ``torch.nn.utils.parametrize`` is followed and differentiated
through, as the ONNX export of ``certify`` follows it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Dict, Optional, Sequence, Tuple, Type, Union

import numpy as np
import torch
from torch import nn

from . import _models, default_checker
from ._checker import Checker, _box
from .errors import BadInputError
from .results import Constraints, Verdict

if TYPE_CHECKING:
    from ._typing import BoxLike

__all__ = ["ConvexityPenalty", "SkipMLP", "certify", "train_until_certified", "Certified", "java_penalty", "JavaPenalty"]

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

    Args:
        model: an nn.Sequential of Linear and ReLU (Linear, ReLU, Linear, ..., Linear with one
            output) or a :class:`SkipMLP`.
        box: (lo, hi) in every coordinate, or one (lo, hi) per coordinate.
        every: recompute the constraint list every ``every`` calls (1: every call).
        margin: δ >= 0 in max(0, δ − g).
        checker: a :class:`reluconvex.Checker` (default: the module-level one).
    """

    def __init__(self, model: nn.Module, box: BoxLike, every: int = 1, margin: float = 0.0,
                 checker: Optional[Checker] = None) -> None:
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
            self.constraints = checker.constraints(self.structure.network_json(), box=self.box, margin=self.margin)
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


def certify(model: nn.Module, box: BoxLike, checker: Optional[Checker] = None, *, method: str = "auto",
            time_limit: Optional[float] = None, explain: bool = False, exhaustive: bool = False,
            solver: Optional[str] = None, threads: Optional[int] = None, max_memory: Union[str, int, None] = None,
            input_dim: Optional[int] = None) -> Verdict:
    """The exact verdict of ``model`` on ``box`` (a :class:`reluconvex.Verdict`): the Java check of
    the model exported through ONNX, as :func:`reluconvex.check` gives it.

    Args:
        model: a torch.nn.Module (any that :func:`reluconvex.check` takes).
        box: (lo, hi) in every coordinate, or one (lo, hi) per coordinate (required).
        checker: a :class:`reluconvex.Checker` (default: the module-level one).
        method, time_limit, explain, exhaustive, solver, threads, max_memory, input_dim: as in
            :func:`reluconvex.check`.
    """
    if box is None:
        raise BadInputError("certify needs a box: (lo, hi) or a list of (lo, hi) per coordinate")
    return (checker or default_checker()).check(model, box=box, method=method, time_limit=time_limit,
                                                explain=explain, max_memory=max_memory, input_dim=input_dim,
                                                exhaustive=exhaustive, solver=solver, threads=threads)


@dataclass(frozen=True)
class JavaPenalty:
    """R and dR/dθ as the Java regulariser (train.ConvexityRegularizer) computes them, the gradient
    keyed like ``model.named_parameters()`` (with respect to the weights as the modules see them)."""
    value: float
    gradient: Dict[str, np.ndarray]
    constraints: Constraints


def java_penalty(model: nn.Module, box: BoxLike, margin: float = 0.0, checker: Optional[Checker] = None) -> JavaPenalty:
    """The Java regulariser's R and gradient on the current weights of ``model`` (a cross-check of
    :class:`ConvexityPenalty`; not needed for training)."""
    s = _structure(model)
    c = (checker or default_checker()).constraints(s.network_json(), box=box, margin=margin, gradient=True)
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
    """The end of :func:`train_until_certified`: ``verdict`` (a :class:`reluconvex.Verdict`) of the
    model as it was left, ``steps`` optimizer steps taken, the data loss and R_margin of the model
    as it was left, the last λ, and how many exact checks were run."""
    verdict: Verdict
    steps: int
    data_loss: float
    penalty: float
    lam: float
    checks: int

    @property
    def convex(self) -> bool:
        """True when the model was certified convex."""
        return self.verdict.convex is True


def train_until_certified(model: nn.Module, box: BoxLike, data_loss: Callable[[], torch.Tensor],
                          optimizer: torch.optim.Optimizer, lam: float = 1.0, margin: float = 1e-3,
                          growth: float = 1.05, max_steps: int = 500, checker: Optional[Checker] = None, *,
                          method: str = "auto", time_limit: Optional[float] = None, explain: bool = False,
                          exhaustive: bool = False, solver: Optional[str] = None, threads: Optional[int] = None,
                          max_memory: Union[str, int, None] = None) -> Certified:
    """A final phase that ends with a model certified convex on ``box``, or says that it could not.

    Each step recomputes the constraints on the current weights (``every=1``) and evaluates
    R_margin = Σ max(0, margin − g). Before the first step, and whenever R_margin is 0 (every gain
    ≥ ``margin`` > 0: criterion C1 with room to spare), the exact check runs on the weights as they are; ``convex`` ends the phase
    there, without another step. Otherwise the step minimises ``data_loss() + λ·R_margin`` and λ
    is multiplied by ``growth``. After ``max_steps`` steps the model is checked once more and the
    returned :class:`Certified` says what it is (``convex`` is then False or None when it is not
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
    """
    if not margin > 0:
        raise BadInputError(f"margin must be > 0 here (the gains need room to stay >= 0 after a step), not {margin!r}")
    if not growth >= 1:
        raise BadInputError(f"growth must be >= 1, not {growth!r}")
    if not (isinstance(max_steps, int) and max_steps >= 0):
        raise BadInputError(f"max_steps must be an integer >= 0, not {max_steps!r}")
    checker = checker or default_checker()
    penalty = ConvexityPenalty(model, box, every=1, margin=margin, checker=checker)
    checks = 0
    check_options: Dict[str, Any] = dict(method=method, time_limit=time_limit, explain=explain, exhaustive=exhaustive,
                                         solver=solver, threads=threads, max_memory=max_memory)

    def end(verdict: Verdict, steps: int, r: float) -> Certified:
        with torch.no_grad():
            loss = float(data_loss())
        return Certified(verdict, steps, loss, r, lam, checks)

    for step in range(max_steps + 1):
        optimizer.zero_grad()
        rt = penalty()
        r = rt.item()
        if r == 0 or step == 0 or step == max_steps:  # step 0: the model may be convex already
            checks += 1
            verdict = certify(model, box, checker=checker, **check_options)
            if verdict.convex or step == max_steps:
                return end(verdict, step, r)
        (data_loss() + lam * rt).backward()
        optimizer.step()
        lam *= growth
    raise AssertionError("the step max_steps returns")  # not reached
