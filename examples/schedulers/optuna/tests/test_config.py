"""Search space and settings mapping (pure), and bad configurations refused by the running scheduler."""

from __future__ import annotations

import math

import optuna
import pytest
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution

from conftest import Agent, base_config, make_sweep
from search_space import SearchSpace, SearchSpaceError
from settings import SettingsError, objectives, pruner, sampler


def test_wandb_distributions_map_to_optuna_ones():
    space = SearchSpace({
        "opt": {"values": ["adam", "sgd", None]},
        "layers": {"min": 1, "max": 4},
        "dropout": {"min": 0.0, "max": 0.5},
        "wd": {"distribution": "uniform", "min": 0, "max": 1},
        "q": {"distribution": "q_uniform", "min": 0, "max": 1, "q": 0.25},
        "lr": {"distribution": "log_uniform_values", "min": 1e-4, "max": 1e-1},
        "lr_exp": {"distribution": "log_uniform", "min": -2, "max": 0},
        "epochs": {"value": 3},
        "net": {"parameters": {"width": {"values": [32, 64]}, "act": {"value": "relu"}}},
    })
    d = space.distributions
    assert d["opt"] == CategoricalDistribution(["adam", "sgd", None])
    assert d["layers"] == IntDistribution(1, 4)
    assert d["dropout"] == FloatDistribution(0.0, 0.5)
    assert d["wd"] == FloatDistribution(0.0, 1.0)
    assert d["q"] == FloatDistribution(0.0, 1.0, step=0.25)
    assert d["lr"] == FloatDistribution(1e-4, 1e-1, log=True)
    assert d["lr_exp"].log and math.isclose(d["lr_exp"].low, math.exp(-2)) and d["lr_exp"].high == 1.0
    assert d["net.width"] == CategoricalDistribution([32, 64])
    assert "epochs" not in d and "net.act" not in d
    config = space.run_config({"opt": "sgd", "layers": 2, "dropout": 0.1, "wd": 0.5, "q": 0.25, "lr": 0.01,
                               "lr_exp": 0.5, "net.width": 64})
    assert config["epochs"] == 3 and config["net"] == {"width": 64, "act": "relu"} and config["layers"] == 2


@pytest.mark.parametrize("spec, message", [
    ({"x": {"distribution": "normal", "mu": 0, "sigma": 1}}, "parameters.x: distribution normal is not supported"),
    ({"x": {"values": [1, 2], "probabilities": [0.5, 0.5]}}, "parameters.x: distribution categorical_w_probabilities"),
    ({"x": {"distribution": "q_log_uniform_values", "min": 1, "max": 9}}, "parameters.x: distribution q_log_uniform_values"),
    ({"x": {"values": [[1, 2], [3]]}}, "parameters.x.values[0]: Optuna choices must be"),
    ({"x": {"min": 2, "max": 1}}, "parameters.x: min 2 is not less than max 1"),
    ({"x": {"distribution": "zipf"}}, "parameters.x.distribution: unknown distribution 'zipf'"),
    ({"n": {"parameters": {"y": {"distribution": "beta"}}}}, "parameters.n.parameters.y: distribution beta"),
    ({"x": {"value": 1}}, "every parameter is a constant"),
    ({"x": 3}, "parameters.x: expected a mapping"),
])
def test_unsupported_parameters_are_refused_naming_the_key(spec, message):
    with pytest.raises(SearchSpaceError, match=message.replace("[", r"\[").replace("]", r"\]")):
        SearchSpace(spec)


@pytest.mark.filterwarnings("ignore::optuna.exceptions.ExperimentalWarning")
def test_sampler_and_pruner_come_from_settings():
    s = {"sampler": {"type": "TPESampler", "args": {"seed": 5, "n_startup_trials": 2}},
         "pruner": {"type": "PatientPruner", "args": {"patience": 1, "wrapped_pruner": {"type": "MedianPruner"}}}}
    assert isinstance(sampler(s, 0), optuna.samplers.TPESampler)
    assert isinstance(pruner(s), optuna.pruners.PatientPruner)
    assert sampler({}, 0) is None and pruner({}) is None
    # A restarted scheduler shifts the seed by the trials already run, so it does not draw them again.
    first = optuna.create_study(sampler=sampler({"sampler": {"type": "RandomSampler", "args": {"seed": 1}}}, 0))
    later = optuna.create_study(sampler=sampler({"sampler": {"type": "RandomSampler", "args": {"seed": 1}}}, 3))
    dist = {"x": FloatDistribution(0, 1)}
    assert first.ask(dist).params != later.ask(dist).params
    with pytest.raises(SettingsError, match="scheduler.settings.sampler.type: Optuna sampler type 'Nope' not supported"):
        sampler({"sampler": {"type": "Nope"}}, 0)
    with pytest.raises(SettingsError, match="scheduler.settings.pruner.args: MedianPruner refused its arguments"):
        pruner({"pruner": {"type": "MedianPruner", "args": {"bogus": 1}}})


