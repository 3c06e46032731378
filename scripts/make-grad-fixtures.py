#!/usr/bin/env python3
"""Writes PyTorch reference gradients next to the ONNX fixtures, for ImportedTrainingTest.

For every fixtures/onnx/<name>/model.onnx this runs the ONNX graph itself in PyTorch, in float64
and in training mode (BatchNormalization normalises with the batch's mean and biased variance, as
the Java engine does when training), on a batch of 2 random inputs x, and takes dL/dw of
L = sum(output * r) for every trainable initializer (Conv and Gemm weight and bias,
BatchNormalization scale and B) with autograd. It writes fixtures/onnx/<name>/grad_check/:
    x.pb       TensorProto float32 [2, C, H, W], uniform in [-1, 1)
    r.pb       TensorProto float32, the output's shape, uniform in [-1, 1) (so dL/doutput = r)
    y.pb       TensorProto float32: the training-mode output, rounded from float64
    grads.pb   GraphProto whose initializers are the gradients, rounded from float64 to float32,
               each named as the Java importer names the param (<ONNX node output>.weight|bias for
               Conv/Gemm, .gamma|beta for BatchNormalization) and laid out as the ONNX initializer
               (Gemm must have transB=1, so that is [out, in] as the Java Dense); doc_string holds
               "model.onnx sha256 <hex>" so a test can tell that the model changed since.

x is drawn again (next seed) until no ReLU/Clip/HardSwish/HardSigmoid input and no MaxPool
runner-up lies within MARGIN of a kink: the reference is then the gradient of a function that is
smooth around x, and float32 rounding in the engine under test cannot flip a ReLU or a max.

The graph is interpreted node by node (the ops the fixtures use; anything else stops the script),
not rebuilt from the PyTorch modules, so the reference reads the same file the importer reads.
Needs Debian's python3-torch and python3-onnx; CI does not run it, the files are committed.
make-onnx-fixtures.py runs it after exporting. Usage: scripts/make-grad-fixtures.py [--fixtures DIR]
"""
import argparse
import hashlib
import os
import sys
import zlib

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import helper, numpy_helper

MARGIN = 1e-5
BATCH = 2


def _const(array):
    return torch.from_numpy(array.astype(np.float64) if array.dtype.kind == "f" else array.copy())


def run(model, x, params, margins):
    """The graph's output for input x, in float64, BatchNormalization in training mode.

    params overrides initializers by name (leaf tensors with requires_grad). margins collects, per
    nonsmooth node, the smallest distance of its input to a kink.
    """
    env = {t.name: _const(numpy_helper.to_array(t)) for t in model.graph.initializer}
    env.update(params)
    env[model.graph.input[0].name] = x

    def margin(t):
        margins.append(float(t.detach().abs().min()))

    for n in model.graph.node:
        a = {at.name: helper.get_attribute_value(at) for at in n.attribute}
        i = [env[name] if name else None for name in n.input]
        op = n.op_type
        if op == "Constant":
            out = _const(numpy_helper.to_array(a["value"]))
        elif op == "Conv":
            p = a.get("pads", [0, 0, 0, 0])
            assert p[0] == p[2] and p[1] == p[3], n.name + ": asymmetric pads"
            out = F.conv2d(i[0], i[1], i[2] if len(i) > 2 else None, a.get("strides", [1, 1]), (p[0], p[1]),
                           a.get("dilations", [1, 1]), a.get("group", 1))
        elif op == "BatchNormalization":
            out = F.batch_norm(i[0], None, None, i[1], i[2], True, 0.0, a.get("epsilon", 1e-5))
        elif op == "Relu":
            margin(i[0])
            out = F.relu(i[0])
        elif op == "Clip":
            lo, hi = float(i[1]), float(i[2])
            margin(i[0] - lo)
            margin(i[0] - hi)
            out = torch.clamp(i[0], lo, hi)
        elif op == "HardSigmoid":
            z = a.get("alpha", 0.2) * i[0] + a.get("beta", 0.5)
            margin(z)
            margin(z - 1)
            out = torch.clamp(z, 0, 1)
        elif op == "HardSwish":
            margin(i[0] + 3)
            margin(i[0] - 3)
            out = F.hardswish(i[0])
        elif op == "Sigmoid":
            out = torch.sigmoid(i[0])
        elif op == "Mul":
            out = i[0] * i[1]
        elif op == "Add":
            out = i[0] + i[1]
        elif op == "Div":
            out = i[0] / i[1] if i[0].is_floating_point() else torch.div(i[0], i[1], rounding_mode="floor")
        elif op in ("MaxPool", "AveragePool"):
            p = a.get("pads", [0, 0, 0, 0])
            assert p[0] == p[2] and p[1] == p[3], n.name + ": asymmetric pads"
            k, s = a["kernel_shape"], a.get("strides", a["kernel_shape"])
            ceil = bool(a.get("ceil_mode", 0))
            if op == "MaxPool":
                assert p == [0, 0, 0, 0] and not ceil, n.name + ": margin check assumes unpadded windows"
                win = F.unfold(i[0].reshape(-1, 1, *i[0].shape[2:]), k, stride=s)
                top = torch.topk(win, 2, dim=1).values
                gap = top[:, 0] - top[:, 1]
                # exact ties are zeros from a ReLU whose input is negative: no gradient flows there
                margin(gap[gap > 0])
                out = F.max_pool2d(i[0], k, s, (p[0], p[1]), ceil_mode=ceil)
            else:
                out = F.avg_pool2d(i[0], k, s, (p[0], p[1]), ceil_mode=ceil,
                                   count_include_pad=bool(a.get("count_include_pad", 0)))
        elif op == "Pad":
            assert a.get("mode", b"constant") in (b"constant", "constant"), n.name
            pads = [int(v) for v in i[1]]
            dims = len(pads) // 2
            torch_pads = []
            for d in reversed(range(dims)):
                torch_pads += [pads[d], pads[d + dims]]
            out = F.pad(i[0], torch_pads, value=float(i[2]) if len(i) > 2 and i[2] is not None else 0.0)
        elif op == "GlobalAveragePool":
            out = i[0].mean((2, 3), keepdim=True)
        elif op == "ReduceMean":
            out = i[0].mean(tuple(a["axes"]), keepdim=bool(a.get("keepdims", 1)))
        elif op == "Flatten":
            out = torch.flatten(i[0], a.get("axis", 1))
        elif op == "Gemm":
            x_ = i[0].T if a.get("transA", 0) else i[0]
            w = i[1].T if a.get("transB", 0) else i[1]
            out = a.get("alpha", 1.0) * x_ @ w + (a.get("beta", 1.0) * i[2] if len(i) > 2 else 0)
        elif op == "Concat":
            out = torch.cat(i, a["axis"])
        elif op == "Shape":
            out = torch.tensor(i[0].shape, dtype=torch.int64)
        elif op == "Gather":
            assert a.get("axis", 0) == 0, n.name
            out = i[0][i[1]]
        elif op == "Cast":
            assert a["to"] in (1, 7, 11), n.name
            out = i[0].to(torch.int64) if a["to"] == 7 else i[0].to(torch.float64)
        elif op == "Unsqueeze":
            out = i[0]
            for axis in sorted(int(v) for v in (i[1] if len(i) > 1 else a["axes"])):
                out = out.unsqueeze(axis)
        elif op == "Reshape":
            out = i[0].reshape([int(v) if int(v) != 0 else i[0].shape[d] for d, v in enumerate(i[1])])
        elif op == "Transpose":
            out = i[0].permute(a["perm"])
        else:
            raise SystemExit(f"{n.name}: op {op} is not interpreted; add it to make-grad-fixtures.py")
        env[n.output[0]] = out
    return env[model.graph.output[0].name]


