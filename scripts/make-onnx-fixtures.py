#!/usr/bin/env python3
"""Exports the ONNX fixtures under fixtures/onnx/ from PyTorch (issue 13, item 6).

Needs Debian's python3-torch (and python3-onnx, for the size check); CI does not run it: the
exported files are committed and the Java tests read them without torch.

Each fixture is a folder in the ONNX backend-test layout:
    fixtures/onnx/<name>/model.onnx
    fixtures/onnx/<name>/test_data_set_0/input_0.pb    (TensorProto, float32)
    fixtures/onnx/<name>/test_data_set_0/output_0.pb   (TensorProto, float32: PyTorch's own output)
    fixtures/onnx/<name>/meta.json                      (what the model is, how its input is scaled)
    fixtures/onnx/<name>/grad_check/                    (PyTorch's training-mode gradients, written by
                                                          make-grad-fixtures.py, which this runs last)

Usage: scripts/make-onnx-fixtures.py [--out fixtures/onnx] [--epochs 2] [--data DIR]
Everything is seeded: a rerun on the same machine and torch version writes the same files.
"""
import argparse
import gzip
import json
import os
import struct
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

FMNIST_MEAN = 0.2860
FMNIST_STD = 0.3530


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    ndim = magic & 0xFF
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def tensor_proto(array, name):
    from onnx import numpy_helper
    return numpy_helper.from_array(np.ascontiguousarray(array, dtype=np.float32), name)


def randomise_batchnorm(model, gen):
    """Gives every BatchNorm non-trivial statistics, as a trained network has."""
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            c = m.num_features
            m.running_mean.copy_(torch.randn(c, generator=gen) * 0.2)
            m.running_var.copy_(torch.rand(c, generator=gen) * 0.8 + 0.4)
            m.weight.data.copy_(torch.rand(c, generator=gen) * 0.8 + 0.6)
            m.bias.data.copy_(torch.randn(c, generator=gen) * 0.1)


class FmnistCnn(nn.Module):
    """A small Fashion-MNIST classifier as a PyTorch user would write it."""

    def __init__(self):
        super().__init__()
        def block(cin, cout):
            return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout),
                                 nn.ReLU(inplace=True), nn.MaxPool2d(2))
        self.features = nn.Sequential(block(1, 32), block(32, 64), block(64, 64))
        self.classifier = nn.Sequential(nn.Flatten(), nn.Dropout(0.2), nn.Linear(64 * 3 * 3, 64),
                                        nn.ReLU(inplace=True), nn.Linear(64, 10))

    def forward(self, x):
        return self.classifier(self.features(x))


class DsCnn(nn.Module):
    """DS-CNN for 49x10 MFCC keyword spotting (the MLPerf Tiny KWS shape), 12 classes."""

    def __init__(self, width=32):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(1, width, (10, 4), stride=2, padding=(5, 1), bias=False),
                                  nn.BatchNorm2d(width), nn.ReLU())
        blocks = []
        for _ in range(4):
            blocks += [nn.Conv2d(width, width, 3, padding=1, groups=width, bias=False), nn.BatchNorm2d(width),
                       nn.ReLU(), nn.Conv2d(width, width, 1, bias=False), nn.BatchNorm2d(width), nn.ReLU()]
        self.blocks = nn.Sequential(*blocks)
        self.pool = nn.AvgPool2d((25, 5))
        self.fc = nn.Linear(width, 12)

    def forward(self, x):
        x = self.pool(self.blocks(self.stem(x)))
        return self.fc(torch.flatten(x, 1))


class InvertedResidual(nn.Module):
    """MobileNetV2's inverted residual block: expand, depthwise, project, add (ReLU6 as Clip)."""

    def __init__(self, c=16, expand=4):
        super().__init__()
        h = c * expand
        self.body = nn.Sequential(
            nn.Conv2d(c, h, 1, bias=False), nn.BatchNorm2d(h), nn.ReLU6(),
            nn.Conv2d(h, h, 3, padding=1, groups=h, bias=False), nn.BatchNorm2d(h), nn.ReLU6(),
            nn.Conv2d(h, c, 1, bias=False), nn.BatchNorm2d(c))

    def forward(self, x):
        return x + self.body(x)


class SqueezeExcite(nn.Module):
    def __init__(self, c, r, gate=nn.Sigmoid, act=nn.ReLU, mean=False):
        super().__init__()
        self.mean = mean
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.reduce = nn.Conv2d(c, r, 1)
        self.act = act()
        self.expand = nn.Conv2d(r, c, 1)
        self.gate = gate()

    def forward(self, x):
        s = x.mean((2, 3), keepdim=True) if self.mean else self.pool(x)
        return x * self.gate(self.expand(self.act(self.reduce(s))))


