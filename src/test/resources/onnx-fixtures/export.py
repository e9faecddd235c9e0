"""Exports the PyTorch patterns of the ONNX fixtures, with torch's outputs.

Run from this folder: python3 export.py (torch 1.13 and onnx made the committed files).
For each module and opset: NAME-opsetN.onnx and NAME-opsetN.csv, whose rows are the
input coordinates followed by torch's output (float32 values printed exactly; f64-* files are
exported in float64).
The second batch (SECOND_BATCH below: bias=False layers, BatchNorm on [batch, C, 1] and kin,
weights stored or rounded in other dtypes, masks and where() on weights) seeds each file on its
own name, so `python3 export.py --second-batch` re-exports those files (and f64-every-dtype, made
with onnx.helper) alone, identically, without touching the first batch, which depends on one seed
for the whole run. parameters.csv records
torch's parameter count, sum(p.numel() for p in model.parameters()), for the patterns whose
parameters are exactly their Linear weights and biases.
CI does not run this; OnnxFixturesTest loads the files and compares.
"""
import sys
import zlib

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
OPSETS = (11, 13, 17)


class Icnn(nn.Module):
    """ICNN with the weight constraint inside forward, as optimal-transport codebases write it."""

    def __init__(self, d, param, width=6):
        super().__init__()
        self.param = param
        self.w0 = nn.Linear(d, width)
        self.wz = nn.Parameter(torch.randn(width, width) * 0.5)
        self.wx1 = nn.Linear(d, width)
        self.wout = nn.Parameter(torch.randn(1, width) * 0.5)
        self.wxo = nn.Linear(d, 1, bias=False)

    def pos(self, w):
        return {
            "clamp": lambda: w.clamp(min=0),
            "softplus": lambda: F.softplus(w),
            "exp": lambda: torch.exp(w),
            "abs": lambda: w.abs(),
            "relu": lambda: F.relu(w),
            "where": lambda: torch.where(w > 0, w, 0.0 * w),
        }[self.param]()

    def forward(self, x):
        z = F.relu(self.w0(x))
        z = F.relu(F.linear(z, self.pos(self.wz)) + self.wx1(x))
        return F.linear(z, self.pos(self.wout)) + self.wxo(x)


class NormMlp(nn.Module):
    """Input normalisation, view with the dynamic batch, clamp and maximum as activations."""

    def __init__(self, d):
        super().__init__()
        self.register_buffer("mean", torch.randn(d))
        self.register_buffer("std", torch.rand(d) + 0.5)
        self.l1 = nn.Linear(d, 5)
        self.l2 = nn.Linear(5, 4)
        self.l3 = nn.Linear(4, 1)

    def forward(self, x):
        x = x.view(x.size(0), -1)
        h = (x - self.mean) / self.std
        h = self.l1(h).clamp(min=0)
        h = torch.maximum(self.l2(-h), torch.zeros(1))
        return self.l3(h * 2.0)


class BnMlp(nn.Module):
    """BatchNorm1d in eval mode, reshape with the batch, flattened output."""

    def __init__(self, d):
        super().__init__()
        self.l1 = nn.Linear(d, 6)
        self.bn = nn.BatchNorm1d(6)
        self.l2 = nn.Linear(6, 1)

    def forward(self, x):
        x = x.reshape(x.shape[0], -1)
        return self.l2(F.relu(self.bn(self.l1(x)))).flatten()


class Flat(nn.Module):
    """torch.flatten(x, 1), a hidden Linear without bias and the output squeezed to [batch]."""

    def __init__(self, d):
        super().__init__()
        self.l1 = nn.Linear(d, 7, bias=False)
        self.l2 = nn.Linear(7, 1)

    def forward(self, x):
        return self.l2(F.relu(self.l1(torch.flatten(x, 1)))).squeeze(-1)