def test_objectives_from_metric_or_metrics():
    assert [(o.name, o.direction) for o in objectives({"metric": {"name": "acc", "goal": "maximize"}}, {})] == [("acc", "maximize")]
    two = objectives({"metrics": [{"name": "loss", "goal": "minimize"}, {"name": "acc", "goal": "maximize"}]}, {})
    assert [o.direction for o in two] == ["minimize", "maximize"]
    assert len(objectives({}, {"metrics": [{"name": "a"}, {"name": "b"}]})) == 2
    with pytest.raises(SettingsError, match="metric: the Optuna scheduler needs"):
        objectives({}, {})
    with pytest.raises(SettingsError, match=r"metric.goal: expected minimize or maximize"):
        objectives({"metric": {"name": "a", "goal": "up"}}, {})


@pytest.mark.parametrize("change, message", [
    ({"parameters": {"x": {"distribution": "normal"}}}, "parameters.x: distribution normal is not supported"),
    ({"scheduler": {"settings": {"sampler": {"type": "Nope"}}}}, "scheduler.settings.sampler.type"),
])
def test_a_bad_configuration_fails_the_sweep_before_any_run(server, schedulers, change, message):
    sweep = make_sweep(server, base_config(**change))
    scheduler = schedulers(sweep)
    assert scheduler.wait() == 1
    assert message in scheduler.output()
    assert sweep.get()["state"] == "failed"
    assert sweep.runs() == []


def test_runs_that_never_log_the_metric_stop_the_sweep(server, schedulers):
    sweep = make_sweep(server, base_config(run_cap=10, scheduler={"num_workers": 1}))
    scheduler = schedulers(sweep)
    Agent(sweep, lambda c, step: {"other": 1.0}, steps=1, limit=1).serve(scheduler)
    assert scheduler.wait() == 0, scheduler.output()
    assert "Too many misconfigured runs (3)" in scheduler.output()
    assert sweep.get()["state"] == "stopped"
    assert [t["state"] for t in sweep.trials()] == ["FAIL"] * 3


def test_several_metrics_make_a_multi_objective_study(server, schedulers):
    config = base_config(run_cap=5, metrics=[{"name": "loss", "goal": "minimize"}, {"name": "acc", "goal": "maximize"}],
                         scheduler={"num_workers": 2, "settings": {"sampler": {"type": "NSGAIISampler", "args": {"seed": 0}}}})
    del config["metric"]
    sweep = make_sweep(server, config)
    scheduler = schedulers(sweep)
    Agent(sweep, lambda c, step: {"loss": c["x"] ** 2, "acc": c["y"]}, steps=2, limit=2).serve(scheduler)
    assert scheduler.wait() == 0, scheduler.output()
    trials = sweep.trials()
    assert len(trials) == 5 and all(t["state"] == "COMPLETE" for t in trials)
    for t in trials:
        assert t["value"] == [t["params"]["x"] ** 2, t["params"]["y"]]


def test_the_shipped_sweep_yaml_is_valid_and_maps():
    import os
    import subprocess

    import yaml

    from conftest import EXAMPLE

    path = EXAMPLE / "sweep.yaml"
    check = subprocess.run([os.environ["SWOOP_BIN"], "sweep", "validate", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    config = yaml.safe_load(path.read_text())
    settings = config["scheduler"]["settings"]
    assert set(SearchSpace(config["parameters"]).distributions) == {"learning_rate", "dropout", "layers", "optimizer"}
    assert isinstance(sampler(settings, 0), optuna.samplers.TPESampler)
    assert isinstance(pruner(settings), optuna.pruners.MedianPruner)
    assert [o.name for o in objectives(config, settings)] == ["val_loss"]
