#!/usr/bin/env python3
"""Grid ask latency through `swoop optimize`: the shared harness cannot run grid (every public function
has a continuous parameter, which grid refuses, as W&B's grid does), so this measures it directly on a
100,000-point grid as the told history grows to 10,000 trials, beside W&B's engine when installed.

    python3 benchmarks/grid_latency.py --swoop .build/release/swoop --out benchmarks/results/grid-latency.json
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

SPACE = {f"p{i}": {"values": list(range(10))} for i in range(5)}   # 10^5 points


def measure_swoop(swoop, checkpoints, timed=20):
    cfg = {"method": "grid", "metric": {"name": "loss"}, "parameters": SPACE}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(cfg, fh)
    p = subprocess.Popen([swoop, "optimize", fh.name, "--seed", "0"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, text=True, bufsize=1)

    def call(req):
        p.stdin.write(json.dumps(req) + "\n")
        p.stdin.flush()
        return json.loads(p.stdout.readline())

    told, out = 0, {}
    for n in checkpoints:
        while told < n:
            a = call({"op": "ask"})
            call({"op": "tell", "trial": a["trial"], "value": 0.5})
            told += 1
        times = []
        for _ in range(timed):
            t0 = time.perf_counter()
            a = call({"op": "ask"})
            times.append((time.perf_counter() - t0) * 1000)
            call({"op": "tell", "trial": a["trial"], "value": 0.5})
            told += 1
        out[n] = {"median_ms": statistics.median(times), "p90_ms": sorted(times)[int(0.9 * timed)]}
    p.stdin.close()
    p.wait()
    os.unlink(fh.name)
    return out


def measure_wandb(checkpoints, timed=20):
    """W&B's engine (`sweeps` package) asked the same way: every ask sees every run so far."""
    try:
        from sweeps import next_run, SweepRun, RunState
    except ImportError:
        return None
    cfg = {"method": "grid", "metric": {"name": "loss"}, "parameters": SPACE}
    runs, out = [], {}

    def ask():
        r = next_run(cfg, runs, validate=False)
        runs.append(SweepRun(name=f"r{len(runs)}", state=RunState.finished, config=r.config,
                             summary_metrics={"loss": 0.5}, history=[{"loss": 0.5}]))

    for n in checkpoints:
        while len(runs) < n:
            ask()
        times = []
        for _ in range(timed):
            t0 = time.perf_counter()
            ask()
            times.append((time.perf_counter() - t0) * 1000)
        out[n] = {"median_ms": statistics.median(times), "p90_ms": sorted(times)[int(0.9 * timed)]}
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--swoop", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    checkpoints = [100, 1000, 10000]
    res = {"space": "5 categorical parameters x 10 values (100,000 grid points)",
           "swoop-grid": measure_swoop(os.path.abspath(a.swoop), checkpoints)}
    # W&B's engine re-reads every run on every ask; 10,000 would take hours, so it stops at 1,000.
    wandb = measure_wandb([100, 1000])
    if wandb is not None:
        res["wandb-grid"] = wandb
    with open(a.out, "w") as fh:
        json.dump(res, fh, indent=2)
    print(json.dumps(res, indent=2))


if __name__ == "__main__":
    sys.exit(main())
