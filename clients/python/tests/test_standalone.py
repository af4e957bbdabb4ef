"""Standalone runs: swoop.init against a server URL, logging, summary, final states, stop requests."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import textwrap

import pytest

import swoop
from conftest import CLIENT_ROOT, SRC


def test_standalone_run_logs_every_point_in_order(server):
    config = {"lr": 0.01, "layers": [64, 32], "optimizer": "adam"}
    run = swoop.init(project="mnist", config=config, base_url=server.url, api_key=server.admin_key,
                     name="first", flush_interval=0.01)
    assert swoop.run is run
    assert run.config.lr == 0.01 and run.config["optimizer"] == "adam"
    assert server.run(run.id)["state"] == "running"
    n = 1500
    for i in range(n):
        run.log({"loss": 1.0 / (i + 1), "i": i})
    run.summary["best_loss"] = 1.0 / n
    run.finish()
    assert swoop.run is None

    record = server.run(run.id)
    assert record["state"] == "finished" and record["exitCode"] == 0
    assert record["name"] == "first"
    assert record["config"] == config
    assert record["summary"]["best_loss"] == 1.0 / n
    assert record["summary"]["i"] == n - 1, "the summary holds each metric's latest value"
    points = server.metrics(run.id)
    assert [step for step, _ in points] == list(range(n))
    assert all(values == {"loss": 1.0 / (i + 1), "i": i} for i, (_, values) in enumerate(points))
    # The project was created on first use, in the admin's own entity.
    assert run.entity == "admin" and run.project == "mnist"
    assert server.api("GET", "/api/v1/names/admin/mnist")["id"] == record["projectID"]


def test_auth_off_server_needs_no_key(open_server):
    with swoop.init(project="local-proj", base_url=open_server.url, flush_interval=0.01) as run:
        run.log({"acc": 0.5})
    assert run.entity == "local"
    assert open_server.run(run.id)["state"] == "finished"
    assert open_server.metrics(run.id) == [(0, {"acc": 0.5})]


def test_an_exception_in_the_with_block_marks_the_run_failed(server):
    with pytest.raises(RuntimeError):
        with swoop.init(project="p", base_url=server.url, api_key=server.admin_key) as run:
            run.log({"loss": 1.0})
            raise RuntimeError("diverged")
    record = server.run(run.id)
    assert record["state"] == "failed" and record["exitCode"] == 1
    assert record["errorMessage"] == "RuntimeError: diverged"
    assert server.metrics(run.id) == [(0, {"loss": 1.0})], "values logged before the error are kept"


def test_finish_with_a_nonzero_exit_code_fails_the_run(server):
    run = swoop.init(project="p", base_url=server.url, api_key=server.admin_key)
    run.finish(exit_code=3)
    record = server.run(run.id)
    assert (record["state"], record["exitCode"]) == ("failed", 3)
    with pytest.raises(swoop.SwoopError, match="finished"):
        run.log({"late": 1})


def test_explicit_steps_and_commit_follow_wandb(server):
    run = swoop.init(project="p", base_url=server.url, api_key=server.admin_key)
    run.log({"a": 1}, step=0)
    run.log({"b": 2}, step=0)           # same step: merged
    run.log({"a": 3}, step=2)           # a larger step closes step 0
    run.log({"c": 4})                   # no step: the open step 2, then advance
    assert run.step == 3
    run.log({"d": 5}, commit=False)     # stays open at 3
    run.log({"d": 6, "e": 7})           # same step, the later value wins, then advance
    with pytest.raises(ValueError, match="step 1 is below the current step 4"):
        run.log({"a": 9}, step=1)
    run.finish()
    assert server.metrics(run.id) == [(0, {"a": 1, "b": 2}), (2, {"a": 3, "c": 4}), (3, {"d": 6, "e": 7})]


def test_should_stop_turns_true_after_a_stop_request(server):
    run = swoop.init(project="p", base_url=server.url, api_key=server.admin_key, stop_check_interval=0)
    assert run.should_stop() is False
    run.log({"loss": 1.0})
    server.api("POST", f"/api/v1/runs/{run.id}/stop")
    assert run.should_stop() is True
    run.finish()
    record = server.run(run.id)
    assert record["state"] == "stopped", "a run that was asked to stop ends as stopped"
    assert server.metrics(run.id) == [(0, {"loss": 1.0})]


def test_module_level_log_and_finish_use_the_current_run(server):
    with pytest.raises(swoop.SwoopError, match="no active run"):
        swoop.log({"x": 1})
    first = swoop.init(project="p", base_url=server.url, api_key=server.admin_key)
    swoop.log({"x": 1})
    second = swoop.init(project="p", base_url=server.url, api_key=server.admin_key)
    assert server.run(first.id)["state"] == "finished", "a second init finishes the first run"
    swoop.log({"x": 2})
    swoop.finish()
    assert server.metrics(first.id) == [(0, {"x": 1})]
    assert server.metrics(second.id) == [(0, {"x": 2})]


def test_a_script_that_exits_normally_or_by_an_exception_sets_the_state_at_exit(server, tmp_path):
    script = tmp_path / "train.py"
    script.write_text(textwrap.dedent("""
        import sys, swoop
        run = swoop.init(project="p")
        print(run.id, flush=True)
        for i in range(50):
            run.log({"loss": i})
        if sys.argv[1] == "crash":
            raise ValueError("bad batch")
    """))
    env = {"PYTHONPATH": str(SRC), "SWOOP_BASE_URL": server.url, "SWOOP_API_KEY": server.admin_key,
           "SWOOP_FLUSH_INTERVAL": "5", "PATH": "/usr/bin:/bin"}
    ok = subprocess.run([sys.executable, str(script), "ok"], env=env, capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stderr
    crash = subprocess.run([sys.executable, str(script), "crash"], env=env, capture_output=True, text=True, timeout=120)
    assert crash.returncode == 1 and "ValueError: bad batch" in crash.stderr
    ok_run, crash_run = server.run(ok.stdout.strip()), server.run(crash.stdout.strip())
    assert ok_run["state"] == "finished"
    assert (crash_run["state"], crash_run["errorMessage"]) == ("failed", "ValueError: bad batch")
    # The flush interval is longer than the script: the last batch went out at exit.
    assert [s for s, _ in server.metrics(ok_run["id"])] == list(range(50))
    assert [s for s, _ in server.metrics(crash_run["id"])] == list(range(50))


def test_pip_install_gives_an_importable_package(tmp_path):
    # A copy, because setuptools builds in the source folder (build/, *.egg-info).
    source = tmp_path / "source"
    shutil.copytree(CLIENT_ROOT, source, ignore=shutil.ignore_patterns("tests", "build", "*.egg-info", "__pycache__"))
    target = tmp_path / "site"
    cmd = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(source)]
    try:
        import setuptools  # noqa: F401
        import wheel  # noqa: F401
        cmd.insert(4, "--no-build-isolation")  # both present: build offline with them
    except ImportError:
        pass  # pip fetches the build backend from the package index
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
    check = subprocess.run([sys.executable, "-c", "import swoop; print(swoop.__file__, swoop.__version__)"],
                           env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"}, capture_output=True, text=True, timeout=60)
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith(str(target)) and check.stdout.split()[1] == swoop.__version__


def test_ctrl_c_in_the_with_block_stops_the_run(server):
    with pytest.raises(KeyboardInterrupt):
        with swoop.init(project="p", base_url=server.url, api_key=server.admin_key) as run:
            raise KeyboardInterrupt
    record = server.run(run.id)
    assert (record["state"], record["exitCode"]) == ("stopped", 130)


def test_sigterm_and_sys_exit_still_send_every_point(server, tmp_path):
    script = tmp_path / "train.py"
    script.write_text(textwrap.dedent("""
        import sys, time, swoop
        run = swoop.init(project="p")
        for i in range(30):
            run.log({"x": i})
        print(run.id, flush=True)
        if sys.argv[1] == "exit":
            sys.exit(4)
        time.sleep(120)
    """))
    # The flush interval is longer than the script: every point is still buffered when it ends.
    env = {"PYTHONPATH": str(SRC), "SWOOP_BASE_URL": server.url, "SWOOP_API_KEY": server.admin_key,
           "SWOOP_FLUSH_INTERVAL": "60", "PATH": "/usr/bin:/bin"}
    # Started with SIGTERM blocked, as a child of a process that blocks it inherits (the swift test runner
    # does): the client unblocks it, or the stop would wait for a SIGKILL and lose the buffered points.
    term = subprocess.Popen([sys.executable, str(script), "term"], env=env, stdout=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM}))
    try:
        term_id = term.stdout.readline().strip()
        term.terminate()                # what an agent does to stop a run
        assert term.wait(timeout=120) == 143
    finally:
        if term.poll() is None:
            term.kill()
    exit_ = subprocess.run([sys.executable, str(script), "exit"], env=env, capture_output=True, text=True, timeout=120)
    assert exit_.returncode == 4, exit_.stderr
    for run_id, state, code in ((term_id, "stopped", 143), (exit_.stdout.strip(), "failed", 4)):
        record = server.run(run_id)
        assert (record["state"], record["exitCode"]) == (state, code)
        assert [s for s, _ in server.metrics(run_id)] == list(range(30))
