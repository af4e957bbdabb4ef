#!/usr/bin/env python3
"""The sweep page with many runs: server time and bytes sent (issue 7, "measured, not timed in tests").

Starts `swoop server --auth off` on a temporary folder, makes a running sweep with N runs (launched
through the scheduler API, each with a config of 3 hyperparameters and a summary holding the metric;
a tenth still running), then fetches the sweep page, its live fragment and the sweeps list several
times and reports the median and worst time and the size of each answer.

    python3 benchmarks/web_sweep_page.py --swoop .build/debug/swoop --runs 10000 --out benchmarks/results/web-sweep-page.json
"""
import argparse
import concurrent.futures
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request


def call(base, method, path, body=None):
    req = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.loads(r.read() or b"null")


def timed_get(base, path, cookie):
    req = urllib.request.Request(base + path, headers={"Cookie": cookie} if cookie else {})
    start = time.perf_counter()
    with urllib.request.urlopen(req, timeout=120) as r:
        body = r.read()
        set_cookie = r.headers.get("Set-Cookie")
    return time.perf_counter() - start, len(body), set_cookie


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--swoop", default=".build/debug/swoop")
    ap.add_argument("--runs", type=int, default=10000)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--out")
    a = ap.parse_args()
    rng = random.Random(7)
    data = tempfile.mkdtemp(prefix="swoop-webbench-")
    server = subprocess.Popen([a.swoop, "server", "--host", "127.0.0.1", "--port", "0", "--data", data, "--auth", "off",
                               "--log-level", "error"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        base = None
        while base is None:
            line = server.stdout.readline()
            if not line:
                sys.exit("server did not start")
            if "listening on " in line:
                base = line.strip().split("listening on ")[1]
        entity = call(base, "POST", "/api/v1/entities", {"name": "bench"})
        project = call(base, "POST", f"/api/v1/entities/{entity['id']}/projects", {"name": "p"})
        queue = call(base, "POST", f"/api/v1/entities/{entity['id']}/queues", {"name": "q", "resource": "local-process"})
        config = {"method": "random", "metric": {"name": "loss", "goal": "minimize"}, "run_cap": a.runs,
                  "parameters": {"lr": {"min": 0.0001, "max": 0.1}, "width": {"values": [8, 16, 32, 64]},
                                 "dropout": {"min": 0.0, "max": 0.5}}}
        sweep = call(base, "POST", f"/api/v1/projects/{project['id']}/sweeps", {"name": "big", "config": config, "queue": queue["id"]})
        call(base, "POST", f"/api/v1/sweeps/{sweep['id']}/state", {"state": "running"})
        t0 = time.perf_counter()

        def make(i):
            cfg = {"lr": rng.uniform(0.0001, 0.1), "width": rng.choice([8, 16, 32, 64]), "dropout": rng.uniform(0, 0.5)}
            run = call(base, "POST", f"/api/v1/sweeps/{sweep['id']}/runs", {"config": cfg})["run"]
            if i % 10 != 0:
                loss = (cfg["lr"] - 0.03) ** 2 * 1000 + cfg["dropout"] + 0.01 * cfg["width"] + rng.random()
                call(base, "PUT", f"/api/v1/runs/{run['id']}/summary", {"summary": {"loss": loss}})
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            list(pool.map(make, range(a.runs)))
        setup = time.perf_counter() - t0
        _, _, cookie = timed_get(base, "/projects", None)
        cookie = cookie.split(";")[0]
        results = {"runs": a.runs, "setup_seconds": round(setup, 1), "pages": {}}
        for name, path in [("sweep page", f"/sweeps/{sweep['id']}"), ("sweep fragment (live refresh)", f"/sweeps/{sweep['id']}/fragment"),
                           ("sweep page, runs sorted by lr, finished only", f"/sweeps/{sweep['id']}?sort=param%3Alr&state=finished"),
                           ("sweeps list", f"/projects/{project['id']}/sweeps")]:
            times, size = [], 0
            for _ in range(a.repeat):
                t, size, _ = timed_get(base, path, cookie)
                times.append(t)
            results["pages"][name] = {"median_ms": round(statistics.median(times) * 1000, 1), "max_ms": round(max(times) * 1000, 1),
                                      "bytes": size}
            print(f"{name:48s} median {statistics.median(times)*1000:8.1f} ms  max {max(times)*1000:8.1f} ms  {size/1024:8.1f} KiB")
        if a.out:
            with open(a.out, "w") as f:
                json.dump(results, f, indent=2)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