class PwlOps(nn.Module):
    """Piecewise-linear operations on activations: slices, abs, leaky_relu, hardtanh, prelu, sums."""

    def __init__(self, d):
        super().__init__()
        self.l1 = nn.Linear(d, 6)
        self.prelu = nn.PReLU(6)
        self.l2 = nn.Linear(6, 4)

    def forward(self, x):
        h = self.l1(torch.cat([x[:, 1:], x[:, :1]], dim=1))
        h = h.abs() + F.leaky_relu(h, 0.1) + F.hardtanh(h) + self.prelu(h)
        h = self.l2(h)
        return h.sum(dim=-1, keepdim=True) + h[:, 0:1] - h.mean(dim=1, keepdim=True) + x[:, 0].unsqueeze(1)


class ZerosLike(nn.Module):
    """Activations against tensors built from the dynamic batch: zeros_like, zeros(batch, 1), expand."""

    def __init__(self, d):
        super().__init__()
        self.l1 = nn.Linear(d, 5)
        self.l2 = nn.Linear(5, 1)
        self.register_buffer("floor", torch.randn(5) * 0.1)

    def forward(self, x):
        h = self.l1(x)
        h = torch.maximum(h, torch.zeros_like(h)) + torch.maximum(h, self.floor.expand(x.size(0), -1))
        return self.l2(h) + torch.zeros(x.size(0), 1)


class Refused(nn.Module):
    """Networks that are not ReLU networks, refused naming the op in the file name."""

    def __init__(self, d, kind):
        super().__init__()
        self.kind = kind
        self.conv = nn.Conv1d(1, 2, 2)
        self.l1 = nn.Linear(d, 3)
        self.l2 = nn.Linear(3, 1)

    def forward(self, x):
        if self.kind == "Conv":
            return self.conv(x.unsqueeze(1)).sum(dim=(1, 2))
        act = {"Sigmoid": torch.sigmoid, "Tanh": torch.tanh, "Softplus": F.softplus}[self.kind]
        return self.l2(act(self.l1(x)))


def export(name, model, d, opset, dynamic=True, double=False, fold=True):
    """fold=False keeps the ops on weights that torch's own constant folding would evaluate away."""
    model.eval()
    x = (torch.rand(20, d) * 6 - 3).float()
    if double:
        model, x = model.double(), x.double()
    with torch.no_grad():
        y = model(x).reshape(20, -1)
    stem = f"{name}-d{d}-opset{opset}"
    torch.onnx.export(model, x, stem + ".onnx", opset_version=opset, input_names=["x"], output_names=["y"],
                      dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}} if dynamic else None,
                      do_constant_folding=fold)
    if name.startswith("refused-"):
        return
    with open(stem + ".csv", "w") as f:
        for xi, yi in zip(x.tolist(), y.tolist()):
            f.write(",".join(repr(v) for v in xi + yi) + "\n")


class NoBiasMlp(nn.Module):
    """Linear layers with bias=False throughout."""

    def __init__(self, d):
        super().__init__()
        self.l1 = nn.Linear(d, 6, bias=False)
        self.l2 = nn.Linear(6, 4, bias=False)
        self.l3 = nn.Linear(4, 1, bias=False)

    def forward(self, x):
        return self.l3(F.relu(self.l2(F.relu(self.l1(x)))))


class NoBiasBnMlp(nn.Module):
    """Linear(bias=False) then BatchNorm1d, the usual pairing, on [batch, C]."""

    def __init__(self, d):
        super().__init__()
        self.l1 = nn.Linear(d, 6, bias=False)
        self.bn = nn.BatchNorm1d(6)
        self.l2 = nn.Linear(6, 1, bias=False)

    def forward(self, x):
        return self.l2(F.relu(self.bn(self.l1(x))))


class BnShaped(nn.Module):
    """BatchNorm on the hidden vector given another shape: [batch, C, 1], [batch, 1, C], [batch, C, 1, 1]."""

    def __init__(self, d, kind):
        super().__init__()
        self.kind = kind
        self.l1 = nn.Linear(d, 6)
        self.bn = {"channels": nn.BatchNorm1d(6), "one-channel": nn.BatchNorm1d(1), "2d": nn.BatchNorm2d(6)}[kind]
        self.l2 = nn.Linear(6, 1)

    def forward(self, x):
        h = self.l1(x)
        if self.kind == "channels":
            h = self.bn(h.unsqueeze(-1)).squeeze(-1)
        elif self.kind == "one-channel":
            h = torch.flatten(self.bn(h.unsqueeze(1)), 1)
        else:
            h = torch.flatten(self.bn(h.view(x.size(0), 6, 1, 1)), 1)
        return self.l2(F.relu(h))