class SeBlock(nn.Module):
    """Conv, squeeze-and-excite (sigmoid gate, Mul), then a small classifier head."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Sequential(nn.Conv2d(16, 32, 3, padding=1, bias=False), nn.BatchNorm2d(32), nn.ReLU())
        self.se = SqueezeExcite(32, 8)
        self.head = nn.Linear(32, 10)

    def forward(self, x):
        x = self.se(self.conv(x))
        return self.head(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


def channel_shuffle(x, groups):
    n, c, h, w = x.size()
    x = x.view(n, groups, c // groups, h, w)
    x = torch.transpose(x, 1, 2).contiguous()
    return x.view(n, -1, h, w)


class ShuffleBlock(nn.Module):
    """ShuffleNetV2's stride-2 unit: two branches, concat, channel shuffle."""

    def __init__(self, cin=16, cout=32):
        super().__init__()
        b = cout // 2
        self.branch1 = nn.Sequential(
            nn.Conv2d(cin, cin, 3, stride=2, padding=1, groups=cin, bias=False), nn.BatchNorm2d(cin),
            nn.Conv2d(cin, b, 1, bias=False), nn.BatchNorm2d(b), nn.ReLU())
        self.branch2 = nn.Sequential(
            nn.Conv2d(cin, b, 1, bias=False), nn.BatchNorm2d(b), nn.ReLU(),
            nn.Conv2d(b, b, 3, stride=2, padding=1, groups=b, bias=False), nn.BatchNorm2d(b),
            nn.Conv2d(b, b, 1, bias=False), nn.BatchNorm2d(b), nn.ReLU())

    def forward(self, x):
        return channel_shuffle(torch.cat((self.branch1(x), self.branch2(x)), 1), 2)


class MbConv(nn.Module):
    """EfficientNet's MBConv: expand (SiLU), depthwise (SiLU), SE over ReduceMean, project, residual."""

    def __init__(self, c=16, expand=4):
        super().__init__()
        h = c * expand
        self.expand = nn.Sequential(nn.Conv2d(c, h, 1, bias=False), nn.BatchNorm2d(h), nn.SiLU())
        self.dw = nn.Sequential(nn.Conv2d(h, h, 3, padding=1, groups=h, bias=False), nn.BatchNorm2d(h), nn.SiLU())
        self.se = SqueezeExcite(h, 4, act=nn.SiLU, mean=True)
        self.project = nn.Sequential(nn.Conv2d(h, c, 1, bias=False), nn.BatchNorm2d(c))

    def forward(self, x):
        return x + self.project(self.se(self.dw(self.expand(x))))


class Mbv3Block(nn.Module):
    """MobileNetV3's block: expand (HardSwish), depthwise, SE with HardSigmoid gate, project."""

    def __init__(self, c=16, expand=3):
        super().__init__()
        h = c * expand
        self.expand = nn.Sequential(nn.Conv2d(c, h, 1, bias=False), nn.BatchNorm2d(h), nn.Hardswish())
        self.dw = nn.Sequential(nn.Conv2d(h, h, 5, padding=2, groups=h, bias=False), nn.BatchNorm2d(h),
                                nn.Hardswish())
        self.se = SqueezeExcite(h, 8, gate=nn.Hardsigmoid)
        self.project = nn.Sequential(nn.Conv2d(h, c, 1, bias=False), nn.BatchNorm2d(c))

    def forward(self, x):
        return x + self.project(self.se(self.dw(self.expand(x))))


