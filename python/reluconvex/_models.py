"""Models as the serve protocol takes them: a path, inline ONNX bytes, or a JSON model object."""

import base64
import inspect
import io
import os
import warnings

import numpy as np

from .errors import BadInputError

_KINDS = ("a torch.nn.Module, a path to a .onnx or .json file, 'example:NAME', a list of (W, b) layers, "
          "ONNX bytes, or a reluconvex-network dict")


def model_field(model, input_dim=None):
    """The "model" field of a request for ``model``; ``input_dim`` is needed only for torch modules
    whose first ``nn.Linear`` does not tell it."""
    if isinstance(model, (str, os.PathLike)):
        spec = os.fspath(model)
        # the worker keeps the working directory it was started in
        return spec if spec.startswith("example:") else os.path.abspath(spec)
    if isinstance(model, (bytes, bytearray, memoryview)):
        return {"onnx_base64": base64.b64encode(bytes(model)).decode("ascii")}
    if isinstance(model, dict):
        return model
    if _is_torch_module(model):
        return {"onnx_base64": base64.b64encode(torch_to_onnx(model, input_dim)).decode("ascii"),
                "name": type(model).__name__ + ".onnx"}
    if isinstance(model, (list, tuple)):
        return layers_to_json(model)
    raise TypeError(f"model must be {_KINDS}, not {type(model).__name__}")


def _is_torch_module(model):
    try:
        import torch
    except ImportError:
        return False
    return isinstance(model, torch.nn.Module)


def torch_input_dim(module):
    """The in_features of the first nn.Linear registered in the module, or None."""
    import torch
    for m in module.modules():
        if isinstance(m, torch.nn.Linear):
            return m.in_features
    return None


def torch_to_onnx(module, input_dim=None):
    """ONNX bytes of ``module`` as ``torch.onnx.export`` writes them, with a dynamic batch axis."""
    import torch
    d = input_dim or torch_input_dim(module)
    if d is None:
        raise BadInputError(f"cannot tell the input dimension of {type(module).__name__} (no nn.Linear found): "
                            "pass input_dim=, or a box with one interval per coordinate")
    param = next(module.parameters(), None)
    dtype = param.dtype if param is not None and param.is_floating_point() else torch.float32
    device = param.device if param is not None else "cpu"
    kwargs = {}
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        kwargs["dynamo"] = False  # the TorchScript exporter writes the ops the importer reads
    buf = io.BytesIO()
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        torch.onnx.export(module, (torch.zeros(1, d, dtype=dtype, device=device),), buf,
                          input_names=["x"], output_names=["y"], opset_version=13,
                          dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}}, **kwargs)
    return buf.getvalue()


def layers_to_json(layers):
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


def json_forward(network, x):
    """f at the rows of ``x`` for a reluconvex-network dict (docs/json-format.md), in float64."""
    x = np.atleast_2d(np.asarray(x, dtype=np.float64))
    post = [x]
    layers = network["layers"]
    for k, layer in enumerate(layers):
        pre = np.asarray(layer["bias"], dtype=np.float64) + sum(
            post[int(m)] @ np.asarray(w, dtype=np.float64).T for m, w in layer["weights"].items())
        post.append(pre if k == len(layers) - 1 else np.maximum(pre, 0.0))
    return post[-1][:, 0]
