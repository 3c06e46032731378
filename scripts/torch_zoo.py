#!/usr/bin/python3
"""The tinyprune model zoo in PyTorch, layer for layer as org.tinyprune.zoo builds it.

Used as the PyTorch side of training-speed comparisons and to check that both sides build the same
architecture (same trainable parameter count and output shape).

  /usr/bin/python3 scripts/torch_zoo.py params < specs
      reads lines "MODEL C H W CLASSES WIDTH", prints one line "params N output K" for each
  /usr/bin/python3 scripts/torch_zoo.py bench MODEL [--steps 20] [--batch 64] [--threads 2]
      trains MODEL on random 1x28x28 batches with SGD (momentum 0.9) and prints samples/s
"""
import argparse
import math
import sys
import time

import torch
import torch.nn as nn


def scale(reference, width):
    """Channel count at a width multiplier: nearest multiple of 4 (halves up), at least 4."""
    return max(4, int(math.floor(reference * width / 4 + 0.5)) * 4)


def conv_bn(cin, cout, k, s, p, act):
    layers = [nn.Conv2d(cin, cout, k, s, p, bias=False), nn.BatchNorm2d(cout)]
    if act is not None:
        layers.append(act())
    return layers


def head(cin, classes):
    return [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(cin, classes)]


def vgg_small(c, h, w, classes, width):
    layers, cin = [], c
    stages = [[32, 32], [64, 64], [128]]
    for i, stage in enumerate(stages):
        for ref in stage:
            cout = scale(ref, width)
            layers += conv_bn(cin, cout, 3, 1, 1, nn.ReLU)
            cin = cout
        if i < len(stages) - 1:
            layers.append(nn.MaxPool2d(2, 2))
    return nn.Sequential(*layers, *head(cin, classes))


class InvertedResidual(nn.Module):
    def __init__(self, cin, t, cout, stride):
        super().__init__()
        layers = []
        if t != 1:
            layers += conv_bn(cin, cin * t, 1, 1, 0, nn.ReLU6)
        mid = cin * t
        layers += [nn.Conv2d(mid, mid, 3, stride, 1, groups=mid, bias=False),
                   nn.BatchNorm2d(mid), nn.ReLU6()]
        layers += conv_bn(mid, cout, 1, 1, 0, None)
        self.body = nn.Sequential(*layers)
        self.residual = stride == 1 and cin == cout

    def forward(self, x):
        y = self.body(x)
        return y + x if self.residual else y


def mobilenetv2_small(c, h, w, classes, width):
    cin = scale(16, width)
    layers = conv_bn(c, cin, 3, 1, 1, nn.ReLU6)
    for t, ref, n, s in [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 2, 1)]:
        cout = scale(ref, width)
        for i in range(n):
            layers.append(InvertedResidual(cin, t, cout, s if i == 0 else 1))
            cin = cout
    top = scale(256, width)
    layers += conv_bn(cin, top, 1, 1, 0, nn.ReLU6)
    return nn.Sequential(*layers, *head(top, classes))


def same_padding(size, k, s):
    out = (size + s - 1) // s
    total = max((out - 1) * s + k - size, 0)
    return (total + 1) // 2


def ds_cnn(c, h, w, classes, width):
    kh, kw = (min(10, h), min(4, w)) if h >= 2 * w else (min(5, h), min(5, w))
    ch = scale(64, width)
    layers = [nn.Conv2d(c, ch, (kh, kw), 2, (same_padding(h, kh, 2), same_padding(w, kw, 2)),
                        bias=False), nn.BatchNorm2d(ch), nn.ReLU()]
    for _ in range(4):
        layers += [nn.Conv2d(ch, ch, 3, 1, 1, groups=ch, bias=False), nn.BatchNorm2d(ch),
                   nn.ReLU()]
        layers += conv_bn(ch, ch, 1, 1, 0, nn.ReLU)
    return nn.Sequential(*layers, *head(ch, classes))


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.main = nn.Sequential(*conv_bn(cin, cout, 3, stride, 1, nn.ReLU),
                                  *conv_bn(cout, cout, 3, 1, 1, None))
        self.shortcut = (nn.Conv2d(cin, cout, 1, stride, 0, bias=True)
                         if stride != 1 or cin != cout else nn.Identity())
        self.relu = nn.ReLU()

    def forward(self, x):
        return self.relu(self.main(x) + self.shortcut(x))


def resnet8(c, h, w, classes, width):
    cin = scale(16, width)
    layers = conv_bn(c, cin, 3, 1, 1, nn.ReLU)
    for ref, stride in [(16, 1), (32, 2), (64, 2)]:
        cout = scale(ref, width)
        layers.append(BasicBlock(cin, cout, stride))
        cin = cout
    return nn.Sequential(*layers, *head(cin, classes))


MODELS = {"vgg-small": vgg_small, "mobilenetv2-small": mobilenetv2_small, "ds-cnn": ds_cnn,
          "resnet8": resnet8}


def build(name, c, h, w, classes, width=1.0):
    if name not in MODELS:
        sys.exit("unknown model '%s'; known models: %s" % (name, ", ".join(MODELS)))
    return MODELS[name](c, h, w, classes, width)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("params")
    b = sub.add_parser("bench")
    b.add_argument("model")
    b.add_argument("--steps", type=int, default=20)
    b.add_argument("--batch", type=int, default=64)
    b.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    if a.cmd == "params":
        for line in sys.stdin:
            if not line.strip():
                continue
            name, c, h, w, classes, width = line.split()
            c, h, w, classes = int(c), int(h), int(w), int(classes)
            net = build(name, c, h, w, classes, float(width)).eval()
            n = sum(t.numel() for t in net.parameters() if t.requires_grad)
            with torch.no_grad():
                out = net(torch.zeros(1, c, h, w))
            print("params %d output %d" % (n, out.shape[1]), flush=True)
        return
    torch.manual_seed(0)
    torch.set_num_threads(a.threads)
    net = build(a.model, 1, 28, 28, 10)
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)
    x = torch.randn(a.batch, 1, 28, 28)
    y = torch.randint(0, 10, (a.batch,))
    loss = nn.CrossEntropyLoss()
    for s in range(3 + a.steps):
        if s == 3:
            start = time.time()
        opt.zero_grad()
        loss(net(x), y).backward()
        opt.step()
    print("%s torch samples/s %.1f" % (a.model, a.batch * a.steps / (time.time() - start)))


if __name__ == "__main__":
    main()
