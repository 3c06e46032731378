#!/usr/bin/env python3
"""PyTorch side of `tinyprune bench train-speed`.

Builds a torch nn.Module generically from tinyprune's JSON architecture description (written by
org.tinyprune.bench.ArchitectureJson), trains it for a fixed number of SGD-with-momentum steps on
the given batch size and thread count, and prints one JSON line with the measured samples/s.
Warm-up steps are excluded from the timing, as on the Java side.

Usage: torch_train_speed.py --arch ARCH.json --batch 64 --steps 30 --warmup 5 --threads 2 --seed 1
       torch_train_speed.py --forward-jobs JOBS.json
           (JOBS.json: a list of {"arch", "weights", "input", "batch"}; for each job, loads
            tinyprune's params (float32 little-endian, tinyprune's order) into the rebuild, runs it
            in eval mode on the input batch and prints one JSON line with the flat output; used
            by the tests that prove the rebuild computes the same function as tinyprune)
"""
import argparse
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Node(nn.Module):
    """One node of the description: an op applied to the outputs of its named inputs."""

    def __init__(self, spec):
        super().__init__()
        self.name = spec["name"]
        self.op = spec["op"]
        self.inputs = spec["inputs"]
        self.module = build_module(spec)
        self.axis = spec.get("axis", 1)

    def forward(self, xs):
        if self.op == "Add":
            out = xs[0]
            for x in xs[1:]:
                out = out + x
            return out
        if self.op == "Concat":
            return torch.cat(xs, dim=self.axis)
        return self.module(xs[0])


def build_module(spec):
    op = spec["op"]
    if op == "Conv2d":
        return nn.Conv2d(spec["in_channels"], spec["out_channels"],
                         kernel_size=tuple(spec["kernel"]), stride=spec["stride"],
                         padding=tuple(spec["padding"]), groups=spec["groups"],
                         bias=spec["bias"])
    if op == "BatchNorm2d":
        return nn.BatchNorm2d(spec["channels"], eps=spec["eps"], momentum=spec["momentum"])
    if op == "ReLU":
        return nn.ReLU()
    if op == "ReLU6":
        return nn.ReLU6()
    if op == "MaxPool2d":
        return nn.MaxPool2d(spec["kernel"], stride=spec["stride"], padding=spec["padding"])
    if op == "AvgPool2d":
        return nn.AvgPool2d(spec["kernel"], stride=spec["stride"], padding=spec["padding"],
                            count_include_pad=spec["count_include_pad"])
    if op == "GlobalAvgPool":
        return nn.AdaptiveAvgPool2d(1)
    if op == "Flatten":
        return nn.Flatten(1)
    if op == "Dense":
        return nn.Linear(spec["in_features"], spec["out_features"])
    if op == "Dropout":
        return nn.Dropout(spec["p"])
    if op in ("Input", "Add", "Concat"):
        return nn.Identity()
    raise ValueError("node '%s': op '%s' is not supported by torch_train_speed.py"
                     % (spec.get("name"), op))


def load_params(net, path):
    """Copies tinyprune's params (Conv2d: weight[, bias]; BatchNorm2d: gamma, beta, running
    mean, running var; Dense: weight, bias; in node order) into the torch modules."""
    with open(path, "rb") as f:
        data = f.read()
    values = torch.frombuffer(bytearray(data), dtype=torch.float32)
    pos = 0
    for node in net.nodes:
        m = node.module
        if isinstance(m, nn.BatchNorm2d):
            targets = [m.weight, m.bias, m.running_mean, m.running_var]
        elif isinstance(m, (nn.Conv2d, nn.Linear)):
            targets = [m.weight] + ([m.bias] if m.bias is not None else [])
        else:
            continue
        for t in targets:
            n = t.numel()
            with torch.no_grad():
                t.copy_(values[pos:pos + n].view_as(t))
            pos += n
    if pos != values.numel():
        raise ValueError("weights file holds %d floats, the architecture uses %d"
                         % (values.numel(), pos))


class Net(nn.Module):
    """Runs the nodes in the description's (topological) order."""

    def __init__(self, arch):
        super().__init__()
        self.nodes = nn.ModuleList(Node(s) for s in arch["nodes"])
        self.input_name = arch["input"]
        self.output_name = arch["output"]

    def forward(self, x):
        values = {self.input_name: x}
        for node in self.nodes:
            if node.op == "Input":
                continue
            values[node.name] = node([values[i] for i in node.inputs])
        return values[self.output_name]


def read_floats(path):
    with open(path, "rb") as f:
        return torch.frombuffer(bytearray(f.read()), dtype=torch.float32)


def forward_job(job):
    with open(job["arch"]) as f:
        arch = json.load(f)
    net = Net(arch)
    load_params(net, job["weights"])
    x = read_floats(job["input"]).view(*([job["batch"]] + list(arch["input_shape"])))
    net.eval()
    with torch.no_grad():
        out = net(x)
    return {"model": arch["name"], "params": sum(p.numel() for p in net.parameters()),
            "output": out.flatten().tolist()}


def train(args):
    with open(args.arch) as f:
        arch = json.load(f)
    net = Net(arch)
    net.train()
    opt = torch.optim.SGD(net.parameters(), lr=args.lr, momentum=args.momentum,
                          weight_decay=args.weight_decay)
    # One fixed batch, as on the Java side: the benchmark measures compute, not data loading.
    x = torch.randn(*([args.batch] + list(arch["input_shape"])))
    y = torch.randint(0, arch["classes"], (args.batch,))

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
        return loss

    for _ in range(args.warmup):
        step()
    start = time.perf_counter()
    for _ in range(args.steps):
        loss = step()
    seconds = time.perf_counter() - start
    return {
        "model": arch["name"],
        "framework": "pytorch " + torch.__version__,
        "threads": torch.get_num_threads(),
        "batch": args.batch,
        "steps": args.steps,
        "seconds": seconds,
        "samples_per_second": args.batch * args.steps / seconds,
        "params": sum(p.numel() for p in net.parameters()),
        "last_loss": float(loss),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--arch")
    ap.add_argument("--forward-jobs")
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--lr", type=float, default=0.01)
    ap.add_argument("--momentum", type=float, default=0.9)
    ap.add_argument("--weight-decay", type=float, default=5e-4)
    args = ap.parse_args()
    if args.steps < 1 or args.batch < 1 or args.threads < 1:
        ap.error("--steps, --batch and --threads must be at least 1")
    if (args.arch is None) == (args.forward_jobs is None):
        ap.error("give exactly one of --arch (train) and --forward-jobs")

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    if args.forward_jobs:
        with open(args.forward_jobs) as f:
            for job in json.load(f):
                print(json.dumps(forward_job(job)))
    else:
        print(json.dumps(train(args)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
