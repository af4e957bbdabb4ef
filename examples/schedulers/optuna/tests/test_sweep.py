"""The Optuna scheduler driving sweeps on a real server, with the test playing the launch agent."""

from __future__ import annotations

import json

import optuna
import pytest
from optuna.distributions import FloatDistribution

from conftest import Agent, base_config, make_sweep


def quadratic(config: dict, step: int) -> float:
    return (config["x"] - 0.3) ** 2 + (config["y"] + 0.2) ** 2 + 0.1 / (step + 1)


def test_sweep_runs_to_run_cap_with_a_scheduler_token(auth_server, schedulers):
    sweep = make_sweep(auth_server, base_config(run_cap=6))
    assert sweep.scheduler_key
    scheduler = schedulers(sweep)
    # Runs with x > 0.5 fail: their trials must fail, the others complete with the last logged value.
    agent = Agent(sweep, quadratic, steps=3, limit=2, fails=lambda c: c["x"] > 0.5)
    agent.serve(scheduler)
    assert scheduler.wait() == 0, scheduler.output()
    assert sweep.get()["state"] == "finished"
    runs = sweep.runs()
    assert len(runs) == 6
    assert agent.max_alive == 2
    trials = sweep.trials()
    assert [t["number"] for t in trials] == list(range(6))
    by_run = {r["id"]: r for r in runs}
    for t in trials:
        run = by_run[t["run"]]
        assert run["name"] == f"trial-{t['number']}"
        assert run["config"] == t["params"]
        assert -1 <= t["params"]["x"] <= 1 and -1 <= t["params"]["y"] <= 1
        if t["params"]["x"] > 0.5:
            assert (t["state"], run["state"]) == ("FAIL", "failed")
        else:
            assert (t["state"], run["state"]) == ("COMPLETE", "finished")
            assert abs(t["value"] - quadratic(t["params"], 2)) < 1e-12
            assert t["steps"] == [0, 1, 2]
    assert {t["state"] for t in trials} == {"FAIL", "COMPLETE"}


def test_median_pruner_stops_a_bad_run(server, schedulers):
    # One worker, so every trial sees the curves of all earlier ones. x = 2 is far worse at every step.
    settings = {"sampler": {"type": "RandomSampler", "args": {"seed": 0}},
                "pruner": {"type": "MedianPruner", "args": {"n_startup_trials": 1, "n_warmup_steps": 1}}}
    config = base_config(run_cap=6, parameters={"x": {"values": [0, 2]}, "y": {"value": 0}},
                         scheduler={"num_workers": 1, "settings": settings})
    sweep = make_sweep(server, config)
    scheduler = schedulers(sweep)
    agent = Agent(sweep, lambda c, step: c["x"] + 1 / (step + 1), steps=5, limit=1, lockstep=True)
    agent.serve(scheduler)
    assert scheduler.wait() == 0, scheduler.output()
    runs = {r["id"]: r for r in sweep.runs()}
    trials = sweep.trials()
    pruned = [t for t in trials if t["state"] == "PRUNED"]
    assert pruned, f"no trial pruned: {trials}"
    for t in pruned:
        run = runs[t["run"]]
        assert t["params"]["x"] == 2
        assert run.get("stopRequestedAt") is not None and run["state"] == "stopped"
        assert len(t["steps"]) < 5
    for t in trials:
        if t["params"]["x"] == 0:
            assert t["state"] == "COMPLETE" and runs[t["run"]]["config"] == {"x": 0, "y": 0}


def test_kill_9_and_restart_neither_repeats_nor_loses_a_trial(server, schedulers):
    settings = {"sampler": {"type": "TPESampler", "args": {"seed": 0, "n_startup_trials": 3}}, "pruner": {"type": "NopPruner"}}
    sweep = make_sweep(server, base_config(run_cap=10, scheduler={"num_workers": 2, "settings": settings}))
    agent = Agent(sweep, quadratic, steps=2, limit=2)
    # Kill the scheduler at several points of the sweep (right after it launched its 1st, 4th, 7th run) and
    # start it again each time; the agent keeps playing the runs meanwhile.
    for launched in (1, 4, 7):
        scheduler = schedulers(sweep)
        agent.serve(scheduler, until=lambda: len(sweep.runs()) >= launched)
        scheduler.kill9()
    scheduler = schedulers(sweep)
    agent.serve(scheduler)
    assert scheduler.wait() == 0, scheduler.output()
    assert sweep.get()["state"] == "finished"
    runs = sweep.runs()
    trials = sweep.trials()
    assert len(runs) == 10 and len(trials) == 10
    assert sorted(r["name"] for r in runs) == sorted(f"trial-{n}" for n in range(10))
    assert sorted(t["run"] for t in trials) == sorted(r["id"] for r in runs)
    assert len({json.dumps(r["config"], sort_keys=True) for r in runs}) == 10
    assert [t["state"] for t in trials] == ["COMPLETE"] * 10, scheduler.output()
    assert all(r["state"] == "finished" for r in runs)


