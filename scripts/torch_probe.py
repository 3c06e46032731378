#!/usr/bin/python3
"""Training-throughput probe for PyTorch on a zoo model (as scripts/torch_zoo.py builds it).

  /usr/bin/python3 scripts/torch_probe.py MODEL [STEPS]
Prints wall-clock samples/s and samples per CPU-second (process time over all threads), batch 64,
2 threads, SGD with momentum, random 1x28x28 inputs — the same loop as org.tinyprune.train.Throughput.
On a shared machine the CPU-second figure is the steadier of the two.
"""
import os, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch, torch.nn as nn
from torch_zoo import build

torch.set_num_threads(2)
name = sys.argv[1] if len(sys.argv) > 1 else "vgg-small"
steps = int(sys.argv[2]) if len(sys.argv) > 2 else 20
net = build(name, 1, 28, 28, 10).train()
opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)
x = torch.randn(64, 1, 28, 28); y = torch.randint(0, 10, (64,)); loss = nn.CrossEntropyLoss()
for s in range(5 + steps):
    if s == 5:
        t, c = time.time(), time.process_time()
    opt.zero_grad(); l = loss(net(x), y); l.backward(); opt.step()
wall, cpu = time.time() - t, time.process_time() - c
print("%s torch samples/s %.1f  samples/cpu-s %.1f" % (name, 64 * steps / wall, 64 * steps / cpu))
