#!/usr/bin/env python3
"""Launch agent benchmark (issue 4, "Measured"): enqueue -> process start latency with an idle agent,
no-op run throughput through one agent with --max-jobs 8, agent memory, and the floor (the same no-op
spawned directly). Standard library only; drives a real `swoop server` and `swoop launch-agent`.

    python3 benchmarks/agent_bench.py --swoop .build/release/swoop [--latency-runs 50] [--throughput-runs 300]

Writes benchmarks/results/agent.md and agent.json.
"""
import argparse, json, os, shutil, statistics, subprocess, sys, tempfile, time, urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))


class Api:
    def __init__(self, base, key):
        self.base, self.key = base, key

    def call(self, method, path, body=None):
        req = urllib.request.Request(self.base + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                     headers={"Authorization": "Bearer " + self.key, "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.load(r)


def start(cmd, marker, env=None):
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    lines = []
    for line in p.stdout:
        lines.append(line.rstrip("\n"))
        if marker in line:
            return p, lines
    raise SystemExit(f"{cmd[1]} exited before it was ready: {lines}")


def start_world(swoop, tmp):
    """`swoop server` on a fresh SQLite folder with entity `bench`, project `p` and local-process queue `q`."""
    server, lines = start([swoop, "server", "--host", "127.0.0.1", "--port", "0", "--data", os.path.join(tmp, "data"),
                           "--log-level", "error"], "listening on ")
    base = next(l.split("listening on ")[1] for l in lines if "listening on " in l)
    key = next(l.split("(shown once): ")[1] for l in lines if "(shown once): " in l)
    api = Api(base, key)
    ent = api.call("POST", "/api/v1/entities", {"name": "bench"})
    proj = api.call("POST", f"/api/v1/entities/{ent['id']}/projects", {"name": "p"})
    queue = api.call("POST", f"/api/v1/entities/{ent['id']}/queues", {"name": "q", "resource": "local-process"})
    return server, base, key, api, proj, queue


def run_spec(version, run):
    """The launch spec of a run of `version` in entity `bench`, project `p` (start_world's)."""
    return {"kind": "run", "jobID": version["jobID"], "jobVersion": version["version"], "entity": "bench", "project": "p",
            "runID": run, "overrides": {"args": [], "runConfig": {}}, "resumeCount": 0}


def enqueue_run(api, proj, queue, version):
    """A new run of `version` and its item on `queue`; the run's id."""
    run = api.call("POST", f"/api/v1/projects/{proj['id']}/runs", {})["id"]
    api.call("POST", f"/api/v1/queues/{queue['id']}/items", {"spec": run_spec(version, run), "run": run})
    return run


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--swoop", default=os.path.join(HERE, "..", ".build", "release", "swoop"))
    ap.add_argument("--latency-runs", type=int, default=50)
    ap.add_argument("--throughput-runs", type=int, default=300)
    ap.add_argument("--out", default=os.path.join(HERE, "results"))
    ap.add_argument("--build", default="release", help="how the binary was built, for the report")
    a = ap.parse_args()
    swoop = os.path.abspath(a.swoop)
    bash = shutil.which("bash")
    tmp = tempfile.mkdtemp(prefix="swoop-agent-bench-")
    stamp = os.path.join(tmp, "starts.txt")
    server, base, key, api, proj, queue = start_world(swoop, tmp)
    agent = None
    try:

        def job(name, entry):
            j = api.call("POST", f"/api/v1/projects/{proj['id']}/jobs", {"name": name})
            return api.call("POST", f"/api/v1/jobs/{j['id']}/versions", {"sourceKind": "code", "entryPoint": entry})

        # The no-op records when it started ($EPOCHREALTIME: no extra process), so latency ends at process start.
        stamp_job = job("stamp", [bash, "-c", 'echo "$SWOOP_RUN_ID $EPOCHREALTIME" >> ' + stamp])
        noop_job = job("noop", ["/bin/true"])

        def enqueue(v):
            run = api.call("POST", f"/api/v1/projects/{proj['id']}/runs", {})["id"]
            t = time.time()
            api.call("POST", f"/api/v1/queues/{queue['id']}/items", {"spec": run_spec(v, run), "run": run})
            return run, t

        def wait_done(runs, timeout=600):
            deadline = time.time() + timeout
            pending = set(runs)
            while pending and time.time() < deadline:
                page = api.call("GET", f"/api/v1/queues/{queue['id']}/items?state=done,failed&limit=1000")
                cursor = page.get("nextCursor")
                done = {i["runID"] for i in page["items"]}
                while cursor:
                    page = api.call("GET", f"/api/v1/queues/{queue['id']}/items?state=done,failed&limit=1000&cursor={cursor}")
                    done |= {i["runID"] for i in page["items"]}
                    cursor = page.get("nextCursor")
                pending -= done
                if pending:
                    time.sleep(0.05)
            if pending:
                raise SystemExit(f"{len(pending)} runs did not end")

        agent, _ = start([swoop, "launch-agent", "--base-url", base, "--api-key", key, "--entity", "bench", "--queue", "q",
                          "--max-jobs", "8", "--work-dir", os.path.join(tmp, "work"), "--log-level", "error"],
                         "swoop launch-agent: agent")
        time.sleep(1)
        idle_rss = rss_kib(agent.pid)

        # 1. Latency with an idle agent: one run at a time, the agent waiting in its long-poll.
        latencies = []
        for _ in range(a.latency_runs):
            run, t0 = enqueue(stamp_job)
            wait_done([run])
            with open(stamp) as f:
                started = {l.split()[0]: float(l.split()[1]) for l in f if l.strip()}
            latencies.append((started[run] - t0) * 1000)
            time.sleep(0.05)

        # 2. Throughput: all items on the queue, then the agent empties it with 8 at a time.
        agent.terminate(); agent.wait()
        runs = [enqueue(noop_job)[0] for _ in range(a.throughput_runs)]
        agent, _ = start([swoop, "launch-agent", "--base-url", base, "--api-key", key, "--entity", "bench", "--queue", "q",
                          "--max-jobs", "8", "--work-dir", os.path.join(tmp, "work"), "--log-level", "error"],
                         "swoop launch-agent: agent")
        t0 = time.time()
        peak = 0
        done_at = None
        import threading
        stop = threading.Event()

        def sample():
            nonlocal peak
            while not stop.is_set():
                try:
                    peak = max(peak, rss_kib(agent.pid))
                except OSError:
                    return
                time.sleep(0.05)

        th = threading.Thread(target=sample)
        th.start()
        wait_done(runs)
        done_at = time.time()
        stop.set(); th.join()
        throughput = a.throughput_runs / (done_at - t0)
        finished = sum(1 for r in runs[:50] if api.call("GET", f"/api/v1/runs/{r}")["state"] == "finished")

        # 3. The floor: the same no-op spawned directly, 8 at a time, and one process start on its own.
        t1 = time.time()
        procs = []
        for _ in range(a.throughput_runs):
            procs.append(subprocess.Popen(["/bin/true"]))
            if len(procs) >= 8:
                procs.pop(0).wait()
        for p in procs:
            p.wait()
        floor_throughput = a.throughput_runs / (time.time() - t1)
        floor_lat = []
        for _ in range(a.latency_runs):
            t = time.time()
            out = subprocess.run([bash, "-c", "echo $EPOCHREALTIME"], capture_output=True, text=True).stdout
            floor_lat.append((float(out) - t) * 1000)

        result = {
            "latency_ms": {"p50": statistics.median(latencies), "p90": pct(latencies, 90), "max": max(latencies), "n": len(latencies)},
            "throughput_runs_per_s": throughput, "throughput_runs": a.throughput_runs, "max_jobs": 8,
            "finished_of_first_50": finished,
            "agent_rss_mib": {"idle": idle_rss / 1024, "peak_under_load": peak / 1024},
            "floor": {"spawn_latency_ms_p50": statistics.median(floor_lat), "throughput_runs_per_s": floor_throughput},
            "machine": f"{os.cpu_count()} cores, shared", "build": a.build,
            "load_average_at_start": os.getloadavg()[0], "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        }
        os.makedirs(a.out, exist_ok=True)
        with open(os.path.join(a.out, "agent.json"), "w") as f:
            json.dump(result, f, indent=2)
        md = f"""# Launch agent benchmark

`benchmarks/agent_bench.py` on {result['machine']} ({result['date']}), {a.build} build, real `swoop server`
(SQLite) and `swoop launch-agent --max-jobs 8` on 127.0.0.1; runs are local processes. Load average
when it started: {result['load_average_at_start']:.1f} (the machine is shared).

| measure | result | target |
| --- | --- | --- |
| enqueue -> process start, idle agent (p50 / p90 / max of {len(latencies)}) | {result['latency_ms']['p50']:.1f} / {result['latency_ms']['p90']:.1f} / {result['latency_ms']['max']:.1f} ms | p50 < 100 ms |
| no-op runs through one agent, `--max-jobs 8` ({a.throughput_runs} runs) | {throughput:.1f} runs/s | >= 20 runs/s |
| agent memory (RSS) idle / peak under load | {result['agent_rss_mib']['idle']:.1f} / {result['agent_rss_mib']['peak_under_load']:.1f} MiB | < 40 MB |
| floor: the same no-op spawned directly, 8 at a time | {floor_throughput:.0f} runs/s | |
| floor: one process start (bash, spawn -> first instruction) p50 | {result['floor']['spawn_latency_ms_p50']:.1f} ms | |

Latency is from just before the enqueue request to the run's first instruction (the no-op writes
`$EPOCHREALTIME`); it includes the long-poll wake-up, lease, run token, state changes, folder and
config file, and the spawn. Each agent run costs about a dozen API calls (lease, run, starting,
token, job version, running x2, logs, final state, complete), which is what separates it from the floor.
"""
        with open(os.path.join(a.out, "agent.md"), "w") as f:
            f.write(md)
        print(md)
    finally:
        if agent:
            agent.kill()
        server.terminate()
        server.wait()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
