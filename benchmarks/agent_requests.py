#!/usr/bin/env python3
"""Requests an agent sends while its runs run: one `swoop launch-agent` with N long runs in flight
(local processes that sleep), counted from the server's own `swoop_http_requests_total` over a window.
A count, not a timing, so any build will do; give two binaries to compare them in one run.

    python3 benchmarks/agent_requests.py --swoop OLD_BINARY --swoop NEW_BINARY [--runs 100] [--window 20] [--job quiet|chatty]

Writes benchmarks/results/agent-requests.md and .json (agent-requests-chatty.* for --job chatty).
"""
import argparse, json, os, re, subprocess, sys, tempfile, time, urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from agent_bench import enqueue_run, start, start_world  # noqa: E402

LINE = re.compile(r'^swoop_http_requests_total\{(?P<labels>.*)\}\s+(?P<value>\S+)$')
LABEL = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')


def counts(base, key):
    req = urllib.request.Request(base + "/metrics", headers={"Authorization": "Bearer " + key})
    with urllib.request.urlopen(req, timeout=30) as r:
        text = r.read().decode()
    out = {}
    for line in text.splitlines():
        m = LINE.match(line.strip())
        if not m:
            continue
        labels = dict(LABEL.findall(m.group("labels")))
        route = f'{labels.get("method", "?")} {labels.get("route", "?")}'
        out[route] = out.get(route, 0) + float(m.group("value"))
    return out


# `quiet` prints nothing; `chatty` prints a line every 100 ms and a metric line every second, as a
# training loop with a progress bar might.
JOBS = {
    "quiet": ["/bin/sleep", "600"],
    "chatty": ["/bin/bash", "-c", 'for i in $(seq 6000); do echo "step $i"; if (( i % 10 == 0 )); then echo "@swoop {\\"step\\": $i, \\"loss\\": 0.5}"; fi; sleep 0.1; done'],
}


def measure(swoop, runs, window, lease_seconds, job):
    tmp = tempfile.mkdtemp(prefix="swoop-agent-requests-")
    server, base, key, api, proj, queue = start_world(swoop, tmp)
    agent = None
    try:
        j = api.call("POST", f"/api/v1/projects/{proj['id']}/jobs", {"name": "sleeper"})
        v = api.call("POST", f"/api/v1/jobs/{j['id']}/versions", {"sourceKind": "code", "entryPoint": JOBS[job]})
        ids = []
        for _ in range(runs):
            ids.append(enqueue_run(api, proj, queue, v))
        agent, _ = start([swoop, "launch-agent", "--base-url", base, "--api-key", key, "--entity", "bench", "--queue", "q",
                          "--max-jobs", str(runs), "--lease-seconds", str(lease_seconds),
                          "--work-dir", os.path.join(tmp, "work"), "--log-level", "error"], "swoop launch-agent: agent")
        deadline = time.time() + 300
        while time.time() < deadline:
            page = api.call("GET", f"/api/v1/queues/{queue['id']}/items?state=running&limit=1000")
            if len(page["items"]) == runs:
                break
            time.sleep(0.5)
        else:
            raise SystemExit("not every run started")
        time.sleep(2)  # the last starts' own requests settle
        before = counts(base, key)
        time.sleep(window)
        after = counts(base, key)
        per_route = {r: (after[r] - before.get(r, 0)) / window for r in after if after[r] - before.get(r, 0) > 0}
        per_route.pop("GET /metrics", None)
        states = {api.call("GET", f"/api/v1/runs/{r}")["state"] for r in ids[:10]}
        return {"requests_per_s": sum(per_route.values()), "per_route": per_route, "run_states_sampled": sorted(states)}
    finally:
        if agent:
            agent.kill(); agent.wait()
        subprocess.run(["pkill", "-f", os.path.join(tmp, "work")], check=False)
        server.terminate(); server.wait()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--swoop", action="append", required=True, help="a swoop binary (give two to compare)")
    ap.add_argument("--label", action="append", help="a name for each binary, in order")
    ap.add_argument("--runs", type=int, default=100)
    ap.add_argument("--window", type=float, default=20)
    ap.add_argument("--lease-seconds", type=int, default=60)
    ap.add_argument("--job", choices=sorted(JOBS), default="quiet", help="what each run does while it runs")
    ap.add_argument("--out", default=os.path.join(HERE, "results"))
    a = ap.parse_args()
    labels = a.label or [os.path.basename(os.path.dirname(os.path.dirname(b))) + "/" + os.path.basename(b) for b in a.swoop]
    results = {}
    for label, swoop in zip(labels, a.swoop):
        results[label] = measure(os.path.abspath(swoop), a.runs, a.window, a.lease_seconds, a.job)
        print(label, json.dumps(results[label], indent=1), flush=True)
    meta = {"job": a.job, "command": JOBS[a.job], "runs_in_flight": a.runs, "window_s": a.window, "lease_seconds": a.lease_seconds,
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "load_average_at_end": os.getloadavg()[0]}
    os.makedirs(a.out, exist_ok=True)
    name = "agent-requests" if a.job == "quiet" else f"agent-requests-{a.job}"
    with open(os.path.join(a.out, name + ".json"), "w") as f:
        json.dump({"meta": meta, "results": results}, f, indent=2)
    rows = "\n".join(f"| {l} | {r['requests_per_s']:.1f} | " + ", ".join(f"{k} {v:.1f}" for k, v in sorted(r['per_route'].items(), key=lambda kv: -kv[1]))
                     + " |" for l, r in results.items())
    md = f"""# Requests an agent sends while its runs run

`benchmarks/agent_requests.py` ({meta['date']}): one `swoop launch-agent` with {a.runs} runs in flight
(`{' '.join(JOBS[a.job])}` as local processes, `--max-jobs {a.runs}`, `--lease-seconds {a.lease_seconds}`), requests counted by the
server's `swoop_http_requests_total` over {a.window:.0f} s once every run was running. A count, not a timing.

| binary | requests/s | by route (per s) |
| --- | --- | --- |
{rows}
"""
    with open(os.path.join(a.out, name + ".md"), "w") as f:
        f.write(md)
    print(md)


if __name__ == "__main__":
    main()
