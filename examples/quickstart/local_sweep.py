#!/usr/bin/env python3
"""Runs a sweep on this machine with `swoop optimize` deciding the hyperparameters.

Each trial starts the sweep's `program` as a real process with `--name=value` flags (W&B's `${args}`),
reads the `@swoop {json}` metric lines it prints, reports them so early termination can stop weak
runs, tells the final value and prints the best run at the end. Standard library only.

    python3 local_sweep.py [--swoop PATH] [--config sweep.yaml] [--workers 2] [--seed 0]
"""
import argparse
import json
import os
import selectors
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PREFIX = "@swoop "


def find_swoop():
    for candidate in (os.path.join(HERE, "..", "..", ".build", "debug", "swoop"),
                      os.path.join(HERE, "..", "..", ".build", "release", "swoop")):
        if os.access(candidate, os.X_OK):
            return os.path.abspath(candidate)
    return "swoop"


def flat_args(params, prefix=""):
    out = []
    for k, v in params.items():
        if isinstance(v, dict):
            out += flat_args(v, prefix + k + ".")
        else:
            out.append(f"--{prefix}{k}={v}")
    return out


def load_program_and_metric(config_path):
    """The sweep's `program` and `metric.name`; PyYAML when present, else a scan of the plain keys."""
    try:
        import yaml
        with open(config_path) as fh:
            doc = yaml.safe_load(fh) or {}
        program, metric = doc.get("program"), (doc.get("metric") or {}).get("name")
    except ImportError:
        program = metric = None
        section = None
        with open(config_path) as fh:
            for line in fh:
                if not line.startswith(" "):
                    section = line.split(":", 1)[0]
                if line.startswith("program:"):
                    program = line.split(":", 1)[1].strip().strip("'\"")
                elif section == "metric" and line.strip().startswith("name:"):
                    metric = line.split(":", 1)[1].strip().strip("'\"")
    if not program:
        raise SystemExit(f"{config_path}: no top-level 'program' key; expected the training script to run")
    if not metric:
        raise SystemExit(f"{config_path}: no 'metric.name'; expected the metric the training script logs")
    return program, metric


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--swoop", default=find_swoop())
    ap.add_argument("--config", default=os.path.join(HERE, "sweep.yaml"))
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    config = os.path.abspath(a.config)
    program, metric = load_program_and_metric(config)
    program = os.path.join(os.path.dirname(config), program)

    opt = subprocess.Popen([a.swoop, "optimize", config, "--seed", str(a.seed)], stdin=subprocess.PIPE,
                           stdout=subprocess.PIPE, text=True, bufsize=1)

    def call(req):
        opt.stdin.write(json.dumps(req) + "\n")
        opt.stdin.flush()
        answer = json.loads(opt.stdout.readline())
        if "error" in answer:
            raise SystemExit(f"swoop optimize: {answer['error']}")
        return answer

    sel = selectors.DefaultSelector()
    running = {}   # trial -> (process, params, last value, pruned)
    results = []
    done = False
    while True:
        while not done and len(running) < a.workers:
            ans = call({"op": "ask"})
            if ans.get("done"):
                done = True
                break
            t, params = ans["trial"], ans["params"]
            p = subprocess.Popen([sys.executable, program] + flat_args(params), stdout=subprocess.PIPE, text=True)
            sel.register(p.stdout, selectors.EVENT_READ, t)
            running[t] = [p, params, None, False]
            print(f"trial {t:3d} started  {json.dumps(params)}")
        if not running:
            break
        for key, _ in sel.select():
            t = key.data
            p, params, last, pruned = running[t]
            line = key.fileobj.readline()
            if line:
                if line.startswith(PREFIX):
                    row = json.loads(line[len(PREFIX):])
                    if metric in row:
                        running[t][2] = row[metric]
                        if call({"op": "report", "trial": t, "step": row.get("epoch", 0), "value": row[metric]})["prune"]:
                            running[t][3] = True
                            p.terminate()
                continue
            sel.unregister(key.fileobj)
            code = p.wait()
            if pruned:
                call({"op": "tell", "trial": t, "state": "stopped"})
                outcome = "pruned"
            elif code == 0 and last is not None:
                call({"op": "tell", "trial": t, "value": last})
                outcome = f"{metric}={last:.4f}"
                results.append((last, t, params))
            else:
                call({"op": "tell", "trial": t, "state": "failed"})
                outcome = f"failed (exit {code})"
            print(f"trial {t:3d} finished {outcome}")
            del running[t]
    opt.stdin.close()
    opt.wait()
    if not results:
        print("no trial finished")
        return 1
    best = min(results)
    print(f"\nbest: trial {best[1]} {metric}={best[0]:.4f} {json.dumps(best[2])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
