"""A real `swoop server` (SWOOP_BIN), a sweep made through the HTTP API, the scheduler as a real process,
and a test agent that leases the sweep's run items and plays their training runs deterministically."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pytest

EXAMPLE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(EXAMPLE))

from swoop_api import SwoopAPI  # noqa: E402

DEADLINE_SECONDS = 180  # bounds one sweep phase; each takes seconds (more on a loaded machine)


class Server:
    """`swoop server --port 0` on a temporary data folder; the port and admin key are read from its output."""

    def __init__(self, auth: bool):
        binary = os.environ.get("SWOOP_BIN")
        if not binary or not os.path.exists(binary):
            pytest.fail(f"SWOOP_BIN must name a built swoop binary (got {binary!r})")
        self.data = tempfile.mkdtemp(prefix="swoop-optuna-")
        self.proc = subprocess.Popen(
            [binary, "server", "--host", "127.0.0.1", "--port", "0", "--data", self.data, "--auth", "on" if auth else "off"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.key = None
        self.base = None
        while self.base is None:
            line = self.proc.stdout.readline()
            if not line:
                pytest.fail("swoop server exited before printing its port")
            if "API key (shown once): " in line:
                self.key = line.rsplit(" ", 1)[1].strip()
            if line.startswith("swoop server listening on "):
                self.base = line.rsplit(" ", 1)[1].strip()

    def api(self, key: str | None = None, sweep: str = "") -> SwoopAPI:
        return SwoopAPI(self.base, key or self.key, sweep)

    def close(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.data, ignore_errors=True)


@pytest.fixture
def server():
    s = Server(auth=False)
    yield s
    s.close()


@pytest.fixture
def auth_server():
    s = Server(auth=True)
    yield s
    s.close()


def base_config(**extra: Any) -> dict:
    """A sweep configuration as launch-sweep stores it (the YAML of sweep.yaml, as JSON)."""
    config = {
        "method": "custom",
        "job": "train",
        "metric": {"name": "loss", "goal": "minimize"},
        # `distribution` spelled out, as launch-sweep stores it: the server writes 1.0 back as 1.
        "parameters": {"x": {"distribution": "uniform", "min": -1.0, "max": 1.0},
                       "y": {"distribution": "uniform", "min": -1.0, "max": 1.0}},
        "run_cap": 6,
        "scheduler": {"job": "optuna-scheduler", "num_workers": 2,
                      "settings": {"sampler": {"type": "RandomSampler", "args": {"seed": 0}}}},
    }
    config.update(extra)
    return config


@dataclass
class Sweep:
    server: Server
    admin: SwoopAPI
    id: str
    entity: str
    project: str
    project_id: str
    queue: str
    agent: str
    scheduler_key: str | None

    def api(self) -> SwoopAPI:
        return self.server.api(self.server.key, self.id)

    def get(self) -> dict:
        return self.api().sweep()

    def runs(self) -> list[dict]:
        """Every run of the sweep, as the change feed reports them now."""
        out: dict[str, dict] = {}
        cursor = 0
        while True:
            page = self.api().run_changes(cursor, wait=0)
            for r in page["runs"]:
                out[r["id"]] = r
            if not page["runs"] or page["nextCursor"] == cursor:
                return sorted(out.values(), key=lambda r: r["createdAt"])
            cursor = page["nextCursor"]

    def set_state(self, state: str) -> dict:
        return self.api().set_state(state)

    def trials(self) -> list[dict]:
        """The saved study's trials, replayed from the scheduler state with Optuna itself."""
        import optuna
        from journal_state import StateJournal
        from optuna.storages import JournalStorage

        state = self.get()["schedulerState"]
        storage = JournalStorage(StateJournal.load(state["journal"]))
        study = optuna.load_study(study_name=f"optuna-study-{self.id}", storage=storage)
        return [{"number": t.number, "state": t.state.name, "params": t.params, "value": t.value if t.values and len(t.values) == 1 else t.values,
                 "run": t.user_attrs.get("swoop_run_id"), "steps": sorted(t.intermediate_values)} for t in study.trials]


def make_sweep(server: Server, config: dict, name: str = "s") -> Sweep:
    admin = server.api()
    entity = admin.request("POST", "/api/v1/entities", {"name": f"team-{name}"})
    project = admin.request("POST", f"/api/v1/entities/{entity['id']}/projects", {"name": "demo"})
    job = admin.request("POST", f"/api/v1/projects/{project['id']}/jobs", {"name": "train"})
    admin.request("POST", f"/api/v1/jobs/{job['id']}/versions", {"sourceKind": "code", "entryPoint": ["python3", "train.py"]})
    queue = admin.request("POST", f"/api/v1/entities/{entity['id']}/queues", {"name": "q", "resource": "local-process"})
    agent = admin.request("POST", f"/api/v1/entities/{entity['id']}/agents", {"name": "test-agent", "queues": [queue["id"]]})
    scheduler_spec = {"kind": "scheduler", "job": "optuna-scheduler", "entity": entity["name"], "project": project["name"],
                      "overrides": {"args": [], "runConfig": {}}, "resumeCount": 0}
    sweep = admin.request("POST", f"/api/v1/projects/{project['id']}/sweeps",
                          {"config": config, "queue": queue["id"], "schedulerSpec": scheduler_spec})
    # Play the agent for the scheduler item too: lease it and, with auth on, give the scheduler its token
    # (W&B's convention: the scheduler's run id is the sweep id).
    lease = admin.request("POST", f"/api/v1/agents/{agent['id']}/lease?wait=0", {})
    assert lease["item"] and lease["item"]["isScheduler"]
    key = None
    if server.key:
        admin.request("POST", f"/api/v1/projects/{project['id']}/runs", {"id": sweep["id"], "name": "scheduler"})
        key = admin.request("POST", f"/api/v1/runs/{sweep['id']}/tokens", {})["key"]
    return Sweep(server, admin, sweep["id"], entity["name"], project["name"], project["id"], queue["id"], agent["id"], key)