class RoundedWeights(nn.Module):
    """Weights rounded to half or bfloat16 in forward, or stored in them (FLOAT16/BFLOAT16 initializers)."""

    def __init__(self, d, kind):
        super().__init__()
        self.kind = kind
        if kind == "stored":
            self.w = nn.Parameter(torch.randn(6, d).half())
            self.b = nn.Parameter(torch.randn(6).bfloat16())
        else:
            self.l1 = nn.Linear(d, 6)
        self.l2 = nn.Linear(6, 1)

    def forward(self, x):
        if self.kind == "half":
            w, b = self.l1.weight.half().float(), self.l1.bias
        elif self.kind == "bfloat16":
            w, b = self.l1.weight.bfloat16().float(), self.l1.bias.bfloat16().float()
        else:
            w, b = self.w.float(), self.b.float()
        return self.l2(F.relu(F.linear(x, w, b)))


class Masked(nn.Module):
    """A weight masked by a bool buffer, or by masks combined with comparisons and logic."""

    def __init__(self, d, logic):
        super().__init__()
        self.logic = logic
        self.l1 = nn.Linear(d, 6)
        self.l2 = nn.Linear(6, 1)
        self.register_buffer("mask", torch.rand(6, d) > 0.3)
        self.register_buffer("rows", torch.rand(6, 1) > 0.2)
        self.register_buffer("flip", torch.rand(6, d) > 0.5)

    def forward(self, x):
        w, w2 = self.l1.weight, self.l2.weight
        if not self.logic:
            return self.l2(F.relu(F.linear(x, w * self.mask, self.l1.bias)))
        keep = (self.mask | (w.abs() < 0.05)) & ~(w == 0) & self.rows.expand(6, w.shape[1])
        keep = torch.logical_xor(keep, self.flip & (w <= -0.4))
        w = torch.where(keep, w, torch.zeros_like(w))
        w2 = torch.where(w2 >= 0, w2, w2 * 0.5)
        return F.linear(F.relu(F.linear(x, w, self.l1.bias)), w2, self.l2.bias)


class Quantized(nn.Module):
    """Integer weights with scales (INT8, UINT8 with a zero point, INT16, INT32) and INT64/DOUBLE input statistics."""

    def __init__(self, d):
        super().__init__()
        self.register_buffer("q1", torch.randint(-127, 128, (6, d), dtype=torch.int8))
        self.register_buffer("q2", torch.randint(0, 256, (1, 6), dtype=torch.uint8))
        self.register_buffer("b1", torch.randint(-3000, 3000, (6,), dtype=torch.int16))
        self.register_buffer("b2", torch.randint(-5, 5, (1,), dtype=torch.int32))
        self.register_buffer("shift", torch.randint(-2, 3, (d,), dtype=torch.int64))
        self.register_buffer("scale", torch.rand(d, dtype=torch.float64) + 0.5)

    def forward(self, x):
        x = (x - self.shift.float()) * self.scale.float()
        h = F.relu(F.linear(x, self.q1.float() * 0.01, self.b1.float() * 1e-3))
        return F.linear(h, (self.q2.float() - 128) * 0.02, self.b2.float())


def randomise_bn(bn):
    """Statistics as after training."""
    with torch.no_grad():
        c = bn.num_features
        bn.running_mean.copy_(torch.randn(c))
        bn.running_var.copy_(torch.rand(c) + 0.5)
        bn.weight.copy_(torch.randn(c))
        bn.bias.copy_(torch.randn(c))
    return bn


def with_bn(model):
    randomise_bn(model.bn)
    return model


