"""Exports the PyTorch patterns of the ONNX fixtures, with torch's outputs.

Run from this folder: python3 export.py (torch 1.13 and onnx made the committed files).
For each module and opset: NAME-opsetN.onnx and NAME-opsetN.csv, whose rows are the
input coordinates followed by torch's output (float32 values printed exactly; f64-* files are
exported in float64).
CI does not run this; OnnxFixturesTest loads the files and compares.
"""
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


def export(name, model, d, opset, dynamic=True, double=False):
    model.eval()
    x = (torch.rand(20, d) * 6 - 3).float()
    if double:
        model, x = model.double(), x.double()
    with torch.no_grad():
        y = model(x).reshape(20, -1)
    stem = f"{name}-d{d}-opset{opset}"
    torch.onnx.export(model, x, stem + ".onnx", opset_version=opset, input_names=["x"], output_names=["y"],
                      dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}} if dynamic else None)
    if name.startswith("refused-"):
        return
    with open(stem + ".csv", "w") as f:
        for xi, yi in zip(x.tolist(), y.tolist()):
            f.write(",".join(repr(v) for v in xi + yi) + "\n")


def main():
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


if __name__ == "__main__":
    main()
