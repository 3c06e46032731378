# Training-throughput probe for PyTorch on the same network as BenchMain.vggLike (batch 64, 2 threads).
import sys, time, torch, torch.nn as nn
torch.set_num_threads(2)
def block(i, o): return [nn.Conv2d(i, o, 3, 1, 1, bias=False), nn.BatchNorm2d(o), nn.ReLU()]
net = nn.Sequential(*block(1, 32), *block(32, 32), nn.MaxPool2d(2), *block(32, 64), *block(64, 64),
                    nn.MaxPool2d(2), *block(64, 128), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(128, 10))
opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)
x = torch.randn(64, 1, 28, 28); y = torch.randint(0, 10, (64,)); loss = nn.CrossEntropyLoss()
steps = int(sys.argv[1]) if len(sys.argv) > 1 else 20
for s in range(5 + steps):
    if s == 5: t = time.time()
    opt.zero_grad(); l = loss(net(x), y); l.backward(); opt.step()
print("torch samples/s %.1f" % (64 * steps / (time.time() - t)))
