"""Models as the serve protocol takes them: a path, inline ONNX bytes, or a JSON model object."""

from __future__ import annotations

import base64
import inspect
import io
import operator
import os
import warnings
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence, Tuple, Union, cast

import numpy as np

from .errors import BadInputError

if TYPE_CHECKING:
    import torch
    from numpy.typing import ArrayLike

    from ._typing import ModelLike

_KINDS = ("a torch.nn.Module, a path to a .onnx or .json file, 'example:NAME', a list of (W, b) layers, "
          "ONNX bytes, or a reluconvex-network dict")


def model_field(model: ModelLike, input_dim: Optional[int] = None,
                box_dim: Optional[int] = None) -> Union[str, Dict[str, Any]]:
    """The "model" field of a request for ``model``. For a torch module, the input dimension of the
    export is ``input_dim``, else ``box_dim`` (the number of intervals of a per-coordinate box), else
    the ``in_features`` of its first ``nn.Linear``."""
    if isinstance(model, (str, os.PathLike)):
        spec = os.fspath(model)
        # the worker keeps the working directory it was started in
        return spec if spec.startswith("example:") else os.path.abspath(spec)
    if isinstance(model, (bytes, bytearray, memoryview)):
        return {"onnx_base64": base64.b64encode(bytes(model)).decode("ascii")}
    if isinstance(model, dict):
        return model
    if _is_torch_module(model):
        module = cast("torch.nn.Module", model)
        return {"onnx_base64": base64.b64encode(torch_to_onnx(module, input_dim, box_dim)).decode("ascii"),
                "name": type(model).__name__ + ".onnx"}
    if isinstance(model, (list, tuple)):
        return layers_to_json(model)
    raise TypeError(f"model must be {_KINDS}, not {type(model).__name__}")


def _is_torch_module(model: object) -> bool:
    try:
        import torch
    except ImportError:
        return False
    return isinstance(model, torch.nn.Module)


def torch_input_dim(module: torch.nn.Module) -> Optional[int]:
    """The in_features of the first nn.Linear registered in the module, or None."""
    import torch
    for m in module.modules():
        if isinstance(m, torch.nn.Linear):
            return m.in_features
    return None


def torch_to_onnx(module: torch.nn.Module, input_dim: Optional[int] = None, box_dim: Optional[int] = None) -> bytes:
    """ONNX bytes of ``module`` as ``torch.onnx.export`` writes them, with a dynamic batch axis; the
    input dimension as :func:`model_field` says. A forward that fails on that dimension but runs on
    another (a box of the wrong dimension, ``nn.Linear`` layers registered in another order than
    forward calls them) raises :class:`BadInputError` saying so."""
    import torch
    if input_dim is not None:
        try:
            ok = operator.index(input_dim) >= 1
        except TypeError:
            ok = False
        if not ok:
            raise BadInputError(f"input_dim must be a positive integer, not {input_dim!r}")
        input_dim = operator.index(input_dim)
        if box_dim is not None and box_dim != input_dim:
            raise BadInputError(f"box has {_count(box_dim, 'interval')}; the model takes "
                                f"{_count(input_dim, 'input')} (input_dim={input_dim})")
    d = input_dim or box_dim or torch_input_dim(module)
    if d is None:
        raise BadInputError(f"cannot tell the input dimension of {type(module).__name__} (no nn.Linear found): "
                            "pass input_dim=, or a box with one interval per coordinate")
    param = next(module.parameters(), None)
    dtype = param.dtype if param is not None and param.is_floating_point() else torch.float32
    device: Union[torch.device, str] = param.device if param is not None else "cpu"
    kwargs = {}
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        kwargs["dynamo"] = False  # the TorchScript exporter writes the ops the importer reads
    buf = io.BytesIO()
    try:
        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")
            torch.onnx.export(module, (torch.zeros(1, d, dtype=dtype, device=device),), buf,
                              input_names=["x"], output_names=["y"], opset_version=13,
                              dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}}, **kwargs)
    except Exception as e:
        source = "input_dim" if input_dim else "box" if box_dim else "first Linear"
        problem = _dimension_problem(module, d, source, dtype, device)
        if problem is None:  # not a matter of the input dimension: torch's own error
            raise
        raise BadInputError(problem) from e
    return buf.getvalue()


def _linears(module: torch.nn.Module) -> List[Tuple[str, torch.nn.Linear]]:
    import torch
    return [(name or type(module).__name__, m) for name, m in module.named_modules() if isinstance(m, torch.nn.Linear)]


def _shape(name: str, linear: torch.nn.Linear) -> str:
    return f"{name} = Linear({linear.in_features}, {linear.out_features})"


