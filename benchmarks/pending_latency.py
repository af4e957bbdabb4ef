#!/usr/bin/env python3
"""Ask latency of `bayes` with asks pending: feed N told trials (random values, as the shared
harness's run_latency.py does), then time batches of 4 asks before telling; asks 2-4 of each batch
see 1-3 pending trials, the first none. Prints one JSON line per space.

    ../shared/bench's venv python benchmarks/pending_latency.py "SWOOP optimize" [N=1000] [BATCHES=5]
"""
import json, os, random, shlex, statistics, sys, time
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "bench"))
import functions
from protocol_client import OptimizerProcess, workdir

cmd = shlex.split(sys.argv[1])
n_target = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
batches = int(sys.argv[3]) if len(sys.argv) > 3 else 5
out = {}
for name in ["training_like", "hartmann6"]:
    prob = next(p for p in functions.suite("public") if p.name == name)
    proc = OptimizerProcess(cmd, prob.sweep_yaml("bayes"), 0, workdir(f"pl-{name}-"))
    rnd = random.Random(0)
    deadline = time.monotonic() + 3600
    for _ in range(n_target):
        ans, _ = proc.request({"op": "ask"}, deadline)
        proc.request({"op": "tell", "trial": ans["trial"], "value": rnd.random()}, deadline)
    first, pending = [], []
    for _ in range(batches):
        trials = []
        for k in range(4):
            ans, dt_s = proc.request({"op": "ask"}, deadline)
            (first if k == 0 else pending).append(dt_s * 1000)
            trials.append(ans["trial"])
        for t in trials:
            proc.request({"op": "tell", "trial": t, "value": rnd.random()}, deadline)
    proc.close()
    out[name] = {"n": n_target, "no_pending_median_ms": statistics.median(first),
                 "pending_median_ms": statistics.median(pending), "pending_max_ms": max(pending),
                 "load": os.getloadavg()}
    print(name, json.dumps(out[name]), flush=True)