# name, module for dimension d, whether its parameters are exactly Linear weights and biases,
# the opsets (bfloat16 casts exist from 13 on), constant folding (off keeps the ops on weights)
SECOND_BATCH = [
    ("nobias-mlp", NoBiasMlp, True, OPSETS, True),
    ("nobias-bn-mlp", lambda d: with_bn(NoBiasBnMlp(d)), False, OPSETS, True),
    ("bn-channels", lambda d: with_bn(BnShaped(d, "channels")), False, OPSETS, True),
    ("bn-one-channel", lambda d: with_bn(BnShaped(d, "one-channel")), False, OPSETS, True),
    ("bn2d-view", lambda d: with_bn(BnShaped(d, "2d")), False, OPSETS, True),
    ("half-weight", lambda d: RoundedWeights(d, "half"), True, OPSETS, False),
    ("half-stored", lambda d: RoundedWeights(d, "stored"), True, OPSETS, False),
    ("bfloat16-weight", lambda d: RoundedWeights(d, "bfloat16"), True, (13, 17), False),
    ("icnn-where", lambda d: Icnn(d, "where"), True, OPSETS, False),
    ("mask-weight", lambda d: Masked(d, False), True, OPSETS, False),
    ("mask-logic", lambda d: Masked(d, True), True, OPSETS, False),
    ("quantized", Quantized, False, OPSETS, False),
]
SECOND_BATCH_DIMS = (3, 5)


def parameter_count(model):
    return sum(p.numel() for p in model.parameters())


def second_batch():
    for name, make, _, opsets, fold in SECOND_BATCH:
        for opset in opsets:
            for d in SECOND_BATCH_DIMS:
                torch.manual_seed(zlib.crc32(f"{name}-d{d}-opset{opset}".encode()))
                export(name, make(d), d, opset, fold=fold)


def write_parameters():
    """Parameter counts depend on the architecture only, so fresh modules give those of the files."""
    rows = []
    for d in (2, 5, 8):
        for p in ("clamp", "softplus", "exp", "abs", "relu"):
            rows.append((f"icnn-{p}-d{d}", Icnn(d, p)))
        rows += [(f"norm-mlp-d{d}", NormMlp(d)), (f"fixed-batch-norm-mlp-d{d}", NormMlp(d)), (f"flat-d{d}", Flat(d))]
    rows.append(("f64-icnn-softplus-d3", Icnn(3, "softplus")))
    for name, make, linear, _, _ in SECOND_BATCH:
        if linear:
            rows += [(f"{name}-d{d}", make(d)) for d in SECOND_BATCH_DIMS]
    with open("parameters.csv", "w") as f:
        f.write("model,torch_parameters\n")
        for stem, model in rows:
            f.write(f"{stem},{parameter_count(model)}\n")


def first_batch():
    for opset in OPSETS:
        for d in (2, 5, 8):
            for p in ("clamp", "softplus", "exp", "abs", "relu"):
                export("icnn-" + p, Icnn(d, p), d, opset)
            export("norm-mlp", NormMlp(d), d, opset)
            bn = BnMlp(d)
            with torch.no_grad():  # statistics as after training
                bn.bn.running_mean.copy_(torch.randn(6))
                bn.bn.running_var.copy_(torch.rand(6) + 0.5)
                bn.bn.weight.copy_(torch.randn(6))
                bn.bn.bias.copy_(torch.randn(6))
            export("bn-mlp", bn, d, opset)
            export("flat", Flat(d), d, opset)
            export("pwl-ops", PwlOps(d), d, opset)
            export("zeros-like", ZerosLike(d), d, opset)
            export("fixed-batch-norm-mlp", NormMlp(d), d, opset, dynamic=False)
        export("f64-icnn-softplus", Icnn(3, "softplus"), 3, opset, double=True)
        export("f64-bn-mlp", BnMlp(3), 3, opset, double=True)
        for kind in ("Conv", "Sigmoid", "Tanh", "Softplus"):
            export("refused-" + kind, Refused(4, kind), 4, opset)