@pytest.mark.parametrize("window", ["before-launch", "after-launch"])
def test_a_crash_around_a_launch_neither_repeats_nor_loses_the_trial(auth_server, schedulers, window):
    settings = {"sampler": {"type": "RandomSampler", "args": {"seed": 4}}, "pruner": {"type": "NopPruner"}}
    sweep = make_sweep(auth_server, base_config(run_cap=4, scheduler={"num_workers": 1, "settings": settings}))
    agent = Agent(sweep, quadratic, steps=1, limit=1)
    scheduler = schedulers(sweep, SWOOP_OPTUNA_TEST_CRASH=f"{window}:1")
    agent.serve(scheduler)
    assert scheduler.wait() == 137, scheduler.output()
    assert len(sweep.runs()) == (1 if window == "before-launch" else 2)
    # Started again as a queue retry would: with a new scheduler token, so the launch's idempotency key
    # (kept per API key) cannot answer; the lost launch must be found by its run's name and config.
    sweep.scheduler_key = sweep.admin.request("POST", f"/api/v1/runs/{sweep.id}/tokens", {})["key"]
    scheduler = schedulers(sweep)
    agent.serve(scheduler)
    assert scheduler.wait() == 0, scheduler.output()
    if window == "after-launch":
        assert "trial 1 was launched before a restart" in scheduler.output()
    runs = sweep.runs()
    trials = sweep.trials()
    assert sorted(r["name"] for r in runs) == ["trial-0", "trial-1", "trial-2", "trial-3"]
    assert [t["state"] for t in trials] == ["COMPLETE"] * 4
    by_run = {r["id"]: r for r in runs}
    assert all(by_run[t["run"]]["config"] == t["params"] and by_run[t["run"]]["name"] == f"trial-{t['number']}" for t in trials)


def best_of(server, schedulers, sampler: dict, name: str) -> float:
    config = base_config(run_cap=12, scheduler={"num_workers": 1, "settings": {"sampler": sampler}})
    sweep = make_sweep(server, config, name=name)
    scheduler = schedulers(sweep)
    Agent(sweep, quadratic, steps=1, limit=1).serve(scheduler)
    assert scheduler.wait() == 0, scheduler.output()
    return min(t["value"] for t in sweep.trials())


def in_process_best(sampler: optuna.samplers.BaseSampler) -> float:
    """The same 12 sequential trials with Optuna alone: what the scheduler must reproduce."""
    study = optuna.create_study(sampler=sampler)
    dist = {"x": FloatDistribution(-1.0, 1.0), "y": FloatDistribution(-1.0, 1.0)}
    for _ in range(12):
        trial = study.ask(dist)
        study.tell(trial, quadratic(trial.params, 0))
    return study.best_value


def test_tpe_beats_random_on_a_quadratic(server, schedulers):
    tpe = best_of(server, schedulers, {"type": "TPESampler", "args": {"seed": 2, "n_startup_trials": 5}}, "tpe")
    rnd = best_of(server, schedulers, {"type": "RandomSampler", "args": {"seed": 2}}, "random")
    # The minimum is 0.1 (one step, 0.1 / 1, at the optimum (0.3, -0.2)).
    assert tpe < rnd, (tpe, rnd)
    assert tpe < 0.125
    # Through the server, sequential trials see exactly what Optuna alone would.
    assert tpe == in_process_best(optuna.samplers.TPESampler(seed=2, n_startup_trials=5))
    assert rnd == in_process_best(optuna.samplers.RandomSampler(seed=2))
