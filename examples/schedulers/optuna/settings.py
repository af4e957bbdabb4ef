"""`scheduler.settings` in W&B's Optuna shape (reference 5.5): sampler, pruner, metrics; plus the objectives.

    sampler: {type: TPESampler, args: {seed: 0, n_startup_trials: 5}}
    pruner:  {type: MedianPruner, args: {n_warmup_steps: 2}}

`args` are Optuna's keyword arguments. PatientPruner's `wrapped_pruner` and PartialFixedSampler's
`base_sampler` may themselves be `{type, args}`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import optuna

PRUNERS = ["NopPruner", "MedianPruner", "HyperbandPruner", "PatientPruner", "PercentilePruner",
           "SuccessiveHalvingPruner", "ThresholdPruner", "WilcoxonPruner"]
SAMPLERS = ["BruteForceSampler", "CmaEsSampler", "GridSampler", "GPSampler", "NSGAIISampler", "NSGAIIISampler",
            "PartialFixedSampler", "RandomSampler", "TPESampler", "QMCSampler"]


class SettingsError(ValueError):
    """A scheduler setting the Optuna scheduler cannot use; the message names the key."""


@dataclass
class Objective:
    name: str
    goal: str  # minimize | maximize

    @property
    def direction(self) -> str:
        return "minimize" if self.goal == "minimize" else "maximize"


def objectives(config: dict, settings: dict) -> list[Objective]:
    """`metric` (one objective), else `metrics` of the config or of the settings (multi-objective)."""
    if config.get("metric") is not None:
        return [_objective(config["metric"], "metric")]
    for where, source in (("metrics", config), ("scheduler.settings.metrics", settings)):
        items = source.get("metrics")
        if items is None:
            continue
        if not isinstance(items, list) or not items:
            raise SettingsError(f"{where}: expected a non-empty list of {{name, goal}}")
        return [_objective(m, f"{where}[{i}]") for i, m in enumerate(items)]
    raise SettingsError("metric: the Optuna scheduler needs `metric: {name, goal}` (or `metrics` for several objectives)")


def _objective(m: Any, where: str) -> Objective:
    if not isinstance(m, dict) or not isinstance(m.get("name"), str) or not m["name"]:
        raise SettingsError(f"{where}.name: expected the name of a logged metric")
    goal = m.get("goal", "minimize")
    if goal not in ("minimize", "maximize"):
        raise SettingsError(f"{where}.goal: expected minimize or maximize, got {goal!r}")
    return Objective(m["name"], goal)


def sampler(settings: dict, seed_offset: int) -> optuna.samplers.BaseSampler | None:
    """The sampler of `settings.sampler`, None for Optuna's default (TPE; NSGA-II with several objectives).

    A restarted scheduler cannot restore a sampler's random state, so a `seed` is shifted by the number of
    trials already in the study: the restart stays deterministic without drawing the first trials' values again.
    """
    spec = settings.get("sampler")
    if spec is None:
        return None
    return _build(spec, "scheduler.settings.sampler", optuna.samplers, SAMPLERS, seed_offset)


def pruner(settings: dict) -> optuna.pruners.BasePruner | None:
    spec = settings.get("pruner")
    if spec is None:
        return None
    return _build(spec, "scheduler.settings.pruner", optuna.pruners, PRUNERS, 0)


def _build(spec: Any, where: str, module: Any, allowed: list[str], seed_offset: int) -> Any:
    if not isinstance(spec, dict):
        raise SettingsError(f"{where}: expected {{type, args}}")
    unknown = sorted(set(spec) - {"type", "args"})
    if unknown:
        raise SettingsError(f"{where}.{unknown[0]}: unknown key; expected type and args")
    kind = spec.get("type")
    if kind not in allowed or not hasattr(module, kind):
        raise SettingsError(f"{where}.type: Optuna {'sampler' if module is optuna.samplers else 'pruner'} type {kind!r} "
                            f"not supported; supported: {', '.join(a for a in allowed if hasattr(module, a))}")
    args = dict(spec.get("args") or {})
    if not isinstance(spec.get("args") or {}, dict):
        raise SettingsError(f"{where}.args: expected a mapping of keyword arguments")
    if kind == "PatientPruner" and isinstance(args.get("wrapped_pruner"), dict):
        args["wrapped_pruner"] = _build(args["wrapped_pruner"], f"{where}.args.wrapped_pruner", optuna.pruners, PRUNERS, 0)
    if kind == "PartialFixedSampler" and isinstance(args.get("base_sampler"), dict):
        args["base_sampler"] = _build(args["base_sampler"], f"{where}.args.base_sampler", optuna.samplers, SAMPLERS, seed_offset)
    if isinstance(args.get("seed"), int):
        args["seed"] += seed_offset
    try:
        return getattr(module, kind)(**args)
    except (TypeError, ValueError) as e:
        raise SettingsError(f"{where}.args: {kind} refused its arguments: {e}") from None