def every_dtype():
    """Initializers of every element type, each once in raw_data and once in its typed field (int32_data,
    int64_data, uint64_data, float_data, double_data), which torch never writes: a float64 graph made
    with onnx.helper, y = relu(sum_t x @ (cast(W_t) * s_t)) @ v, its outputs computed by numpy from
    onnx's own decoding of the tensors."""
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(11)
    d, width, stem = 3, 4, "f64-every-dtype-d3-opset13"
    draws = {  # type: (numpy dtype or None for bfloat16, values, scale making the terms comparable)
        TensorProto.BOOL: (np.bool_, rng.random((d, width)) > 0.5, 1.0),
        TensorProto.INT8: (np.int8, rng.integers(-128, 128, (d, width)), 2.0 ** -7),
        TensorProto.UINT8: (np.uint8, rng.integers(0, 256, (d, width)), 2.0 ** -8),
        TensorProto.INT16: (np.int16, rng.integers(-2 ** 15, 2 ** 15, (d, width)), 2.0 ** -15),
        TensorProto.UINT16: (np.uint16, rng.integers(0, 2 ** 16, (d, width)), 2.0 ** -16),
        TensorProto.INT32: (np.int32, rng.integers(-2 ** 31, 2 ** 31, (d, width)), 2.0 ** -31),
        TensorProto.UINT32: (np.uint32, rng.integers(0, 2 ** 32, (d, width)), 2.0 ** -32),
        TensorProto.INT64: (np.int64, rng.integers(-2 ** 52, 2 ** 52, (d, width)), 2.0 ** -52),
        TensorProto.UINT64: (np.uint64, rng.integers(0, 2 ** 53, (d, width)), 2.0 ** -53),
        TensorProto.FLOAT16: (np.float16, rng.standard_normal((d, width)), 1.0),
        TensorProto.BFLOAT16: (None, rng.standard_normal((d, width)), 1.0),
        TensorProto.FLOAT: (np.float32, rng.standard_normal((d, width)), 1.0),
        TensorProto.DOUBLE: (np.float64, rng.standard_normal((d, width)), 1.0),
    }
    inits, nodes, acc, total = [], [], None, np.zeros((d, width))
    for t, (dtype, values, scale) in draws.items():
        name = TensorProto.DataType.Name(t).lower()
        vals = values.astype(dtype) if dtype is not None else values.astype(np.float32)
        typed = helper.make_tensor(name + "_typed", t, (d, width), vals.flatten().tolist())
        if dtype is None:  # bfloat16: the 16 bits onnx rounded to, now as raw bytes
            raw_bytes = np.array(typed.int32_data, dtype=np.uint16).tobytes()
        else:
            raw_bytes = vals.tobytes()
        raw = helper.make_tensor(name + "_raw", t, (d, width), raw_bytes, raw=True)
        decoded = numpy_helper.to_array(typed).astype(np.float64)
        for tensor in (typed, raw):
            inits += [tensor, numpy_helper.from_array(np.array(scale), tensor.name + "_scale")]
            nodes += [helper.make_node("Cast", [tensor.name], [tensor.name + "_f64"], to=TensorProto.DOUBLE),
                      helper.make_node("Mul", [tensor.name + "_f64", tensor.name + "_scale"], [tensor.name + "_w"]),
                      helper.make_node("MatMul", ["x", tensor.name + "_w"], [tensor.name + "_xw"])]
            if acc is not None:
                nodes.append(helper.make_node("Add", [acc, tensor.name + "_xw"], [tensor.name + "_sum"]))
            acc = tensor.name + "_sum" if acc is not None else tensor.name + "_xw"
            total += decoded * scale
    v = rng.standard_normal((width, 1))
    inits.append(numpy_helper.from_array(v, "v"))
    nodes += [helper.make_node("Relu", [acc], ["h"]), helper.make_node("MatMul", ["h", "v"], ["y"])]
    graph = helper.make_graph(nodes, "every_dtype", [helper.make_tensor_value_info("x", TensorProto.DOUBLE, ["batch", d])],
                              [helper.make_tensor_value_info("y", TensorProto.DOUBLE, ["batch", 1])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    onnx.checker.check_model(model)
    onnx.save(model, stem + ".onnx")
    x = rng.uniform(-3, 3, (20, d))
    y = np.maximum(x @ total, 0) @ v
    with open(stem + ".csv", "w") as f:
        for xi, yi in zip(x.tolist(), y.tolist()):
            f.write(",".join(repr(c) for c in xi + yi) + "\n")


def main():
    if "--second-batch" not in sys.argv[1:]:
        first_batch()
    second_batch()
    every_dtype()
    write_parameters()


if __name__ == "__main__":
    main()
