"""A real `swoop server` per test (the binary from SWOOP_BIN), and helpers to read what it stored."""

from __future__ import annotations

import atexit
import json
import os
import select
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest

CLIENT_ROOT = Path(__file__).resolve().parent.parent
SRC = CLIENT_ROOT / "src"
sys.path.insert(0, str(SRC))

import swoop  # noqa: E402  (imported from the source tree, not an installed copy)

# A blocked signal mask is inherited (swift test runs pytest with SIGTERM blocked): clear it, so the servers
# started here stop on SIGTERM like anywhere else.
signal.pthread_sigmask(signal.SIG_SETMASK, set())


def swoop_bin() -> str:
    path = os.environ.get("SWOOP_BIN")
    if not path or not os.access(path, os.X_OK):
        # A missing binary is a broken setup, never a reason to skip.
        pytest.fail(f"SWOOP_BIN must name the swoop binary (got {path!r}); e.g. SWOOP_BIN=.build/debug/swoop")
    return path


class Server:
    """One `swoop server` process on 127.0.0.1; can be killed and started again on the same port and data."""

    def __init__(self, data: Path, auth: bool):
        self.data = data
        self.auth = auth
        self.port = 0
        self.proc: Optional[subprocess.Popen] = None
        self.admin_key: Optional[str] = None
        data.mkdir(parents=True, exist_ok=True)
        if auth:
            out = subprocess.run([swoop_bin(), "server", "--data", str(data), "--init-admin"],
                                 capture_output=True, text=True, timeout=60)
            assert out.returncode == 0, out.stderr
            self.admin_key = out.stdout.strip().split()[-1]
            assert self.admin_key.startswith("swoop_"), out.stdout

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        deadline = time.monotonic() + 30
        while True:
            if self._try_start(deadline):
                return
            # The old port can be briefly unavailable after a kill; a bounded number of tries.
            assert time.monotonic() < deadline, f"server did not start on port {self.port}: {self.log_tail()}"
            time.sleep(0.2)

    def _try_start(self, deadline: float) -> bool:
        self.log = open(self.data / "server.log", "ab")
        self.proc = subprocess.Popen(
            [swoop_bin(), "server", "--host", "127.0.0.1", "--port", str(self.port), "--data", str(self.data),
             "--auth", "on" if self.auth else "off"],
            stdout=subprocess.PIPE, stderr=self.log, stdin=subprocess.DEVNULL)
        fd = self.proc.stdout.fileno()
        buffer = b""
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                chunk = os.read(fd, 4096)
                if not chunk:
                    self.proc.wait()
                    return False
                buffer += chunk
                for line in buffer.decode(errors="replace").splitlines():
                    if line.startswith("swoop server listening on http://"):
                        self.port = int(line.rsplit(":", 1)[1])
                        return True
            elif self.proc.poll() is not None:
                return False
        raise AssertionError(f"no 'listening' line from the server: {buffer!r} {self.log_tail()}")

    def kill(self) -> None:
        """SIGKILL: no graceful shutdown, as when a machine loses power."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    def log_tail(self) -> str:
        try:
            return (self.data / "server.log").read_text(errors="replace")[-2000:]
        except OSError:
            return ""

    def api(self, method: str, path: str, body: Any = None, key: Optional[str] = "admin") -> Any:
        """One request with no retries; raises urllib's HTTPError on a refusal."""
        key = self.admin_key if key == "admin" else key
        headers = {"Content-Type": "application/json"}
        if key:
            headers["Authorization"] = f"Bearer {key}"
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, headers=headers, method=method)
        with urllib.request.urlopen(req, timeout=30) as resp:
            raw = resp.read()
        return json.loads(raw) if raw else None

    def project(self) -> Dict[str, Any]:
        """A new project in the admin's entity."""
        entity_id = self.api("GET", "/api/v1/me")["user"]["entityID"]
        return self.api("POST", f"/api/v1/entities/{entity_id}/projects", {"name": f"proj-{uuid.uuid4().hex[:8]}"})

    def run_token(self, run_id: str) -> str:
        return self.api("POST", f"/api/v1/runs/{run_id}/tokens", {})["key"]

    def run(self, run_id: str) -> Dict[str, Any]:
        return self.api("GET", f"/api/v1/runs/{run_id}")

    def metrics(self, run_id: str) -> List[Tuple[int, Dict[str, Any]]]:
        """Every metric point of the run in write order."""
        points: List[Tuple[int, Dict[str, Any]]] = []
        cursor = 0
        while True:
            page = self.api("GET", f"/api/v1/runs/{run_id}/metrics?since={cursor}&limit=10000")
            if not page["points"]:
                return points
            points += [(p["step"], p["values"]) for p in page["points"]]
            cursor = page["nextCursor"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A server with auth on shared by a module's tests (each makes its own projects and runs)."""
    yield from _serving(tmp_path_factory.mktemp("server"), auth=True)


@pytest.fixture
def own_server(tmp_path):
    """A server for one test, which may kill and restart it."""
    yield from _serving(tmp_path / "server", auth=True)


@pytest.fixture(scope="module")
def open_server(tmp_path_factory):
    """A server with --auth off (no keys)."""
    yield from _serving(tmp_path_factory.mktemp("open-server"), auth=False)


def _serving(data: Path, auth: bool):
    s = Server(data, auth=auth)
    s.start()
    yield s
    s.stop()


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch, tmp_path):
    """No SWOOP_* variable of the developer's shell leaks in; a run a test left open never reaches atexit."""
    for name in list(os.environ):
        if name.startswith("SWOOP_") and name != "SWOOP_BIN":
            monkeypatch.delenv(name)
    monkeypatch.setenv("SWOOP_DIR", str(tmp_path))
    yield
    run = swoop.run
    if run is not None:
        run._finished = True
        atexit.unregister(run._at_exit)
        swoop.run = None