def _probe(module: torch.nn.Module, d: int, dtype: torch.dtype, device: Any) -> Tuple[bool, List[str]]:
    """Whether forward runs on one input of dimension d (in eval mode, without gradients; the modes
    are restored), and the names of the nn.Linear layers it called, in the order of their first call."""
    import torch
    called: List[str] = []

    def note(name: str) -> Any:
        return lambda mod, inputs: None if name in called else called.append(name)
    hooks = [m.register_forward_pre_hook(note(name)) for name, m in _linears(module)]
    modes = [(m, m.training) for m in module.modules()]
    try:
        module.eval()
        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")
            module(torch.zeros(1, d, dtype=dtype, device=device))
        return True, called
    except Exception:
        return False, called
    finally:
        for h in hooks:
            h.remove()
        for m, training in modes:
            m.training = training


def _dimension_problem(module: torch.nn.Module, d: int, source: str, dtype: torch.dtype, device: Any) -> Optional[str]:
    """Why the export on inputs of dimension d failed, when forward runs on inputs of another
    dimension (the in_features of one of its nn.Linear layers); None otherwise."""
    linears = _linears(module)
    if not linears or _probe(module, d, dtype, device)[0]:
        return None
    runs = {}
    for c in dict.fromkeys(m.in_features for _, m in linears):
        if c != d:
            ok, called = _probe(module, c, dtype, device)
            if ok:
                runs[c] = called
    if not runs:
        return None
    takes = " or ".join(str(c) for c in runs) + (" input" if list(runs) == [1] else " inputs")
    if source == "box":
        return f"box has {_count(d, 'interval')}; the model takes {takes}"
    if source == "input_dim":
        return f"input_dim={d} does not fit {type(module).__name__}: the model takes {takes}"
    name, first = linears[0]
    registered = [n for n, _ in linears]
    for c, called in runs.items():
        if called != [n for n in registered if n in called]:
            shapes = ", ".join(_shape(n, m) for n, m in linears)
            return (f"the nn.Linear layers of {type(module).__name__} are registered in an order different from "
                    f"the one forward uses (registered: {shapes}; forward calls: {', '.join(called)}), so the input "
                    f"dimension read from the first registered one, {d}, is wrong: the model takes "
                    f"{_count(c, 'input')}. Pass input_dim={c} (or a box with one interval per coordinate), or "
                    "register the layers in the order forward uses them")
    return (f"{type(module).__name__} does not run on inputs of dimension {d} (the in_features of its first "
            f"nn.Linear, {_shape(name, first)}): the model takes {takes}; pass input_dim=")


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}" + ("" if n == 1 else "s")


def layers_to_json(layers: Sequence[Tuple[ArrayLike, ArrayLike]]) -> Dict[str, Any]:
    """An MLP given as [(W1, b1), ..., (Wk, bk)], W of shape (out, in), ReLU between layers, as a
    reluconvex-network dict (docs/json-format.md); numbers keep every bit (float64)."""
    if len(layers) == 0:
        raise BadInputError("the list of layers is empty")
    out = []
    width = None
    for i, layer in enumerate(layers):
        if not isinstance(layer, (list, tuple)) or len(layer) != 2:
            raise BadInputError(f"layers[{i}] must be a pair (W, b)")
        w = np.asarray(layer[0], dtype=np.float64)
        b = np.atleast_1d(np.asarray(layer[1], dtype=np.float64))
        if w.ndim != 2:
            raise BadInputError(f"layers[{i}]: W has shape {w.shape}, expected (out, in)")
        if b.shape != (w.shape[0],):
            raise BadInputError(f"layers[{i}]: b has shape {b.shape}, expected ({w.shape[0]},) for W of shape {w.shape}")
        if width is not None and w.shape[1] != width:
            raise BadInputError(f"layers[{i}]: W has {w.shape[1]} columns, expected {width} (the width of layer {i - 1})")
        if not (np.isfinite(w).all() and np.isfinite(b).all()):
            raise BadInputError(f"layers[{i}]: NaN or infinite entries")
        out.append({"width": w.shape[0], "bias": b.tolist(), "weights": {str(i): w.tolist()}})
        width = w.shape[0]
    return {"format": "reluconvex-network", "version": 1,
            "input_dim": int(np.asarray(layers[0][0]).shape[1]), "layers": out}


def json_forward(network: Dict[str, Any], x: ArrayLike) -> np.ndarray:
    """f at the rows of ``x`` for a reluconvex-network dict (docs/json-format.md), in float64."""
    x = np.atleast_2d(np.asarray(x, dtype=np.float64))
    post = [x]
    layers = network["layers"]
    for k, layer in enumerate(layers):
        pre = np.asarray(layer["bias"], dtype=np.float64) + sum(
            post[int(m)] @ np.asarray(w, dtype=np.float64).T for m, w in layer["weights"].items())
        post.append(pre if k == len(layers) - 1 else np.maximum(pre, 0.0))
    return post[-1][:, 0]
