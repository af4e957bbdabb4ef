"""The server goes away while a run logs: points wait and are retried; if it never returns, a clear error."""

from __future__ import annotations

import json
import threading
import time

import pytest

import swoop


def wait_for(condition, what, limit=60.0):
    """Waits for a condition the test cannot make happen at once (a bound against hangs, not a timing check)."""
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.01)


def test_no_point_is_lost_when_the_server_is_killed_and_restarted(own_server):
    run = swoop.init(project="p", base_url=own_server.url, api_key=own_server.admin_key, flush_interval=0.01, retry_timeout=120)
    step = 0

    def log(count):
        nonlocal step
        for _ in range(count):
            run.log({"v": step, "half": step / 2})
            step += 1

    log(400)
    own_server.kill()                       # batches are in flight: one may be stored without its answer
    log(300)
    wait_for(lambda: run._transport.failed_attempts > 0, "the sender to meet the outage")
    log(300)
    port = own_server.port
    own_server.start()                      # same port, same data folder
    assert own_server.port == port
    log(300)
    run.finish()
    points = own_server.metrics(run.id)
    assert [s for s, _ in points] == list(range(1300)), "every step once, in order"
    assert all(values == {"v": s, "half": s / 2} for s, values in points)
    assert own_server.run(run.id)["state"] == "finished"


def test_a_server_that_never_comes_back_gives_a_clear_error_and_keeps_the_points(own_server, tmp_path):
    run = swoop.init(project="p", base_url=own_server.url, api_key=own_server.admin_key, flush_interval=0.01, retry_timeout=1)
    run.log({"v": 0})
    run.flush()
    own_server.kill()
    for i in range(1, 101):
        run.log({"v": i})
    wait_for(lambda: run._sender._error is not None, "the sender to give up")
    with pytest.raises(swoop.SwoopUnavailableError) as on_log:
        run.log({"v": 101})
    error = on_log.value
    text = str(error)
    assert f"{own_server.url}/api/v1/runs/{run.id}/metrics" in text
    assert "gave up after" in text and "retry_timeout" in text and "SWOOP_RETRY_TIMEOUT" in text
    assert error.attempts >= 2

    outcome = {}

    def finish():
        try:
            run.finish()
        except swoop.SwoopError as e:
            outcome["error"] = e

    thread = threading.Thread(target=finish)
    thread.start()
    thread.join(60)
    assert not thread.is_alive(), "finish must end within its retry budget"
    assert outcome["error"] is error

    # Nothing is dropped silently: what was never sent is in the file the error names.
    assert error.unsent_path and error.unsent_path.startswith(str(tmp_path))
    assert f"101 unsent metric values were saved to {error.unsent_path}" in str(error)
    rows = [json.loads(line) for line in open(error.unsent_path)]
    assert [r["step"] for r in rows] == list(range(1, 102))
    assert all(r["values"] == {"v": r["step"]} and r["run"] == run.id for r in rows)

    own_server.start()
    assert own_server.metrics(run.id) == [(0, {"v": 0})]


def test_init_against_a_server_that_is_not_there_fails_within_its_budget(own_server):
    url = own_server.url
    own_server.kill()
    with pytest.raises(swoop.SwoopUnavailableError, match=f"did not answer GET {url}/api/v1/me"):
        swoop.init(project="p", base_url=url, api_key=own_server.admin_key, retry_timeout=0.5)
    assert swoop.run is None
