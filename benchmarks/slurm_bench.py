#!/usr/bin/env python3
"""Slurm resource benchmark (issue 8, "Measured, not timed in tests"): no-op runs per second through one
`swoop launch-agent` into Slurm, and the delay between a run's end in Slurm and its final state in Swoop.
Standard library only; drives a real `swoop server`, a real agent and the cluster named by SLURM_CONF
(scripts/ci/slurm-up.sh).

    python3 benchmarks/slurm_bench.py --swoop .build/debug/swoop [--runs 200] [--poll-seconds 1 0.25]

Writes benchmarks/results/slurm.md and slurm.json.
"""
import argparse, json, os, shutil, statistics, subprocess, tempfile, time

from agent_bench import Api, pct, start  # the launch agent benchmark's HTTP client and process helpers

HERE = os.path.dirname(os.path.abspath(__file__))


def items_done(api, queue):
    done, cursor = {}, None
    while True:
        page = api.call("GET", f"/api/v1/queues/{queue}/items?state=done,failed&limit=1000" + (f"&cursor={cursor}" if cursor else ""))
        done.update({i["runID"]: i["state"] for i in page["items"]})
        cursor = page.get("nextCursor")
        if not cursor:
            return done


def one_round(swoop, tmp, api, base, key, proj, n, poll):
    """N no-op runs on a fresh Slurm queue, one agent with room for all of them."""
    name = f"slurm-{poll}".replace(".", "_")
    queue = api.call("POST", f"/api/v1/entities/{api.entity}/queues", {"name": name, "resource": "slurm", "configTemplate": {"time": 5}})
    j = api.call("POST", f"/api/v1/projects/{proj}/jobs", {"name": name})
    v = api.call("POST", f"/api/v1/jobs/{j['id']}/versions", {"sourceKind": "code", "entryPoint": ["/bin/true"]})
    runs = []
    for _ in range(n):
        run = api.call("POST", f"/api/v1/projects/{proj}/runs", {})["id"]
        spec = {"kind": "run", "jobID": v["jobID"], "jobVersion": v["version"], "entity": "bench", "project": "p", "runID": run,
                "overrides": {"args": [], "runConfig": {}}, "resumeCount": 0}
        api.call("POST", f"/api/v1/queues/{queue['id']}/items", {"spec": spec, "run": run})
        runs.append(run)
    work = os.path.join(tmp, "work-" + name)
    env = dict(os.environ, SWOOP_SLURM_POLL_SECONDS=str(poll))
    agent, _ = start([swoop, "launch-agent", "--base-url", base, "--api-key", key, "--entity", "bench", "--queue", name,
                      "--max-jobs", str(n), "--work-dir", work, "--log-level", "error"], "swoop launch-agent: agent", env=env)
    t0 = time.time()
    try:
        deadline = t0 + 1800
        while time.time() < deadline:
            done = items_done(api, queue["id"])
            if len(done) >= n:
                break
            time.sleep(0.2)
        elapsed = time.time() - t0
    finally:
        agent.terminate()
        agent.wait()
    states, delays = {}, []
    for run in runs:
        r = api.call("GET", f"/api/v1/runs/{run}")
        states[r["state"]] = states.get(r["state"], 0) + 1
        exit_file = os.path.join(work, "runs", run, "swoop-exit-code")
        if r.get("endedAt") and os.path.exists(exit_file):
            # The batch script writes its exit-code file as its last act: that is the run's end in Slurm.
            delays.append(r["endedAt"] / 1000 - os.stat(exit_file).st_mtime)
    return {
        "poll_seconds": poll, "runs": n, "elapsed_s": elapsed, "runs_per_s": n / elapsed, "states": states,
        "end_to_final_ms": {"p50": statistics.median(delays) * 1000, "p95": pct(delays, 95) * 1000, "max": max(delays) * 1000,
                            "n": len(delays)} if delays else None,
    }


