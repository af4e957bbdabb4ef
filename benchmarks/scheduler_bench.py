#!/usr/bin/env python3
"""Scheduler overhead benchmark (issue 5, "Measured, not timed in tests"): N no-op runs as a sweep
(`swoop launch-sweep`, method random, run_cap N, scheduler.num_workers 8) served by one real
`swoop launch-agent --max-jobs 8`, against the same N runs put on the queue directly (plain queue
items, no scheduler) and served by the same kind of agent. Overhead per run = (sweep - direct) / N.
Standard library only; real `swoop server` (SQLite) on 127.0.0.1.

    python3 benchmarks/scheduler_bench.py --swoop .build/release/swoop --build release [--runs 500 --runs 100]

Writes benchmarks/results/scheduler-overhead.json and the table of scheduler-overhead.md between its
`<!-- bench -->` markers (the rest of that page is prose kept by hand).
"""
import argparse, json, os, subprocess, tempfile, time

from agent_bench import enqueue_run, start, start_world

HERE = os.path.dirname(os.path.abspath(__file__))


TICK = os.sysconf("SC_CLK_TCK")


def cpu_s(pid):
    """CPU seconds (user + system) of a process and of its children it has waited for (the agent's
    runs and its `swoop scheduler`): less moved by the machine's load than wall time."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return sum(int(x) for x in fields[11:15]) / TICK


def one_round(swoop, n, tmp):
    """Direct then sweep on one fresh server; answers wall and CPU seconds of each."""
    server, base, key, api, proj, queue = start_world(swoop, tmp)
    agent = None
    try:
        job = api.call("POST", f"/api/v1/projects/{proj['id']}/jobs", {"name": "noop"})
        version = api.call("POST", f"/api/v1/jobs/{job['id']}/versions", {"sourceKind": "code", "entryPoint": ["/bin/true"]})
        auth = ["--base-url", base, "--api-key", key, "--entity", "bench"]

        def run_agent(name):
            return start([swoop, "launch-agent", *auth, "--queue", "q", "--max-jobs", "8", "--max-schedulers", "1",
                          "--work-dir", os.path.join(tmp, name), "--log-level", "error"], "swoop launch-agent: agent")[0]

        def ended(runs):
            return all(api.call("GET", f"/api/v1/runs/{r}")["state"] in ("finished", "failed", "crashed", "stopped") for r in runs)

        # Direct: N runs and their items made first (not timed), then one agent empties the queue.
        runs = []
        for _ in range(n):
            runs.append(enqueue_run(api, proj, queue, version))
        t0, server_cpu0 = time.time(), cpu_s(server.pid)
        agent = run_agent("work-direct")
        while True:
            page = api.call("GET", f"/api/v1/queues/{queue['id']}/items?state=pending,leased,running&limit=1")
            if not page["items"] and ended(runs[-8:]):
                break
            time.sleep(0.02)
        direct = time.time() - t0
        direct_cpu = cpu_s(server.pid) - server_cpu0 + cpu_s(agent.pid)
        agent.terminate(); agent.wait(); agent = None

        # Sweep: launch-sweep, then one agent runs the scheduler and the N runs it puts on the queue.
        config = os.path.join(tmp, "sweep.yaml")
        with open(config, "w") as f:
            f.write(f"job: bench/p/noop:latest\nmethod: random\nrun_cap: {n}\nparameters:\n  x: {{min: 0.0, max: 1.0}}\n"
                    "scheduler: {num_workers: 8}\n")
        t0, server_cpu0 = time.time(), cpu_s(server.pid)
        children0 = os.times().children_user + os.times().children_system
        out = subprocess.run([swoop, "launch-sweep", config, "--queue", "q", "--project", "p", *auth], capture_output=True, text=True)
        if out.returncode != 0:
            raise SystemExit(f"launch-sweep failed: {out.stderr}")
        sweep = next(l.split(": ")[1] for l in out.stdout.splitlines() if l.startswith("Created sweep with ID: "))
        agent = run_agent("work-sweep")
        while api.call("GET", f"/api/v1/sweeps/{sweep}?schedulerState=false")["state"] not in ("finished", "failed", "stopped", "cancelled"):
            time.sleep(0.02)
        scheduled = time.time() - t0
        # The scheduler's CPU reaches the agent's count once its process has exited and been waited for.
        while api.call("GET", f"/api/v1/runs/{sweep}")["state"] in ("queued", "starting", "running"):
            time.sleep(0.05)
        time.sleep(0.5)
        launch_cpu = os.times().children_user + os.times().children_system - children0
        sweep_cpu = cpu_s(server.pid) - server_cpu0 + cpu_s(agent.pid) + launch_cpu
        state = api.call("GET", f"/api/v1/sweeps/{sweep}?schedulerState=false")["state"]
        count = len(api.call("GET", f"/api/v1/sweeps/{sweep}/runs?since=0&limit=1000")["runs"])
        if state != "finished" or count != n:
            raise SystemExit(f"the sweep ended {state} with {count} runs, not finished with {n}")
        return direct, scheduled, direct_cpu, sweep_cpu
    finally:
        if agent:
            agent.terminate(); agent.wait()
        server.terminate(); server.wait()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--swoop", default=os.path.join(HERE, "..", ".build", "release", "swoop"))
    ap.add_argument("--runs", type=int, action="append", help="N (repeatable; default 100 and 500)")
    ap.add_argument("--out", default=os.path.join(HERE, "results"))
    ap.add_argument("--build", default="release", help="how the binary was built, for the report")
    a = ap.parse_args()
    swoop = os.path.abspath(a.swoop)
    rows = []
    for n in a.runs or [100, 500]:
        load = os.getloadavg()[0]
        with tempfile.TemporaryDirectory(prefix="swoop-sched-bench-") as tmp:
            direct, scheduled, direct_cpu, sweep_cpu = one_round(swoop, n, tmp)
        rows.append({"runs": n, "direct_s": direct, "sweep_s": scheduled, "overhead_ms_per_run": (scheduled - direct) / n * 1000,
                     "direct_cpu_s": direct_cpu, "sweep_cpu_s": sweep_cpu, "cpu_overhead_ms_per_run": (sweep_cpu - direct_cpu) / n * 1000,
                     "load_average": load})
        print(f"N={n}: direct {direct:.2f} s ({direct_cpu:.2f} s CPU), sweep {scheduled:.2f} s ({sweep_cpu:.2f} s CPU), "
              f"{rows[-1]['overhead_ms_per_run']:.1f} ms per run wall, {rows[-1]['cpu_overhead_ms_per_run']:.1f} ms CPU (load {load:.1f})", flush=True)
    result = {"rows": rows, "num_workers": 8, "max_jobs": 8, "build": a.build, "machine": f"{os.cpu_count()} cores, shared",
              "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "scheduler-overhead.json"), "w") as f:
        json.dump(result, f, indent=2)
    table = [f"`benchmarks/scheduler_bench.py`, {a.build} build, {result['machine']}, {result['date']}: real `swoop server`,",
             "`swoop launch-sweep` and one `swoop launch-agent --max-jobs 8`; runs are `/bin/true`.", "",
             "| N | direct (queue items): wall / CPU | sweep (scheduler, num_workers 8): wall / CPU | overhead per run: wall / CPU | load average |",
             "| --- | --- | --- | --- | --- |"]
    table += [f"| {r['runs']} | {r['direct_s']:.2f} s / {r['direct_cpu_s']:.2f} s | {r['sweep_s']:.2f} s / {r['sweep_cpu_s']:.2f} s "
              f"| {r['overhead_ms_per_run']:.1f} ms / {r['cpu_overhead_ms_per_run']:.1f} ms | {r['load_average']:.1f} |" for r in rows]
    table += ["", "CPU is user + system time of the server, the agent and what it ran (runs, `swoop scheduler`) and",
              "`swoop launch-sweep`: the work the sweep adds, which the machine's load moves far less than wall time."]
    md_path = os.path.join(a.out, "scheduler-overhead.md")
    md = open(md_path).read() if os.path.exists(md_path) else "# Scheduler overhead\n\n<!-- bench -->\n<!-- /bench -->\n"
    if "<!-- bench -->" not in md:
        md += "\n<!-- bench -->\n<!-- /bench -->\n"
    head, rest = md.split("<!-- bench -->", 1)
    tail = rest.split("<!-- /bench -->", 1)[1] if "<!-- /bench -->" in rest else ""
    with open(md_path, "w") as f:
        f.write(head + "<!-- bench -->\n" + "\n".join(table) + "\n<!-- /bench -->" + tail)


if __name__ == "__main__":
    main()
