#!/usr/bin/env python3
"""A small real training job with no third-party packages: a one-hidden-layer network learns a
two-moons classification task with mini-batch SGD.

Hyperparameters arrive as command-line flags (`--learning_rate=0.01 ...`, what the `${args}` macro
produces) or as JSON in the SWOOP_CONFIG environment variable. Metrics go to standard output as
JSON lines behind the `@swoop ` prefix, one line per epoch.
"""
import argparse
import json
import math
import os
import random
import sys


def two_moons(n, noise, rng):
    pts = []
    for i in range(n):
        t = math.pi * rng.random()
        if i % 2 == 0:
            x, y, label = math.cos(t), math.sin(t), 0
        else:
            x, y, label = 1 - math.cos(t), 0.5 - math.sin(t), 1
        pts.append(((x + rng.gauss(0, noise) - 0.5) / 1.2, (y + rng.gauss(0, noise) - 0.25) / 0.8, label))
    return pts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--learning_rate", type=float, default=0.1)
    ap.add_argument("--weight_decay", type=float, default=1e-4)
    ap.add_argument("--batch_size", type=int, default=32)
    ap.add_argument("--hidden", type=int, default=8)
    ap.add_argument("--activation", default="tanh")
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    cfg = vars(args)
    cfg.update(json.loads(os.environ.get("SWOOP_CONFIG", "{}")))

    rng = random.Random(cfg["seed"])
    train, val = two_moons(400, 0.15, rng), two_moons(200, 0.15, random.Random(1234))
    h = int(cfg["hidden"])
    act = math.tanh if cfg["activation"] == "tanh" else (lambda z: max(0.0, z))
    dact = (lambda a, z: 1 - a * a) if cfg["activation"] == "tanh" else (lambda a, z: 1.0 if z > 0 else 0.0)
    w1 = [[rng.gauss(0, 1 / math.sqrt(2)) for _ in range(2)] for _ in range(h)]
    b1 = [0.0] * h
    w2 = [rng.gauss(0, 1 / math.sqrt(h)) for _ in range(h)]
    b2 = 0.0
    lr, wd, bs = float(cfg["learning_rate"]), float(cfg["weight_decay"]), int(cfg["batch_size"])

    def forward(x, y):
        z = [w1[j][0] * x + w1[j][1] * y + b1[j] for j in range(h)]
        a = [act(v) for v in z]
        o = sum(w2[j] * a[j] for j in range(h)) + b2
        p = 1 / (1 + math.exp(-max(-30.0, min(30.0, o))))
        return z, a, p

    def loss_on(data):
        total, correct = 0.0, 0
        for x, y, t in data:
            _, _, p = forward(x, y)
            p = min(max(p, 1e-7), 1 - 1e-7)
            total -= t * math.log(p) + (1 - t) * math.log(1 - p)
            correct += (p > 0.5) == (t == 1)
        return total / len(data), correct / len(data)

    for epoch in range(1, int(cfg["epochs"]) + 1):
        rng.shuffle(train)
        for start in range(0, len(train), bs):
            batch = train[start:start + bs]
            gw1 = [[0.0, 0.0] for _ in range(h)]
            gb1 = [0.0] * h
            gw2 = [0.0] * h
            gb2 = 0.0
            for x, y, t in batch:
                z, a, p = forward(x, y)
                d = p - t
                gb2 += d
                for j in range(h):
                    gw2[j] += d * a[j]
                    dz = d * w2[j] * dact(a[j], z[j])
                    gw1[j][0] += dz * x
                    gw1[j][1] += dz * y
                    gb1[j] += dz
            n = len(batch)
            for j in range(h):
                w2[j] -= lr * (gw2[j] / n + wd * w2[j])
                w1[j][0] -= lr * (gw1[j][0] / n + wd * w1[j][0])
                w1[j][1] -= lr * (gw1[j][1] / n + wd * w1[j][1])
                b1[j] -= lr * gb1[j] / n
            b2 -= lr * gb2 / n
        val_loss, val_acc = loss_on(val)
        if not math.isfinite(val_loss):
            print("training diverged", file=sys.stderr)
            return 1
        print("@swoop " + json.dumps({"epoch": epoch, "val_loss": val_loss, "val_accuracy": val_acc}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
