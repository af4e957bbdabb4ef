"""Runs an agent started: the environment names the run, its token and its hyperparameters."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import warnings

import pytest

import swoop
from conftest import SRC


def agent_environment(server, run, token, config=None, sweep=None):
    """What a launch agent gives a run's process (DESIGN.md, "Run environment")."""
    env = {
        "SWOOP_BASE_URL": server.url, "SWOOP_API_KEY": token, "SWOOP_RUN_ID": run["id"],
        "SWOOP_PROJECT": "proj", "SWOOP_ENTITY": "admin",
    }
    if config is not None:
        env["SWOOP_CONFIG"] = json.dumps(config)
    if sweep is not None:
        env["SWOOP_SWEEP_ID"] = sweep
    return env


def test_a_training_script_reports_with_its_run_token_and_cannot_touch_another_run(server, tmp_path):
    project = server.project()
    mine = server.api("POST", f"/api/v1/projects/{project['id']}/runs", {"config": {"lr": 0.5, "layers": 3}})
    other = server.api("POST", f"/api/v1/projects/{project['id']}/runs", {"config": {}})
    token = server.run_token(mine["id"])
    script = tmp_path / "train.py"
    script.write_text(textwrap.dedent(f"""
        import json, swoop
        run = swoop.init(config={{"lr": 1.0, "extra": 7}})
        print(json.dumps(run.config.as_dict(), sort_keys=True), flush=True)
        for step in range(20):
            run.log({{"loss": 1.0 / (step + 1)}})
        try:
            run._transport.request("POST", "/api/v1/runs/{other['id']}/metrics", {{"points": [{{"step": 0, "values": {{"x": 1}}}}]}})
        except swoop.SwoopAPIError as e:
            print("refused", e.status, e.code, flush=True)
    """))
    env = dict(agent_environment(server, mine, token, config={"lr": 0.5, "layers": 3}), PYTHONPATH=str(SRC), PATH="/usr/bin:/bin")
    out = subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert json.loads(lines[0]) == {"lr": 0.5, "layers": 3, "extra": 7}, "the launch's values win over config="
    assert lines[1] == "refused 403 forbidden"
    record = server.run(mine["id"])
    assert record["state"] == "finished" and record["startedAt"] is not None
    assert [s for s, _ in server.metrics(mine["id"])] == list(range(20))
    assert server.metrics(other["id"]) == []
    assert server.run(other["id"])["state"] == "queued"


def test_a_run_token_cannot_attach_to_another_run(server, monkeypatch):
    project = server.project()
    mine = server.api("POST", f"/api/v1/projects/{project['id']}/runs", {})
    other = server.api("POST", f"/api/v1/projects/{project['id']}/runs", {})
    for name, value in agent_environment(server, other, server.run_token(mine["id"])).items():
        monkeypatch.setenv(name, value)
    with pytest.raises(swoop.SwoopAPIError) as refused:
        swoop.init(retry_timeout=2)
    assert refused.value.status == 403 and other["id"] in refused.value.url
    assert server.run(other["id"])["state"] == "queued"


def test_a_run_token_without_run_id_finds_its_run(server, monkeypatch):
    project = server.project()
    mine = server.api("POST", f"/api/v1/projects/{project['id']}/runs", {"config": {"seed": 4}})
    monkeypatch.setenv("SWOOP_BASE_URL", server.url)
    monkeypatch.setenv("SWOOP_API_KEY", server.run_token(mine["id"]))
    with swoop.init() as run:
        assert run.id == mine["id"] and run.config.seed == 4
        run.log({"x": 1})
    assert server.run(mine["id"])["state"] == "finished"


def test_sweep_hyperparameters_win_over_config_and_are_locked(server, monkeypatch):
    project = server.project()
    sweep = server.api("POST", f"/api/v1/projects/{project['id']}/sweeps",
                       {"config": {"method": "random", "parameters": {"lr": {"values": [0.1, 0.2]}}}})
    record = server.api("POST", f"/api/v1/projects/{project['id']}/runs", {"sweep": sweep["id"], "config": {"lr": 0.2}})
    env = agent_environment(server, record, server.run_token(record["id"]), config={"lr": 0.2}, sweep=sweep["id"])
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.warns(swoop.SwoopWarning, match="project='elsewhere'"):
        run = swoop.init(project="elsewhere", config={"lr": 1.0, "batch": 32})
    assert run.sweep_id == sweep["id"] and run.id == record["id"]
    assert run.config.as_dict() == {"lr": 0.2, "batch": 32}
    assert run.config.locked_keys == {"lr"}
    with pytest.warns(swoop.SwoopWarning, match=r"Config item 'lr' was locked by 'sweep' \(ignored update\)\."):
        run.config.lr = 0.9
    with pytest.warns(swoop.SwoopWarning, match="'lr' was locked"):
        run.config.update({"lr": 0.3, "epochs": 5})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run.config["lr"] = 0.2          # the same value: nothing to warn about
        run.config.batch = 64           # not the sweep's: free to change
    assert run.config.as_dict() == {"lr": 0.2, "batch": 64, "epochs": 5}
    assert run.config["lr"] == run.config.lr == 0.2
    with pytest.raises(AttributeError, match="no key 'momentum'"):
        run.config.momentum
    run.finish()
    assert server.run(record["id"])["state"] == "finished"


