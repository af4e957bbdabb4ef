"""The part of Swoop's HTTP API a sweep scheduler uses (docs/server.md), standard library only.

Every call names the route it stands for. Writes carry an Idempotency-Key, reused on their retries, so a
request whose answer was lost is applied once; lost connections and 502/503/504 are retried a few times.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from typing import Any


class SwoopError(Exception):
    """The server's JSON error: status, code, message and the field it names."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None):
        super().__init__(f"{status} {code}: {message}" + (f" (field {field})" if field else ""))
        self.status = status
        self.code = code
        self.message = message
        self.field = field


class SwoopAPI:
    """A scheduler's view of one sweep: read it, follow its runs, launch and stop runs, save state."""

    RETRIED_STATUSES = (502, 503, 504)

    def __init__(self, base_url: str, api_key: str | None, sweep_id: str, timeout: float = 90.0):
        self.base = base_url.rstrip("/")
        self.key = api_key or None
        self.sweep_id = sweep_id
        self.timeout = timeout

    # -- the scheduler API -------------------------------------------------------------------

    def sweep(self) -> dict:
        """getSweep: config, state, saved scheduler state and its version."""
        return self.request("GET", f"/api/v1/sweeps/{self.sweep_id}")

    def run_changes(self, since: int, wait: int = 0, limit: int = 1000) -> dict:
        """sweepRunChanges: runs changed after `since`; with wait, held until one changes."""
        query = urllib.parse.urlencode({"since": since, "wait": wait, "limit": limit})
        return self.request("GET", f"/api/v1/sweeps/{self.sweep_id}/runs?{query}", timeout=self.timeout + wait)

    def metrics(self, cursors: dict[str, int]) -> dict[str, dict]:
        """sweepRunMetrics: new metric points of each run after its cursor, keyed by run id."""
        if not cursors:
            return {}
        answer = self.request("POST", f"/api/v1/sweeps/{self.sweep_id}/metrics", {"cursors": cursors})
        return answer["histories"]

    def launch_run(self, config: dict, spec: dict, name: str, idempotency_key: str) -> dict:
        """launchSweepRun: a run with these hyperparameters and its queue item, in one transaction."""
        body = {"config": config, "spec": spec, "name": name}
        return self.request("POST", f"/api/v1/sweeps/{self.sweep_id}/runs", body, idempotency_key=idempotency_key)

    def stop_run(self, run_id: str) -> dict:
        """requestRunStop: the agent running it stops the process and reports `stopped`."""
        return self.request("POST", f"/api/v1/runs/{run_id}/stop")

    def run(self, run_id: str) -> dict:
        """A run by id (a --prior-run lives outside the sweep)."""
        return self.request("GET", f"/api/v1/runs/{run_id}")

    def run_metrics(self, run_id: str) -> list[dict]:
        """Every logged point of a run, oldest first."""
        points, cursor = [], 0
        while True:
            page = self.request("GET", f"/api/v1/runs/{run_id}/metrics?since={cursor}&limit=1000")
            points += page["points"]
            if not page["points"] or page["nextCursor"] == cursor:
                return points
            cursor = page["nextCursor"]

    def save_state(self, state: Any, expected_version: int) -> dict:
        """saveSchedulerState: compare-and-set; a 409 means another scheduler saved in between."""
        body = {"state": state, "expectedVersion": expected_version}
        return self.request("PUT", f"/api/v1/sweeps/{self.sweep_id}/scheduler-state", body)

    def set_state(self, state: str) -> dict:
        """transitionSweep: running, paused, finished, stopped, cancelled, failed."""
        return self.request("POST", f"/api/v1/sweeps/{self.sweep_id}/state", {"state": state})

    def resolve_job(self, entity: str, project: str, ref: str) -> dict:
        """resolveJobReference: the version `name[:alias]` names (needs more than a scheduler token)."""
        path = "/".join(urllib.parse.quote(p, safe="") for p in ("names", entity, project, "jobs", ref))
        return self.request("GET", f"/api/v1/{path}")

    # -- transport -----------------------------------------------------------------------------

    def request(self, method: str, path: str, body: Any = None, idempotency_key: str | None = None,
                timeout: float | None = None) -> Any:
        headers = {"Accept": "application/json"}
        if self.key:
            headers["Authorization"] = f"Bearer {self.key}"
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if method != "GET":
            headers["Idempotency-Key"] = idempotency_key or uuid.uuid4().hex
        delay = 0.1
        for attempt in range(5):
            req = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
            try:
                with urllib.request.urlopen(req, timeout=timeout or self.timeout) as resp:
                    raw = resp.read()
                    return json.loads(raw) if raw else None
            except urllib.error.HTTPError as e:
                raw = e.read()
                if e.code in self.RETRIED_STATUSES and attempt < 4:
                    time.sleep(delay)
                    delay *= 2
                    continue
                try:
                    err = json.loads(raw)["error"]
                except (ValueError, KeyError, TypeError):
                    raise SwoopError(e.code, "http", raw.decode(errors="replace")) from None
                raise SwoopError(e.code, err.get("code", ""), err.get("message", ""), err.get("field")) from None
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if attempt == 4:
                    raise
                time.sleep(delay)
                delay *= 2
        raise AssertionError("unreachable")