class Scheduler:
    """The example scheduler as a separate process, as an agent would start it."""

    def __init__(self, sweep: Sweep, **extra_env: str):
        env = dict(os.environ, **extra_env)
        env.update({"SWOOP_BASE_URL": sweep.server.base, "SWOOP_API_KEY": sweep.scheduler_key or "",
                    "SWOOP_SWEEP_ID": sweep.id, "SWOOP_ENTITY": sweep.entity, "SWOOP_PROJECT": sweep.project,
                    "SWOOP_SCHEDULER_POLL_SECONDS": "1"})
        self.log = tempfile.NamedTemporaryFile(prefix="optuna-scheduler-", suffix=".log", delete=False)
        self.proc = subprocess.Popen([sys.executable, str(EXAMPLE / "optuna_scheduler.py")], env=env,
                                     stdout=self.log, stderr=subprocess.STDOUT)

    def running(self) -> bool:
        return self.proc.poll() is None

    def kill9(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def output(self) -> str:
        return Path(self.log.name).read_text()

    def wait(self, timeout: float = DEADLINE_SECONDS) -> int:
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            pytest.fail(f"scheduler did not end within {timeout}s:\n{self.output()}")

    def close(self) -> None:
        if self.running():
            self.proc.kill()
            self.proc.wait()
        os.unlink(self.log.name)


@dataclass
class Held:
    item: str
    run: str
    config: dict
    step: int = 0


@dataclass
class Agent:
    """Leases the sweep's run items and plays each run: `steps` metric points of `objective(config, step)`
    (a number logged as `loss`, or a dict of metrics),
    then `finished` (or `failed` when `fails(config)`), honouring stop requests. It checks at every tick
    that the sweep never has more than `limit` live runs."""

    sweep: Sweep
    objective: Callable[[dict, int], Any]
    steps: int = 3
    limit: int | None = None
    fails: Callable[[dict], bool] = lambda config: False
    advance: Callable[["Agent"], bool] = lambda agent: True
    # Post a run's next step only once the scheduler has saved the previous one (pruning tests: a run must
    # not race past the step the pruner decides on).
    lockstep: bool = False
    held: dict[str, Held] = field(default_factory=dict)
    max_alive: int = 0
    leased: list[str] = field(default_factory=list)

    def tick(self) -> bool:
        """One round: lease what is waiting, advance each held run by one step. False when idle."""
        api = self.sweep.server.api()
        busy = False
        while True:
            item = api.request("POST", f"/api/v1/agents/{self.sweep.agent}/lease?wait=0", {}).get("item")
            if item is None:
                break
            busy = True
            spec = item["spec"]
            assert spec["kind"] == "run" and spec["job"] == "train" and spec["sweepID"] == self.sweep.id
            run = item["runID"]
            assert spec["runID"] == run
            api.request("POST", f"/api/v1/items/{item['id']}/running", {"agent": self.sweep.agent, "run": run})
            api.request("POST", f"/api/v1/runs/{run}/state", {"state": "running"})
            self.held[run] = Held(item["id"], run, spec["overrides"]["runConfig"])
            self.leased.append(run)
        runs = {r["id"]: r for r in self.sweep.runs()}
        alive = sum(r["state"] in ("queued", "starting", "running") for r in runs.values())
        self.max_alive = max(self.max_alive, alive)
        if self.limit is not None:
            assert alive <= self.limit, f"{alive} live runs, num_workers is {self.limit}"
        if not self.advance(self):
            return busy
        latest = (self.sweep.get().get("schedulerState") or {}).get("latest", {}) if self.lockstep else {}
        for run, h in list(self.held.items()):
            if self.lockstep and 0 < h.step < self.steps and runs[run].get("stopRequestedAt") is None \
                    and latest.get(run, {}).get("loss", [-1])[0] < h.step - 1:
                continue
            busy = True
            if runs[run].get("stopRequestedAt") is not None:
                self.end(h, "stopped")
            elif self.fails(h.config):
                self.end(h, "failed")
            elif h.step < self.steps:
                value = self.objective(h.config, h.step)
                values = value if isinstance(value, dict) else {"loss": value}
                api.request("POST", f"/api/v1/runs/{run}/metrics",
                            {"points": [{"step": h.step, "values": values}], "idempotencyKey": f"{run}-{h.step}"})
                h.step += 1
            else:
                self.end(h, "finished")
        return busy

    def end(self, h: Held, state: str) -> None:
        api = self.sweep.server.api()
        api.request("POST", f"/api/v1/runs/{h.run}/state", {"state": state})
        api.request("POST", f"/api/v1/items/{h.item}/complete", {"agent": self.sweep.agent})
        del self.held[h.run]

    def serve(self, scheduler: Scheduler, until: Callable[[], bool] | None = None) -> None:
        """Ticks until the scheduler exits (or `until()` holds), within the deadline."""
        deadline = time.monotonic() + DEADLINE_SECONDS
        while scheduler.running() and not (until and until()):
            if time.monotonic() > deadline:
                pytest.fail(f"sweep did not progress within {DEADLINE_SECONDS}s:\n{scheduler.output()}")
            if not self.tick():
                time.sleep(0.05)


@pytest.fixture
def schedulers():
    started: list[Scheduler] = []

    def start(sweep: Sweep, **extra_env: str) -> Scheduler:
        s = Scheduler(sweep, **extra_env)
        started.append(s)
        return s

    yield start
    for s in started:
        s.close()


def run_value(run: dict) -> Any:
    return json.dumps(run["config"], sort_keys=True)