def test_config_comes_from_the_file_or_the_run_record_when_not_in_the_environment(server, monkeypatch, tmp_path):
    project = server.project()
    for source in ("file", "record"):
        record = server.api("POST", f"/api/v1/projects/{project['id']}/runs", {"config": {"depth": 6, "source": "record"}})
        for name, value in agent_environment(server, record, server.run_token(record["id"])).items():
            monkeypatch.setenv(name, value)
        if source == "file":
            path = tmp_path / "config.json"
            path.write_text(json.dumps({"depth": 6, "source": "file"}))
            monkeypatch.setenv("SWOOP_CONFIG_FILE", str(path))
        else:
            monkeypatch.delenv("SWOOP_CONFIG_FILE")
        run = swoop.init(config={"source": "code"})
        assert run.config.as_dict() == {"depth": 6, "source": source}
        run.finish()


def test_bad_environment_config_is_an_error_naming_the_variable(server, monkeypatch, tmp_path):
    project = server.project()
    record = server.api("POST", f"/api/v1/projects/{project['id']}/runs", {})
    for name, value in agent_environment(server, record, server.run_token(record["id"])).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("SWOOP_CONFIG", "{not json")
    with pytest.raises(swoop.SwoopError, match="SWOOP_CONFIG is not valid JSON"):
        swoop.init()
    monkeypatch.setenv("SWOOP_CONFIG", "[1, 2]")
    with pytest.raises(swoop.SwoopError, match="SWOOP_CONFIG must be a JSON object"):
        swoop.init()
    monkeypatch.delenv("SWOOP_CONFIG")
    monkeypatch.setenv("SWOOP_CONFIG_FILE", str(tmp_path / "missing.json"))
    with pytest.raises(swoop.SwoopError, match="cannot read SWOOP_CONFIG_FILE"):
        swoop.init()
    monkeypatch.setenv("SWOOP_RETRY_TIMEOUT", "soon")
    with pytest.raises(swoop.SwoopError, match="SWOOP_RETRY_TIMEOUT must be a number"):
        swoop.init()
    assert server.run(record["id"])["state"] == "queued", "nothing was reported for a run that could not start"


def test_a_run_that_already_ended_refuses_to_start(server, monkeypatch):
    project = server.project()
    record = server.api("POST", f"/api/v1/projects/{project['id']}/runs", {})
    server.api("POST", f"/api/v1/runs/{record['id']}/state", {"state": "stopped"})
    for name, value in agent_environment(server, record, server.run_token(record["id"])).items():
        monkeypatch.setenv(name, value)
    with pytest.raises(swoop.SwoopError, match=r"already ended \(stopped\)"):
        swoop.init()


def test_a_requeued_run_goes_on_after_its_last_stored_step(server, tmp_path, monkeypatch):
    project = server.project()
    record = server.api("POST", f"/api/v1/projects/{project['id']}/runs", {})
    env = agent_environment(server, record, server.run_token(record["id"]))
    script = tmp_path / "train.py"
    # The process dies without finishing (its machine was taken back) after its points reached the server.
    script.write_text("import os, swoop\nrun = swoop.init()\nfor i in range(5):\n    run.log({'x': i})\nrun.flush()\nos._exit(0)\n")
    out = subprocess.run([sys.executable, str(script)], env=dict(env, PYTHONPATH=str(SRC), PATH="/usr/bin:/bin"),
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    server.api("POST", f"/api/v1/runs/{record['id']}/state", {"state": "preempted"})
    server.api("POST", f"/api/v1/runs/{record['id']}/state", {"state": "queued"})
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with swoop.init() as run:
        assert run.step == 5
        run.log({"x": 5})
    assert server.metrics(record["id"]) == [(i, {"x": i}) for i in range(6)]
    assert server.run(record["id"])["state"] == "finished"


def test_the_agent_and_the_client_may_both_set_states(server, monkeypatch):
    project = server.project()
    record = server.api("POST", f"/api/v1/projects/{project['id']}/runs", {})
    server.api("POST", f"/api/v1/runs/{record['id']}/state", {"state": "running"})   # the agent was first
    for name, value in agent_environment(server, record, server.run_token(record["id"])).items():
        monkeypatch.setenv(name, value)
    run = swoop.init()
    # A state change that lost the race (or whose answer was lost, then retried) is read back, not an error.
    from swoop.run import move
    assert move(run._transport, run.id, {"state": "running"}, frozenset({"running"}))["state"] == "running"
    with pytest.raises(swoop.SwoopError, match="cannot move to queued: it is running"):
        move(run._transport, run.id, {"state": "queued"}, frozenset({"queued"}))
    run.log({"x": 1})
    server.api("POST", f"/api/v1/runs/{record['id']}/state", {"state": "crashed"})     # the agent ended it
    run.finish()
    assert server.run(record["id"])["state"] == "crashed", "the client never overwrites a final state"
    assert server.metrics(record["id"]) == [(0, {"x": 1})]