def floor(n):
    """The same no-ops submitted straight to Slurm (`sbatch --wrap true`), until the last one has ended."""
    t0 = time.time()
    ids = []
    for _ in range(n):
        out = subprocess.run(["sbatch", "--parsable", "-o", "/dev/null", "-t", "5", "--wrap", "true"], capture_output=True, text=True, check=True)
        ids.append(out.stdout.strip().split(";")[0])
    submit = time.time() - t0
    while True:
        out = subprocess.run(["squeue", "-h", "-t", "all", "-o", "%T", "-j", ",".join(ids)], capture_output=True, text=True).stdout.split()
        if out and all(s in ("COMPLETED", "FAILED", "CANCELLED", "TIMEOUT") for s in out) and len(out) >= n:
            break
        time.sleep(0.2)
    total = time.time() - t0
    return {"runs": n, "submit_s": submit, "elapsed_s": total, "runs_per_s": n / total}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--swoop", default=os.path.join(HERE, "..", ".build", "debug", "swoop"))
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--poll-seconds", type=float, nargs="+", default=[1.0, 0.25])
    ap.add_argument("--out", default=os.path.join(HERE, "results"))
    ap.add_argument("--build", default="debug", help="how the binary was built, for the report")
    ap.add_argument("--name", default="slurm", help="result files: NAME.md and NAME.json")
    a = ap.parse_args()
    if not os.environ.get("SLURM_CONF"):
        raise SystemExit("SLURM_CONF is not set: start a cluster with scripts/ci/slurm-up.sh and export the path it prints")
    swoop = os.path.abspath(a.swoop)
    tmp = tempfile.mkdtemp(prefix="swoop-slurm-bench-")
    load = os.getloadavg()[0]
    server, lines = start([swoop, "server", "--host", "127.0.0.1", "--port", "0", "--data", os.path.join(tmp, "data"),
                          "--log-level", "error"], "listening on ")
    try:
        base = next(l.split("listening on ")[1] for l in lines if "listening on " in l)
        key = next(l.split("(shown once): ")[1] for l in lines if "(shown once): " in l)
        api = Api(base, key)
        api.entity = api.call("POST", "/api/v1/entities", {"name": "bench"})["id"]
        proj = api.call("POST", f"/api/v1/entities/{api.entity}/projects", {"name": "p"})["id"]
        rounds = [one_round(swoop, tmp, api, base, key, proj, a.runs, poll) for poll in a.poll_seconds]
        direct = floor(a.runs)
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    node = subprocess.run(["sinfo", "-h", "-o", "%c"], capture_output=True, text=True).stdout.split()
    result = {"rounds": rounds, "floor_sbatch_direct": direct, "node_cpus": node[0] if node else "?",
              "machine": f"{os.cpu_count()} cores, shared", "build": a.build, "load_average_at_start": load,
              "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, a.name + ".json"), "w") as f:
        json.dump(result, f, indent=2)
    rows = "\n".join(
        f"| {r['poll_seconds']:g} s | {r['runs']} | {r['runs_per_s']:.1f} runs/s ({r['elapsed_s']:.1f} s) | "
        + (f"{r['end_to_final_ms']['p50']:.0f} / {r['end_to_final_ms']['p95']:.0f} / {r['end_to_final_ms']['max']:.0f} ms" if r["end_to_final_ms"] else "-")
        + f" | {', '.join(f'{k} {v}' for k, v in sorted(r['states'].items()))} |" for r in rounds)
    md = f"""# Slurm resource benchmark

`benchmarks/slurm_bench.py` ({result['date']}) on {result['machine']}, **{a.build} build**, load average
{load:.1f} when it started (six other builds share the machine): a real `swoop server` (SQLite) and one
`swoop launch-agent --max-jobs {a.runs}` submitting to the one-node cluster of `scripts/ci/slurm-up.sh`
({result['node_cpus']} job slots on the node, so at most that many jobs run at once; the rest wait PENDING).
Every run is `/bin/true` as a batch job; all items are on the queue before the agent starts.

| Slurm poll (`SWOOP_SLURM_POLL_SECONDS`) | runs | throughput | end in Slurm -> final state in Swoop (p50 / p95 / max) | final states |
| --- | --- | --- | --- | --- |
{rows}

Floor: the same {direct['runs']} no-ops submitted straight with `sbatch --wrap true` (sequential submits, then wait
for the last to end): {direct['runs_per_s']:.1f} jobs/s ({direct['elapsed_s']:.1f} s; submitting alone {direct['submit_s']:.1f} s).

The end of a run in Slurm is the modification time of its `swoop-exit-code` file (the batch script's last
act); its final state in Swoop is the run's `endedAt` on the server. The agent sees that file on its next
read of the job's output (every 0.5 s), so the delay is that, plus the last read of the output, the log
flush and the state change (a few API calls). The Slurm poll matters for the other endings (time limit,
cancel, preemption) and for the move to `running`; one `squeue` per poll covers all jobs in flight. The
floor is Slurm's own: with {result['node_cpus']} job slots, scheduling and launching batch jobs bounds the throughput.
"""
    with open(os.path.join(a.out, a.name + ".md"), "w") as f:
        f.write(md)
    print(md)


if __name__ == "__main__":
    main()
