"""W&B sweep `parameters` as Optuna distributions, and trial parameters back as a run config.

Supported (reference 1.4): `values` (categorical of None/bool/int/float/str), `value` (constant: put in the
run config, not asked of Optuna), `int_uniform`, `uniform`, `q_uniform` (Optuna's `step`),
`log_uniform_values`, `log_uniform` (exponents, as W&B reads them), and nested `parameters` (Optuna names
the leaf `outer.inner`; the run config is nested again). Everything else has no Optuna counterpart and
is refused with a message naming the parameter.
"""

from __future__ import annotations

import math
from typing import Any

from optuna.distributions import BaseDistribution, CategoricalDistribution, FloatDistribution, IntDistribution

UNSUPPORTED = {
    "categorical_w_probabilities": "Optuna has no weighted categorical distribution",
    "normal": "Optuna has no unbounded normal distribution",
    "q_normal": "Optuna has no unbounded normal distribution",
    "log_normal": "Optuna has no unbounded log-normal distribution",
    "q_log_normal": "Optuna has no unbounded log-normal distribution",
    "beta": "Optuna has no beta distribution",
    "q_beta": "Optuna has no beta distribution",
    "inv_log_uniform": "Optuna has no inverse log-uniform distribution",
    "inv_log_uniform_values": "Optuna has no inverse log-uniform distribution",
    "q_log_uniform": "Optuna cannot combine log with a step",
    "q_log_uniform_values": "Optuna cannot combine log with a step",
}
SUPPORTED = ["categorical", "constant", "int_uniform", "uniform", "q_uniform", "log_uniform_values", "log_uniform"]


class SearchSpaceError(ValueError):
    """A parameter the Optuna scheduler cannot search; the message names it."""


class SearchSpace:
    """The sweep's parameters: Optuna distributions by flat name, constants, and how to nest them again."""

    def __init__(self, parameters: Any):
        if not isinstance(parameters, dict) or not parameters:
            raise SearchSpaceError("parameters: expected a non-empty mapping of parameter names to specifications")
        self.distributions: dict[str, BaseDistribution] = {}
        self.constants: dict[str, Any] = {}
        self.paths: dict[str, list[str]] = {}
        self._read(parameters, [])
        if not self.distributions:
            raise SearchSpaceError("parameters: every parameter is a constant; Optuna needs at least one to search")

    def run_config(self, params: dict[str, Any]) -> dict[str, Any]:
        """The run's hyperparameters as W&B gives them to a launched run: flat, nested ones as dicts."""
        config: dict[str, Any] = {}
        for name, value in list(self.constants.items()) + list(params.items()):
            node = config
            path = self.paths[name]
            for part in path[:-1]:
                node = node.setdefault(part, {})
            node[path[-1]] = value
        return config

    def params_of(self, config: Any) -> dict[str, Any] | None:
        """The searched parameters of a run's config (the inverse of `run_config`), or None when the run
        lacks one or has a value its distribution cannot hold: such a run cannot teach this study."""
        if not isinstance(config, dict):
            return None
        params: dict[str, Any] = {}
        for name, distribution in self.distributions.items():
            node: Any = config
            for part in self.paths[name]:
                if not isinstance(node, dict) or part not in node:
                    return None
                node = node[part]
            try:
                if not distribution._contains(distribution.to_internal_repr(node)):
                    return None
            except (ValueError, TypeError, AssertionError):
                return None
            params[name] = node
        return params

    def _read(self, parameters: dict, prefix: list[str]) -> None:
        for key, spec in parameters.items():
            path = prefix + [str(key)]
            name = ".".join(path)
            where = "parameters." + ".parameters.".join(path)
            if not isinstance(spec, dict):
                raise SearchSpaceError(f"{where}: expected a mapping (values, value, min/max, distribution, or parameters)")
            if "parameters" in spec:
                if not isinstance(spec["parameters"], dict) or not spec["parameters"]:
                    raise SearchSpaceError(f"{where}.parameters: expected a non-empty mapping")
                self._read(spec["parameters"], path)
                continue
            self.paths[name] = path
            kind = self._kind(spec, where)
            if kind == "constant":
                if "value" not in spec:
                    raise SearchSpaceError(f"{where}: distribution constant needs 'value'")
                self.constants[name] = spec["value"]
            else:
                self.distributions[name] = self._distribution(kind, spec, where)

    @staticmethod
    def _kind(spec: dict, where: str) -> str:
        kind = spec.get("distribution")
        if kind is None:
            if "values" in spec:
                kind = "categorical_w_probabilities" if "probabilities" in spec else "categorical"
            elif "value" in spec:
                kind = "constant"
            elif "min" in spec and "max" in spec:
                both_int = all(isinstance(spec[k], int) and not isinstance(spec[k], bool) for k in ("min", "max"))
                kind = "int_uniform" if both_int else "uniform"
            else:
                raise SearchSpaceError(f"{where}: cannot tell the distribution; give values, value, min and max, or distribution")
        if not isinstance(kind, str):
            raise SearchSpaceError(f"{where}.distribution: expected a string, got {kind!r}")
        if kind in UNSUPPORTED:
            raise SearchSpaceError(
                f"{where}: distribution {kind} is not supported by the Optuna scheduler ({UNSUPPORTED[kind]}); "
                f"supported: {', '.join(SUPPORTED)}")
        if kind not in SUPPORTED:
            raise SearchSpaceError(f"{where}.distribution: unknown distribution {kind!r}; supported: {', '.join(SUPPORTED)}")
        return kind

    @staticmethod
    def _distribution(kind: str, spec: dict, where: str) -> BaseDistribution:
        if kind == "categorical":
            values = spec.get("values")
            if not isinstance(values, list) or not values:
                raise SearchSpaceError(f"{where}.values: expected a non-empty list")
            for i, v in enumerate(values):
                if v is not None and not isinstance(v, (bool, int, float, str)):
                    raise SearchSpaceError(
                        f"{where}.values[{i}]: Optuna choices must be null, booleans, numbers or strings, got {v!r}")
            return CategoricalDistribution(values)
        low, high = SearchSpace._bounds(spec, where)
        if kind == "int_uniform":
            if not all(isinstance(x, int) and not isinstance(x, bool) for x in (low, high)):
                raise SearchSpaceError(f"{where}: int_uniform needs integer min and max")
            return IntDistribution(int(low), int(high))
        if kind == "uniform":
            return FloatDistribution(float(low), float(high))
        if kind == "q_uniform":
            q = spec.get("q", 1.0)
            if not isinstance(q, (int, float)) or isinstance(q, bool) or q <= 0:
                raise SearchSpaceError(f"{where}.q: expected a positive number")
            return FloatDistribution(float(low), float(high), step=float(q))
        if kind == "log_uniform":
            return FloatDistribution(math.exp(low), math.exp(high), log=True)
        # log_uniform_values
        if low <= 0:
            raise SearchSpaceError(f"{where}.min: log_uniform_values needs min > 0")
        return FloatDistribution(float(low), float(high), log=True)

    @staticmethod
    def _bounds(spec: dict, where: str) -> tuple[float, float]:
        for k in ("min", "max"):
            v = spec.get(k)
            if not isinstance(v, (int, float)) or isinstance(v, bool) or not math.isfinite(v):
                raise SearchSpaceError(f"{where}.{k}: expected a finite number")
        if not spec["min"] < spec["max"]:
            raise SearchSpaceError(f"{where}: min {spec['min']} is not less than max {spec['max']}")
        return spec["min"], spec["max"]