def train_fmnist(model, data_dir, epochs, gen):
    xs = read_idx(os.path.join(data_dir, "train-images-idx3-ubyte.gz"))
    ys = read_idx(os.path.join(data_dir, "train-labels-idx1-ubyte.gz"))
    xt = read_idx(os.path.join(data_dir, "t10k-images-idx3-ubyte.gz"))
    yt = read_idx(os.path.join(data_dir, "t10k-labels-idx1-ubyte.gz"))
    norm = lambda a: (torch.from_numpy(a.astype(np.float32) / 255.0) - FMNIST_MEAN) / FMNIST_STD
    x, y = norm(xs).unsqueeze(1), torch.from_numpy(ys.astype(np.int64))
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, weight_decay=5e-4, nesterov=True)
    steps = epochs * (len(x) // 64)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.05, total_steps=steps)
    for epoch in range(epochs):
        model.train()
        perm = torch.randperm(len(x), generator=gen)
        for i in range(len(x) // 64):
            idx = perm[i * 64:(i + 1) * 64]
            opt.zero_grad()
            loss = F.cross_entropy(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
            sched.step()
        print(f"fmnist_cnn epoch {epoch + 1}/{epochs}: loss {loss.item():.4f}", file=sys.stderr)
    model.eval()
    with torch.no_grad():
        xt_n = norm(xt).unsqueeze(1)
        pred = torch.cat([model(xt_n[i:i + 1000]).argmax(1) for i in range(0, len(xt_n), 1000)])
    acc = (pred.numpy() == yt).mean()
    return float(acc), xt_n[:1]


def export(model, x, name, out_dir, meta, opset=13, dynamic_batch=False, keep_batchnorm=False):
    model.eval()
    folder = os.path.join(out_dir, name)
    data = os.path.join(folder, "test_data_set_0")
    os.makedirs(data, exist_ok=True)
    with torch.no_grad():
        y = model(x)
    kwargs = dict(input_names=["input"], output_names=["output"], opset_version=opset, do_constant_folding=True)
    if keep_batchnorm:  # as exported from eval mode with training=PRESERVE: BatchNormalization nodes stay
        kwargs.update(training=torch.onnx.TrainingMode.PRESERVE, do_constant_folding=False)
    if dynamic_batch:
        kwargs["dynamic_axes"] = {"input": {0: "N"}, "output": {0: "N"}}
    tmp = os.path.join(folder, "model.onnx.tmp")
    torch.onnx.export(model, x, tmp, **kwargs)
    os.replace(tmp, os.path.join(folder, "model.onnx"))
    for fname, arr, tname in (("input_0.pb", x, "input"), ("output_0.pb", y, "output")):
        with open(os.path.join(data, fname), "wb") as f:
            f.write(tensor_proto(arr.numpy(), tname).SerializeToString())
    import onnx
    ops = sorted({n.op_type for n in onnx.load(os.path.join(folder, "model.onnx")).graph.node})
    meta = dict(meta, name=name, opset=opset, input_shape=list(x.shape), output_shape=list(y.shape),
                onnx_ops=ops, torch=torch.__version__)
    with open(os.path.join(folder, "meta.json"), "w") as f:
        json.dump(meta, f, indent=2, sort_keys=True)
        f.write("\n")
    print(f"{name}: {ops}", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "fixtures", "onnx"))
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    args = ap.parse_args()
    torch.manual_seed(1)
    torch.set_num_threads(2)
    gen = torch.Generator().manual_seed(1)

    fm = FmnistCnn()
    acc, sample = train_fmnist(fm, args.data, args.epochs, gen)
    export(fm, sample, "fmnist_cnn", args.out, dict(
        what="Fashion-MNIST CNN trained in PyTorch (conv-BN-ReLU-maxpool x3, flatten, dropout, 2 linear)",
        dataset="fashion-mnist", classes=10, input_scaling="(pixel/255 - mean) / std", mean=[FMNIST_MEAN],
        std=[FMNIST_STD], epochs=args.epochs, torch_test_accuracy=acc), dynamic_batch=True, keep_batchnorm=True)

    # the blocks do not depend on the classifier's training: their own seeds
    torch.manual_seed(2)
    gen = torch.Generator().manual_seed(2)
    # name, model, input shape, description, opset, options: BN kept as nodes (else folded into the
    # convs, as a plain eval-mode export does), dynamic batch (Shape/Gather/Concat feed the Reshapes)
    blocks = [
        ("ds_cnn", DsCnn(), (1, 1, 49, 10), "DS-CNN for 49x10 MFCC keyword spotting, 12 classes, untrained", 13, {}),
        ("inverted_residual", InvertedResidual(), (1, 16, 14, 14), "MobileNetV2 inverted residual block", 13,
         {"keep_batchnorm": True}),
        ("se_block", SeBlock(), (1, 16, 14, 14), "conv + squeeze-and-excite (sigmoid, Mul) + head", 13, {}),
        ("shuffle_block", ShuffleBlock(), (1, 16, 14, 14), "ShuffleNetV2 stride-2 unit with channel shuffle", 13,
         {"dynamic_batch": True}),
        ("efficientnet_block", MbConv(), (1, 16, 14, 14), "EfficientNet MBConv: SiLU, SE over ReduceMean", 13, {}),
        ("mbv3_block", Mbv3Block(), (1, 16, 14, 14), "MobileNetV3 block: HardSwish, SE with HardSigmoid", 14, {}),
    ]
    for name, model, shape, what, opset, options in blocks:
        randomise_batchnorm(model, gen)
        x = torch.randn(*shape, generator=gen)
        export(model, x, name, args.out, dict(what=what, weights="random (seeded), BN statistics randomised"),
               opset=opset, **options)

    # the reference gradients ImportedTrainingTest compares with (they record model.onnx's hash)
    import subprocess
    subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "make-grad-fixtures.py"),
                    "--fixtures", args.out], check=True)


if __name__ == "__main__":
    main()
