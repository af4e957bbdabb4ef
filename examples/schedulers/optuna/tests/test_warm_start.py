"""Warm start: finished runs the study has not seen join it as completed trials before the first ask."""

from __future__ import annotations

from conftest import Agent, base_config, make_sweep
from test_sweep import quadratic


def finished_run(api, project_id: str, config: dict, steps: int = 2) -> dict:
    """A run outside the sweep that logged `steps` values of the sweep's objective and finished."""
    run = api.request("POST", f"/api/v1/projects/{project_id}/runs", {"name": "earlier", "config": config})
    api.request("POST", f"/api/v1/runs/{run['id']}/state", {"state": "running"})
    for step in range(steps):
        api.request("POST", f"/api/v1/runs/{run['id']}/metrics",
                    {"points": [{"step": step, "values": {"loss": quadratic(config, step)}}], "idempotencyKey": f"{run['id']}-{step}"})
    api.request("POST", f"/api/v1/runs/{run['id']}/state", {"state": "finished"})
    return run


def test_prior_runs_and_runs_no_trial_owns_warm_start_the_study(server, schedulers):
    nop = {"sampler": {"type": "RandomSampler", "args": {"seed": 3}}, "pruner": {"type": "NopPruner"}}
    sweep = make_sweep(server, base_config(run_cap=3, scheduler={"num_workers": 1, "settings": nop}))
    admin = sweep.admin
    prior_config = {"x": 0.3, "y": -0.2}
    prior = finished_run(admin, sweep.project_id, prior_config)
    # A run of the sweep no trial owns (an earlier life whose state was lost, or one made by hand).
    hand_config = {"x": -0.5, "y": 0.5}
    spec = {"kind": "run", "job": "train", "entity": sweep.entity, "project": sweep.project, "resumeCount": 0,
            "overrides": {"args": [], "runConfig": hand_config}}
    by_hand = admin.request("POST", f"/api/v1/sweeps/{sweep.id}/runs", {"config": hand_config, "name": "by-hand", "spec": spec})["run"]
    agent = Agent(sweep, quadratic, steps=2, limit=1)
    while agent.tick():
        pass
    assert [r["state"] for r in sweep.runs()] == ["finished"]
    # What launch-sweep --prior-run writes before it queues the scheduler.
    state = sweep.get()
    sweep.api().save_state({"settings": {"priorRuns": [prior["id"], "no-such-run"]}}, state["schedulerStateVersion"])

    scheduler = schedulers(sweep)
    agent.serve(scheduler)
    assert scheduler.wait() == 0, scheduler.output()
    out = scheduler.output()
    assert "warm start: 2 finished run(s) added to the study" in out, out
    assert "prior run no-such-run cannot be read" in out, out
    assert sweep.get()["state"] == "finished"

    trials = sweep.trials()
    # Both came in before the first ask (numbers 0 and 1) with their configs and their last logged values.
    assert trials[0]["params"] == prior_config and trials[0]["state"] == "COMPLETE" and trials[0]["run"] is None
    assert abs(trials[0]["value"] - quadratic(prior_config, 1)) < 1e-12
    assert trials[1]["params"] == hand_config and trials[1]["run"] == by_hand["id"]
    assert abs(trials[1]["value"] - quadratic(hand_config, 1)) < 1e-12
    # run_cap counts the sweep's runs (the one made by hand too), never the prior run.
    runs = sweep.runs()
    assert len(runs) == 3 and len(trials) == 4
    assert all(r["state"] == "finished" for r in runs)
    # The warm-start rows are saved: launch-sweep's settings are kept, and a restart adds nothing twice.
    assert sweep.get()["schedulerState"]["settings"]["priorRuns"][0] == prior["id"]
    sweep.set_state("pending")
    again = schedulers(sweep)
    agent.serve(again)
    assert again.wait() == 0, again.output()
    assert "warm start:" not in again.output(), again.output()
    assert len(sweep.trials()) == 4