def trainable(model):
    """(Java param name, initializer name) of every trainable initializer."""
    inits = {t.name for t in model.graph.initializer}
    names = {"Conv": ("weight", "bias"), "Gemm": ("weight", "bias"), "BatchNormalization": ("gamma", "beta")}
    result = []
    for n in model.graph.node:
        if n.op_type not in names:
            continue
        if n.op_type == "Gemm":
            assert helper.get_attribute_value(next(at for at in n.attribute if at.name == "transB")) == 1, n.name
        for slot, suffix in enumerate(names[n.op_type], start=1):
            if slot < len(n.input) and n.input[slot] in inits:
                result.append((n.output[0] + "." + suffix, n.input[slot]))
    return result


def write(path, array, name):
    with open(path, "wb") as f:
        f.write(numpy_helper.from_array(np.ascontiguousarray(array, dtype=np.float32), name).SerializeToString())


def reference(folder, name):
    path = os.path.join(folder, "model.onnx")
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    model = onnx.load(path)
    dims = [d.dim_value for d in model.graph.input[0].type.tensor_type.shape.dim][1:]
    inits = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    params = trainable(model)
    for attempt in range(100):
        rng = np.random.default_rng([zlib.crc32(name.encode()), attempt])
        x = (rng.random([BATCH] + dims) * 2 - 1).astype(np.float32)
        margins = []
        with torch.no_grad():
            y = run(model, torch.from_numpy(x.astype(np.float64)), {}, margins)
        if not margins or min(margins) >= MARGIN:
            break
    else:
        raise SystemExit(f"{name}: no input in 100 draws keeps every kink {MARGIN} away")
    r = (rng.random(y.shape) * 2 - 1).astype(np.float32)
    leaves = {init: torch.from_numpy(inits[init].astype(np.float64)).requires_grad_(True) for _, init in params}
    y = run(model, torch.from_numpy(x.astype(np.float64)), leaves, [])
    (y * torch.from_numpy(r.astype(np.float64))).sum().backward()
    out = os.path.join(folder, "grad_check")
    os.makedirs(out, exist_ok=True)
    write(os.path.join(out, "x.pb"), x, "x")
    write(os.path.join(out, "r.pb"), r, "r")
    write(os.path.join(out, "y.pb"), y.detach().numpy(), "y")
    grads = [numpy_helper.from_array(leaves[init].grad.numpy().astype(np.float32), key) for key, init in params]
    graph = helper.make_graph([], name + "_grads", [], [], initializer=grads,
                              doc_string="model.onnx sha256 " + digest)
    with open(os.path.join(out, "grads.pb"), "wb") as f:
        f.write(graph.SerializeToString())
    print(f"{name}: {len(params)} params, x draw {attempt}, smallest kink margin "
          f"{min(margins) if margins else float('inf'):.2e}", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fixtures", default=os.path.join(os.path.dirname(__file__), "..", "fixtures", "onnx"))
    args = ap.parse_args()
    torch.set_num_threads(2)
    for name in sorted(os.listdir(args.fixtures)):
        if os.path.isfile(os.path.join(args.fixtures, name, "model.onnx")):
            reference(os.path.join(args.fixtures, name), name)


if __name__ == "__main__":
    main()
