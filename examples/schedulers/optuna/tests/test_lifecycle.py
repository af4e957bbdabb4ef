"""Pause, stop, resume and cancel, as a person would through the API, while the scheduler runs."""

from __future__ import annotations

import time

from conftest import Agent, base_config, make_sweep
from test_sweep import quadratic

NOP = {"sampler": {"type": "RandomSampler", "args": {"seed": 7}}, "pruner": {"type": "NopPruner"}}


def trial_states(sweep) -> list[str]:
    return [t["state"] for t in sweep.trials()]


def start_holding(server, schedulers, run_cap: int, workers: int):
    """A sweep whose agent leases runs but holds them until `gate["open"]`; returns once `workers` are held."""
    sweep = make_sweep(server, base_config(run_cap=run_cap, scheduler={"num_workers": workers, "settings": NOP}))
    gate = {"open": False}
    agent = Agent(sweep, quadratic, steps=2, limit=workers, advance=lambda a: gate["open"])
    scheduler = schedulers(sweep)
    agent.serve(scheduler, until=lambda: len(agent.held) == workers)
    return sweep, gate, agent, scheduler


def test_pause_holds_new_runs_stop_lets_the_running_finish_and_resume_continues_the_study(server, schedulers):
    sweep, gate, agent, scheduler = start_holding(server, schedulers, run_cap=4, workers=1)
    sweep.set_state("paused")
    gate["open"] = True
    agent.serve(scheduler, until=lambda: trial_states(sweep) == ["COMPLETE"])
    # Paused: the scheduler goes on following runs but launches none (its loop polls every second).
    deadline = time.monotonic() + 2.5
    while time.monotonic() < deadline:
        agent.tick()
        time.sleep(0.1)
    assert scheduler.running() and len(sweep.runs()) == 1

    gate["open"] = False
    sweep.set_state("running")
    agent.serve(scheduler, until=lambda: len(agent.held) == 1)
    sweep.set_state("stopped")
    gate["open"] = True
    agent.serve(scheduler)
    assert scheduler.wait() == 0, scheduler.output()
    assert sweep.get()["state"] == "stopped"
    assert [r["state"] for r in sweep.runs()] == ["finished", "finished"]
    assert trial_states(sweep) == ["COMPLETE", "COMPLETE"]

    # Resume (a new scheduler item would do the same): the earlier study goes on to run_cap.
    sweep.set_state("pending")
    scheduler = schedulers(sweep)
    agent.serve(scheduler)
    assert scheduler.wait() == 0, scheduler.output()
    assert "continuing the saved study" in scheduler.output()
    assert sweep.get()["state"] == "finished"
    trials = sweep.trials()
    assert [t["number"] for t in trials] == [0, 1, 2, 3]
    assert trial_states(sweep) == ["COMPLETE"] * 4
    assert sorted(t["run"] for t in trials) == sorted(r["id"] for r in sweep.runs())


def test_cancel_stops_the_running_runs_and_fails_their_trials(server, schedulers):
    sweep, gate, agent, scheduler = start_holding(server, schedulers, run_cap=5, workers=2)
    sweep.set_state("cancelled")
    assert scheduler.wait() == 0, scheduler.output()
    gate["open"] = True
    while agent.held:
        agent.tick()
    runs = sweep.runs()
    assert len(runs) == 2
    assert all(r["state"] == "stopped" and r.get("stopRequestedAt") for r in runs)
    assert trial_states(sweep) == ["FAIL", "FAIL"]
    assert sweep.get()["state"] == "cancelled"
